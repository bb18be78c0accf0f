import DownloadIcon from '@mui/icons-material/Download';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import Button from '@mui/material/Button';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Snackbar from '@mui/material/Snackbar';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { csvFileName } from '../../../../shared/csv';
import type { RegisterEntry } from '../../../../shared/registers/model';
import { useDesk, useWriteContext } from '../../app/context';
import { saveFile } from '../../app/files';
import { useToday } from '../../app/useToday';
import { messageKeyOf } from '../../components/errors';
import { recordRegisterExport } from '../../db/registers';
import { useOrganisationQuery } from '../settings/hooks';
import { usePurposeName } from './ActivitiesTab';
import { exportRegisterCsv, registerPdfInput } from './export';

/** The record as Excel-safe CSV (';' for French Excel) or as a printable PDF register; both audited. */
export function RegisterExport({ entries }: { entries: readonly RegisterEntry[] }) {
  const { t, i18n } = useTranslation();
  const { db, desk, info } = useDesk();
  const ctx = useWriteContext();
  const today = useToday();
  const organisation = useOrganisationQuery().data;
  const purposeName = usePurposeName();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const base = i18n.language === 'en' ? 'record-of-processing' : 'registre-des-traitements';

  const csv = async (separator: ',' | ';') => {
    setAnchor(null);
    try {
      const text = await exportRegisterCsv(db, ctx, entries, t, purposeName, separator);
      const outcome = await saveFile(
        desk,
        info,
        csvFileName(base, today),
        'text/csv',
        new TextEncoder().encode(text),
      );
      if (outcome !== 'cancelled') setMessage(t('registers.activities.exported', { count: entries.length }));
    } catch (error) {
      setMessage(t(messageKeyOf(error)));
    }
  };
  const pdf = async () => {
    if (!organisation) return;
    try {
      // jsPDF is loaded only when a PDF is made, keeping it out of the app's first load.
      const { registerPdf } = await import('../../../../shared/pdf/register');
      const lang = i18n.language === 'en' ? 'en' : 'fr';
      const bytes = registerPdf(registerPdfInput(organisation, entries, t, purposeName, lang, today));
      const outcome = await saveFile(desk, info, `${base}-${today}.pdf`, 'application/pdf', bytes);
      if (outcome === 'cancelled') return;
      await recordRegisterExport(db, ctx, 'pdf', entries.length);
      setMessage(t('registers.activities.pdfSaved'));
    } catch (error) {
      setMessage(t(messageKeyOf(error)));
    }
  };

  return (
    <>
      <Button
        startIcon={<DownloadIcon />}
        disabled={entries.length === 0}
        onClick={(event) => setAnchor(event.currentTarget)}
        data-testid="register-export"
      >
        {t('registers.activities.export')}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => void csv(';')} data-testid="register-export-semicolon">
          <ListItemText primary={t('registers.activities.exportSemicolon')} />
        </MenuItem>
        <MenuItem onClick={() => void csv(',')} data-testid="register-export-comma">
          <ListItemText primary={t('registers.activities.exportComma')} />
        </MenuItem>
      </Menu>
      <Button
        startIcon={<PictureAsPdfIcon />}
        disabled={entries.length === 0 || !organisation}
        onClick={() => void pdf()}
        data-testid="register-pdf"
      >
        {t('registers.activities.pdf')}
      </Button>
      <Snackbar
        open={Boolean(message)}
        autoHideDuration={5000}
        onClose={() => setMessage(null)}
        message={message ?? ''}
        data-testid="register-export-message"
      />
    </>
  );
}
