import FactCheckIcon from '@mui/icons-material/FactCheck';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../../app/context';
import type { Route } from '../../app/route';
import { LEDGER_PAGE, recentConsentEvents } from '../../db/consent-ledger';
import { formatDateTime } from '../../i18n';
import { useStaffNames } from '../staff/useStaffNames';
import { decidedText, localisedName, useNotices, usePurposes } from './hooks';
import { QuickCapture } from './QuickCapture';
import { SegmentNoPurposes, SegmentPersonLink } from './SegmentControls';

const DECISION_COLOR = { granted: 'success', refused: 'default', withdrawn: 'warning' } as const;

/**
 * The consent ledger as it was recorded, newest first: who decided what, when, how, under which
 * notice, and who typed it in. Read-only: a decision is corrected or withdrawn from the person's page.
 */
export function LedgerTab({ navigate }: { navigate: (route: Route) => void }) {
  const { t, i18n } = useTranslation();
  const { db } = useDesk();
  const purposes = usePurposes();
  const notices = useNotices();
  const who = useStaffNames();
  const [limit, setLimit] = useState(LEDGER_PAGE);
  const [capturing, setCapturing] = useState(false);
  // Under the 'db' key like useDbQuery (refreshed after every write), but the rows already shown
  // stay on screen while "load more" reads the next page, so the table neither blinks nor scrolls.
  const ledger = useQuery({
    queryKey: ['db', 'consents', 'ledger', limit],
    queryFn: () => recentConsentEvents(db, limit),
    placeholderData: keepPreviousData,
  });
  const purposeName = (id: string) => {
    const purpose = purposes.data?.find((candidate) => candidate.id === id);
    return purpose ? localisedName(purpose.name, i18n.language) : '';
  };
  const noticeLabel = (id: string) => {
    const notice = notices.data?.find((candidate) => candidate.id === id);
    return notice ? `v${notice.number}` : '';
  };
  const page = ledger.data;

  if (purposes.data?.length === 0 && page?.total === 0) return <SegmentNoPurposes navigate={navigate} />;
  return (
    <>
      {page?.total === 0 && (
        <Alert
          severity="info"
          data-testid="ledger-empty"
          action={
            <Button
              color="inherit"
              size="small"
              startIcon={<FactCheckIcon />}
              onClick={() => setCapturing(true)}
            >
              {t('consents.quickCapture')}
            </Button>
          }
        >
          {t('consents.screen.ledger.empty')}
        </Alert>
      )}
      {page && page.total > 0 && (
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="ledger-shown">
            {t('consents.screen.ledger.shown', { shown: page.rows.length, total: page.total })}
          </Typography>
          <TableContainer component={Paper} variant="outlined">
            <Table size="small" data-testid="ledger-rows">
              <TableHead>
                <TableRow>
                  <TableCell>{t('consents.screen.columns.decidedAt')}</TableCell>
                  <TableCell>{t('consents.screen.columns.person')}</TableCell>
                  <TableCell>{t('consents.screen.columns.purpose')}</TableCell>
                  <TableCell>{t('consents.screen.columns.decision')}</TableCell>
                  <TableCell>{t('consents.screen.columns.channel')}</TableCell>
                  <TableCell>{t('consents.screen.columns.notice')}</TableCell>
                  <TableCell>{t('consents.screen.columns.recordedBy')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {page.rows.map(({ event, subject }) => (
                  <TableRow key={event.id} data-testid="ledger-row">
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{decidedText(event, i18n.language)}</TableCell>
                    <TableCell>
                      <SegmentPersonLink subject={subject} />
                    </TableCell>
                    <TableCell>{purposeName(event.purposeId)}</TableCell>
                    <TableCell>
                      <Stack direction="row" spacing={0.5}>
                        <Chip
                          size="small"
                          color={DECISION_COLOR[event.decision]}
                          label={t(`consents.decisions.${event.decision}`)}
                        />
                        {event.correctsEventId && (
                          <Chip
                            size="small"
                            variant="outlined"
                            label={t('consents.screen.ledger.correction')}
                          />
                        )}
                      </Stack>
                    </TableCell>
                    <TableCell>{t(`consents.captureChannels.${event.channel}`)}</TableCell>
                    <TableCell>{noticeLabel(event.noticeId)}</TableCell>
                    <TableCell>
                      {who(event.createdBy)}
                      <Typography variant="caption" color="text.secondary" component="div">
                        {formatDateTime(event.createdAt, i18n.language)}
                      </Typography>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          {page.hasMore && (
            <Button
              sx={{ mt: 1 }}
              disabled={ledger.isFetching}
              onClick={() => setLimit((current) => current + LEDGER_PAGE)}
              data-testid="ledger-more"
            >
              {t('consents.screen.ledger.loadMore')}
            </Button>
          )}
        </>
      )}
      {ledger.isError && <Alert severity="error">{t('errors.internal')}</Alert>}
      {capturing && <QuickCapture onClose={() => setCapturing(false)} onSaved={() => setCapturing(false)} />}
    </>
  );
}
