import AttachFileIcon from '@mui/icons-material/AttachFile';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '../../components/EnumSelect';
import type { Subject } from '../../../../shared/domain/subject';
import {
  CHANNELS,
  RIGHTS,
  type AttachmentRef,
  type RequestChannel,
  type Right,
} from '../../../../shared/requests';
import { useDesk } from '../../app/context';
import { attachmentProblem, uploadAttachment } from '../../app/files';
import type { Route } from '../../app/route';
import { FormField } from '../../components/FormField';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { EMPTY_PERSON, NewPersonFields, type NewPerson } from '../subjects/NewPersonFields';
import { SubjectPicker } from './SubjectPicker';
import { useCreateRequest } from './hooks';
import { DateInput } from '../../components/DateInput';

/** 'YYYY-MM-DDTHH:mm' in local time, for a datetime-local input. */
function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Log a request fast enough for a clerk on the phone: person, rights, channel, date, words, files. */
export function IntakeForm({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const { desk } = useDesk();
  const create = useCreateRequest();
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [subject, setSubject] = useState<Subject | null>(null);
  const [person, setPerson] = useState<NewPerson>(EMPTY_PERSON);
  const [rights, setRights] = useState<Right[]>([]);
  const [channel, setChannel] = useState<RequestChannel>('phone');
  const [receivedAt, setReceivedAt] = useState(() => localDateTime(new Date()));
  const [words, setWords] = useState('');
  const [viaRepresentative, setViaRepresentative] = useState(false);
  const [representativeName, setRepresentativeName] = useState('');
  const [mandate, setMandate] = useState<File | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggleRight = (right: Right) =>
    setRights((current) =>
      current.includes(right) ? current.filter((r) => r !== right) : [...current, right],
    );

  const addFiles = (list: FileList | null) => {
    const picked = [...(list ?? [])];
    const bad = picked.map(attachmentProblem).find(Boolean);
    setErrors((current) => ({ ...current, attachments: bad ?? '' }));
    setFiles((current) => [...current, ...picked.filter((file) => !attachmentProblem(file))]);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    const received = new Date(receivedAt);
    if (Number.isNaN(received.getTime())) local.receivedAt = 'validation.date';
    else if (received.getTime() > Date.now() + 60_000) local.receivedAt = 'validation.futureDate';
    if (mode === 'existing' && !subject) local.subjectId = 'validation.subjectRequired';
    if (rights.length === 0) local.rights = 'validation.rightsRequired';
    if (Object.keys(local).length) {
      setErrors(local);
      setFailure('errors.validation');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const stored: AttachmentRef[] = [];
      for (const file of files) stored.push(await uploadAttachment(desk, file));
      const mandateRef = viaRepresentative && mandate ? await uploadAttachment(desk, mandate) : null;
      const request = await create.mutateAsync({
        subject: mode === 'existing' && subject ? { id: subject.id } : { create: person },
        rights,
        channel,
        receivedAt: received.toISOString(),
        requesterWords: words,
        viaRepresentative,
        representativeName: viaRepresentative ? representativeName : '',
        mandate: mandateRef,
        attachments: stored,
      });
      navigate({ section: 'requests', id: request.id });
    } catch (error) {
      // Errors on the new person come back as 'subject.email' etc.; NewPersonFields shows them.
      setErrors(fieldErrorsOf(error));
      setFailure(messageKeyOf(error));
      setBusy(false);
    }
  };

  return (
    <Paper
      variant="outlined"
      sx={{ p: 3 }}
      component="form"
      onSubmit={submit}
      noValidate
      data-testid="intake-form"
    >
      <Typography variant="h4" component="h1" gutterBottom>
        {t('requests.newTitle')}
      </Typography>
      {failure && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {t(failure)}
        </Alert>
      )}
      <Stack spacing={3}>
        <div>
          <Tabs value={mode} onChange={(_, next: 'existing' | 'new') => setMode(next)} sx={{ mb: 2 }}>
            <Tab value="existing" label={t('requests.existingPerson')} data-testid="intake-existing" />
            <Tab value="new" label={t('requests.newPerson')} data-testid="intake-new-person" />
          </Tabs>
          {mode === 'existing' ? (
            <SubjectPicker value={subject} onChange={setSubject} error={errors.subjectId} autoFocus />
          ) : (
            <NewPersonFields value={person} onChange={setPerson} errors={errors} />
          )}
        </div>
        <FormControl error={Boolean(errors.rights)} component="fieldset">
          <FormLabel component="legend">{t('requests.rightsLabel')}</FormLabel>
          <FormGroup row>
            {RIGHTS.map((right) => (
              <FormControlLabel
                key={right}
                sx={{ width: { xs: '100%', md: '48%' } }}
                control={
                  <Checkbox
                    checked={rights.includes(right)}
                    onChange={() => toggleRight(right)}
                    slotProps={{ input: { 'data-testid': `right-${right}` } as object }}
                  />
                }
                label={t(`requests.rights.${right}`)}
              />
            ))}
          </FormGroup>
          {errors.rights && <FormHelperText>{t(errors.rights)}</FormHelperText>}
        </FormControl>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <EnumSelect
            label={t('requests.channelLabel')}
            value={channel}
            options={CHANNELS}
            labelOf={(value) => t(`requests.channels.${value}`)}
            onValue={setChannel}
            testId="field-channel"
          />
          <DateInput
            kind="datetime"
            label={t('requests.receivedAt')}
            value={receivedAt}
            onValue={setReceivedAt}
            error={Boolean(errors.receivedAt)}
            helperText={errors.receivedAt ? t(errors.receivedAt) : undefined}
            max={localDateTime(new Date())}
            testId="field-receivedAt"
          />
        </Stack>
        <TextField
          label={t('requests.words')}
          helperText={t('requests.wordsHint')}
          multiline
          minRows={3}
          value={words}
          onChange={(event) => setWords(event.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'field-words' } }}
        />
        <div>
          <FormControlLabel
            control={
              <Checkbox
                checked={viaRepresentative}
                onChange={(event) => setViaRepresentative(event.target.checked)}
              />
            }
            label={t('requests.viaRepresentative')}
          />
          {viaRepresentative && (
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 1 }}>
              <FormField
                name="representativeName"
                label={t('requests.representativeName')}
                value={representativeName}
                onValue={setRepresentativeName}
                errors={errors}
              />
              <Button
                component="label"
                variant="outlined"
                startIcon={<AttachFileIcon />}
                sx={{ whiteSpace: 'nowrap' }}
              >
                {mandate ? mandate.name : t('requests.mandate')}
                <input
                  hidden
                  type="file"
                  accept="application/pdf,image/jpeg,image/png"
                  onChange={(event) => setMandate(event.target.files?.[0] ?? null)}
                />
              </Button>
            </Stack>
          )}
        </div>
        <div>
          <Typography variant="subtitle2" gutterBottom>
            {t('requests.attachments')}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }} useFlexGap>
            {files.map((file, index) => (
              <Chip
                key={`${file.name}-${index}`}
                label={file.name}
                onDelete={() => setFiles((current) => current.filter((_, i) => i !== index))}
              />
            ))}
            <Button component="label" startIcon={<AttachFileIcon />}>
              {t('requests.addFiles')}
              <input
                hidden
                type="file"
                multiple
                accept="application/pdf,image/jpeg,image/png"
                data-testid="intake-files"
                onChange={(event) => addFiles(event.target.files)}
              />
            </Button>
          </Stack>
          {errors.attachments && <FormHelperText error>{t(errors.attachments)}</FormHelperText>}
        </div>
        <Stack direction="row" spacing={2} sx={{ justifyContent: 'flex-end' }}>
          <Button onClick={() => navigate({ section: 'requests' })}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={busy} data-testid="intake-save">
            {t('requests.save')}
          </Button>
        </Stack>
      </Stack>
    </Paper>
  );
}
