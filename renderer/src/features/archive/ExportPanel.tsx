import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk, useWriteContext } from '../../app/context';
import { useToday } from '../../app/useToday';
import { messageKeyOf } from '../../components/errors';
import { ARCHIVE_CONTENTS, type ArchiveContent } from '../../db/archive';
import { invalidateArchiveKeys, useArchiveKeys } from './hooks';
import { archiveMessageKey, runExport, type ExportOutcome, type ExportProgress } from './run';
import { DateInput } from '../../components/DateInput';

type Status =
  | { kind: 'idle' }
  | { kind: 'running'; progress: ExportProgress | null }
  | { kind: 'done'; result: ExportOutcome }
  | { kind: 'failed'; key: string };

export function ExportPanel() {
  const { t, i18n } = useTranslation();
  const { desk, info, db } = useDesk();
  const ctx = useWriteContext();
  const client = useQueryClient();
  const today = useToday();
  const keys = useArchiveKeys();
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [contents, setContents] = useState<ArchiveContent[]>([...ARCHIVE_CONTENTS]);
  const [attachments, setAttachments] = useState(true);
  const [pseudonymise, setPseudonymise] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);

  const needsPassphrase =
    keys.data !== undefined &&
    (keys.data.current
      ? keys.data.current.protection === 'passphrase'
      : keys.data.protection === 'passphrase');
  const firstKey = keys.data !== undefined && keys.data.current === null;
  const running = status.kind === 'running';

  const toggle = (content: ArchiveContent) =>
    setContents((current) =>
      current.includes(content) ? current.filter((c) => c !== content) : [...current, content],
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!from || !to || from > to) return setProblem('archive.export.periodInvalid');
    if (contents.length === 0) return setProblem('archive.export.nothingSelected');
    if (needsPassphrase && firstKey && passphrase !== confirm)
      return setProblem('archive.export.passphraseMismatch');
    setProblem(null);
    const controller = new AbortController();
    abort.current = controller;
    setStatus({ kind: 'running', progress: null });
    try {
      const result = await runExport(
        desk,
        info,
        db,
        ctx,
        {
          from,
          to,
          contents: ARCHIVE_CONTENTS.filter((c) => contents.includes(c)),
          attachments,
          pseudonymise,
          lang: i18n.language === 'en' ? 'en' : 'fr',
          ...(needsPassphrase ? { passphrase } : {}),
        },
        (progress) => setStatus({ kind: 'running', progress }),
        controller.signal,
      );
      setStatus({ kind: 'done', result });
    } catch (error) {
      setStatus({ kind: 'failed', key: archiveMessageKey(error, messageKeyOf) });
    } finally {
      abort.current = null;
      void invalidateArchiveKeys(client);
    }
  };

  const progress = status.kind === 'running' ? status.progress : null;
  return (
    <form onSubmit={submit} noValidate data-testid="archive-export">
      <Typography sx={{ mb: 2 }}>{t('archive.export.intro')}</Typography>
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        <DateInput
          kind="date"
          label={t('archive.export.from')}
          value={from}
          onValue={setFrom}
          testId="archive-from"
          disabled={running}
        />
        <DateInput
          kind="date"
          label={t('archive.export.to')}
          value={to}
          onValue={setTo}
          testId="archive-to"
          disabled={running}
        />
      </Stack>
      <FormLabel component="legend">{t('archive.export.contents')}</FormLabel>
      <FormGroup sx={{ mb: 2 }}>
        {ARCHIVE_CONTENTS.map((content) => (
          <FormControlLabel
            key={content}
            control={
              <Checkbox
                checked={contents.includes(content)}
                onChange={() => toggle(content)}
                disabled={running}
                slotProps={{ input: { 'data-testid': `archive-content-${content}` } as object }}
              />
            }
            label={t(`archive.export.content.${content}`)}
          />
        ))}
        <FormControlLabel
          control={
            <Checkbox
              checked={attachments}
              onChange={(_, value) => setAttachments(value)}
              disabled={running}
            />
          }
          label={t('archive.export.attachments')}
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={pseudonymise}
              onChange={(_, value) => setPseudonymise(value)}
              disabled={running}
              slotProps={{ input: { 'data-testid': 'archive-pseudonymise' } as object }}
            />
          }
          label={t('archive.export.pseudonymise')}
        />
        <FormHelperText>{t('archive.export.pseudonymiseHint')}</FormHelperText>
      </FormGroup>
      {needsPassphrase && (
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          <TextField
            type="password"
            label={t(firstKey ? 'archive.export.passphraseNew' : 'archive.export.passphrase')}
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
            disabled={running}
            sx={{ minWidth: 360 }}
            slotProps={{ htmlInput: { 'data-testid': 'archive-passphrase', autoComplete: 'off' } }}
          />
          {firstKey && (
            <TextField
              type="password"
              label={t('archive.export.passphraseConfirm')}
              value={confirm}
              onChange={(event) => setConfirm(event.target.value)}
              disabled={running}
              slotProps={{ htmlInput: { 'data-testid': 'archive-passphrase-confirm', autoComplete: 'off' } }}
            />
          )}
        </Stack>
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Button
          type="submit"
          variant="contained"
          disabled={running || keys.isLoading}
          data-testid="archive-start"
        >
          {t('archive.export.start')}
        </Button>
        {running && (
          <Button onClick={() => abort.current?.abort()} data-testid="archive-cancel">
            {t('archive.export.cancel')}
          </Button>
        )}
      </Stack>
      {running && (
        <Stack spacing={1} sx={{ mb: 2 }} data-testid="archive-progress">
          <LinearProgress
            variant={progress ? 'determinate' : 'indeterminate'}
            value={progress ? (100 * progress.done) / Math.max(1, progress.total) : 0}
          />
          <Typography variant="body2">
            {progress ? t('archive.export.progress', progress) : t('archive.export.preparing')}
          </Typography>
        </Stack>
      )}
      {problem && <Alert severity="warning">{t(problem)}</Alert>}
      {status.kind === 'failed' && (
        <Alert severity="error" data-testid="archive-error">
          {t(status.key)}
        </Alert>
      )}
      {status.kind === 'done' && (
        <Alert
          severity={status.result.outcome === 'cancelled' ? 'info' : 'success'}
          data-testid="archive-result"
        >
          {status.result.outcome === 'cancelled'
            ? t('archive.export.cancelled')
            : t(`archive.export.${status.result.outcome}`, { name: status.result.fileName })}
          {status.result.outcome !== 'cancelled' && (
            <Typography variant="body2" sx={{ fontFamily: 'monospace' }} data-testid="archive-fingerprint">
              {t('archive.export.fingerprint', { fingerprint: status.result.fingerprint })}
            </Typography>
          )}
        </Alert>
      )}
    </form>
  );
}
