import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SpaceForm } from './SpaceForm';
import { usePassState, useSyncRunner } from './SyncProvider';

/**
 * First run on a second computer: join the space instead of setting up a new organisation (which
 * would leave two). The organisation, staff and records arrive through the first pass; the app
 * then moves on by itself, since it waits only for an organisation to exist.
 */
export function JoinWorkspace({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const runner = useSyncRunner();
  const pass = usePassState();
  const [joined, setJoined] = useState(false);
  const [receiving, setReceiving] = useState(false);

  const receive = async () => {
    setJoined(true);
    setReceiving(true);
    await runner.runNow();
    setReceiving(false);
  };

  return (
    <Stack spacing={2} data-testid="join-workspace">
      <Typography variant="h6" component="h2">
        {t('sync.setup.joinHeading')}
      </Typography>
      <Typography color="text.secondary">{t('sync.setup.joinIntro')}</Typography>
      {!joined && <SpaceForm kind="join" onDone={() => void receive()} />}
      {joined && receiving && (
        <>
          <Typography>{t('sync.setup.receiving')}</Typography>
          <LinearProgress />
        </>
      )}
      {joined && !receiving && !pass.error && <Alert severity="info">{t('sync.setup.waiting')}</Alert>}
      {joined && pass.error && <Alert severity="error">{t(pass.error)}</Alert>}
      {!joined && (
        <Stack direction="row">
          <Button onClick={onBack}>{t('sync.setup.back')}</Button>
        </Stack>
      )}
    </Stack>
  );
}
