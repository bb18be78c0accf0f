import Typography, { type TypographyProps } from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { breachClock, durationParts } from '../../../../shared/breaches/clock';
import { formatDateTime } from '../../i18n';
import { useNow } from './useNow';

/** "48 h 12 min 05 s left — due Sunday 22 March 10:00", or how long ago the 72 hours ran out. */
export function countdownText(
  t: (key: string, options?: Record<string, unknown>) => string,
  language: string,
  awareAt: string,
  nowMs: number,
): { text: string; overdue: boolean; nearing: boolean } {
  const clock = breachClock(awareAt, nowMs);
  const { hours, minutes, seconds } = durationParts(clock.remainingMs);
  const parts = {
    hours,
    minutes: String(minutes).padStart(2, '0'),
    seconds: String(seconds).padStart(2, '0'),
  };
  const left = clock.overdue
    ? t('registers.breaches.countdown.overdue', parts)
    : t('registers.breaches.countdown.left', parts);
  const text = t('registers.breaches.countdown.due', { left, date: formatDateTime(clock.dueAt, language) });
  return { text, overdue: clock.overdue, nearing: clock.nearing };
}

/** The live countdown to the 72-hour deadline of Art. 33(1), ticking every second. */
export function BreachCountdown({ awareAt, ...props }: { awareAt: string } & TypographyProps) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const { text, overdue, nearing } = countdownText(t, i18n.language, awareAt, now);
  return (
    <Typography
      component="span"
      color={overdue ? 'error' : nearing ? 'warning' : undefined}
      data-testid="breach-countdown"
      {...props}
    >
      {text}
    </Typography>
  );
}
