import type { SxProps, Theme } from '@mui/material/styles';
import { DesktopDatePicker } from '@mui/x-date-pickers/DesktopDatePicker';
import { DesktopDateTimePicker } from '@mui/x-date-pickers/DesktopDateTimePicker';
import { format, isValid } from 'date-fns';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/** 'date': a calendar day 'YYYY-MM-DD'; 'datetime': a local minute 'YYYY-MM-DDTHH:mm' (as the native inputs gave). */
export type DateKind = 'date' | 'datetime';

const PATTERNS: Record<DateKind, string> = { date: 'yyyy-MM-dd', datetime: "yyyy-MM-dd'T'HH:mm" };
const SHAPES: Record<DateKind, RegExp> = {
  date: /^(\d{4})-(\d{2})-(\d{2})$/,
  datetime: /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/,
};

/** The local date a stored value names, or null ('' or not of the kind's shape). */
export function parseDateValue(value: string, kind: DateKind): Date | null {
  const match = SHAPES[kind].exec(value);
  if (!match) return null;
  const [year, month, day, hours = 0, minutes = 0] = match.slice(1).map(Number) as number[];
  const date = new Date(year as number, (month as number) - 1, day, hours, minutes);
  return isValid(date) ? date : null;
}

/** The stored form of a picked date; '' for none or one still being typed. */
export function formatDateValue(date: Date | null, kind: DateKind): string {
  return date && isValid(date) ? format(date, PATTERNS[kind]) : '';
}

export type DateInputProps = {
  kind: DateKind;
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
  /** Bounds in the stored form ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:mm'). */
  min?: string;
  max?: string;
  error?: boolean;
  helperText?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  fullWidth?: boolean;
  name?: string;
  testId?: string;
  sx?: SxProps<Theme>;
};

/**
 * A date (or date and time) field in the app's language, not the browser's: typed day by day in the
 * locale's order (dd/mm/yyyy in French) or picked from a calendar. The value stays the string the
 * native inputs gave, so stored data and validation do not change. The desktop variant always: the
 * mobile one cannot be typed into.
 */
export function DateInput({
  kind,
  label,
  value,
  onValue,
  min,
  max,
  error,
  helperText,
  required,
  disabled,
  autoFocus,
  fullWidth = true,
  name,
  testId,
  sx,
}: DateInputProps) {
  const [picked, setPicked] = useState<Date | null>(() => parseDateValue(value, kind));
  // What this field last reported: a value from outside (a reset, a loaded record) replaces the
  // picked date; the field's own report must not, or a date half typed would be wiped.
  const reported = useRef(value);
  useEffect(() => {
    if (value !== reported.current) {
      reported.current = value;
      setPicked(parseDateValue(value, kind));
    }
  }, [value, kind]);
  const onChange = (next: Date | null) => {
    setPicked(next);
    const text = formatDateValue(next, kind);
    reported.current = text;
    if (text !== value) onValue(text);
  };
  const minDate = min ? (parseDateValue(min, kind) ?? undefined) : undefined;
  const maxDate = max ? (parseDateValue(max, kind) ?? undefined) : undefined;
  const common = {
    label,
    value: picked,
    onChange,
    disabled,
    autoFocus,
    name,
    slotProps: {
      textField: {
        required,
        fullWidth,
        // Only when the form says so: otherwise the picker shows its own (out of range) state.
        error: error ? true : undefined,
        helperText,
        size: 'small' as const,
        sx,
        'data-testid': testId,
        // The picker's own input is not a MUI TextField: the theme's autofill default misses it.
        slotProps: { htmlInput: { autoComplete: 'off' } },
      },
    },
  };
  return kind === 'date' ? (
    <DesktopDatePicker {...common} minDate={minDate} maxDate={maxDate} />
  ) : (
    <DesktopDateTimePicker {...common} minDateTime={minDate} maxDateTime={maxDate} />
  );
}
