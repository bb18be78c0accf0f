import AttachFileIcon from '@mui/icons-material/AttachFile';
import TabletIcon from '@mui/icons-material/TabletAndroid';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_CHANNELS, type ConsentChannel, type Decision } from '../../../../shared/consent/model';
import type { Subject } from '../../../../shared/domain/subject';
import type { AttachmentRef } from '../../../../shared/requests';
import { useDesk } from '../../app/context';
import { attachmentProblem, uploadAttachment } from '../../app/files';
import { EnumSelect } from '../../components/EnumSelect';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { useKiosk } from '../kiosk/KioskGate';
import { SubjectPicker } from '../requests/SubjectPicker';
import { EMPTY_PERSON, NewPersonFields, type NewPerson } from '../subjects/NewPersonFields';
import { localisedName, useNotices, usePurposes, useRecordConsents } from './hooks';
import { DateInput } from '../../components/DateInput';

function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function nowIso(): string {
  return new Date().toISOString();
}

/** A datetime-local value after now (a minute of tolerance for form filling). */
function isFuture(value: string): boolean {
  return new Date(value).getTime() > Date.now() + 60_000;
}

type Choice = Decision | 'none';

/**
 * Keyboard-first capture of a consent gathered on the phone, at the counter or on paper: find or
 * create the person, mark each purpose, say how and under which notice, attach the scan.
 */
export function QuickCapture({
  onClose,
  onSaved,
  subject: initialSubject,
}: {
  onClose: () => void;
  onSaved: (count: number) => void;
  subject?: Subject | null;
}) {
  const { t, i18n } = useTranslation();
  const { desk } = useDesk();
  const purposesQuery = usePurposes();
  const noticesQuery = useNotices();
  const purposes = (purposesQuery.data ?? []).filter((purpose) => purpose.active);
  const notices = noticesQuery.data ?? [];
  const catalogueLoaded = purposesQuery.isSuccess && noticesQuery.isSuccess;
  const record = useRecordConsents();
  const [opened] = useState(() => new Date());
  const [subject, setSubject] = useState<Subject | null>(initialSubject ?? null);
  const [creating, setCreating] = useState(false);
  const [person, setPerson] = useState<NewPerson>(EMPTY_PERSON);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [channel, setChannel] = useState<ConsentChannel>('phone');
  const [decidedAt, setDecidedAt] = useState(() => localDateTime(opened));
  // Untouched, the field means "now": the exact instant is used, not the minute shown.
  const [decidedAtTouched, setDecidedAtTouched] = useState(false);
  const [noticeChoice, setNoticeId] = useState<string | null>(null);
  const [callReference, setCallReference] = useState('');
  const [witnessName, setWitnessName] = useState('');
  const [formReference, setFormReference] = useState('');
  const [scan, setScan] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const decisionDay = decidedAt.slice(0, 10);
  const defaultNotice = notices.find((notice) => notice.effectiveOn <= decisionDay) ?? notices[0];
  const noticeId = noticeChoice ?? defaultNotice?.id ?? '';
  const notice = notices.find((candidate) => candidate.id === noticeId);
  const notInForce = notice ? notice.effectiveOn > decisionDay : false;

  const pickScan = (file: File | undefined | null) => {
    if (!file) return;
    const problem = attachmentProblem(file);
    setErrors((current) => ({ ...current, scan: problem ?? '' }));
    if (!problem) setScan(file);
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const decisions = purposes
      .map((purpose) => ({ purposeId: purpose.id, decision: choices[purpose.id] ?? 'none' }))
      .filter((d): d is { purposeId: string; decision: Decision } => d.decision !== 'none');
    const local: Record<string, string> = {};
    if (!creating && !subject) local.subjectId = 'validation.subjectRequired';
    if (decisions.length === 0) local.decisions = 'validation.decisionRequired';
    if (decidedAtTouched && !decidedAt) local.decidedAt = 'validation.date';
    else if (isFuture(decidedAt)) local.decidedAt = 'validation.futureDate';
    if (Object.keys(local).length) {
      setErrors(local);
      setFailure('errors.validation');
      return;
    }
    setBusy(true);
    try {
      const attachment: AttachmentRef | null = scan ? await uploadAttachment(desk, scan) : null;
      const events = await record.mutateAsync({
        subject: creating ? { create: person } : { id: (subject as Subject).id },
        decisions,
        channel,
        decidedAt: decidedAtTouched ? new Date(decidedAt).toISOString() : nowIso(),
        noticeId,
        evidence: { attachment, callReference, witnessName, formReference },
        note,
        noticeNotInForceAcknowledged: acknowledged,
      });
      onSaved(events.length);
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setFailure(messageKeyOf(error));
      setBusy(false);
    }
  };

  // The person found (not one being typed in: they exist only once saved) can be handed the screen,
  // as from their page; what was ticked here and not saved is left behind, as when cancelling.
  const kiosk = useKiosk();
  const customer = creating ? null : subject;
  const showToCustomer = () => {
    if (customer) kiosk.show(customer.id);
  };

  // Ctrl/Cmd+Enter saves from anywhere in the dialog, even inside a multi-line field; Alt+N switches
  // between finding a person and creating one, Alt+K hands the screen to the person found (by the
  // key's position: Option+N on a Mac types a dead key, and other layouts put N elsewhere in `key`).
  const onKeyDown = (event: KeyboardEvent) => {
    const altOnly = event.altKey && !event.ctrlKey && !event.metaKey;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (altOnly && event.code === 'KeyN') {
      event.preventDefault();
      setCreating((current) => !current);
    } else if (altOnly && event.code === 'KeyK' && customer) {
      event.preventDefault();
      showToCustomer();
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    pickScan(event.dataTransfer.files[0]);
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" onKeyDown={onKeyDown}>
      <form onSubmit={submit} noValidate data-testid="quick-capture">
        <DialogTitle>{t('consents.quickCaptureTitle')}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary">
            {t('consents.quickCaptureHint')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="capture-shortcuts">
            {t('keyboard.newPersonShortcutHint')}
          </Typography>
          {failure && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {t(failure)}
            </Alert>
          )}
          {/*
            The person comes first and does not wait for the purposes: on the first Ctrl+K after a
            page load they are still being read, and a field mounted only once they arrive took the
            focus after the first keys were typed, which were lost.
          */}
          <Stack spacing={2} sx={{ mb: 2 }}>
            {creating ? (
              <NewPersonFields value={person} onChange={setPerson} errors={errors} perRow={4} />
            ) : (
              <SubjectPicker
                value={subject}
                onChange={setSubject}
                error={errors.subjectId}
                autoFocus={!initialSubject}
              />
            )}
            <div>
              <Button
                size="small"
                onClick={() => setCreating((current) => !current)}
                aria-keyshortcuts="Alt+N"
                data-testid="capture-toggle-person"
                endIcon={<ShortcutKey>{t('keyboard.newPersonShortcut')}</ShortcutKey>}
              >
                {creating ? t('requests.existingPerson') : t('requests.newPerson')}
              </Button>
            </div>
          </Stack>
          {!catalogueLoaded ? null : purposes.length === 0 || notices.length === 0 ? (
            <Alert severity="info">{t('consents.noPurposesYet')}</Alert>
          ) : (
            <Stack spacing={2}>
              <Box role="group" aria-label={t('consents.purposes')} data-testid="capture-purposes">
                {errors.decisions && (
                  <Typography color="error" variant="body2">
                    {t(errors.decisions)}
                  </Typography>
                )}
                {purposes.map((purpose) => (
                  <Stack
                    key={purpose.id}
                    direction="row"
                    sx={{
                      alignItems: 'center',
                      justifyContent: 'space-between',
                      borderBottom: 1,
                      borderColor: 'divider',
                    }}
                  >
                    <FormLabel id={`purpose-${purpose.id}`} sx={{ color: 'text.primary' }}>
                      {localisedName(purpose.name, i18n.language)}
                    </FormLabel>
                    <RadioGroup
                      row
                      aria-labelledby={`purpose-${purpose.id}`}
                      name={`purpose-${purpose.id}`}
                      value={choices[purpose.id] ?? 'none'}
                      onChange={(event) =>
                        setChoices((current) => ({ ...current, [purpose.id]: event.target.value as Choice }))
                      }
                    >
                      {(['none', 'granted', 'refused'] as const).map((choice) => (
                        <FormControlLabel
                          key={choice}
                          value={choice}
                          control={<Radio size="small" />}
                          label={t(`consents.decisions.${choice}`)}
                        />
                      ))}
                    </RadioGroup>
                  </Stack>
                ))}
              </Box>
              <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
                <EnumSelect
                  label={t('requests.channelLabel')}
                  value={channel}
                  options={CONSENT_CHANNELS.filter((c) => c !== 'import' && c !== 'mailing_tool')}
                  labelOf={(v) => t(`consents.captureChannels.${v}`)}
                  onValue={setChannel}
                  testId="capture-channel"
                />
                <EnumSelect
                  label={t('consents.notice')}
                  value={noticeId}
                  options={notices.map((n) => n.id)}
                  labelOf={(id) => {
                    const n = notices.find((candidate) => candidate.id === id);
                    return n ? `v${n.number} — ${n.title}` : id;
                  }}
                  onValue={setNoticeId}
                  error={Boolean(errors.noticeId)}
                  helperText={errors.noticeId ? t(errors.noticeId) : undefined}
                />
                <DateInput
                  kind="datetime"
                  label={t('consents.decidedAt')}
                  value={decidedAt}
                  onValue={(value) => {
                    setDecidedAt(value);
                    setDecidedAtTouched(true);
                  }}
                  error={Boolean(errors.decidedAt)}
                  helperText={errors.decidedAt ? t(errors.decidedAt) : undefined}
                  max={localDateTime(opened)}
                  testId="capture-decided-at"
                />
              </Stack>
              {notInForce && (
                <FormControlLabel
                  control={
                    <Checkbox
                      checked={acknowledged}
                      onChange={(event) => setAcknowledged(event.target.checked)}
                    />
                  }
                  label={t('consents.noticeNotInForceAck')}
                />
              )}
              <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
                {channel === 'phone' && (
                  <TextField
                    label={t('consents.callReference')}
                    value={callReference}
                    onChange={(event) => setCallReference(event.target.value)}
                  />
                )}
                {channel === 'paper_form' && (
                  <TextField
                    label={t('consents.formReference')}
                    value={formReference}
                    onChange={(event) => setFormReference(event.target.value)}
                    slotProps={{ htmlInput: { 'data-testid': 'capture-form-reference' } }}
                  />
                )}
                {(channel === 'counter' || channel === 'paper_form') && (
                  <TextField
                    label={t('consents.witnessName')}
                    value={witnessName}
                    onChange={(event) => setWitnessName(event.target.value)}
                  />
                )}
                <TextField
                  label={t('consents.note')}
                  value={note}
                  onChange={(event) => setNote(event.target.value)}
                  multiline
                />
              </Stack>
              <Box
                onDragOver={(event) => event.preventDefault()}
                onDrop={onDrop}
                sx={{
                  border: 1,
                  borderStyle: 'dashed',
                  borderColor: errors.scan ? 'error.main' : 'divider',
                  borderRadius: 1,
                  p: 2,
                  display: 'flex',
                  gap: 2,
                  alignItems: 'center',
                }}
                data-testid="capture-drop"
              >
                <Typography color="text.secondary" sx={{ flexGrow: 1 }}>
                  {scan ? scan.name : t('consents.dropScan')}
                </Typography>
                <Button component="label" startIcon={<AttachFileIcon />} tabIndex={-1}>
                  {t('consents.scan')}
                  <input
                    hidden
                    type="file"
                    accept="application/pdf,image/jpeg,image/png"
                    data-testid="capture-scan"
                    onChange={(event) => pickScan(event.target.files?.[0])}
                  />
                </Button>
              </Box>
              {errors.scan && <Typography color="error">{t(errors.scan)}</Typography>}
            </Stack>
          )}
        </DialogContent>
        <DialogActions>
          {customer && (
            <Tooltip title={t('keyboard.kioskShortcutHint')} describeChild>
              <Button
                startIcon={<TabletIcon />}
                onClick={showToCustomer}
                aria-keyshortcuts="Alt+K"
                data-testid="capture-kiosk"
                sx={{ mr: 'auto' }}
                endIcon={<ShortcutKey>{t('keyboard.kioskShortcut')}</ShortcutKey>}
              >
                {t('kiosk.show')}
              </Button>
            </Tooltip>
          )}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={busy || purposes.length === 0}
            data-testid="capture-save"
          >
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** A key combination as the keyboard shows it, next to the button it triggers. */
function ShortcutKey({ children }: { children: string }) {
  return (
    <Box
      component="kbd"
      sx={{
        fontFamily: 'inherit',
        fontSize: '0.75rem',
        border: 1,
        borderColor: 'divider',
        borderRadius: 0.5,
        px: 0.5,
      }}
    >
      {children}
    </Box>
  );
}
