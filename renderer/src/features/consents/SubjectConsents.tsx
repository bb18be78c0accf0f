import AddIcon from '@mui/icons-material/Add';
import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { correctedEventIds, preferenceMatrix, type PreferenceRow } from '../../../../shared/consent/derive';
import { DECISIONS, type ConsentEvent, type Decision } from '../../../../shared/consent/model';
import type { Subject } from '../../../../shared/domain/subject';
import { useDesk } from '../../app/context';
import { saveAttachment } from '../../app/files';
import { useDbMutation } from '../../app/queries';
import type { Route } from '../../app/route';
import { EnumSelect } from '../../components/EnumSelect';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { withdrawConsent } from '../../db/consents';
import { createRequest } from '../../db/requests';
import { formatDateTime } from '../../i18n';
import { useStaffNames } from '../staff/useStaffNames';
import {
  decidedText,
  localisedName,
  useNotices,
  usePurposes,
  useRecordConsents,
  useSubjectConsents,
} from './hooks';
import { QuickCapture } from './QuickCapture';
import { WhyButton } from '../../components/WhyButton';

/** A correction is a new event naming the one it corrects; the original stays in the ledger. */
function CorrectionDialog({ event, onClose }: { event: ConsentEvent; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordConsents();
  const [decision, setDecision] = useState<Decision>(event.decision === 'granted' ? 'refused' : 'granted');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (submitted: FormEvent) => {
    submitted.preventDefault();
    try {
      await record.mutateAsync({
        subject: { id: event.subjectId },
        decisions: [{ purposeId: event.purposeId, decision, corrects: event.id }],
        channel: event.channel,
        decidedAt: event.decidedAt,
        ...(event.decidedOn ? { decidedOn: event.decidedOn } : {}),
        noticeId: event.noticeId,
        evidence: event.evidence,
        note,
        noticeNotInForceAcknowledged: true,
      });
      onClose();
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setProblem(fields.note ?? fields.corrects ?? messageKeyOf(error));
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate data-testid="correction-dialog">
        <DialogTitle>{t('consents.correctTitle')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography color="text.secondary">{t('consents.correctHint')}</Typography>
            {problem && <Alert severity="error">{t(problem)}</Alert>}
            <EnumSelect
              label={t('consents.correctDecision')}
              value={decision}
              options={DECISIONS}
              labelOf={(value) => t(`consents.decisions.${value}`)}
              onValue={setDecision}
            />
            <TextField
              label={t('consents.correctNote')}
              value={note}
              onChange={(changed) => setNote(changed.target.value)}
              multiline
              minRows={2}
              required
              slotProps={{ htmlInput: { 'data-testid': 'correction-note' } }}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" data-testid="correction-save">
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

const STATE_COLOR = {
  granted: 'success',
  refused: 'default',
  withdrawn: 'warning',
  none: 'default',
} as const;

/**
 * A person's contact preferences derived from their consent events, the full history with its
 * evidence, and withdrawal or objection in one click (Art. 7(3), Art. 21(3)), with the matching
 * request one more click away.
 */
export function SubjectConsents({
  subject,
  navigate,
}: {
  subject: Subject;
  navigate: (route: Route) => void;
}) {
  const { t, i18n } = useTranslation();
  const { desk } = useDesk();
  const purposes = usePurposes();
  const notices = useNotices();
  const events = useSubjectConsents(subject.id);
  const who = useStaffNames();
  const [capturing, setCapturing] = useState(false);
  const [correcting, setCorrecting] = useState<ConsentEvent | null>(null);
  const [status, setStatus] = useState<{
    ok: boolean;
    text: string;
    request?: 'consent_withdrawal' | 'objection';
  } | null>(null);
  const withdraw = useDbMutation((db, ctx, row: PreferenceRow) =>
    withdrawConsent(db, ctx, {
      subjectId: subject.id,
      purposeId: row.purpose.id,
      channel: row.event?.channel === 'import' ? 'counter' : (row.event?.channel ?? 'counter'),
    }),
  );
  const openRequest = useDbMutation((db, ctx, right: 'consent_withdrawal' | 'objection') =>
    createRequest(db, ctx, {
      subject: { id: subject.id },
      rights: [right],
      channel: 'counter',
      receivedAt: new Date((ctx.now ?? Date.now)()).toISOString(),
    }),
  );
  const rows = preferenceMatrix(events.data ?? [], purposes.data ?? []);
  const corrected = correctedEventIds(events.data ?? []);
  const noticeLabel = (id: string) => {
    const notice = notices.data?.find((n) => n.id === id);
    return notice ? `v${notice.number}` : '';
  };
  const purposeName = (id: string) => {
    const purpose = purposes.data?.find((p) => p.id === id);
    return purpose ? localisedName(purpose.name, i18n.language) : id;
  };

  const onWithdraw = async (row: PreferenceRow) => {
    try {
      await withdraw.mutateAsync(row);
      setStatus({
        ok: true,
        text: t('consents.withdrawn'),
        request: row.purpose.lawfulBasis === 'legitimate_interest' ? 'objection' : 'consent_withdrawal',
      });
    } catch (error) {
      setStatus({ ok: false, text: t(messageKeyOf(error)) });
    }
  };
  const onOpenRequest = async (right: 'consent_withdrawal' | 'objection') => {
    try {
      const request = await openRequest.mutateAsync(right);
      navigate({ section: 'requests', id: request.id });
    } catch (error) {
      setStatus({ ok: false, text: t(messageKeyOf(error)) });
    }
  };

  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 3 }} data-testid="subject-consents">
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Stack direction="row" sx={{ alignItems: 'center' }}>
          <Typography variant="h6" component="h2">
            {t('consents.preferences')}
          </Typography>
          <WhyButton topic="consent_proof" />
        </Stack>
        <Button startIcon={<AddIcon />} onClick={() => setCapturing(true)} data-testid="subject-capture">
          {t('consents.quickCaptureTitle')}
        </Button>
      </Stack>
      {status && (
        <Alert
          severity={status.ok ? 'success' : 'error'}
          sx={{ my: 1 }}
          action={
            status.request ? (
              <Button
                color="inherit"
                size="small"
                onClick={() => void onOpenRequest(status.request!)}
                data-testid="open-matching-request"
              >
                {t('consents.openRequest')}
              </Button>
            ) : undefined
          }
        >
          {status.text}
        </Alert>
      )}
      <Table size="small" data-testid="preference-matrix">
        <TableHead>
          <TableRow>
            <TableCell>{t('consents.purposes')}</TableCell>
            <TableCell>{t('requests.statusLabel')}</TableCell>
            <TableCell>{t('consents.decidedAt')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.purpose.id} data-testid="preference-row">
              <TableCell>{localisedName(row.purpose.name, i18n.language)}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  color={STATE_COLOR[row.state]}
                  label={t(`consents.decisions.${row.state}`)}
                />
              </TableCell>
              <TableCell>{row.event ? decidedText(row.event, i18n.language) : ''}</TableCell>
              <TableCell align="right">
                {(row.state === 'granted' ||
                  (row.purpose.lawfulBasis === 'legitimate_interest' && row.state === 'none')) && (
                  <Button
                    size="small"
                    color="warning"
                    onClick={() => void onWithdraw(row)}
                    data-testid="withdraw"
                  >
                    {row.purpose.lawfulBasis === 'legitimate_interest'
                      ? t('consents.object')
                      : t('consents.withdraw')}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="subtitle1" sx={{ mt: 2 }}>
        {t('consents.history')}
      </Typography>
      {(events.data ?? []).length === 0 ? (
        <Typography color="text.secondary">{t('consents.noEvents')}</Typography>
      ) : (
        <List dense data-testid="consent-history">
          {(events.data ?? []).map((event) => (
            <ListItem
              key={event.id}
              disableGutters
              secondaryAction={
                <Stack direction="row" spacing={1}>
                  {event.evidence.attachment && (
                    <Button
                      size="small"
                      startIcon={<DownloadIcon />}
                      onClick={() => void saveAttachment(desk, event.evidence.attachment!)}
                    >
                      {t('requests.download')}
                    </Button>
                  )}
                  {!corrected.has(event.id) && (
                    <Button size="small" onClick={() => setCorrecting(event)} data-testid="correct-event">
                      {t('consents.correct')}
                    </Button>
                  )}
                </Stack>
              }
            >
              <ListItemText
                primary={`${decidedText(event, i18n.language)} — ${t('common.labelValue', { label: purposeName(event.purposeId), value: t(`consents.decisions.${event.decision}`) })} (${t(`consents.captureChannels.${event.channel}`)}, ${t('consents.notice')} ${noticeLabel(event.noticeId)})`}
                secondary={[
                  [
                    event.evidence.callReference,
                    event.evidence.witnessName,
                    event.evidence.formReference,
                    event.evidence.attachment?.name,
                    event.note,
                  ]
                    .filter(Boolean)
                    .join(' · '),
                  t('consents.recordedBy', {
                    date: formatDateTime(event.createdAt, i18n.language),
                    who: who(event.createdBy),
                  }),
                ]
                  .filter(Boolean)
                  .join(' — ')}
              />
            </ListItem>
          ))}
        </List>
      )}
      {correcting && <CorrectionDialog event={correcting} onClose={() => setCorrecting(null)} />}
      {capturing && (
        <QuickCapture
          subject={subject}
          onClose={() => setCapturing(false)}
          onSaved={() => setCapturing(false)}
        />
      )}
    </Paper>
  );
}
