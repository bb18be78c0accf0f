import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  decodeCsvBytes,
  IMPORT_FIELDS,
  ImportError,
  parseCsvTable,
  suggestMapping,
  validateImportRows,
  type CsvTable,
  type ImportField,
  type ImportIssue,
  type ImportMapping,
  type ImportRow,
} from '../../../../shared/consent/import';
import { useToday } from '../../app/useToday';
import { useDbMutation, useDbQuery } from '../../app/queries';
import { loadSuppressionChecker } from '../../db/erasure';
import { EnumSelect } from '../../components/EnumSelect';
import { messageKeyOf } from '../../components/errors';
import { importConsents, type ImportSummary } from '../../db/consents';
import { useNotices, usePurposes } from './hooks';

type Loaded = { name: string; hash: string; encoding: string; table: CsvTable };

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Consents kept in a spreadsheet: choose the CSV, map its columns, check every row, read the
 * report, then confirm. Nothing is stored before the confirmation, and a failed import stores nothing.
 */
export function ImportTab() {
  const { t } = useTranslation();
  const today = useToday();
  const purposes = usePurposes().data ?? [];
  const notices = useNotices().data ?? [];
  const suppressed = useDbQuery(['suppressions'], loadSuppressionChecker).data;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [noticeChoice, setNoticeId] = useState<string | null>(null);
  const [report, setReport] = useState<{ valid: ImportRow[]; invalid: ImportIssue[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<ImportSummary | null>(null);
  const store = useDbMutation((db, ctx, input: { rows: ImportRow[]; fileHash: string; noticeId: string }) =>
    importConsents(db, ctx, input),
  );
  const noticeId =
    noticeChoice ?? notices.find((notice) => notice.effectiveOn <= today)?.id ?? notices[0]?.id ?? '';

  const open = async (file: File | undefined) => {
    setLoaded(null);
    setReport(null);
    setDone(null);
    setProblem(null);
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { text, encoding } = decodeCsvBytes(bytes);
      const table = parseCsvTable(text);
      setLoaded({ name: file.name, hash: await sha256Hex(bytes), encoding, table });
      setMapping(suggestMapping(table.headers));
    } catch (error) {
      setProblem(error instanceof ImportError ? error.message : 'import.unreadable');
    }
  };

  const check = () => {
    if (!loaded || !suppressed) return;
    setReport(validateImportRows(loaded.table, mapping, { purposes, today, suppressed }));
    setDone(null);
  };

  const confirm = async () => {
    if (!loaded || !report) return;
    try {
      setDone(await store.mutateAsync({ rows: report.valid, fileHash: loaded.hash, noticeId }));
      setReport(null);
    } catch (error) {
      setProblem(messageKeyOf(error));
    }
  };

  const column = (field: ImportField) => (
    <TextField
      select
      label={t(`import.fields.${field}`)}
      value={mapping[field] ?? -1}
      onChange={(event) => {
        const index = Number(event.target.value);
        setMapping((current) => ({ ...current, [field]: index < 0 ? undefined : index }));
        setReport(null);
      }}
      slotProps={{ htmlInput: { 'data-testid': `import-map-${field}` } }}
    >
      <MenuItem value={-1}>{t('import.noColumn')}</MenuItem>
      {(loaded?.table.headers ?? []).map((header, index) => (
        <MenuItem key={`${header}-${index}`} value={index}>
          {header || t('import.columnN', { n: index + 1 })}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <Stack spacing={2} data-testid="import-tab">
      <Typography color="text.secondary">{t('import.intro')}</Typography>
      <div>
        <Button component="label" variant="outlined" startIcon={<UploadFileIcon />}>
          {t('import.chooseFile')}
          <input
            hidden
            type="file"
            accept=".csv,text/csv"
            data-testid="import-file"
            onChange={(event) => void open(event.target.files?.[0])}
          />
        </Button>
      </div>
      {problem && <Alert severity="error">{t(problem)}</Alert>}
      {loaded && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography gutterBottom data-testid="import-loaded">
            {t('import.loaded', {
              name: loaded.name,
              rows: loaded.table.rows.length,
              encoding: loaded.encoding,
              separator: loaded.table.separator,
            })}
          </Typography>
          <Grid container spacing={2}>
            {IMPORT_FIELDS.map((field) => (
              <Grid key={field} size={{ xs: 12, sm: 6, md: 4 }}>
                {column(field)}
              </Grid>
            ))}
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <EnumSelect
                label={t('consents.notice')}
                value={noticeId}
                options={notices.map((notice) => notice.id)}
                labelOf={(id) => {
                  const notice = notices.find((candidate) => candidate.id === id);
                  return notice ? `v${notice.number} — ${notice.title}` : id;
                }}
                onValue={setNoticeId}
              />
            </Grid>
          </Grid>
          <Button variant="contained" sx={{ mt: 2 }} onClick={check} data-testid="import-check">
            {t('import.check')}
          </Button>
        </Paper>
      )}
      {report && (
        <Paper variant="outlined" sx={{ p: 2 }} data-testid="import-report">
          <Alert severity={report.invalid.length ? 'warning' : 'success'} sx={{ mb: 2 }}>
            {t('import.reportSummary', { valid: report.valid.length, invalid: report.invalid.length })}
          </Alert>
          {report.invalid.length > 0 && (
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('import.line')}</TableCell>
                  <TableCell>{t('import.reason')}</TableCell>
                  <TableCell>{t('import.values')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {report.invalid.map((issue) => (
                  <TableRow key={issue.line} data-testid="import-invalid-row">
                    <TableCell>{issue.line}</TableCell>
                    <TableCell>{t(issue.reason)}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{issue.values.join(' | ')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            <Button
              variant="contained"
              disabled={report.valid.length === 0 || store.isPending}
              onClick={() => void confirm()}
              data-testid="import-confirm"
            >
              {t('import.confirm', { count: report.valid.length })}
            </Button>
            <Button onClick={() => setReport(null)}>{t('common.cancel')}</Button>
          </Stack>
        </Paper>
      )}
      {done && (
        <Alert severity="success" data-testid="import-done">
          {t('import.done', { events: done.events, matched: done.matched, created: done.created })}
        </Alert>
      )}
    </Stack>
  );
}
