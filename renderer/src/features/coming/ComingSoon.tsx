import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

/** Sections whose screens later issues deliver: say what is coming, nothing pretend. */
export function ComingSoon({ section }: { section: 'registers' | 'archive' }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {t(`nav.${section}`)}
      </Typography>
      <Alert severity="info" data-testid="coming-soon">
        <strong>{t('coming.title')}</strong> — {t(`coming.${section}`)}
      </Alert>
    </>
  );
}
