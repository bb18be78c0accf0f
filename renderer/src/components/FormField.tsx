import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

type Props = Omit<TextFieldProps, 'name' | 'value' | 'onChange' | 'error'> & {
  name: string;
  value: string;
  onValue: (value: string) => void;
  errors: Record<string, string>;
};

/** A text field whose error message is the translated field error from the write path. */
export function FormField({ name, value, onValue, errors, helperText, slotProps, ...rest }: Props) {
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
