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
import type { Problem, Verification } from '../../../../shared/archive/verification';
import { useDesk } from '../../app/context';
import { messageKeyOf } from '../../components/errors';
import { archiveMessageKey, verifyFile } from './run';

type State =
  | { kind: 'idle' }
  | { kind: 'verifying'; name: string; fraction: number }
  | { kind: 'done'; name: string; verification: Verification }
  | { kind: 'failed'; key: string };

export function VerifyPanel() {
  const { t } = useTranslation();
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
  const problemText = (problem: Problem) => {
    const what = problem.signature
      ? `${t(`archive.problems.${problem.code}`)} (${t(`archive.signatures.${problem.signature}`)})`
      : t(`archive.problems.${problem.code}`);
    return problem.path === undefined
      ? what
      : t('archive.verify.problemPath', { problem: what, path: problem.path });
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
            {t(state.verification.valid ? 'archive.verify.valid' : 'archive.verify.invalid')}{' '}
            {state.verification.refused && t('archive.verify.refused')}
          </Alert>
          {state.verification.key && (
            <Typography sx={{ fontFamily: 'monospace', mb: 1 }} data-testid="archive-verify-key">
              {t('archive.verify.key', state.verification.key)}
            </Typography>
          )}
          {state.verification.key && (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {t('archive.verify.keyHint')}
            </Typography>
          )}
          {state.verification.trustedComment !== null && (
            <Typography variant="body2" sx={{ mb: 2 }}>
              {t('archive.verify.trustedComment', { comment: state.verification.trustedComment })}
            </Typography>
          )}
          {state.verification.problems.length > 0 && (
            <>
              <Typography variant="h6" component="h3">
                {t('archive.verify.problems')}
              </Typography>
              <List dense data-testid="archive-problems">
                {state.verification.problems.map((problem, index) => (
                  <ListItem key={index} data-problem={problem.code}>
                    <ListItemText primary={problemText(problem)} />
                  </ListItem>
                ))}
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
                  secondary={t('archive.verify.count', { count: check.count })}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      )}
    </Box>
  );
}
