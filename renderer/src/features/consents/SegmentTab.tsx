import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_CHANNELS, type ConsentChannel } from '../../../../shared/consent/model';
import { useDesk, useWriteContext } from '../../app/context';
import { useDbQuery } from '../../app/queries';
import type { Route } from '../../app/route';
import { useToday } from '../../app/useToday';
import { EnumSelect } from '../../components/EnumSelect';
import { exportSegment, type SegmentFilters, type SegmentFormat } from '../../db/consent-ledger';
import { segmentOf } from '../../db/consents';
import { localisedName, usePurposes } from './hooks';
import {
  SegmentExportButton,
  SegmentNoPurposes,
  PeopleTable,
  SegmentPurposeSelect,
  usePurposeChoice,
} from './SegmentControls';

const CHANNEL_FILTERS = ['any', ...CONSENT_CHANNELS] as const;

/** '' is no bound; anything but a whole number of months is an error (null). */
function monthsOf(text: string): number | undefined | null {
  if (text.trim() === '') return undefined;
  const months = Number(text);
  return Number.isInteger(months) && months >= 0 && months <= 1200 ? months : null;
}

/**
 * Who may be contacted today for a purpose, by how their consent was gathered and how old it is,
 * and the list as CSV for the mailing or SMS tool.
 */
export function SegmentTab({ navigate }: { navigate: (route: Route) => void }) {
  const { t, i18n } = useTranslation();
  const { db } = useDesk();
  const ctx = useWriteContext();
  const today = useToday();
  const purposes = usePurposes();
  const [purpose, pickPurpose] = usePurposeChoice(purposes.data ?? []);
  const [channel, setChannel] = useState<'any' | ConsentChannel>('any');
  const [minText, setMinText] = useState('');
  const [maxText, setMaxText] = useState('');
  const min = monthsOf(minText);
  const max = monthsOf(maxText);
  const reversed = typeof min === 'number' && typeof max === 'number' && min > max;
  const valid = min !== null && max !== null && !reversed;
  const filters: SegmentFilters = {
    today,
    channel: channel === 'any' ? undefined : channel,
    minAgeMonths: min ?? undefined,
    maxAgeMonths: max ?? undefined,
  };
  const purposeId = purpose?.id ?? '';
  const segment = useDbQuery(
    ['consents', 'segment', purposeId, channel, minText, maxText, today],
    (database) => (purposeId && valid ? segmentOf(database, purposeId, filters) : Promise.resolve(null)),
  );

  if (purposes.data?.length === 0) return <SegmentNoPurposes navigate={navigate} />;
  if (!purpose) return null;
  const rows = segment.data ?? null;
  const name = localisedName(purpose.name, i18n.language);
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('consents.screen.segments.intro')}
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }} useFlexGap>
        <SegmentPurposeSelect
          purposes={purposes.data ?? []}
          value={purpose}
          onValue={pickPurpose}
          testId="segment-purpose"
        />
        <EnumSelect
          label={t('consents.screen.segments.channel')}
          value={channel}
          options={CHANNEL_FILTERS}
          labelOf={(value) =>
            value === 'any'
              ? t('consents.screen.segments.anyChannel')
              : t(`consents.captureChannels.${value}`)
          }
          onValue={setChannel}
          testId="segment-channel"
          helperText=" "
          sx={{ flex: 1, minWidth: 180 }}
        />
        <TextField
          type="number"
          label={t('consents.screen.segments.minAge')}
          value={minText}
          onChange={(event) => setMinText(event.target.value)}
          error={min === null || reversed}
          helperText={
            min === null
              ? t('consents.screen.segments.wholeMonths')
              : reversed
                ? t('consents.screen.segments.reversed')
                : ' '
          }
          sx={{ width: 210, flexShrink: 0 }}
          slotProps={{
            inputLabel: { shrink: true },
            htmlInput: { min: 0, step: 1, 'data-testid': 'segment-min-age' },
          }}
        />
        <TextField
          type="number"
          label={t('consents.screen.segments.maxAge')}
          value={maxText}
          onChange={(event) => setMaxText(event.target.value)}
          error={max === null}
          helperText={max === null ? t('consents.screen.segments.wholeMonths') : ' '}
          sx={{ width: 210, flexShrink: 0 }}
          slotProps={{
            inputLabel: { shrink: true },
            htmlInput: { min: 0, step: 1, 'data-testid': 'segment-max-age' },
          }}
        />
      </Stack>
      {!purpose.active && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('consents.screen.segments.inactive')}
        </Alert>
      )}
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' }, mb: 1 }}
      >
        <Typography variant="h6" component="p" data-testid="segment-count">
          {rows ? t('consents.screen.segments.count', { count: rows.length }) : ' '}
        </Typography>
        <SegmentExportButton
          run={(format: SegmentFormat) => exportSegment(db, ctx, purpose.id, filters, t, format)}
          mailing
          fileBase={t('consents.screen.segments.fileName', { purpose: name })}
          disabled={!valid || !rows || rows.length === 0}
          testId="segment-export"
        />
      </Stack>
      {rows && rows.length === 0 && purpose.active && (
        <Alert severity="info">{t('consents.screen.segments.empty')}</Alert>
      )}
      {rows && rows.length > 0 && (
        <PeopleTable
          rows={rows}
          lastHeader={t('consents.screen.columns.channel')}
          last={(row) => t(`consents.captureChannels.${row.latest.channel}`)}
          testId="segment-row"
        />
      )}
      {segment.isError && <Alert severity="error">{t('errors.internal')}</Alert>}
    </>
  );
}
