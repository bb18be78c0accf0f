import DownloadIcon from '@mui/icons-material/Download';
import Button from '@mui/material/Button';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Snackbar from '@mui/material/Snackbar';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toCsv } from '../../../../shared/csv';
import { displayName } from '../../../../shared/domain/subject';
import { useDesk, useWriteContext } from '../../app/context';
import { saveFile } from '../../app/files';
import type { DeskDb } from '../../db/schema';
import { localDate, recordAction, type WriteContext } from '../../db/write';

/** The register of requests as rows, in the UI's language, one request a row. */
export async function requestRegisterCsv(
  db: DeskDb,
  t: (key: string) => string,
  separator: ',' | ';',
): Promise<{ csv: string; count: number }> {
  const requests = await db.requests.orderBy('receivedAt').toArray();
  const people = await db.subjects.bulkGet([...new Set(requests.map((r) => r.subjectId))]);
  const byId = new Map(people.flatMap((p) => (p ? [[p.id, p]] : [])));
  const label = (prefix: string, value: string) => (value ? t(`${prefix}.${value}`) : '');
  const columns = [
    'reference',
    'receivedOn',
    'channel',
    'person',
    'email',
    'rights',
    'status',
    'identity',
    'dueOn',
    'noticeDueOn',
    'extended',
    'outcome',
    'refusalReason',
    'respondedOn',
    'withdrawnOn',
  ].map((key) => ({ key, header: t(`export.columns.${key}`) }));
  const rows = requests.map((r) => {
    const person = byId.get(r.subjectId);
    return {
      reference: r.reference,
      receivedOn: r.receivedOn,
      channel: label('requests.channels', r.channel),
      person: person ? displayName(person) : '',
      email: person?.email ?? '',
      rights: r.rights.map((right) => t(`requests.rights.${right}`)).join(', '),
      status: label('requests.statuses', r.status),
      identity: label('requests.identity', r.identity),
      dueOn: r.dueOn,
      noticeDueOn: r.noticeDueOn,
      extended: r.extended ? t('common.yes') : t('common.no'),
      outcome: label('requests.outcomes', r.outcome),
      refusalReason: label('requests.refusalReasons', r.refusalReason),
      respondedOn: r.respondedOn,
      withdrawnOn: r.withdrawnOn,
    };
  });
  return { csv: toCsv(columns, rows, { separator, bom: true }), count: rows.length };
}

export async function exportRequestRegister(
  db: DeskDb,
  ctx: WriteContext,
  t: (key: string) => string,
  separator: ',' | ';',
): Promise<{ csv: string; count: number }> {
  const result = await requestRegisterCsv(db, t, separator);
  await recordAction(db, ctx, {
    action: 'request.export',
    entity: 'request',
    entityId: '',
    fields: [],
    count: result.count,
  });
  return result;
}

/** Export the request register as CSV that opens cleanly in Excel (';' for French Excel). */
export function ExportButton() {
  const { t } = useTranslation();
  const { db, desk, info } = useDesk();
  const ctx = useWriteContext();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (separator: ',' | ';') => {
    setAnchor(null);
    try {
      const { csv, count } = await exportRequestRegister(db, ctx, t, separator);
      const outcome = await saveFile(
        desk,
        info,
        `registre-demandes-${localDate(Date.now())}.csv`,
        'text/csv',
        new TextEncoder().encode(csv),
      );
      if (outcome !== 'cancelled') setMessage(String(t('requests.exported', { count })));
    } catch {
      setMessage(t('errors.internal'));
    }
  };
  return (
    <>
      <Button
        startIcon={<DownloadIcon />}
        onClick={(event) => setAnchor(event.currentTarget)}
        data-testid="requests-export"
      >
        {t('requests.export')}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => void run(';')} data-testid="export-semicolon">
          <ListItemText primary={t('requests.exportSemicolon')} />
        </MenuItem>
        <MenuItem onClick={() => void run(',')} data-testid="export-comma">
          <ListItemText primary={t('requests.exportComma')} />
        </MenuItem>
      </Menu>
      <Snackbar
        open={Boolean(message)}
        autoHideDuration={5000}
        onClose={() => setMessage(null)}
        message={message ?? ''}
      />
    </>
  );
}
