import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../../../shared/domain/subject';
import {
  allowedActions,
  type DeadlinePlace,
  type DsRequest,
  type RequestEvent,
  type WorkflowActionType,
} from '../../../../shared/requests';
import { useToday } from '../../app/useToday';
import { useDesk } from '../../app/context';
import { saveAttachment, uploadAttachment } from '../../app/files';
import type { Route } from '../../app/route';
import { messageKeyOf } from '../../components/errors';
import { liveDeadline } from '../../db/requests';
import { formatDateTime, formatDay } from '../../i18n';
import { useStaffNames } from '../staff/useStaffNames';
import { ErasedPersonLabel, ErasureButton } from '../erasure/ErasureDialog';
import { useSubject } from '../subjects/hooks';
import { ActionDialog } from './ActionDialog';
import { DueLabel } from './DueLabel';
import { WhyButton } from '../../components/WhyButton';
import { LettersPanel } from './LettersPanel';
import { StatusChip } from './RequestsScreen';
import { useAddAttachment, useAddNote, useChecklistItem, usePlace, useRequest, useTimeline } from './hooks';

function Deadlines({ request, place, today }: { request: DsRequest; place: DeadlinePlace; today: string }) {
  const { t, i18n } = useTranslation();
  const deadline = liveDeadline(request, place, today);
  const rolled = (request.extended ? deadline.extension : deadline.first).skipped;
  const reasons = rolled
    .map((day) =>
      day.holidayName ? day.holidayName : formatDay(day.date, i18n.language, { weekday: true, year: false }),
    )
    .join(', ');
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="deadlines">
      <Typography variant="overline">{t('requests.dueOn')}</Typography> <WhyButton topic="deadline" />
      <Typography variant="h6" component="p">
        {request.clock !== 'closed' ? (
          <DueLabel request={request} place={place} today={today} />
        ) : (
          formatDay(deadline.dueOn, i18n.language)
        )}
      </Typography>
      {rolled.length > 0 && (
        <Typography color="text.secondary">{t('requests.rolled', { reasons })}</Typography>
      )}
      <Typography sx={{ mt: 1 }} data-testid="notice-due">
        {t('common.labelValue', {
          label: t('requests.noticeDueOn'),
          value: formatDay(deadline.noticeDueOn, i18n.language, { weekday: true }),
        })}
        <WhyButton topic="extension" />
      </Typography>
      {request.extended && (
        <Typography data-testid="extended-until">
          {t('requests.extendedUntil', {
            date: formatDay(deadline.extendedDueOn, i18n.language, { weekday: true }),
          })}
        </Typography>
      )}
    </Paper>
  );
}

function Checklist({ request }: { request: DsRequest }) {
  const { t, i18n } = useTranslation();
  const tick = useChecklistItem(request.id);
  const today = useToday();
  if (request.checklist.length === 0) return null;
  const group = (kind: 'system' | 'recipient', title: string) => (
    <div>
      <Typography variant="subtitle2">{title}</Typography>
      <List dense>
        {request.checklist
          .filter((item) => item.kind === kind)
          .map((item) => (
            <ListItem key={item.id} disableGutters>
              <ListItemIcon>
                <Checkbox
                  edge="start"
                  checked={item.doneOn !== ''}
                  disabled={request.clock === 'closed' || tick.isPending}
                  onChange={(event) =>
                    tick.mutate({ itemId: item.id, doneOn: event.target.checked ? today : '' })
                  }
                  slotProps={{ input: { 'aria-label': item.label } }}
                />
              </ListItemIcon>
              <ListItemText
                primary={item.label}
                secondary={
                  item.doneOn
                    ? t('requests.doneOn', { date: formatDay(item.doneOn, i18n.language) })
                    : undefined
                }
              />
            </ListItem>
          ))}
      </List>
    </div>
  );
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="checklist">
      <Typography variant="h6" component="h2">
        {t('requests.checklist')}
      </Typography>
      <Typography color="text.secondary" variant="body2">
        {t('requests.checklistHint')}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>{group('system', t('requests.checklistSystems'))}</Grid>
        <Grid size={{ xs: 12, md: 6 }}>{group('recipient', t('requests.checklistRecipients'))}</Grid>
      </Grid>
    </Paper>
  );
}

function timelineText(
  t: (key: string, options?: Record<string, unknown>) => string,
  event: RequestEvent,
): string {
  switch (event.kind) {
    case 'transition':
      return t(`requests.actions.${event.action}`);
    case 'letter':
      return `${t('requests.timelineKinds.letter')} — ${t(`letters.kinds.${event.action}`)} (${event.letter ? t(`requests.channels.${event.letter.channel}`) : ''})`;
    case 'checklist':
      return event.action === 'done'
        ? t('requests.checklistDone', { label: event.note })
        : t('requests.checklistReopened', { label: event.note });
    case 'attachment':
      return event.action === 'mandate'
        ? t('requests.mandateAttached')
        : t('requests.timelineKinds.attachment');
    default:
      return t(`requests.timelineKinds.${event.kind}`);
  }
}

function Timeline({ request }: { request: DsRequest }) {
  const { t, i18n } = useTranslation();
  const { desk } = useDesk();
  const timeline = useTimeline(request.id);
  const who = useStaffNames();
  const addNote = useAddNote(request.id);
  const addAttachment = useAddAttachment(request.id);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submitNote = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await addNote.mutateAsync(note);
      setNote('');
      setProblem(null);
    } catch (error) {
      setProblem(messageKeyOf(error));
    }
  };
  const attach = async (files: FileList | null) => {
    try {
      for (const file of files ?? []) await addAttachment.mutateAsync(await uploadAttachment(desk, file));
      setProblem(null);
    } catch (error) {
      setProblem(messageKeyOf(error));
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2">
        {t('requests.timeline')}
      </Typography>
      <List dense data-testid="timeline">
        {(timeline.data ?? []).map((event) => (
          <ListItem
            key={event.id}
            disableGutters
            data-testid="timeline-item"
            secondaryAction={
              event.attachment ? (
                <Button
                  size="small"
                  startIcon={<DownloadIcon />}
                  onClick={() => void saveAttachment(desk, event.attachment!)}
                >
                  {t('requests.download')}
                </Button>
              ) : undefined
            }
          >
            <ListItemText
              primary={`${event.on ? formatDay(event.on, i18n.language) : ''} — ${timelineText(t, event)}${event.attachment ? ` : ${event.attachment.name}` : ''}`}
              secondary={
                <>
                  {event.note && (
                    <span style={{ whiteSpace: 'pre-wrap', display: 'block' }}>{event.note}</span>
                  )}
                  <span>
                    {formatDateTime(event.createdAt, i18n.language)} · {who(event.createdBy)}
                  </span>
                </>
              }
            />
          </ListItem>
        ))}
      </List>
      {problem && <Alert severity="error">{t(problem)}</Alert>}
      <Stack
        component="form"
        onSubmit={submitNote}
        noValidate
        direction="row"
        spacing={1}
        sx={{ mt: 1, alignItems: 'flex-start' }}
      >
        <TextField
          label={t('requests.addNote')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          multiline
          slotProps={{ htmlInput: { 'data-testid': 'note-input' } }}
        />
        <Button type="submit" variant="outlined" disabled={!note.trim()} sx={{ flexShrink: 0 }}>
          {t('common.add')}
        </Button>
        <Button component="label" startIcon={<AttachFileIcon />} sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
          {t('requests.addAttachment')}
          <input
            hidden
            type="file"
            multiple
            accept="application/pdf,image/jpeg,image/png"
            onChange={(event) => void attach(event.target.files)}
          />
        </Button>
      </Stack>
    </Paper>
  );
}

export function RequestDetail({
  id,
  step,
  navigate,
}: {
  id: string;
  step?: string;
  navigate: (route: Route) => void;
}) {
  const { t, i18n } = useTranslation();
  const request = useRequest(id);
  const place = usePlace();
  const subject = useSubject(request.data?.subjectId ?? '');
  const [chosen, setAction] = useState<WorkflowActionType | null>(null);
  // The step asked for in the address opens once, and only if the workflow allows it now.
  const [stepPending, setStepPending] = useState(Boolean(step));
  const asked =
    stepPending && request.data && allowedActions(request.data).includes(step as WorkflowActionType)
      ? (step as WorkflowActionType)
      : null;
  const action = chosen ?? asked;
  const closeAction = () => {
    setAction(null);
    setStepPending(false);
    if (step) navigate({ section: 'requests', id });
  };
  const today = useToday();
  const back = (
    <Button startIcon={<ArrowBackIcon />} onClick={() => navigate({ section: 'requests' })} sx={{ mb: 2 }}>
      {t('common.back')}
    </Button>
  );
  if (request.isPending) return back;
  if (!request.data || !place) {
    return (
      <>
        {back}
        <Alert severity="warning">{t('errors.notFound')}</Alert>
      </>
    );
  }
  const r = request.data;
  return (
    <>
      {back}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2, flexWrap: 'wrap' }} useFlexGap>
        <Typography
          variant="h4"
          component="h1"
          sx={{ fontFamily: 'monospace' }}
          data-testid="request-reference"
        >
          {r.reference}
        </Typography>
        <StatusChip request={r} />
        {r.identity !== 'not_requested' && (
          <Chip
            size="small"
            variant="outlined"
            label={t(`requests.identity.${r.identity}`)}
            data-testid="request-identity"
          />
        )}
        {r.identity !== 'not_requested' && <WhyButton topic="identity_check" />}
        {r.outcome && <Chip size="small" label={t(`requests.outcomes.${r.outcome}`)} />}
      </Stack>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <Stack spacing={2}>
            <Paper variant="outlined" sx={{ p: 2 }}>
              <Typography>
                <strong>{t('common.label', { label: t('requests.person') })} </strong>
                {subject.data ? (
                  <Link component="button" onClick={() => navigate({ section: 'subjects', id: r.subjectId })}>
                    {displayName(subject.data)}
                  </Link>
                ) : subject.isPending ? null : (
                  <ErasedPersonLabel subjectId={r.subjectId} />
                )}
              </Typography>
              <Typography>
                <strong>{t('common.label', { label: t('requests.rightsLabel') })} </strong>
                {r.rights.map((right) => t(`requests.rights.${right}`)).join(', ')}
              </Typography>
              <Typography>
                <strong>{t('common.label', { label: t('requests.channelLabel') })} </strong>
                {t(`requests.channels.${r.channel}`)} — {formatDateTime(r.receivedAt, i18n.language)}
              </Typography>
              {r.viaRepresentative && (
                <Typography>
                  <strong>{t('common.label', { label: t('requests.representativeName') })} </strong>
                  {r.representativeName}
                </Typography>
              )}
              {r.requesterWords && (
                <Typography
                  sx={{ mt: 1, whiteSpace: 'pre-wrap', fontStyle: 'italic' }}
                  data-testid="request-words"
                >
                  {t('common.quoted', { text: r.requesterWords })}
                </Typography>
              )}
            </Paper>
            <Checklist request={r} />
            <LettersPanel request={r} subject={subject.data ?? null} />
            <Timeline request={r} />
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Stack spacing={2}>
            <Deadlines request={r} place={place} today={today} />
            {r.rights.includes('erasure') && subject.data && (
              <Paper variant="outlined" sx={{ p: 2 }}>
                <Typography variant="h6" component="h2" gutterBottom>
                  {t('erasure.title')}
                </Typography>
                <ErasureButton
                  subjectId={r.subjectId}
                  reason="request"
                  requestId={r.id}
                  label="erasure.eraseForRequest"
                  onErased={() => undefined}
                />
              </Paper>
            )}
            {allowedActions(r).length > 0 && (
              <Paper variant="outlined" sx={{ p: 2 }}>
                <Typography variant="h6" component="h2" gutterBottom>
                  {t('requests.actionsTitle')}
                </Typography>
                <Stack spacing={1}>
                  {allowedActions(r).map((type) => (
                    <Button
                      key={type}
                      variant={type === 'withdraw' ? 'text' : 'outlined'}
                      onClick={() => {
                        setStepPending(false);
                        setAction(type);
                      }}
                      data-testid={`action-${type}`}
                    >
                      {t(`requests.actions.${type}`)}
                    </Button>
                  ))}
                </Stack>
              </Paper>
            )}
          </Stack>
        </Grid>
      </Grid>
      {action && <ActionDialog request={r} type={action} onClose={closeAction} />}
    </>
  );
}
