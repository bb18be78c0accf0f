import { useTranslation } from 'react-i18next';
import { DateInput } from './DateInput';
import { TextFormField, type TextFormFieldProps } from './TextFormField';

type Props = TextFormFieldProps;

/**
 * A text field whose error message is the translated field error from the write path. Date and
 * date-time types become the app's date pickers (the native inputs follow the browser's locale).
 */
export function FormField({ name, value, onValue, errors, helperText, slotProps, ...rest }: Props) {
  const { t } = useTranslation();
  const error = errors[name];
  if (rest.type === 'date' || rest.type === 'datetime-local') {
    const bounds = (slotProps?.htmlInput ?? {}) as { min?: string; max?: string };
    return (
      <DateInput
        kind={rest.type === 'date' ? 'date' : 'datetime'}
        name={name}
        label={rest.label}
        value={value}
        onValue={onValue}
        min={bounds.min}
        max={bounds.max}
        error={Boolean(error)}
        helperText={error ? t(error) : helperText}
        required={rest.required}
        disabled={rest.disabled}
        autoFocus={rest.autoFocus}
        fullWidth={rest.fullWidth}
        testId={`field-${name}`}
      />
    );
  }
  return (
    <TextFormField
      name={name}
      value={value}
      onValue={onValue}
      errors={errors}
      helperText={helperText}
      slotProps={slotProps}
      {...rest}
    />
  );
}
