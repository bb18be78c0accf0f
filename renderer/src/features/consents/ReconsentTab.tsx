import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../../../shared/consent/model';
import { useDesk, useWriteContext } from '../../app/context';
import { useDbQuery } from '../../app/queries';
import type { Route } from '../../app/route';
import { useToday } from '../../app/useToday';
import { exportReconsent, reconsentRows } from '../../db/consent-ledger';
import type { ReconsentRow } from '../../db/consents';
import { CampaignButton, CampaignsList } from './CampaignDialog';
import { localisedName, useNotices, usePurposes } from './hooks';
import {
  SegmentExportButton,
  SegmentNoPurposes,
  PeopleTable,
  SegmentPurposeSelect,
  usePurposeChoice,
} from './SegmentControls';

/**
 * People whose consent should be asked for again: older than the purpose's re-consent period, or
 * given under a notice that a newer version of the same kind and language has replaced.
 */
export function ReconsentTab({ navigate }: { navigate: (route: Route) => void }) {
  const { t, i18n } = useTranslation();
  const { db } = useDesk();
  const ctx = useWriteContext();
  const today = useToday();
  const purposes = usePurposes();
  const notices = useNotices();
  const [purpose, pickPurpose] = usePurposeChoice(purposes.data ?? []);
  const purposeId = purpose?.id ?? '';
  const due = useDbQuery(['consents', 'reconsent', purposeId, today], (database) =>
    purposeId ? reconsentRows(database, purposeId, today) : Promise.resolve(null),
  );
  // People ticked for a campaign, per purpose: none ticked means the whole list.
  const [ticked, setTicked] = useState<{ purposeId: string; ids: ReadonlySet<string> }>({
    purposeId: '',
    ids: new Set(),
  });

  if (purposes.data?.length === 0) return <SegmentNoPurposes navigate={navigate} />;
  if (!purpose) return null;
  const rows = due.data ?? null;
  const selected = ticked.purposeId === purpose.id ? ticked.ids : new Set<string>();
  const chosen = (rows ?? []).filter((row) => selected.has(row.subject.id)).map((row) => row.subject.id);
  const reason = (row: ReconsentRow, of: Purpose) => {
    if (row.reason === 'expired')
      return t('consents.screen.reconsent.reasons.expired', { count: of.reconsentMonths });
    const notice = notices.data?.find((candidate) => candidate.id === row.latest.noticeId);
    return t('consents.screen.reconsent.reasons.notice_replaced', { number: notice?.number ?? '?' });
  };
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('consents.screen.reconsent.intro')}
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' }, mb: 2 }}>
        <SegmentPurposeSelect
          purposes={purposes.data ?? []}
          value={purpose}
          onValue={pickPurpose}
          testId="reconsent-purpose"
        />
        <Typography color="text.secondary">
          {t('consents.screen.reconsent.period', { count: purpose.reconsentMonths })}
        </Typography>
      </Stack>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' }, mb: 1 }}
      >
        <div>
          <Typography variant="h6" component="p" data-testid="reconsent-count">
            {rows ? t('consents.screen.reconsent.count', { count: rows.length }) : ' '}
          </Typography>
          {rows && rows.length > 0 && (
            <Typography variant="body2" color="text.secondary" data-testid="reconsent-selected">
              {chosen.length > 0
                ? t('campaigns.selected', { count: chosen.length })
                : t('campaigns.selectionHint')}
            </Typography>
          )}
        </div>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }}>
          <SegmentExportButton
            run={(separator) => exportReconsent(db, ctx, purpose.id, today, t, separator)}
            fileBase={t('consents.screen.reconsent.fileName', {
              purpose: localisedName(purpose.name, i18n.language),
            })}
            disabled={!rows || rows.length === 0}
            testId="reconsent-export"
          />
          <CampaignButton
            purpose={purpose}
            subjectIds={chosen.length > 0 ? chosen : null}
            disabled={!rows || rows.length === 0}
          />
        </Stack>
      </Stack>
      {rows && rows.length === 0 && (
        <Alert severity="success" data-testid="reconsent-empty">
          {t('consents.screen.reconsent.empty')}
        </Alert>
      )}
      {rows && rows.length > 0 && (
        <PeopleTable
          rows={rows}
          lastHeader={t('consents.screen.columns.reason')}
          last={(row) => reason(row, purpose)}
          testId="reconsent-row"
          selection={{
            selected,
            onChange: (ids) => setTicked({ purposeId: purpose.id, ids }),
            label: (name) => t('campaigns.select', { name }),
            allLabel: t('campaigns.selectAll'),
          }}
        />
      )}
      {due.isError && <Alert severity="error">{t('errors.internal')}</Alert>}
      <CampaignsList purpose={purpose} />
    </>
  );
}
