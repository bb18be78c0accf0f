import AddIcon from '@mui/icons-material/Add';
import HistoryIcon from '@mui/icons-material/History';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  hasSpecialCategories,
  type RegisterEntry,
  type RegisterEntryInput,
} from '../../../../shared/registers/model';
import { formatDateTime } from '../../i18n';
import { localisedName, usePurposes } from '../consents/hooks';
import { EntryDialog } from './EntryDialog';
import { HistoryDialog } from './HistoryDialog';
import { useRegisterEntries } from './hooks';
import { NewEntryDialog } from './NewEntryDialog';
import { RegisterExport } from './RegisterExport';

/** A consent purpose's name in the UI's language, for the entry's links. */
export function usePurposeName(): (id: string) => string {
  const { i18n } = useTranslation();
  const purposes = usePurposes();
  return useCallback(
    (id: string) => {
      const purpose = purposes.data?.find((candidate) => candidate.id === id);
      return purpose ? localisedName(purpose.name, i18n.language) : id.slice(0, 8);
    },
    [purposes.data, i18n.language],
  );
}

type Editing = { entry: RegisterEntry } | { draft: RegisterEntryInput };

/** The Art. 30 record: one row per processing activity; create, edit, history, CSV and PDF. */
export function ActivitiesTab() {
  const { t, i18n } = useTranslation();
  const entries = useRegisterEntries();
  const [choosing, setChoosing] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [history, setHistory] = useState<RegisterEntry | null>(null);
  const rows = entries.data ?? [];
  return (
    <>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' }, mb: 2 }}
      >
        <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 640 }}>
          {t('registers.activities.intro')}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ flexShrink: 0 }}>
          <RegisterExport entries={rows} />
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setChoosing(true)}
            data-testid="register-new"
          >
            {t('registers.activities.new')}
          </Button>
        </Stack>
      </Stack>
      {entries.isSuccess && rows.length === 0 && (
        <Alert severity="info">{t('registers.activities.empty')}</Alert>
      )}
      {rows.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" data-testid="register-rows">
            <TableHead>
              <TableRow>
                <TableCell>{t('registers.fields.name')}</TableCell>
                <TableCell>{t('registers.fields.lawfulBases')}</TableCell>
                <TableCell>{t('registers.fields.dataCategories')}</TableCell>
                <TableCell>{t('registers.fields.updatedAt')}</TableCell>
                <TableCell align="right">{t('registers.activities.history')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((entry) => (
                <TableRow
                  key={entry.id}
                  hover
                  tabIndex={0}
                  sx={{ cursor: 'pointer', opacity: entry.active ? 1 : 0.6 }}
                  onClick={() => setEditing({ entry })}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && event.target === event.currentTarget) setEditing({ entry });
                  }}
                  data-testid="register-row"
                >
                  <TableCell>
                    {entry.name}
                    {!entry.active && (
                      <Chip size="small" sx={{ ml: 1 }} label={t('registers.activities.ended')} />
                    )}
                  </TableCell>
                  <TableCell>
                    {entry.lawfulBases.map((basis) => t(`registers.bases.${basis}`)).join(', ')}
                  </TableCell>
                  <TableCell>
                    {entry.dataCategories.length}
                    {hasSpecialCategories(entry) && (
                      <Chip
                        size="small"
                        color="warning"
                        sx={{ ml: 1 }}
                        label={t('registers.fields.special')}
                        data-testid="special-flag"
                      />
                    )}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(entry.updatedAt, i18n.language)}
                  </TableCell>
                  <TableCell align="right">
                    <Tooltip title={t('registers.activities.history')}>
                      <IconButton
                        size="small"
                        aria-label={t('registers.activities.history')}
                        onClick={(event) => {
                          event.stopPropagation();
                          setHistory(entry);
                        }}
                        data-testid="register-history"
                      >
                        <HistoryIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {choosing && (
        <NewEntryDialog
          onClose={() => setChoosing(false)}
          onChosen={(draft) => {
            setChoosing(false);
            setEditing({ draft });
          }}
        />
      )}
      {editing && (
        <EntryDialog
          entry={'entry' in editing ? editing.entry : undefined}
          draft={'draft' in editing ? editing.draft : undefined}
          onClose={() => setEditing(null)}
        />
      )}
      {history && <HistoryDialog entry={history} onClose={() => setHistory(null)} />}
    </>
  );
}
