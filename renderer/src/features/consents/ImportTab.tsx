import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import readXlsxFile from 'read-excel-file/browser';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkImportSize,
  decodeCsvBytes,
  ImportError,
  parseCsvTable,
  sheetTable,
  sniffFile,
  type CsvTable,
  type SheetCell,
} from '../../../../shared/consent/import';
import { noticeInForce, type ConflictChoice, type MatchKey } from '../../../../shared/consent/import-match';
import {
  IMPORT_FIELDS,
  layoutOf,
  mailingExportOf,
  mailingWithdrawalRows,
  suggestMapping,
  validateImportRows,
  type ColumnRole,
  type ImportIssue,
  type ImportMapping,
} from '../../../../shared/consent/import-rows';
import { CONSENT_CHANNELS, type ConsentChannel } from '../../../../shared/consent/model';
import { displayName } from '../../../../shared/domain/subject';
import { useDesk } from '../../app/context';
import { useDbMutation, useDbQuery } from '../../app/queries';
import { useToday } from '../../app/useToday';
import { EnumSelect } from '../../components/EnumSelect';
import { messageKeyOf } from '../../components/errors';
import {
  planImport,
  planWithdrawals,
  plannedGroups,
  previousImports,
  rememberedMapping,
  rememberMapping,
  storeImport,
  type ImportStoreInput,
  type ImportSummary,
  type PlannedGroup,
} from '../../db/consent-import';
import { loadSuppressionChecker } from '../../db/erasure';
import { write } from '../../db/write';
import { formatDateTime } from '../../i18n';
import { localisedName, useNotices, usePurposes } from './hooks';

type Sheet = { sheet: string; data: SheetCell[][] };

type Loaded = {
  name: string;
  hash: string;
  encoding?: string;
  sheets?: Sheet[];
  sheet: number;
  table: CsvTable;
  previous: { at: string; count: number }[];
};

type Mode = 'consents' | 'unsubscribes';
const MODES: readonly Mode[] = ['consents', 'unsubscribes'];

type Report = {
  /** Withdrawals from a mailing tool for addresses nobody on file has (nobody is created). */
  notOnFile: number;
  valid: number;
  decisions: number;
  invalid: ImportIssue[];
  plan: PlannedGroup[];
};

const SHOWN_ISSUES = 200;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const roleValue = (role: ColumnRole): string =>
  role.kind === 'field'
    ? `field:${role.field}`
    : role.kind === 'purpose'
      ? `purpose:${role.purposeId}`
      : role.kind;

function roleOf(value: string): ColumnRole {
  if (value.startsWith('field:'))
    return { kind: 'field', field: value.slice(6) as (typeof IMPORT_FIELDS)[number] };
  if (value.startsWith('purpose:')) return { kind: 'purpose', purposeId: value.slice(8) };
  return value === 'unknownPurpose' ? { kind: 'unknownPurpose' } : { kind: 'ignore' };
}

/** A few distinct non-empty values of a column, to recognise it. */
function samplesOf(table: CsvTable, column: number): string[] {
  const seen = new Set<string>();
  for (const row of table.rows) {
    const value = (row[column] ?? '').trim();
    if (value) seen.add(value.length > 40 ? `${value.slice(0, 39)}…` : value);
    if (seen.size >= 3) break;
  }
  return [...seen];
}

/** "Anne D." — enough to recognise someone in a conflict without spelling out the whole record. */
const shortName = (person: { firstName: string; lastName: string }): string =>
  person.firstName && person.lastName
    ? `${person.firstName} ${person.lastName.slice(0, 1)}.`
    : displayName(person);

/**
 * Consents kept in a spreadsheet: choose the file (.xlsx or CSV), say what each column holds, check
 * every row, settle who each person is (conflicts are decided by the user, never guessed), then
 * confirm. Nothing is stored before the confirmation, and a failed import stores nothing.
 */
export function ImportTab() {
  const { t, i18n } = useTranslation();
  const { db } = useDesk();
  const today = useToday();
  const purposes = usePurposes().data ?? [];
  const noticesQuery = useNotices().data;
  const suppressed = useDbQuery(['suppressions'], loadSuppressionChecker).data;
  const [mode, setMode] = useState<Mode>('consents');
  const [unsubscribePurpose, setUnsubscribePurpose] = useState<string>('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [againConfirmed, setAgainConfirmed] = useState(false);
  const [mapping, setMapping] = useState<ImportMapping>([]);
  const [remembered, setRemembered] = useState(false);
  const [defaultChannel, setDefaultChannel] = useState<ConsentChannel>('import');
  const [report, setReport] = useState<Report | null>(null);
  const [choices, setChoices] = useState<Record<number, ConflictChoice>>({});
  const [prior, setPrior] = useState<'create' | 'skip'>('create');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<ImportSummary | null>(null);
  const [checking, setChecking] = useState(false);
  const store = useDbMutation((db, ctx, input: ImportStoreInput) => storeImport(db, ctx, input));
  const createPurpose = useDbMutation((db, ctx, name: string) =>
    write(db, ctx, (w) => w.create('purpose', { name: { fr: name, en: name }, channel: 'other' })),
  );

  const reset = () => {
    setLoaded(null);
    setReport(null);
    setDone(null);
    setProblem(null);
    setChoices({});
    setAgainConfirmed(false);
  };

  const applyTable = async (table: CsvTable) => {
    const known = await rememberedMapping(db, table.headers);
    setRemembered(known !== null);
    setMapping(known ?? suggestMapping(table, purposes));
  };

  const open = async (file: File | undefined) => {
    reset();
    if (!file) return;
    try {
      // Refused before reading: a 200 MB file never reaches memory.
      checkImportSize(file.size);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const hash = await sha256Hex(bytes);
      const previous = await previousImports(db, hash);
      if (sniffFile(bytes.subarray(0, 8)) === 'xlsx') {
        let sheets: Sheet[];
        try {
          sheets = (await readXlsxFile(file)) as Sheet[];
        } catch {
          throw new ImportError('badWorkbook');
        }
        if (sheets.length === 0) throw new ImportError('badWorkbook');
        const table = sheetTable(sheets[0]?.data ?? []);
        setLoaded({ name: file.name, hash, sheets, sheet: 0, table, previous });
        await applyTable(table);
      } else {
        const { text, encoding } = decodeCsvBytes(bytes);
        const table = parseCsvTable(text);
        setLoaded({ name: file.name, hash, encoding, sheet: 0, table, previous });
        await applyTable(table);
      }
    } catch (error) {
      setProblem(error instanceof ImportError ? error.message : 'import.errors.binary');
    }
  };

  const chooseSheet = async (index: number) => {
    if (!loaded?.sheets) return;
    setReport(null);
    setProblem(null);
    try {
      const table = sheetTable(loaded.sheets[index]?.data ?? []);
      setLoaded({ ...loaded, sheet: index, table });
      await applyTable(table);
    } catch (error) {
      setProblem(error instanceof ImportError ? error.message : 'import.errors.badWorkbook');
    }
  };

  const layout = layoutOf(mapping);
  const unknownColumns = mapping.filter((role) => role.kind === 'unknownPurpose').length;

  const mailing = loaded ? mailingExportOf(loaded.table.headers) : undefined;
  const withdrawalPurpose =
    unsubscribePurpose ||
    (purposes.find((purpose) => purpose.active && purpose.channel === 'email')?.id ?? '');

  const checkWithdrawals = async () => {
    if (!loaded || !withdrawalPurpose) return;
    const result = mailingWithdrawalRows(loaded.table, withdrawalPurpose, { today });
    if (!result) return;
    const { plan, notOnFile } = await planWithdrawals(db, result.valid);
    setReport({
      notOnFile,
      valid: result.valid.length,
      decisions: result.valid.length,
      invalid: result.invalid,
      plan,
    });
    setChoices({});
    setDone(null);
  };

  const check = async () => {
    if (!loaded || !suppressed) return;
    setChecking(true);
    try {
      if (mode === 'unsubscribes') {
        await checkWithdrawals();
        return;
      }
      const result = validateImportRows(loaded.table, mapping, {
        purposes,
        today,
        defaultChannel,
        suppressed,
      });
      const plan = await planImport(db, result.valid);
      await rememberMapping(db, loaded.table.headers, mapping);
      setReport({
        notOnFile: 0,
        valid: result.valid.length,
        decisions: result.valid.reduce((sum, row) => sum + row.decisions.length, 0),
        invalid: result.invalid,
        plan,
      });
      setChoices({});
      setDone(null);
    } finally {
      setChecking(false);
    }
  };

  const counts = useMemo(() => {
    const notices = noticesQuery ?? [];
    const plan = report?.plan ?? [];
    const uncovered = plan
      .flatMap((group) => group.rows)
      .filter((row) => !noticeInForce(notices, row.decidedOn, row.channel))
      .reduce((sum, row) => sum + row.decisions.length, 0);
    return {
      fresh: plan.filter((group) => group.outcome.kind === 'new').length,
      matched: plan.filter((group) => group.outcome.kind === 'matched'),
      conflicts: plan.filter((group) => group.outcome.kind === 'conflict'),
      suppressed: (report?.invalid ?? []).filter((issue) => issue.reason === 'import.reasons.suppressed')
        .length,
      uncovered,
    };
  }, [report, noticesQuery]);

  const groupsToStore = (): ImportStoreInput['groups'] =>
    plannedGroups(report?.plan ?? [], (group) => {
      const choice = choices[group.index];
      if (choice?.kind === 'same') return { subjectId: choice.subjectId };
      if (choice?.kind === 'new') return { create: group.subject };
      return null;
    });
  const toStore = report ? groupsToStore() : [];
  const decisionsToStore = toStore.reduce(
    (sum, group) => sum + group.rows.reduce((rows, row) => rows + row.decisions.length, 0),
    0,
  );
  const undecided = counts.conflicts.filter((group) => !choices[group.index]).length;

  const confirm = async () => {
    if (!loaded || !report) return;
    try {
      setDone(
        await store.mutateAsync({
          groups: toStore,
          fileHash: loaded.hash,
          fileName: loaded.name,
          priorNotice:
            prior === 'skip'
              ? 'skip'
              : {
                  create: {
                    title: t('import.priorNoticeTitle'),
                    text: t('import.priorNoticeText', { name: loaded.name }),
                  },
                },
        }),
      );
      setReport(null);
    } catch (error) {
      setProblem(messageKeyOf(error));
    }
  };

  const keysText = (keys: readonly MatchKey[]) => keys.map((key) => t(`import.keys.${key}`)).join(', ');
  const separatorName = (separator: CsvTable['separator']) =>
    t(`import.separators.${separator === ';' ? 'semicolon' : separator === '\t' ? 'tab' : 'comma'}`);

  const again = loaded?.previous[0];
  const showMapping = loaded && (!again || againConfirmed) && mode === 'consents';
  const showUnsubscribes = loaded && (!again || againConfirmed) && mode === 'unsubscribes';

  return (
    <Stack spacing={2} data-testid="import-tab">
      <Typography color="text.secondary">{t('import.intro')}</Typography>
      <EnumSelect
        label={t('import.mode')}
        value={mode}
        options={MODES}
        labelOf={(value) => t(`import.modes.${value}`)}
        onValue={(value) => {
          setMode(value);
          reset();
        }}
        testId="import-mode"
        sx={{ maxWidth: 520 }}
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button component="label" variant="outlined" startIcon={<UploadFileIcon />}>
          {t('import.chooseFile')}
          <input
            hidden
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="import-file"
            onChange={(event) => {
              void open(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
        </Button>
        <Typography variant="body2" color="text.secondary">
          {t('import.limit')}
        </Typography>
      </Stack>
      {problem && (
        <Alert severity="error" data-testid="import-problem">
          {t(problem)}
        </Alert>
      )}
      {loaded && (
        <Typography data-testid="import-loaded">
          {loaded.sheets
            ? t('import.loadedXlsx', {
                name: loaded.name,
                rows: loaded.table.rows.length + loaded.table.broken.length,
                sheet: loaded.sheets[loaded.sheet]?.sheet ?? '',
              })
            : t('import.loadedCsv', {
                name: loaded.name,
                rows: loaded.table.rows.length + loaded.table.broken.length,
                encoding: loaded.encoding,
                separator: separatorName(loaded.table.separator),
              })}
        </Typography>
      )}
      {loaded?.table.truncated && <Alert severity="warning">{t('import.truncated')}</Alert>}
      {again && !againConfirmed && (
        <Alert
          severity="warning"
          data-testid="import-again"
          action={
            <Button
              color="inherit"
              onClick={() => setAgainConfirmed(true)}
              data-testid="import-again-continue"
            >
              {t('import.continueAgain')}
            </Button>
          }
        >
          {t('import.again', { date: formatDateTime(again.at, i18n.language), count: again.count })}
        </Alert>
      )}
      {showMapping && (
        <Paper variant="outlined" sx={{ p: 2 }} data-testid="import-mapping">
          <Typography variant="h6" component="h2" gutterBottom>
            {t('import.mappingTitle')}
          </Typography>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            {t('import.mappingHint')}
          </Typography>
          {remembered && (
            <Alert severity="info" sx={{ mb: 1 }}>
              {t('import.mappingRemembered')}
            </Alert>
          )}
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ my: 2 }}>
            {loaded.sheets && loaded.sheets.length > 1 && (
              <EnumSelect
                label={t('import.sheet')}
                value={String(loaded.sheet)}
                options={loaded.sheets.map((_, index) => String(index))}
                labelOf={(index) => loaded.sheets?.[Number(index)]?.sheet ?? index}
                onValue={(index) => void chooseSheet(Number(index))}
                testId="import-sheet"
                sx={{ minWidth: 200 }}
              />
            )}
            <EnumSelect
              label={t('import.defaultChannel')}
              value={defaultChannel}
              options={CONSENT_CHANNELS}
              labelOf={(channel) => t(`consents.captureChannels.${channel}`)}
              onValue={(channel) => {
                setDefaultChannel(channel);
                setReport(null);
              }}
              testId="import-default-channel"
              sx={{ minWidth: 280 }}
            />
          </Stack>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{t('import.column')}</TableCell>
                <TableCell>{t('import.samples')}</TableCell>
                <TableCell>{t('import.role')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {loaded.table.headers.map((header, index) => {
                const role = mapping[index] ?? { kind: 'ignore' };
                const label = header || t('import.columnN', { n: index + 1 });
                return (
                  <TableRow key={`${header}-${index}`} data-testid="import-column">
                    <TableCell>{label}</TableCell>
                    <TableCell sx={{ color: 'text.secondary' }}>
                      {samplesOf(loaded.table, index).join(' · ')}
                    </TableCell>
                    <TableCell>
                      <Stack spacing={1}>
                        <TextField
                          select
                          size="small"
                          label={label}
                          value={roleValue(role)}
                          onChange={(event) => {
                            const next = roleOf(event.target.value);
                            setMapping((current) => current.map((old, i) => (i === index ? next : old)));
                            setReport(null);
                          }}
                          slotProps={{ htmlInput: { 'data-testid': `import-role-${index}` } }}
                          sx={{ minWidth: 260 }}
                        >
                          <MenuItem value="ignore">{t('import.roles.ignore')}</MenuItem>
                          {IMPORT_FIELDS.map((field) => (
                            <MenuItem key={field} value={`field:${field}`}>
                              {t(`import.fields.${field}`)}
                            </MenuItem>
                          ))}
                          {purposes
                            .filter((purpose) => purpose.active)
                            .map((purpose) => (
                              <MenuItem key={purpose.id} value={`purpose:${purpose.id}`}>
                                {t('import.roles.purposeOf', {
                                  name: localisedName(purpose.name, i18n.language),
                                })}
                              </MenuItem>
                            ))}
                          {role.kind === 'unknownPurpose' && (
                            <MenuItem value="unknownPurpose">{t('import.roles.unknownPurpose')}</MenuItem>
                          )}
                        </TextField>
                        {role.kind === 'unknownPurpose' && (
                          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                            <Typography variant="body2">
                              {t('import.unknownPurposeHint', { header })}
                            </Typography>
                            <Button
                              size="small"
                              data-testid={`import-create-purpose-${index}`}
                              disabled={createPurpose.isPending}
                              onClick={() =>
                                void createPurpose.mutateAsync(header).then((purpose) => {
                                  setMapping((current) =>
                                    current.map((old, i) =>
                                      i === index ? { kind: 'purpose', purposeId: purpose.id } : old,
                                    ),
                                  );
                                  setReport(null);
                                })
                              }
                            >
                              {t('import.createPurpose', { header })}
                            </Button>
                            <Button
                              size="small"
                              onClick={() =>
                                setMapping((current) =>
                                  current.map((old, i) => (i === index ? { kind: 'ignore' } : old)),
                                )
                              }
                            >
                              {t('import.roles.ignore')}
                            </Button>
                          </Stack>
                        )}
                      </Stack>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <Alert severity={layout === 'none' ? 'warning' : 'info'} sx={{ mt: 2 }} data-testid="import-layout">
            {t(`import.layout.${layout}`, {
              count: mapping.filter((role) => role.kind === 'purpose').length,
            })}
          </Alert>
          {unknownColumns > 0 && (
            <Alert severity="warning" sx={{ mt: 1 }}>
              {t('import.unknownColumns')}
            </Alert>
          )}
          <Button
            variant="contained"
            sx={{ mt: 2 }}
            onClick={() => void check()}
            disabled={layout === 'none' || unknownColumns > 0 || checking || !suppressed}
            data-testid="import-check"
          >
            {t('import.check')}
          </Button>
        </Paper>
      )}
      {showUnsubscribes && (
        <Paper variant="outlined" sx={{ p: 2 }} data-testid="import-unsubscribes">
          {mailing ? (
            <Alert severity="info" sx={{ mb: 2 }} data-testid="import-mailing-tool">
              {t('import.mailing.recognised', { tool: t(`import.mailing.tools.${mailing.tool}`) })}
            </Alert>
          ) : (
            <Alert severity="warning" sx={{ mb: 2 }} data-testid="import-mailing-unknown">
              {t('import.mailing.notRecognised')}
            </Alert>
          )}
          <EnumSelect
            label={t('import.mailing.purpose')}
            value={withdrawalPurpose}
            options={purposes.filter((purpose) => purpose.active).map((purpose) => purpose.id)}
            labelOf={(id) =>
              localisedName(
                purposes.find((purpose) => purpose.id === id)?.name ?? { fr: '', en: '' },
                i18n.language,
              )
            }
            onValue={(id) => {
              setUnsubscribePurpose(id);
              setReport(null);
            }}
            testId="import-mailing-purpose"
            sx={{ minWidth: 320 }}
          />
          <div>
            <Button
              variant="contained"
              sx={{ mt: 2 }}
              onClick={() => void check()}
              disabled={!mailing || !withdrawalPurpose || checking}
              data-testid="import-check"
            >
              {t('import.check')}
            </Button>
          </div>
        </Paper>
      )}
      {report && loaded && (
        <Paper variant="outlined" sx={{ p: 2 }} data-testid="import-report">
          <Typography variant="h6" component="h2" gutterBottom>
            {t('import.reportTitle')}
          </Typography>
          <Alert
            severity={report.invalid.length ? 'warning' : 'success'}
            sx={{ mb: 2 }}
            data-testid="import-summary"
          >
            {t('import.reportSummary', {
              decisions: report.decisions,
              rows: report.valid,
              invalid: report.invalid.length,
            })}
          </Alert>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} sx={{ mb: 2 }}>
            <Typography data-testid="import-new-count">
              {t('import.newPeople', { count: counts.fresh })}
            </Typography>
            <Typography data-testid="import-matched-count">
              {t('import.matchedPeople', { count: counts.matched.length })}
            </Typography>
            <Typography data-testid="import-conflict-count">
              {t('import.conflicts', { count: counts.conflicts.length })}
            </Typography>
          </Stack>
          {report.notOnFile > 0 && (
            <Alert severity="info" sx={{ mb: 2 }} data-testid="import-not-on-file">
              {t('import.mailing.notOnFile', { count: report.notOnFile })}
            </Alert>
          )}
          {counts.suppressed > 0 && (
            <Alert severity="info" sx={{ mb: 2 }} data-testid="import-suppressed">
              {t('import.suppressedCount', { count: counts.suppressed })}
            </Alert>
          )}
          {counts.matched.length > 0 && (
            <Stack component="ul" sx={{ pl: 3, my: 1 }} data-testid="import-matched">
              {counts.matched.slice(0, 50).map((group) => (
                <Typography component="li" variant="body2" key={group.index}>
                  {displayName(group.subject)} —{' '}
                  {group.outcome.kind === 'matched' &&
                    t('import.matchedOn', { keys: keysText(group.outcome.on) })}{' '}
                  ({t('import.lines', { lines: group.rows.map((row) => row.line).join(', ') })})
                </Typography>
              ))}
            </Stack>
          )}
          {counts.conflicts.map((group) => {
            if (group.outcome.kind !== 'conflict') return null;
            const others = group.people;
            const shared = [...new Set(group.outcome.candidates.flatMap((candidate) => candidate.shared))];
            const choice = choices[group.index];
            const value = choice ? (choice.kind === 'same' ? `same:${choice.subjectId}` : choice.kind) : '';
            return (
              <Paper
                key={group.index}
                variant="outlined"
                sx={{ p: 1.5, mb: 1 }}
                data-testid="import-conflict"
              >
                <Typography id={`conflict-${group.index}`} variant="body2" sx={{ fontWeight: 500 }}>
                  {t('import.conflictText', {
                    name: shortName(group.subject),
                    keys: shared
                      .map((key) =>
                        key === 'phone'
                          ? group.subject.phone
                          : key === 'email'
                            ? group.subject.email
                            : group.subject.customerRef,
                      )
                      .join(', '),
                    other: others.map(shortName).join(', '),
                  })}{' '}
                  ({t('import.lines', { lines: group.rows.map((row) => row.line).join(', ') })})
                </Typography>
                <RadioGroup
                  row
                  aria-labelledby={`conflict-${group.index}`}
                  value={value}
                  onChange={(event) => {
                    const next = event.target.value;
                    const decided: ConflictChoice = next.startsWith('same:')
                      ? { kind: 'same', subjectId: next.slice(5) }
                      : next === 'new'
                        ? { kind: 'new' }
                        : { kind: 'skip' };
                    setChoices((current) => ({ ...current, [group.index]: decided }));
                  }}
                >
                  {others.map((person) => (
                    <FormControlLabel
                      key={person.id}
                      value={`same:${person.id}`}
                      control={<Radio size="small" />}
                      label={t('import.conflictChoices.same', { name: displayName(person) })}
                    />
                  ))}
                  {mode === 'consents' && (
                    <FormControlLabel
                      value="new"
                      control={<Radio size="small" />}
                      label={t('import.conflictChoices.new')}
                    />
                  )}
                  <FormControlLabel
                    value="skip"
                    control={<Radio size="small" />}
                    label={t('import.conflictChoices.skip')}
                  />
                </RadioGroup>
              </Paper>
            );
          })}
          {undecided > 0 && (
            <Alert severity="warning" sx={{ my: 1 }} data-testid="import-undecided">
              {t('import.conflictsLeft', { count: undecided })}
            </Alert>
          )}
          {counts.uncovered > 0 && (
            <Paper variant="outlined" sx={{ p: 1.5, my: 1 }} data-testid="import-prior">
              <Typography id="import-prior-title" variant="body2" sx={{ fontWeight: 500 }}>
                {t('import.priorTitle')}
              </Typography>
              <Typography variant="body2">{t('import.priorText', { count: counts.uncovered })}</Typography>
              <RadioGroup
                aria-labelledby="import-prior-title"
                value={prior}
                onChange={(event) => setPrior(event.target.value === 'skip' ? 'skip' : 'create')}
              >
                <FormControlLabel
                  value="create"
                  control={<Radio size="small" />}
                  label={t('import.priorCreate')}
                />
                <FormControlLabel
                  value="skip"
                  control={<Radio size="small" />}
                  label={t('import.priorSkip')}
                />
              </RadioGroup>
            </Paper>
          )}
          {report.invalid.length > 0 && (
            <>
              <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
                {t('import.refusedTitle')}
              </Typography>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('import.line')}</TableCell>
                    <TableCell>{t('import.reason')}</TableCell>
                    <TableCell>{t('import.values')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {report.invalid.slice(0, SHOWN_ISSUES).map((issue) => (
                    <TableRow key={issue.line} data-testid="import-invalid-row">
                      <TableCell>{issue.line}</TableCell>
                      <TableCell>
                        {issue.reason === 'import.reasons.impossibleDate'
                          ? t('import.impossibleDate', { date: issue.detail })
                          : `${t(issue.reason)}${issue.detail ? ` (${issue.detail})` : ''}`}
                      </TableCell>
                      <TableCell sx={{ fontFamily: 'monospace' }}>
                        {issue.values.length ? issue.values.join(' | ') : t('import.hiddenValues')}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {report.invalid.length > SHOWN_ISSUES && (
                <Typography variant="body2" sx={{ mt: 1 }}>
                  {t('import.moreRefused', { count: report.invalid.length - SHOWN_ISSUES })}
                </Typography>
              )}
            </>
          )}
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            <Button
              variant="contained"
              disabled={decisionsToStore === 0 || store.isPending}
              onClick={() => void confirm()}
              data-testid="import-confirm"
            >
              {t('import.confirm', { count: decisionsToStore })}
            </Button>
            <Button onClick={() => setReport(null)}>{t('common.cancel')}</Button>
          </Stack>
        </Paper>
      )}
      {done && (
        <Alert severity="success" data-testid="import-done">
          {t('import.done', {
            events: done.events,
            created: done.created,
            matched: done.matched,
            already: done.alreadyRecorded,
          })}
          {done.withoutNotice > 0 && ` ${t('import.doneWithoutNotice', { count: done.withoutNotice })}`}
        </Alert>
      )}
    </Stack>
  );
}
