import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Check, Problem, Verification } from '../../../../shared/archive/verification';
import { printable } from '../../../../shared/text/printable';
import { useDesk } from '../../app/context';
import { messageKeyOf } from '../../components/errors';
import { formatDate, formatDateTime, localeOf } from '../../i18n';
import { archiveMessageKey, verifyFile } from './run';

type State =
  | { kind: 'idle' }
  | { kind: 'verifying'; name: string; fraction: number }
  | { kind: 'done'; name: string; verification: Verification }
  | { kind: 'failed'; key: string };

export function VerifyPanel() {
  const { t, i18n } = useTranslation();
  const { desk } = useDesk();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const verify = async (file: File) => {
    setState({ kind: 'verifying', name: file.name, fraction: 0 });
    try {
      const verification = await verifyFile(desk, file, (fraction) =>
        setState({ kind: 'verifying', name: file.name, fraction }),
      );
      setState({ kind: 'done', name: file.name, verification });
    } catch (error) {
      setState({ kind: 'failed', key: archiveMessageKey(error, messageKeyOf) });
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) void verify(file);
  };
  const number = (value: number) => new Intl.NumberFormat(localeOf(i18n.language)).format(value);
  /** One plain sentence per problem; the technical term and the file go to a detail line. */
  const problemText = (problem: Problem) => ({
    sentence: t(`proofs.verify.problems.${problem.code}`, {
      path: problem.path === undefined ? '' : printable(problem.path),
      seq: number(problem.seq ?? 0),
      until: number(problem.until ?? 0),
    }),
    detail: (() => {
      let term = t(`proofs.verify.terms.${problem.code}`);
      if (problem.signature)
        term = t('proofs.verify.signature', {
          term,
          signature: t(`archive.signatures.${problem.signature}`),
        });
      if (problem.deviceId) term = t('proofs.verify.device', { term, device: printable(problem.deviceId) });
      return problem.path === undefined
        ? term
        : t('proofs.verify.where', { term, path: printable(problem.path) });
    })(),
  });
  const checkCount = (name: Check['name'], count: number): string | null => {
    if (name === 'zip' || name === 'audit') return t('proofs.verify.counts.entries', { count });
    if (name === 'manifest' || name === 'tagmanifest' || name === 'oxum')
      return t('proofs.verify.counts.files', { count });
    return null;
  };

  return (
    <Box>
      <Typography sx={{ mb: 2 }}>{t('archive.verify.intro')}</Typography>
      <Box
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        sx={{
          border: 2,
          borderStyle: 'dashed',
          borderColor: over ? 'primary.main' : 'divider',
          borderRadius: 1,
          p: 4,
          mb: 2,
          textAlign: 'center',
        }}
        data-testid="archive-drop"
      >
        <Typography gutterBottom>{t('archive.verify.drop')}</Typography>
        <Button
          variant="outlined"
          onClick={() => input.current?.click()}
          disabled={state.kind === 'verifying'}
        >
          {t('archive.verify.choose')}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-testid="archive-verify-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void verify(file);
          }}
        />
      </Box>
      {state.kind === 'verifying' && (
        <Box sx={{ mb: 2 }}>
          <Typography variant="body2">{t('archive.verify.verifying', { name: state.name })}</Typography>
          <LinearProgress variant="determinate" value={state.fraction * 100} />
        </Box>
      )}
      {state.kind === 'failed' && (
        <Alert severity="error" data-testid="archive-verify-error">
          {t(state.key)}
        </Alert>
      )}
      {state.kind === 'done' && (
        <Box data-testid="archive-verification">
          <Alert
            severity={state.verification.valid ? 'success' : 'error'}
            data-testid={state.verification.valid ? 'archive-valid' : 'archive-invalid'}
            sx={{ mb: 2 }}
          >
            {t(state.verification.valid ? 'proofs.verify.valid' : 'proofs.verify.invalid')}{' '}
            {state.verification.refused && t('proofs.verify.refused')}
          </Alert>
          <SignerLine verification={state.verification} />
          {state.verification.key && (
            <Typography
              sx={{ fontFamily: 'monospace', mb: 1, wordBreak: 'break-all' }}
              data-testid="archive-verify-key"
            >
              {t('proofs.verify.key', { fingerprint: printable(state.verification.key.fingerprint) })}
            </Typography>
          )}
          {state.verification.key && (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {t('archive.verify.keyHint')}
            </Typography>
          )}
          {state.verification.trustedComment !== null && (
            <Typography variant="body2" sx={{ mb: 2 }}>
              {t('proofs.verify.comment', { comment: printable(state.verification.trustedComment) })}
            </Typography>
          )}
          {state.verification.audit && (
            <Box sx={{ mb: 2 }} data-testid="archive-verify-audit">
              <Typography variant="body2">
                {t('proofs.verify.audit', {
                  entries: t('proofs.verify.auditEntries', { count: state.verification.audit.entries }),
                  checkpoints: t('proofs.verify.auditCheckpoints', {
                    count: state.verification.audit.checkpoints,
                  }),
                  date: state.verification.audit.latestCheckpoint
                    ? formatDateTime(state.verification.audit.latestCheckpoint, i18n.language)
                    : '—',
                })}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {t('proofs.verify.auditLimits')}
              </Typography>
            </Box>
          )}
          {state.verification.problems.length > 0 && (
            <>
              <Typography variant="h6" component="h3">
                {t('proofs.verify.problemCount', { count: state.verification.problems.length })}
              </Typography>
              <List dense data-testid="archive-problems">
                {state.verification.problems.map((problem, index) => {
                  const text = problemText(problem);
                  return (
                    <ListItem key={index} data-problem={problem.code}>
                      <ListItemText
                        primary={text.sentence}
                        secondary={t('proofs.verify.technical', { detail: text.detail })}
                      />
                    </ListItem>
                  );
                })}
              </List>
            </>
          )}
          <Typography variant="h6" component="h3">
            {t('archive.verify.checks')}
          </Typography>
          <List dense>
            {state.verification.checks.map((check) => (
              <ListItem key={check.name}>
                <ListItemText
                  primary={`${t(`archive.checks.${check.name}`)} — ${t(
                    check.passed ? 'archive.verify.passed' : 'archive.verify.failed',
                  )}`}
                  secondary={checkCount(check.name, check.count)}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      )}
    </Box>
  );
}

/** Who signed, said plainly: this organisation's current or previous key, or an unknown one. */
function SignerLine({ verification }: { verification: Verification }) {
  const { t, i18n } = useTranslation();
  const signer = verification.signer;
  if (!signer || signer.status === 'not_pinned') return null;
  if (signer.status === 'unknown') {
    return (
      <Alert severity="error" sx={{ mb: 2 }} data-testid="archive-signer" data-signer="unknown">
        <strong>{t('proofs.verify.signer.unknown')}</strong> {t('proofs.verify.signer.unknownHint')}
      </Alert>
    );
  }
  return (
    <Typography sx={{ mb: 1 }} data-testid="archive-signer" data-signer={signer.role ?? 'pinned'}>
      {t(signer.role === 'previous' ? 'proofs.verify.signer.previous' : 'proofs.verify.signer.current', {
        date: signer.since ? formatDate(signer.since, i18n.language) : '—',
      })}
    </Typography>
  );
}
