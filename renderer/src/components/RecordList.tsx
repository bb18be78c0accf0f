import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

export type RecordColumn = { label: string; align?: 'right' };

/**
 * A register's list: what it is for and its actions above, then one row per record, opened with
 * a click or Enter. The table is `${testId}-rows` and each row `${testId}-row`.
 */
export function RecordList<R extends { id: string }>({
  testId,
  intro,
  actions,
  loaded,
  empty,
  columns,
  rows,
  cells,
  onOpen,
  dimmed,
  children,
}: {
  testId: string;
  intro: string;
  actions: ReactNode;
  /** The records have been read: only then is an empty list said to be empty. */
  loaded: boolean;
  empty: string;
  columns: RecordColumn[];
  rows: R[];
  /** A row's cells, one per column. */
  cells: (row: R) => ReactNode;
  onOpen: (row: R) => void;
  /** Records no longer in use, shown faded. */
  dimmed?: (row: R) => boolean;
  /** The dialogs the list opens. */
  children?: ReactNode;
}) {
  return (
    <>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' }, mb: 2 }}
      >
        <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 640 }}>
          {intro}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ flexShrink: 0 }}>
          {actions}
        </Stack>
      </Stack>
      {loaded && rows.length === 0 && <Alert severity="info">{empty}</Alert>}
      {rows.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" data-testid={`${testId}-rows`}>
            <TableHead>
              <TableRow>
                {columns.map((column) => (
                  <TableCell key={column.label} align={column.align}>
                    {column.label}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((row) => (
                <TableRow
                  key={row.id}
                  hover
                  tabIndex={0}
                  sx={{ cursor: 'pointer', opacity: dimmed?.(row) ? 0.6 : 1 }}
                  onClick={() => onOpen(row)}
                  onKeyDown={(event) => {
                    // Enter on a button inside the row is that button's, not the row's.
                    if (event.key === 'Enter' && event.target === event.currentTarget) onOpen(row);
                  }}
                  data-testid={`${testId}-row`}
                >
                  {cells(row)}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {children}
    </>
  );
}
