import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lastUpgradeProgress, onUpgradeProgress, type UpgradeProgress } from '../db/upgrade-progress';

/** After this long, opening is most likely a database upgrade over many records: say so. */
const SLOW_MS = 3000;

/**
 * Shown while the workspace database opens. A new version may rework stored rows: its upgrade
 * reports each step's progress (renderer/src/db/upgrade-progress.ts), shown as a bar and a sentence;
 * between steps, while the database reworks its indexes, a moving bar.
 */
export function Opening() {
  const { t, i18n } = useTranslation();
  const [slow, setSlow] = useState(false);
  const [progress, setProgress] = useState<UpgradeProgress | null>(lastUpgradeProgress);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SLOW_MS);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => onUpgradeProgress(setProgress), []);
  const numbers = new Intl.NumberFormat(i18n.language);
  const percent = progress && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0;
  // A step reported done: the database now reworks its indexes or tables (versions 15 and 16 spend
  // about a minute there on a busy shop's profile) and reports nothing until the next step. A full
  // bar would look stuck: a moving bar and a sentence say that work goes on.
  const between = progress !== null && progress.done >= progress.total;
  return (
    <Box sx={{ p: 6, maxWidth: 640, mx: 'auto', textAlign: 'center' }} role="status" data-testid="opening">
      {progress ? (
        <>
          <Typography component="h1" variant="h6">
            {t('upgrade.title')}
          </Typography>
          <LinearProgress
            variant={between ? 'indeterminate' : 'determinate'}
            {...(between ? {} : { value: percent })}
            aria-label={t('upgrade.progress')}
            sx={{ mt: 2 }}
            data-testid="opening-progress"
          />
          <Typography
            sx={{ mt: 1 }}
            data-testid="opening-step"
            data-step={between ? 'between' : progress.step}
          >
            {between
              ? t('upgrade.between')
              : t(`upgrade.steps.${progress.step}`, {
                  done: numbers.format(progress.done),
                  total: numbers.format(progress.total),
                })}
          </Typography>
        </>
      ) : (
        <>
          <CircularProgress aria-hidden />
          <Typography sx={{ mt: 2 }}>{t('app.loading')}</Typography>
        </>
      )}
      {slow && (
        <Typography color="text.secondary" sx={{ mt: 1 }} data-testid="opening-slow">
          {t('app.loadingSlow')}
        </Typography>
      )}
    </Box>
  );
}
