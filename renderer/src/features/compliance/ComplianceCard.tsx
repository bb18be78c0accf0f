import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import type { Route } from '../../app/route';
import { useComplianceChecks } from './hooks';

/** The dashboard's line about compliance: how many checks need fixing, and the way to them. */
export function ComplianceCard({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const checks = useComplianceChecks();
  if (!checks.data) return null;
  const failed = checks.data.results.filter((result) => !result.passed).length;
  return (
    <Alert
      severity={failed === 0 ? 'success' : 'warning'}
      sx={{ mb: 2 }}
      data-testid="compliance-card"
      action={
        <Button color="inherit" size="small" onClick={() => navigate({ section: 'compliance' })}>
          {t('compliance.card.open')}
        </Button>
      }
    >
      <strong>{t('compliance.card.title')} — </strong>
      {failed === 0 ? t('compliance.card.allPassed') : t('compliance.card.failed', { count: failed })}
    </Alert>
  );
}
