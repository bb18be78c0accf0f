import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

export type TextFormFieldProps = Omit<TextFieldProps, 'name' | 'value' | 'onChange' | 'error'> & {
  name: string;
  value: string;
  onValue: (value: string) => void;
  errors: Record<string, string>;
};

/**
 * A text field whose error message is the translated field error from the write path. Apart from
 * FormField so that screens of the start-up path (the operator choice) do not load the date pickers.
 */
export function TextFormField({
  name,
  value,
  onValue,
  errors,
  helperText,
  slotProps,
  ...rest
}: TextFormFieldProps) {
  const { t } = useTranslation();
  const error = errors[name];
  return (
    <TextField
      {...rest}
      name={name}
      value={value}
      onChange={(event) => onValue(event.target.value)}
      error={Boolean(error)}
      helperText={error ? t(error) : helperText}
      slotProps={{
        ...slotProps,
        htmlInput: { 'data-testid': `field-${name}`, ...(slotProps?.htmlInput as object) },
      }}
    />
  );
}
