import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import MenuItem from '@mui/material/MenuItem';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { csvFileName } from '../../../../shared/csv';
import type { Purpose } from '../../../../shared/consent/model';
import type { Preference } from '../../../../shared/consent/derive';
import { displayName, type Subject } from '../../../../shared/domain/subject';
import { useDesk } from '../../app/context';
import { saveFile } from '../../app/files';
import { routeHref, type Route } from '../../app/route';
import { useToday } from '../../app/useToday';
import { EnumSelect } from '../../components/EnumSelect';
import { messageKeyOf } from '../../components/errors';
import { MAILING_PRESETS, type CsvSeparator, type SegmentFormat } from '../../db/consent-ledger';
import { decidedText, localisedName } from './hooks';

/** Rows drawn on screen; an export always holds the whole list. */
export const SEGMENT_SHOWN = 500;

const SEPARATORS = ['semicolon', 'comma'] as const;
const WITH_MAILING = [...SEPARATORS, ...MAILING_PRESETS] as const;
type FormatName = (typeof WITH_MAILING)[number];
const FORMAT: Record<FormatName, SegmentFormat> = {
  semicolon: ';',
  comma: ',',
  brevo: 'brevo',
  mailchimp: 'mailchimp',
};

/**
 * The purpose a list is about: the user's pick while it exists, otherwise the first active purpose
 * (the catalogue lists active purposes first), so a purpose added or deactivated elsewhere never
 * leaves the list pointing at nothing.
 */
export function usePurposeChoice(purposes: readonly Purpose[]): [Purpose | undefined, (id: string) => void] {
  const [picked, setPicked] = useState<string | null>(null);
  const purpose = purposes.find((candidate) => candidate.id === picked) ?? purposes[0];
  return [purpose, setPicked];
}

/** A select over the purposes catalogue; deactivated purposes say so. */
export function SegmentPurposeSelect({
  purposes,
  value,
  onValue,
  testId,
}: {
  purposes: readonly Purpose[];
  value: Purpose | undefined;
  onValue: (id: string) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <TextField
      select
      label={t('consents.screen.purpose')}
      value={value?.id ?? ''}
      onChange={(event) => onValue(event.target.value)}
      helperText=" "
      sx={{ flex: 2, minWidth: 260 }}
      slotProps={{ htmlInput: { 'data-testid': testId } }}
    >
      {purposes.map((purpose) => {
        const name = localisedName(purpose.name, i18n.language);
        return (
          <MenuItem key={purpose.id} value={purpose.id}>
            {purpose.active ? name : t('consents.screen.inactiveName', { name })}
          </MenuItem>
        );
      })}
    </TextField>
  );
}

/** A person's name linking to their page (a plain link: it opens with Enter and in the history). */
export function SegmentPersonLink({ subject }: { subject: Subject | null }) {
  const { t } = useTranslation();
  // People are removed only by an erasure; their decisions stay in the ledger without identity.
  if (!subject) return <>{t('erasure.erasedPerson')}</>;
  return <Link href={routeHref({ section: 'subjects', id: subject.id })}>{displayName(subject)}</Link>;
}

/** What to do when the catalogue is empty: the purposes are defined in Settings. */
export function SegmentNoPurposes({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      severity="info"
      data-testid="consents-no-purposes"
      action={
        <Button
          color="inherit"
          size="small"
          onClick={() => navigate({ section: 'settings', id: 'consents' })}
        >
          {t('consents.screen.goToSettings')}
        </Button>
      }
    >
      {t('consents.screen.noPurposes')}
    </Alert>
  );
}

/**
 * A list exported as CSV that opens cleanly in Excel: the separator follows the UI's language
 * (';' for Excel set up in French) until the user picks one; with `mailing`, also the contact
 * import columns of Brevo and Mailchimp. `run` builds the file and writes the export to the audit log.
 */
export function SegmentExportButton<F extends SegmentFormat = CsvSeparator>({
  run,
  fileBase,
  disabled,
  testId,
  mailing = false,
}: {
  run: (format: F) => Promise<{ csv: string; count: number }>;
  fileBase: string;
  disabled: boolean;
  testId: string;
  /** Offer the mailing tools' presets (then `run` must accept them). */
  mailing?: F extends CsvSeparator ? false : boolean;
}) {
  const { t, i18n } = useTranslation();
  const { desk, info } = useDesk();
  const today = useToday();
  const [picked, setPicked] = useState<FormatName | null>(null);
  const separator = picked ?? (i18n.language === 'fr' ? 'semicolon' : 'comma');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const exportCsv = async () => {
    setBusy(true);
    try {
      const { csv, count } = await run(FORMAT[separator] as F);
      const outcome = await saveFile(
        desk,
        info,
        csvFileName(fileBase, today),
        'text/csv',
        new TextEncoder().encode(csv),
      );
      if (outcome !== 'cancelled') setMessage(t('consents.screen.exported', { count }));
    } catch (error) {
      setMessage(t(messageKeyOf(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <EnumSelect
        size="small"
        label={t(mailing ? 'consents.screen.format' : 'consents.screen.separator')}
        value={separator}
        options={mailing ? WITH_MAILING : SEPARATORS}
        labelOf={(value) => t(`consents.screen.separators.${value}`)}
        onValue={setPicked}
        testId={`${testId}-separator`}
        sx={{ width: 300, flexShrink: 0 }}
      />
      <Button
        variant="outlined"
        startIcon={<DownloadIcon />}
        disabled={disabled || busy}
        onClick={() => void exportCsv()}
        data-testid={testId}
        sx={{ flexShrink: 0 }}
      >
        {t('consents.screen.exportCsv')}
      </Button>
      <Snackbar
        open={Boolean(message)}
        autoHideDuration={5000}
        onClose={() => setMessage(null)}
        message={message ?? ''}
        data-testid={`${testId}-done`}
      />
    </Stack>
  );
}

/** People ticked in a list (by subject id), with the words of the boxes. */
export type PeopleSelection = {
  selected: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
  /** The label of a person's box, e.g. "Choose Jane Doe for the campaign". */
  label: (name: string) => string;
  allLabel: string;
};

/**
 * People chosen from the ledger (a segment, a re-consent list): name, contacts, when they decided,
 * and one column of the caller's, at most SEGMENT_SHOWN rows (the export has them all). With
 * `selection`, a box per person and one for every person shown.
 */
export function PeopleTable<R extends { subject: Subject; latest: Preference }>({
  rows,
  lastHeader,
  last,
  testId,
  selection,
}: {
  rows: readonly R[];
  lastHeader: string;
  last: (row: R) => string;
  testId: string;
  selection?: PeopleSelection;
}) {
  const { t, i18n } = useTranslation();
  const shown = rows.slice(0, SEGMENT_SHOWN);
  const ticked = selection ? shown.filter((row) => selection.selected.has(row.subject.id)).length : 0;
  const toggle = (id: string, on: boolean) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (on) next.add(id);
    else next.delete(id);
    selection.onChange(next);
  };
  return (
    <>
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" data-testid={`${testId}s`}>
          <TableHead>
            <TableRow>
              {selection && (
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={shown.length > 0 && ticked === shown.length}
                    indeterminate={ticked > 0 && ticked < shown.length}
                    onChange={(event) =>
                      selection.onChange(
                        new Set(event.target.checked ? shown.map((row) => row.subject.id) : []),
                      )
                    }
                    slotProps={{ input: { 'aria-label': selection.allLabel } }}
                    data-testid={`${testId}-select-all`}
                  />
                </TableCell>
              )}
              <TableCell>{t('consents.screen.columns.name')}</TableCell>
              <TableCell>{t('consents.screen.columns.email')}</TableCell>
              <TableCell>{t('consents.screen.columns.phone')}</TableCell>
              <TableCell>{t('consents.screen.columns.decidedAt')}</TableCell>
              <TableCell>{lastHeader}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((row) => (
              <TableRow key={row.subject.id} data-testid={testId}>
                {selection && (
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={selection.selected.has(row.subject.id)}
                      onChange={(event) => toggle(row.subject.id, event.target.checked)}
                      slotProps={{ input: { 'aria-label': selection.label(displayName(row.subject)) } }}
                      data-testid={`${testId}-select`}
                    />
                  </TableCell>
                )}
                <TableCell>
                  <SegmentPersonLink subject={row.subject} />
                </TableCell>
                <TableCell>{row.subject.email}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.subject.phone}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{decidedText(row.latest, i18n.language)}</TableCell>
                <TableCell>{last(row)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {rows.length > SEGMENT_SHOWN && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {t('consents.screen.shownFirst', { shown: SEGMENT_SHOWN })}
        </Typography>
      )}
    </>
  );
}
