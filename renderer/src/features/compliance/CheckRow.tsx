import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { checkTitle, type CheckResult } from '../../../../shared/compliance';
import { explanation } from '../../../../shared/explain/texts';
import type { Route } from '../../app/route';
import { WhyButton } from '../../components/WhyButton';

/** One check: its name, the finding in plain words, why it matters, the things at fault and the fix. */
export function CheckRow({
  result,
  archiveEveryMonths,
  navigate,
}: {
  result: CheckResult;
  archiveEveryMonths: number;
  navigate: (route: Route) => void;
}) {
  const { t, i18n } = useTranslation();
  const why = explanation(result.topic, i18n.language);
  const named = result.items.filter((item) => item.label !== '');
  const titleId = `check-${result.id}-title`;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2 }}
      component="section"
      aria-labelledby={titleId}
      data-testid={`check-${result.id}`}
      data-passed={result.passed ? 'true' : 'false'}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        {result.passed ? <CheckCircleIcon color="success" /> : <ErrorIcon color="error" />}
        <Typography variant="subtitle1" component="h2" id={titleId} sx={{ fontWeight: 600, flexGrow: 1 }}>
          {checkTitle(result.id, i18n.language)}
        </Typography>
        <Chip
          size="small"
          color={result.passed ? 'success' : 'error'}
          label={result.passed ? t('compliance.screen.passed') : t('compliance.screen.failed')}
        />
        <WhyButton topic={result.topic} />
      </Stack>
      <Typography sx={{ mt: 1 }} data-testid="check-finding">
        {result.passed
          ? t(`compliance.checks.${result.id}.passed`)
          : t(`compliance.checks.${result.id}.${result.finding ?? 'failed'}`, {
              count: result.count,
              months: archiveEveryMonths,
            })}
      </Typography>
      {!result.passed && (
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {t('compliance.screen.whyMatters', { text: why.short, reference: why.reference })}
          </Typography>
          {named.length > 0 && (
            <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }} useFlexGap>
              {named.map((item, index) => (
                <Link
                  key={`${item.label}-${index}`}
                  component="button"
                  onClick={() => navigate(item.target)}
                  sx={{
                    fontFamily:
                      result.id.startsWith('request') || result.id === 'extension_notice'
                        ? 'monospace'
                        : undefined,
                  }}
                >
                  {item.label}
                </Link>
              ))}
              {result.count > named.length && named.length === result.items.length && (
                <Typography variant="body2" color="text.secondary">
                  {t('compliance.screen.more', { count: result.count - named.length })}
                </Typography>
              )}
            </Stack>
          )}
          <Button
            variant="contained"
            size="small"
            sx={{ mt: 1.5 }}
            onClick={() => navigate(result.fix)}
            data-testid={`fix-${result.id}`}
          >
            {t('compliance.screen.fix')}
          </Button>
        </>
      )}
    </Paper>
  );
}
