import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordsHome } from '../../../shared/ipc/contract';
import { formatDateTime } from '../i18n';
import { useDesk } from './context';
import { call } from './transport';

/**
 * Instead of the first-run screen when the data folder's workspace already exists but this browser
 * (profile, origin) holds none of its records: a second setup here would start a second, diverging
 * workspace on the same folder. Says where the records are and how to get there.
 */
export function RecordsElsewhere({ home }: { home: RecordsHome }) {
  const { t, i18n } = useTranslation();
  const { info } = useDesk();
  const since = formatDateTime(home.since, i18n.language);
  const current = window.location.origin;
  return (
    <Box component="main" sx={{ p: 6, maxWidth: 760, mx: 'auto' }} data-testid="records-elsewhere">
      <Alert severity="warning" variant="outlined">
        <AlertTitle>
          <Typography variant="h5" component="h1">
            {t('home.title')}
          </Typography>
        </AlertTitle>
        {home.transport === 'electron' ? (
          <Typography sx={{ mb: 1 }}>{t('home.whereDesktop', { since })}</Typography>
        ) : (
          <>
            <Typography sx={{ mb: 1 }}>{t('home.where', { since, origin: home.origin })}</Typography>
            <Typography sx={{ mb: 1 }} data-testid="records-elsewhere-why">
              {home.origin === current ? t('home.sameAddress') : t('home.otherAddress', { current })}
            </Typography>
            <Typography sx={{ mb: 1, fontWeight: 'bold' }} data-testid="records-elsewhere-how">
              {t('home.how', { origin: home.origin })}
            </Typography>
          </>
        )}
        <Typography sx={{ mb: 1 }}>{t('home.dataFolder', { dataDir: info.dataDir })}</Typography>
        <Typography>{t('home.newWorkspace')}</Typography>
      </Alert>
    </Box>
  );
}

/**
 * Once this page holds the workspace's records (set up here, or joined and received), the data
 * folder remembers this origin: the browser host then keeps this port, and another browser or port
 * shows RecordsElsewhere instead of a second first run.
 */
export function useClaimRecordsHome(holdsRecords: boolean): void {
  const { desk, info } = useDesk();
  const claimed = info.recordsHome !== null;
  useEffect(() => {
    if (!holdsRecords || claimed) return;
    call(desk, 'workspace:records-here', {}).catch((error: unknown) => {
      // Not fatal: the app works; only the explanation for another browser is missing.
      void desk.invoke('log:write', { level: 'warn', message: `records home not saved: ${String(error)}` });
    });
  }, [desk, holdsRecords, claimed]);
}
