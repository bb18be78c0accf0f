import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** After this long, opening is most likely a database upgrade over many records: say so. */
const SLOW_MS = 3000;

/** Shown while the workspace database opens (a new version may rebuild indexes over every record). */
export function Opening() {
  const { t } = useTranslation();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SLOW_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <Box sx={{ p: 6, maxWidth: 640, mx: 'auto', textAlign: 'center' }} role="status" data-testid="opening">
      <CircularProgress aria-hidden />
      <Typography sx={{ mt: 2 }}>{t('app.loading')}</Typography>
      {slow && (
        <Typography color="text.secondary" sx={{ mt: 1 }} data-testid="opening-slow">
          {t('app.loadingSlow')}
        </Typography>
      )}
    </Box>
  );
}
