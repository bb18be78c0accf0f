import AddIcon from '@mui/icons-material/Add';
import HistoryIcon from '@mui/icons-material/History';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import TableCell from '@mui/material/TableCell';
import Tooltip from '@mui/material/Tooltip';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  hasSpecialCategories,
  type RegisterEntry,
  type RegisterEntryInput,
} from '../../../../shared/registers/model';
import { RecordList } from '../../components/RecordList';
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
    <RecordList
      testId="register"
      intro={t('registers.activities.intro')}
      actions={
        <>
          <RegisterExport entries={rows} />
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setChoosing(true)}
            data-testid="register-new"
          >
            {t('registers.activities.new')}
          </Button>
        </>
      }
      loaded={entries.isSuccess}
      empty={t('registers.activities.empty')}
      columns={[
        { label: t('registers.fields.name') },
        { label: t('registers.fields.lawfulBases') },
        { label: t('registers.fields.dataCategories') },
        { label: t('registers.fields.updatedAt') },
        { label: t('registers.activities.history'), align: 'right' },
      ]}
      rows={rows}
      onOpen={(entry) => setEditing({ entry })}
      dimmed={(entry) => !entry.active}
      cells={(entry) => (
        <>
          <TableCell>
            {entry.name}
            {!entry.active && <Chip size="small" sx={{ ml: 1 }} label={t('registers.activities.ended')} />}
          </TableCell>
          <TableCell>{entry.lawfulBases.map((basis) => t(`registers.bases.${basis}`)).join(', ')}</TableCell>
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
        </>
      )}
    >
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
    </RecordList>
  );
}
