import DeleteForeverIcon from '@mui/icons-material/DeleteForever';
import ReplayIcon from '@mui/icons-material/Replay';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName, type Subject } from '../../../../shared/domain/subject';
import type { RuleOutcome } from '../../../../shared/retention';
import { categoryOf } from '../../../../shared/retention';
import { routeHref } from '../../app/route';
import { useToday } from '../../app/useToday';
import { formatDay } from '../../i18n';
import { usePurposes } from '../consents/hooks';
import { QuickCapture } from '../consents/QuickCapture';
import { useRetentionReview } from './hooks';
import { ruleTarget, ruleText } from './ruleText';
import { WhyButton } from '../../components/WhyButton';

/** Rows drawn at first; "show more" adds as many again. */
const PAGE = 100;

/**
 * The people whose data has passed its retention period, the longest overdue first, with the rule
 * that kept it longest. Two ways out: ask for consent again (quick capture for that person: their
 * answer is a new contact, which takes them off the list), or erase (`onErase`, the erasure flow).
 */
export function RetentionReview({ onErase }: { onErase: (subjectId: string) => void }) {
  const { t, i18n } = useTranslation();
  const today = useToday();
  const review = useRetentionReview(today);
  const purposes = usePurposes().data ?? [];
  const [shown, setShown] = useState(PAGE);
  const [asking, setAsking] = useState<Subject | null>(null);
  const [saved, setSaved] = useState(false);

  if (review.isError) return <Alert severity="error">{t('errors.internal')}</Alert>;
  const data = review.data;
  if (!data) return null;
  const reason = (outcome: RuleOutcome) => {
    if (outcome.cause !== 'period')
      return `${ruleTarget(t, outcome, purposes, i18n.language)} — ${t(`retention.causes.${outcome.cause}`, {
        date: formatDay(outcome.startedOn, i18n.language),
      })}`;
    return `${ruleText(t, outcome, purposes, i18n.language)} (${formatDay(outcome.startedOn, i18n.language)})`;
  };

  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('retention.review.intro')} <WhyButton topic="retention" />
      </Typography>
      {data.activeRules === 0 ? (
        <Alert severity="info" data-testid="retention-no-rules">
          {t('retention.review.noRules')}
        </Alert>
      ) : (
        <>
          <Typography variant="h6" component="p" data-testid="retention-count" sx={{ mb: 1 }}>
            {t('retention.review.count', { count: data.rows.length })}
          </Typography>
          {data.uncovered > 0 && (
            <Alert severity="warning" sx={{ mb: 2 }} data-testid="retention-uncovered">
              {t('retention.review.uncovered', { count: data.uncovered })}
            </Alert>
          )}
          {data.rows.length === 0 && (
            <Alert severity="success" data-testid="retention-empty">
              {t('retention.review.empty')}
            </Alert>
          )}
        </>
      )}
      {data.rows.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{t('retention.review.person')}</TableCell>
                <TableCell>{t('retention.review.category')}</TableCell>
                <TableCell>{t('retention.review.reason')}</TableCell>
                <TableCell>{t('retention.review.endedOn')}</TableCell>
                <TableCell align="right">{t('retention.review.actions')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.rows.slice(0, shown).map(({ subject, finding }) => (
                <TableRow key={subject.id} data-testid="retention-row">
                  <TableCell>
                    <Link href={routeHref({ section: 'subjects', id: subject.id })}>
                      {displayName(subject)}
                    </Link>
                    <Typography variant="body2" color="text.secondary">
                      {[subject.email, subject.phone].filter(Boolean).join(' · ')}
                    </Typography>
                  </TableCell>
                  <TableCell>{t(`retention.categories.${categoryOf(subject)}`)}</TableCell>
                  <TableCell>{reason(finding.reason)}</TableCell>
                  <TableCell>{formatDay(finding.endsOn, i18n.language)}</TableCell>
                  <TableCell align="right">
                    <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
                      <Button
                        size="small"
                        startIcon={<ReplayIcon />}
                        onClick={() => setAsking(subject)}
                        data-testid="retention-reconsent"
                      >
                        {t('retention.review.reconsent')}
                      </Button>
                      <Button
                        size="small"
                        color="error"
                        startIcon={<DeleteForeverIcon />}
                        onClick={() => onErase(subject.id)}
                        data-testid="retention-erase"
                      >
                        {t('retention.review.erase')}
                      </Button>
                    </Stack>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {data.rows.length > shown && (
        <Button onClick={() => setShown((current) => current + PAGE)} sx={{ mt: 1 }}>
          {t('retention.review.more', { count: Math.min(PAGE, data.rows.length - shown) })}
        </Button>
      )}
      {asking && (
        <QuickCapture
          subject={asking}
          onClose={() => setAsking(null)}
          onSaved={() => {
            setAsking(null);
            setSaved(true);
          }}
        />
      )}
      <Snackbar
        open={saved}
        autoHideDuration={4000}
        onClose={() => setSaved(false)}
        message={t('retention.review.reconsentSaved')}
      />
    </>
  );
}
