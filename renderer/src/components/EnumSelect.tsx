import MenuItem from '@mui/material/MenuItem';
import TextField, { type TextFieldProps } from '@mui/material/TextField';

type Props<V extends string> = Omit<TextFieldProps, 'select' | 'value' | 'onChange' | 'children'> & {
  value: V;
  options: readonly V[];
  /** The label shown for an option, usually a translation. */
  labelOf: (option: V) => string;
  onValue: (value: V) => void;
  testId?: string;
};

/** A select over a fixed list of codes (channels, letter kinds, languages, outcomes…). */
export function EnumSelect<V extends string>({
  value,
  options,
  labelOf,
  onValue,
  testId,
  slotProps,
  ...rest
}: Props<V>) {
  return (
    <TextField
      {...rest}
      select
      value={value}
      onChange={(event) => onValue(event.target.value as V)}
      slotProps={{
        ...slotProps,
        htmlInput: { ...(slotProps?.htmlInput as object), ...(testId ? { 'data-testid': testId } : {}) },
      }}
    >
      {options.map((option) => (
        <MenuItem key={option} value={option}>
          {labelOf(option)}
        </MenuItem>
      ))}
    </TextField>
  );
}
