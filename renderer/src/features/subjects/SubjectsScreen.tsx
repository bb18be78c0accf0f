import AddIcon from '@mui/icons-material/Add';
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../../../shared/domain/subject';
import type { Route } from '../../app/route';
import { SEARCH_LIMIT } from '../../db/subjects';
import { SubjectDetail } from './SubjectDetail';
import { SubjectDialog } from './SubjectDialog';
import { useSubjectCount, useSubjectSearch } from './hooks';

export function SubjectsScreen({
  selectedId,
  navigate,
}: {
  selectedId?: string;
  navigate: (route: Route) => void;
}) {
  if (selectedId) return <SubjectDetail id={selectedId} navigate={navigate} />;
  return <SubjectList navigate={navigate} />;
}

function SubjectList({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const results = useSubjectSearch(query);
  const count = useSubjectCount();
  const rows = results.data ?? [];

  return (
    <>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2 }}>
        <div>
          <Typography variant="h4" component="h1">
            {t('subjects.title')}
          </Typography>
          {count.data !== undefined && (
            <Typography color="text.secondary" data-testid="subject-count">
              {t('subjects.count', { count: count.data })}
            </Typography>
          )}
        </div>
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          onClick={() => setCreating(true)}
          data-testid="subject-new"
        >
          {t('subjects.new')}
        </Button>
      </Stack>
      <TextField
        label={t('subjects.searchLabel')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        type="search"
        autoFocus
        sx={{ mb: 2 }}
        slotProps={{
          htmlInput: { 'data-testid': 'subject-search' },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          },
        }}
      />
      {results.isSuccess && rows.length === 0 && (
        <Alert severity="info">{query.trim() ? t('subjects.noMatch', { query }) : t('subjects.empty')}</Alert>
      )}
      {rows.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" data-testid="subject-results">
            <TableHead>
              <TableRow>
                <TableCell>{t('subjects.lastName')}</TableCell>
                <TableCell>{t('subjects.email')}</TableCell>
                <TableCell>{t('subjects.phone')}</TableCell>
                <TableCell>{t('subjects.customerRef')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((subject) => (
                <TableRow
                  key={subject.id}
                  hover
                  tabIndex={0}
                  sx={{ cursor: 'pointer' }}
                  onClick={() => navigate({ section: 'subjects', id: subject.id })}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') navigate({ section: 'subjects', id: subject.id });
                  }}
                  data-testid="subject-row"
                >
                  <TableCell>{displayName(subject)}</TableCell>
                  <TableCell>{subject.email}</TableCell>
                  <TableCell>{subject.phone}</TableCell>
                  <TableCell>{subject.customerRef}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {rows.length >= SEARCH_LIMIT && (
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          {t('subjects.limited', { count: SEARCH_LIMIT })}
        </Typography>
      )}
      {creating && (
        <SubjectDialog
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            navigate({ section: 'subjects', id: saved.id });
          }}
        />
      )}
    </>
  );
}
