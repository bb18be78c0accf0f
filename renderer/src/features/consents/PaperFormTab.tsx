import FactCheckIcon from '@mui/icons-material/FactCheck';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import PrintIcon from '@mui/icons-material/Print';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import GlobalStyles from '@mui/material/GlobalStyles';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { consentFormReference } from '../../../../shared/consent/form-reference';
import type { ConsentFormInput } from '../../../../shared/pdf/consent-form';
import { formHeaderOf } from '../../../../shared/consent/paper-form';
import { useDesk } from '../../app/context';
import { saveFile } from '../../app/files';
import type { Route } from '../../app/route';
import { useToday } from '../../app/useToday';
import { messageKeyOf } from '../../components/errors';
import { formatDay } from '../../i18n';
import { useOrganisationQuery } from '../settings/hooks';
import { localisedName, useNotices, usePurposes } from './hooks';
import { PaperFormSheet } from './PaperFormSheet';
import { QuickCapture } from './QuickCapture';
import { SegmentNoPurposes } from './SegmentControls';

// jsPDF comes with the form module: it is loaded when this tab opens, not with the app.
const loadFormModule = () => import('../../../../shared/pdf/consent-form');

/**
 * The consent form to have filled in and signed on paper: the purposes asked about, the notice
 * version shown in full, and the reference that ties the returned sheet to both. Saved as PDF or
 * printed from the app; the returned sheet is then recorded with the quick capture.
 */
export function PaperFormTab({ navigate }: { navigate: (route: Route) => void }) {
  const { t, i18n } = useTranslation();
  const { desk, info } = useDesk();
  const today = useToday();
  const organisation = useOrganisationQuery().data;
  const purposes = usePurposes();
  const notices = useNotices();
  // Unticked rather than ticked: a purpose added in Settings appears ticked on the form.
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [noticeChoice, setNoticeChoice] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; key: string } | null>(null);
  const [capturing, setCapturing] = useState(false);
  const formModule = useQuery({
    queryKey: ['module', 'consent-form'],
    queryFn: loadFormModule,
    staleTime: Infinity,
    structuralSharing: false,
  });

  const active = (purposes.data ?? []).filter((purpose) => purpose.active);
  const chosen = active.filter((purpose) => !unticked.has(purpose.id));
  const allNotices = notices.data ?? [];
  const inForce = allNotices.find((notice) => notice.effectiveOn <= today) ?? allNotices[0];
  const notice = allNotices.find((candidate) => candidate.id === noticeChoice) ?? inForce;

  if (purposes.data?.length === 0) return <SegmentNoPurposes navigate={navigate} />;
  if (!purposes.data || !notices.data || !organisation) return null;
  if (active.length === 0 || !notice) {
    return (
      <Alert
        severity="info"
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
        {active.length === 0 ? t('consents.screen.paper.noActive') : t('consents.screen.paper.noNotices')}
      </Alert>
    );
  }

  const lang = notice.language;
  const tf = i18n.getFixedT(lang);
  const reference =
    chosen.length > 0
      ? consentFormReference(
          notice.number,
          chosen.map((purpose) => purpose.id),
        )
      : '';
  const form: Omit<ConsentFormInput, 'issuedOn'> = {
    ...formHeaderOf(organisation, notice),
    purposes: chosen.map((purpose) => ({
      id: purpose.id,
      name: localisedName(purpose.name, lang),
      description: localisedName(purpose.description, lang),
      lawfulBasis: purpose.lawfulBasis,
    })),
    lang,
    formReference: reference,
  };
  const ready = reference !== '';

  const toggle = (id: string, ticked: boolean) =>
    setUnticked((current) => {
      const next = new Set(current);
      if (ticked) next.delete(id);
      else next.add(id);
      return next;
    });
  const savePdf = async () => {
    try {
      const { consentFormPdf } = await loadFormModule();
      const bytes = consentFormPdf({ ...form, issuedOn: today });
      const outcome = await saveFile(desk, info, `${reference}.pdf`, 'application/pdf', bytes);
      setStatus(outcome === 'cancelled' ? null : { ok: true, key: 'consents.screen.paper.pdfSaved' });
    } catch (error) {
      setStatus({ ok: false, key: messageKeyOf(error) });
    }
  };

  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('consents.screen.paper.intro')}
      </Typography>
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, md: 5 }}>
          <Stack spacing={2}>
            <FormControl component="fieldset" error={chosen.length === 0}>
              <FormLabel component="legend">{t('consents.screen.paper.purposes')}</FormLabel>
              <FormGroup>
                {active.map((purpose) => (
                  <FormControlLabel
                    key={purpose.id}
                    control={
                      <Checkbox
                        checked={!unticked.has(purpose.id)}
                        onChange={(event) => toggle(purpose.id, event.target.checked)}
                        slotProps={{ input: { 'data-testid': 'paper-purpose' } as object }}
                      />
                    }
                    label={localisedName(purpose.name, i18n.language)}
                  />
                ))}
              </FormGroup>
              {chosen.length === 0 && <FormHelperText>{t('consents.screen.paper.pickOne')}</FormHelperText>}
            </FormControl>
            <TextField
              select
              label={t('consents.screen.paper.notice')}
              value={notice.id}
              onChange={(event) => setNoticeChoice(event.target.value)}
              helperText={
                notice.effectiveOn > today
                  ? t('consents.screen.paper.notYetInForce', {
                      date: formatDay(notice.effectiveOn, i18n.language),
                    })
                  : t('consents.screen.paper.language', { language: t(`languages.${lang}`) })
              }
              error={notice.effectiveOn > today}
              slotProps={{ htmlInput: { 'data-testid': 'paper-notice' } }}
            >
              {allNotices.map((candidate) => (
                <MenuItem key={candidate.id} value={candidate.id}>
                  {t('consents.screen.paper.noticeOption', {
                    number: candidate.number,
                    title: candidate.title,
                    date: formatDay(candidate.effectiveOn, i18n.language),
                  })}
                </MenuItem>
              ))}
            </TextField>
            <Box>
              <Typography variant="overline" component="p">
                {t('consents.screen.paper.reference')}
              </Typography>
              <Typography
                sx={{ fontFamily: 'monospace', fontSize: '1.4rem', letterSpacing: 1 }}
                data-testid="paper-reference"
              >
                {reference || '—'}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {t('consents.screen.paper.referenceHelp')}
              </Typography>
            </Box>
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
              <Button
                variant="contained"
                startIcon={<PictureAsPdfIcon />}
                disabled={!ready}
                onClick={() => void savePdf()}
                data-testid="paper-pdf"
              >
                {t('consents.screen.paper.savePdf')}
              </Button>
              <Button
                startIcon={<PrintIcon />}
                disabled={!ready}
                onClick={() => window.print()}
                data-testid="paper-print"
              >
                {t('consents.screen.paper.print')}
              </Button>
            </Stack>
            {formModule.isError && <Alert severity="error">{t('errors.internal')}</Alert>}
            {status && (
              <Alert severity={status.ok ? 'success' : 'error'} onClose={() => setStatus(null)}>
                {t(status.key)}
              </Alert>
            )}
            <Alert
              severity="info"
              icon={<FactCheckIcon />}
              action={
                <Button color="inherit" size="small" onClick={() => setCapturing(true)}>
                  {t('consents.screen.paper.captureReturned')}
                </Button>
              }
            >
              {t('consents.screen.paper.returned')}
            </Alert>
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, md: 7 }}>
          <Paper
            variant="outlined"
            // Scrolls: reachable by keyboard, and named for screen readers. Black ink on white paper in
            // both themes, so the focus outline (the text colour) shows on it.
            tabIndex={0}
            role="region"
            aria-label={t('consents.screen.paper.preview')}
            sx={{ p: 3, maxHeight: 640, overflow: 'auto', bgcolor: '#fff', color: '#000' }}
            data-testid="paper-preview"
          >
            <PaperFormSheet form={form} tf={tf} />
          </Paper>
        </Grid>
      </Grid>
      {ready &&
        createPortal(
          <div className="rgpd-consent-form-print" data-testid="paper-print-sheet">
            <GlobalStyles
              styles={{
                '.rgpd-consent-form-print': { display: 'none' },
                '@media print': {
                  'body > #root': { display: 'none' },
                  '.rgpd-consent-form-print': { display: 'block', padding: '0 4mm' },
                },
              }}
            />
            <PaperFormSheet form={form} tf={tf} repeatReference />
          </div>,
          document.body,
        )}
      {capturing && <QuickCapture onClose={() => setCapturing(false)} onSaved={() => setCapturing(false)} />}
    </>
  );
}
