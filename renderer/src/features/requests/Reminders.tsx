import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  dueBreachReminders,
  dueReminders,
  type BreachReminderStage,
  type ReminderStage,
  type SentReminder,
} from '../../../../shared/requests';
import { useDesk } from '../../app/context';
import type { Route } from '../../app/route';
import { call } from '../../app/transport';
import { useToday } from '../../app/useToday';
import type { DeskDb } from '../../db/schema';
import { formatDateTime, formatDay } from '../../i18n';
import { useOpenBreaches } from '../registers/hooks';
import { useNow } from '../registers/useNow';
import { useDashboard } from './hooks';

/** Device preferences and what was already reminded: local to this device, never synced. */
const SENT_KEY = 'reminders.sent';
const ENABLED_KEY = 'prefs.reminders';

export async function remindersEnabled(db: DeskDb): Promise<boolean> {
  const value = (await db.meta.get(ENABLED_KEY))?.value;
  return value !== false;
}

export async function setRemindersEnabled(db: DeskDb, enabled: boolean): Promise<void> {
  await db.meta.put({ key: ENABLED_KEY, value: enabled });
}

type Banner =
  | { kind: 'request'; id: string; reference: string; dueOn: string; stage: ReminderStage }
  | { kind: 'breach'; id: string; title: string; dueAt: string; stage: BreachReminderStage };

const BREACH_MESSAGES: Record<BreachReminderStage, string> = {
  breach_nearing: 'registers.reminders.breachNearing',
  breach_overdue: 'registers.reminders.breachOverdue',
};

/**
 * Checks deadlines now and every hour: a desktop notification where the host has them, otherwise
 * (the browser host) a banner at the top of the app. At most once a day per request.
 */
export function RemindersBanner({ navigate }: { navigate: (route: Route) => void }) {
  const { t, i18n } = useTranslation();
  const { db, desk, info } = useDesk();
  const [banners, setBanners] = useState<Banner[]>([]);
  const today = useToday();
  // Refreshed after every write, so a request that becomes due is reminded at once.
  const board = useDashboard(today);
  // Checks run one after another, so two quick refreshes never remind twice.
  const queue = useRef<Promise<void>>(Promise.resolve());
  // Breaches count in hours (72 from awareness), so they are checked every minute.
  const breaches = useOpenBreaches();
  const now = useNow(60_000);

  useEffect(() => {
    if (!board.data) return;
    let stopped = false;
    const { overdue, dueSoon } = board.data;
    const check = async () => {
      if (!(await remindersEnabled(db))) return;
      const sent = ((await db.meta.get(SENT_KEY))?.value ?? {}) as Record<string, SentReminder>;
      const due = dueReminders([...overdue.items, ...dueSoon.items], today, sent);
      if (due.length === 0 || stopped) return;
      const shown: Banner[] = [];
      for (const { request, stage } of due) {
        const title = t(`reminders.${stage}`, { reference: request.reference });
        const body = t('reminders.body', {
          date: formatDay(request.dueOn, i18n.language, { weekday: true }),
        });
        const notified =
          info.capabilities.notifications && (await call(desk, 'notification:show', { title, body })).shown;
        if (!notified)
          shown.push({
            kind: 'request',
            id: request.id,
            reference: request.reference,
            dueOn: request.dueOn,
            stage,
          });
        sent[request.id] = { on: today, stage };
      }
      await db.meta.put({ key: SENT_KEY, value: sent });
      if (!stopped && shown.length)
        setBanners((current) => [...current.filter((b) => !shown.some((s) => s.id === b.id)), ...shown]);
    };
    queue.current = queue.current.then(check, check);
    return () => {
      stopped = true;
    };
  }, [board.data, today, db, desk, info, t, i18n.language]);

  useEffect(() => {
    if (!breaches.data) return;
    let stopped = false;
    const open = breaches.data;
    const check = async () => {
      if (!(await remindersEnabled(db))) return;
      const sent = ((await db.meta.get(SENT_KEY))?.value ?? {}) as Record<string, SentReminder>;
      const due = dueBreachReminders(open, now, today, sent);
      if (due.length === 0 || stopped) return;
      const shown: Banner[] = [];
      for (const { breach, stage, dueAt } of due) {
        const title = t(BREACH_MESSAGES[stage], { title: breach.title });
        const body = t('registers.reminders.body', { date: formatDateTime(dueAt, i18n.language) });
        const notified =
          info.capabilities.notifications && (await call(desk, 'notification:show', { title, body })).shown;
        if (!notified) shown.push({ kind: 'breach', id: breach.id, title: breach.title, dueAt, stage });
        sent[breach.id] = { on: today, stage };
      }
      await db.meta.put({ key: SENT_KEY, value: sent });
      if (!stopped && shown.length)
        setBanners((current) => [...current.filter((b) => !shown.some((s) => s.id === b.id)), ...shown]);
    };
    queue.current = queue.current.then(check, check);
    return () => {
      stopped = true;
    };
  }, [breaches.data, now, today, db, desk, info, t, i18n.language]);

  if (banners.length === 0) return null;
  return (
    <Alert
      severity="warning"
      icon={<NotificationsActiveIcon />}
      onClose={() => setBanners([])}
      sx={{ mb: 2 }}
      data-testid="reminders-banner"
    >
      <AlertTitle>{t('reminders.title')}</AlertTitle>
      <Stack spacing={0.5}>
        {banners.map((banner) =>
          banner.kind === 'request' ? (
            <Link
              key={banner.id}
              component="button"
              sx={{ textAlign: 'left' }}
              onClick={() => navigate({ section: 'requests', id: banner.id })}
            >
              {t(`reminders.${banner.stage}`, { reference: banner.reference })} —{' '}
              {formatDay(banner.dueOn, i18n.language, { weekday: true })}
            </Link>
          ) : (
            <Link
              key={banner.id}
              component="button"
              sx={{ textAlign: 'left' }}
              onClick={() => navigate({ section: 'registers', id: 'breaches' })}
              data-testid="breach-reminder"
            >
              {t(BREACH_MESSAGES[banner.stage], { title: banner.title })} —{' '}
              {formatDateTime(banner.dueAt, i18n.language)}
            </Link>
          ),
        )}
      </Stack>
    </Alert>
  );
}
