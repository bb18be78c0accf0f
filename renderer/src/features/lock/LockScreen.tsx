import LockIcon from '@mui/icons-material/Lock';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../../shared/domain/organisation';
import type { StaffMember } from '../../../../shared/domain/staff';
import { FREE_ATTEMPTS, verifySecret } from '../../../../shared/lock/secret';
import { useDesk, useSession } from '../../app/context';
import { clearFailures, noteFailure, readFailures, waitBeforeAttempt } from './throttle';

type Message = { key: string; count?: number } | null;

/**
 * What a locked app shows: the organisation's name, who may unlock, and a code field — nothing
 * about the people in the workspace. Unlocking makes the chosen member the operator.
 */
export function LockScreen({
  organisation,
  unlockers,
  operator,
  onUnlocked,
}: {
  organisation: Organisation;
  unlockers: StaffMember[];
  operator: StaffMember | null;
  onUnlocked: () => void;
}) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const { setOperatorId } = useSession();
  const workspace = db.name;
  const [memberId, setMemberId] = useState(
    () => unlockers.find((member) => member.id === operator?.id)?.id ?? unlockers[0]?.id ?? '',
  );
  const [code, setCode] = useState('');
  const [checking, setChecking] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [waitMs, setWaitMs] = useState(() => waitBeforeAttempt(readFailures(workspace), Date.now()));
  const member = unlockers.find((candidate) => candidate.id === memberId) ?? unlockers[0];
  const kind = member?.lock?.kind ?? 'pin';

  useEffect(() => {
    document.title = 'RGPD Desk';
  }, []);
  // The countdown of the wait after too many failures.
  useEffect(() => {
    if (waitMs <= 0) return;
    const timer = setInterval(() => setWaitMs(waitBeforeAttempt(readFailures(workspace), Date.now())), 1000);
    return () => clearInterval(timer);
  }, [waitMs, workspace]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!member?.lock || checking) return;
    const before = waitBeforeAttempt(readFailures(workspace), Date.now());
    if (before > 0) {
      setWaitMs(before);
      return;
    }
    setChecking(true);
    const right = await verifySecret(member.lock, code);
    setChecking(false);
    setCode('');
    if (right) {
      clearFailures(workspace);
      setOperatorId(member.id);
      onUnlocked();
      return;
    }
    const failures = noteFailure(workspace, Date.now());
    const left = FREE_ATTEMPTS - failures.failures;
    setMessage(left > 0 ? { key: 'lock.screen.wrong', count: left } : { key: 'lock.screen.wrongWait' });
    setWaitMs(waitBeforeAttempt(failures, Date.now()));
  };

  const waiting = waitMs > 0;
  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        justifyContent: 'center',
        alignItems: 'flex-start',
        pt: 10,
        px: 2,
      }}
    >
      <Paper component="main" sx={{ p: 4, maxWidth: 480, width: '100%' }} data-testid="lock-screen">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <LockIcon color="primary" aria-hidden />
          <Typography variant="h5" component="h1" data-testid="lock-organisation">
            {organisation.legalName}
          </Typography>
        </Stack>
        <Typography color="text.secondary" gutterBottom>
          {t('lock.screen.locked')}
        </Typography>
        {member ? (
          <form onSubmit={submit} noValidate>
            <FormControl sx={{ mt: 2, mb: 2 }}>
              <FormLabel id="lock-who">{t('lock.screen.who')}</FormLabel>
              <RadioGroup
                aria-labelledby="lock-who"
                value={member.id}
                onChange={(event) => {
                  setMemberId(event.target.value);
                  setMessage(null);
                }}
              >
                {unlockers.map((candidate) => (
                  <FormControlLabel
                    key={candidate.id}
                    value={candidate.id}
                    control={<Radio />}
                    label={candidate.name}
                  />
                ))}
              </RadioGroup>
            </FormControl>
            <TextField
              type="password"
              label={t(kind === 'pin' ? 'lock.screen.pin' : 'lock.screen.passphrase')}
              value={code}
              onChange={(event) => setCode(event.target.value)}
              autoFocus
              disabled={checking}
              slotProps={{
                htmlInput: {
                  'data-testid': 'unlock-code',
                  inputMode: kind === 'pin' ? 'numeric' : 'text',
                  maxLength: 200,
                },
              }}
            />
            <Stack spacing={2} sx={{ mt: 2 }}>
              {message && !waiting && (
                <Alert severity="error" data-testid="unlock-error">
                  {t(message.key, message.count === undefined ? {} : { count: message.count })}
                </Alert>
              )}
              {waiting && (
                <Alert severity="warning" data-testid="unlock-wait" role="status">
                  {t('lock.screen.wait', { seconds: Math.ceil(waitMs / 1000) })}
                </Alert>
              )}
              <Button
                type="submit"
                variant="contained"
                disabled={checking || waiting || code === ''}
                data-testid="unlock"
              >
                {checking ? t('lock.screen.checking') : t('lock.screen.unlock')}
              </Button>
            </Stack>
          </form>
        ) : (
          <Alert severity="warning">{t('lock.screen.nobody')}</Alert>
        )}
      </Paper>
    </Box>
  );
}
