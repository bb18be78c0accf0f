import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  dueInWords,
  nextStep,
  type DeadlinePlace,
  type DsRequest,
  type DueInWords,
} from '../../../../shared/requests';
import type { Route } from '../../app/route';
import { DASHBOARD_ITEMS, liveDeadline, type DashboardRequests } from '../../db/requests';
import { formatDay } from '../../i18n';

const GROUPS = [
  { key: 'overdue', title: 'dashboard.overdue', testId: 'dashboard-overdue' },
  { key: 'dueSoon', title: 'dashboard.dueSoon', testId: 'dashboard-due-soon' },
  { key: 'awaitingIdentity', title: 'dashboard.awaitingIdentity', testId: 'dashboard-identity' },
  { key: 'extended', title: 'dashboard.extended', testId: 'dashboard-extended' },
  { key: 'later', title: 'board.later', testId: 'dashboard-later' },
] as const;

/** "dans 3 jours", "en retard de 2 jours", "à rendre aujourd'hui", or the clock stopped. */
export function dueWords(t: TFunction, due: DueInWords): string {
  switch (due.kind) {
    case 'stopped':
      return t('board.clockStopped');
    case 'today':
      return t('board.dueToday');
    case 'left':
      return t('board.daysLeft', { count: due.days });
    case 'overdue':
      return t('board.daysOverdue', { count: due.days });
  }
}

function RequestRow({
  request,
  person,
  noticeMissing,
  place,
  today,
  navigate,
}: {
  request: DsRequest;
  person: string;
  noticeMissing: boolean;
  place: DeadlinePlace;
  today: string;
  navigate: (route: Route) => void;
}) {
  const { t, i18n } = useTranslation();
  // Shown with the live deadline: a wait for identity still open moves it day by day.
  const live = { ...request, dueOn: liveDeadline(request, place, today).dueOn };
  const due = dueInWords(live, today);
  const step = nextStep(request);
  const rights = request.rights.map((right) => t(`requests.rights.${right}`)).join(', ');
  return (
    <ListItem
      divider
      disableGutters
      data-testid="dashboard-request"
      sx={{ alignItems: 'flex-start', gap: 1, flexWrap: { xs: 'wrap', sm: 'nowrap' } }}
    >
      <Stack sx={{ flexGrow: 1, minWidth: 0 }}>
        <Typography sx={{ fontWeight: 600 }} data-testid="dashboard-person">
          {person}
        </Typography>
        <Typography variant="body2" data-testid="dashboard-rights">
          {rights}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {due && (
            <Typography
              component="span"
              variant="body2"
              color={due.kind === 'overdue' ? 'error' : 'text.primary'}
              sx={{ fontWeight: due.kind === 'overdue' ? 600 : undefined }}
              data-testid="dashboard-days"
            >
              {dueWords(t, due)}
            </Typography>
          )}
          {due && due.kind !== 'stopped' && (
            <>
              {' '}
              ·{' '}
              {t('board.dueOn', {
                date: formatDay(live.dueOn, i18n.language, { weekday: true, year: false }),
              })}
            </>
          )}
          {' · '}
          <Link
            component="button"
            type="button"
            variant="body2"
            onClick={() => navigate({ section: 'requests', id: request.id })}
            aria-label={t('board.openRequest', { reference: request.reference })}
            sx={{ fontFamily: 'monospace', verticalAlign: 'baseline' }}
          >
            {request.reference}
          </Link>
        </Typography>
        {noticeMissing && (
          <Chip
            size="small"
            color="error"
            sx={{ mt: 0.5, alignSelf: 'flex-start' }}
            label={t('requests.noticeMissing', { date: formatDay(request.noticeDueOn, i18n.language) })}
            data-testid="notice-missing"
          />
        )}
      </Stack>
      {step && (
        <Button
          size="small"
          variant="outlined"
          sx={{ flexShrink: 0, whiteSpace: 'nowrap' }}
          onClick={() => navigate({ section: 'requests', id: request.id, step })}
          aria-label={t('board.stepFor', {
            step: t(`board.steps.${step}`),
            name: person,
            reference: request.reference,
          })}
          data-testid="dashboard-step"
        >
          {t(`board.steps.${step}`)}
        </Button>
      )}
    </ListItem>
  );
}

function RequestGroupCard({
  title,
  testId,
  group,
  board,
  place,
  today,
  navigate,
}: {
  title: string;
  testId: string;
  group: DashboardRequests['overdue'];
  board: DashboardRequests;
  place: DeadlinePlace;
  today: string;
  navigate: (route: Route) => void;
}) {
  const { t } = useTranslation();
  const flagged = new Set(board.noticeMissing.map((r) => r.id));
  const headingId = `${testId}-title`;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2, height: '100%' }}
      data-testid={testId}
      component="section"
      aria-labelledby={headingId}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="h6" component="h2" id={headingId}>
          {title}
        </Typography>
        <Chip
          size="small"
          label={`${group.items.length}${group.more ? '+' : ''}`}
          data-testid={`${testId}-count`}
        />
      </Stack>
      {group.items.length === 0 ? (
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          {t('dashboard.none')}
        </Typography>
      ) : (
        <List dense>
          {group.items.map((request) => {
            const person = board.people[request.subjectId];
            return (
              <RequestRow
                key={request.id}
                request={request}
                person={person ? person.name : t('board.erasedPerson')}
                noticeMissing={flagged.has(request.id)}
                place={place}
                today={today}
                navigate={navigate}
              />
            );
          })}
        </List>
      )}
      {group.more && (
        <Typography variant="body2" color="text.secondary">
          {t('board.more', { count: DASHBOARD_ITEMS })}{' '}
          <Link component="button" type="button" onClick={() => navigate({ section: 'requests' })}>
            {t('board.allOpen')}
          </Link>
        </Typography>
      )}
    </Paper>
  );
}

/** The day's work: every open request in one of the groups, each with its person, right, days and next step. */
export function RequestBoard({
  board,
  place,
  today,
  navigate,
}: {
  board: DashboardRequests;
  place: DeadlinePlace;
  today: string;
  navigate: (route: Route) => void;
}) {
  const { t } = useTranslation();
  return (
    <Grid container spacing={2} sx={{ mb: 3 }}>
      {GROUPS.map(({ key, title, testId }) => (
        <Grid key={key} size={{ xs: 12, md: 6 }}>
          <RequestGroupCard
            title={t(title)}
            testId={testId}
            group={board[key]}
            board={board}
            place={place}
            today={today}
            navigate={navigate}
          />
        </Grid>
      ))}
    </Grid>
  );
}
