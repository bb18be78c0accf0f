import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';

/** Shown instead of the app when it cannot start: a sentence, never a stack trace. */
export function StartFailure({ reason }: { reason: string }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ p: 6, maxWidth: 640, mx: 'auto', fontFamily: 'system-ui, sans-serif' }}>
      <Alert severity="error" data-testid="start-failure">
        <AlertTitle>{t('app.startFailed')}</AlertTitle>
        <p>{t(reason)}</p>
        <p>{t('app.startFailedHint')}</p>
        <Button color="inherit" variant="outlined" onClick={() => window.location.reload()}>
          {t('app.retry')}
        </Button>
      </Alert>
    </Box>
  );
}
