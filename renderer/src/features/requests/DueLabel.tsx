import Typography, { type TypographyProps } from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { deadlineCountdown } from '../../../../shared/deadlines';
import type { DeadlinePlace, DsRequest } from '../../../../shared/requests';
import { liveDeadline } from '../../db/requests';
import { formatDay } from '../../i18n';

/** "mardi 7 avril — 3 jours ouvrés", "… — en retard de 2 jours ouvrés", or the clock stopped. */
export function dueText(
  t: (key: string, options?: Record<string, unknown>) => string,
  language: string,
  request: DsRequest,
  place: DeadlinePlace,
  today: string,
): { text: string; overdue: boolean } {
  const deadline = liveDeadline(request, place, today);
  const date = formatDay(deadline.dueOn, language, { weekday: true, year: false });
  if (request.status === 'identity_check' && request.identity === 'requested') {
    return { text: `${date} — ${t('requests.clockStopped')}`, overdue: false };
  }
  const countdown = deadlineCountdown(today, deadline.dueOn, place.country, place.region || undefined);
  const days = countdown.overdue
    ? t('requests.overdueBy', { count: countdown.workingDaysOverdue })
    : deadline.dueOn === today
      ? t('requests.dueToday')
      : t('requests.workingDaysLeft', { count: countdown.workingDaysLeft });
  return { text: t('requests.dueIn', { date, days }), overdue: countdown.overdue };
}

export function DueLabel({
  request,
  place,
  today,
  ...props
}: { request: DsRequest; place: DeadlinePlace; today: string } & TypographyProps) {
  const { t, i18n } = useTranslation();
  if (request.clock === 'closed') return null;
  const { text, overdue } = dueText(t, i18n.language, request, place, today);
  return (
    <Typography component="span" color={overdue ? 'error' : undefined} data-testid="due-label" {...props}>
      {text}
    </Typography>
  );
}
