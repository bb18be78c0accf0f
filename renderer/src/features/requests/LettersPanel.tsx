import PrintIcon from '@mui/icons-material/Print';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import SendIcon from '@mui/icons-material/Send';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import GlobalStyles from '@mui/material/GlobalStyles';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '../../components/EnumSelect';
import type { Subject } from '../../../../shared/domain/subject';
import {
  buildLetterFields,
  defaultTemplate,
  LETTER_KINDS,
  LETTER_LANGUAGES,
  missingRequired,
  PLACEHOLDERS,
  renderLetter,
  type LetterKind,
  type LetterLanguage,
} from '../../../../shared/letters';
import { CHANNELS, type DsRequest, type RequestChannel } from '../../../../shared/requests';
import { useToday } from '../../app/useToday';
import { useDesk, useSession } from '../../app/context';
import { saveFile } from '../../app/files';
import { useDbQuery } from '../../app/queries';
import { messageKeyOf } from '../../components/errors';
import { liveDeadline } from '../../db/requests';
import { formatDay } from '../../i18n';
import { useOrganisationQuery, useStaffQuery } from '../settings/hooks';
import { useRecordLetter } from './hooks';
import { DateInput } from '../../components/DateInput';

function placeholderLabel(name: string, language: string): string {
  const info = PLACEHOLDERS.find((placeholder) => placeholder.name === name);
  // Never the internal name: a field the app does not know is simply "a field".
  return info ? info.label[language === 'en' ? 'en' : 'fr'] : '?';
}

/** The letter a request most likely needs next. */
function suggestedKind(request: DsRequest): LetterKind {
  if (request.status === 'identity_check') return 'identity_request';
  if (request.status === 'extended') return 'extension_notice';
  if (request.outcome === 'refused') return 'refusal';
  if (request.status === 'responded') return 'response_cover';
  return 'acknowledgement';
}

/** Letters from templates: preview, print, save as PDF, and record as sent on the timeline. */
export function LettersPanel({ request, subject }: { request: DsRequest; subject: Subject | null }) {
  const { t, i18n } = useTranslation();
  const { desk, info } = useDesk();
  const { operatorId } = useSession();
  const organisation = useOrganisationQuery().data;
  const staff = useStaffQuery().data ?? [];
  const record = useRecordLetter(request.id);
  const today = useToday();
  // Follows the request's stage until the user picks a letter.
  const [pickedKind, setKind] = useState<LetterKind | null>(null);
  const kind = pickedKind ?? suggestedKind(request);
  const [language, setLanguage] = useState<LetterLanguage>(organisation?.defaultLanguage ?? 'fr');
  const [details, setDetails] = useState('');
  const [channel, setChannel] = useState<RequestChannel>(
    request.channel === 'phone' || request.channel === 'counter' ? 'letter' : request.channel,
  );
  const [sentOn, setSentOn] = useState(today);
  const [status, setStatus] = useState<{ ok: boolean; key: string } | null>(null);
  const custom = useDbQuery(['letterTemplates', kind, language], (db) =>
    db.letterTemplates
      .where('[kind+language]')
      .equals([kind, language])
      .first()
      .then((found) => found ?? null),
  );
  if (!organisation || !subject) return null;

  const place = {
    country: organisation.country,
    region: organisation.region,
    pausePolicy: organisation.pausePolicy,
  };
  const deadline = liveDeadline(request, place, today);
  const fields = buildLetterFields({
    organisation,
    subject,
    request: {
      reference: request.reference,
      receivedOn: request.receivedOn,
      rights: request.rights,
      dueOn: deadline.noticeDueOn,
      extendedDueOn: deadline.extendedDueOn,
      extensionReasons: request.extensionReasons,
      refusalReason: request.refusalReason || null,
      refusalDetails: kind === 'refusal' ? details : '',
      outcome: kind === 'response_cover' ? details : '',
    },
    operatorName: staff.find((member) => member.id === operatorId)?.name ?? '',
    today,
    lang: language,
  });
  const template = custom.data ?? defaultTemplate(kind, language);
  const letter = renderLetter(template, fields, language);
  const missing = missingRequired(kind, fields);
  const senderLines = [
    organisation.legalName,
    ...organisation.address.split(/\r?\n/),
    organisation.contactEmail,
  ].filter(Boolean);
  const recipientLines = [fields['subject.fullName'], ...subject.postalAddress.split(/\r?\n/)].filter(
    Boolean,
  );
  const placeDate = language === 'fr' ? `Le ${formatDay(today, 'fr')}` : formatDay(today, 'en');

  const savePdf = async () => {
    try {
      // jsPDF is loaded only when a PDF is made, keeping it out of the app's first load.
      const { letterPdf } = await import('../../../../shared/pdf/letter');
      const bytes = letterPdf({
        senderLines,
        recipientLines,
        placeDate,
        subject: letter.subject,
        body: letter.body,
        reference: request.reference,
        lang: language,
      });
      const outcome = await saveFile(
        desk,
        info,
        `${request.reference}-${kind}.pdf`,
        'application/pdf',
        bytes,
      );
      setStatus(outcome === 'cancelled' ? null : { ok: true, key: 'letters.pdfSaved' });
    } catch (error) {
      setStatus({ ok: false, key: messageKeyOf(error) });
    }
  };
  const markSent = async () => {
    try {
      await record.mutateAsync({
        kind,
        language,
        channel,
        subject: letter.subject,
        body: letter.body,
        sentOn,
      });
      setStatus({ ok: true, key: 'letters.recorded' });
    } catch (error) {
      setStatus({ ok: false, key: messageKeyOf(error) });
    }
  };

  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="letters">
      <Typography variant="h6" component="h2" gutterBottom>
        {t('letters.title')}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <EnumSelect
          label={t('letters.kind')}
          value={kind}
          options={LETTER_KINDS}
          labelOf={(value) => t(`letters.kinds.${value}`)}
          onValue={setKind}
          testId="letter-kind"
        />
        <EnumSelect
          label={t('letters.language')}
          value={language}
          options={LETTER_LANGUAGES}
          labelOf={(value) => t(`languages.${value}`)}
          onValue={setLanguage}
          sx={{ maxWidth: 160 }}
        />
      </Stack>
      {(kind === 'response_cover' || kind === 'refusal') && (
        <TextField
          label={kind === 'response_cover' ? t('letters.outcomeDetails') : t('letters.refusalDetails')}
          multiline
          minRows={2}
          value={details}
          onChange={(event) => setDetails(event.target.value)}
          sx={{ mb: 2 }}
          slotProps={{ htmlInput: { 'data-testid': 'letter-details' } }}
        />
      )}
      {missing.length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="letter-missing">
          {t('letters.missing', {
            fields: missing.map((name) => placeholderLabel(name, i18n.language)).join(', '),
          })}
        </Alert>
      )}
      <Box
        sx={{
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          p: 2,
          mb: 2,
          maxHeight: 360,
          overflow: 'auto',
          bgcolor: 'background.default',
        }}
        // Scrolls: reachable by keyboard, and named for screen readers.
        tabIndex={0}
        role="region"
        aria-label={t('letters.preview')}
        data-testid="letter-preview"
      >
        <Typography sx={{ fontWeight: 600, mb: 1 }}>{letter.subject}</Typography>
        <Typography sx={{ whiteSpace: 'pre-wrap' }}>{letter.body}</Typography>
      </Box>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={1}
        sx={{ alignItems: { md: 'center' }, flexWrap: 'wrap' }}
        useFlexGap
      >
        <Button startIcon={<PrintIcon />} onClick={() => window.print()}>
          {t('letters.print')}
        </Button>
        <Button startIcon={<PictureAsPdfIcon />} onClick={() => void savePdf()} data-testid="letter-pdf">
          {t('letters.savePdf')}
        </Button>
        <EnumSelect
          label={t('requests.channelLabel')}
          value={channel}
          options={CHANNELS}
          labelOf={(value) => t(`requests.channels.${value}`)}
          onValue={setChannel}
          sx={{ width: 170 }}
        />
        <DateInput
          kind="date"
          label={t('letters.sentOn')}
          value={sentOn}
          onValue={setSentOn}
          max={today}
          fullWidth={false}
          sx={{ width: 190 }}
          testId="letter-sent-on"
        />
        <Button
          variant="contained"
          startIcon={<SendIcon />}
          disabled={missing.length > 0 || record.isPending}
          onClick={() => void markSent()}
          data-testid="letter-record"
        >
          {t('letters.markSent')}
        </Button>
      </Stack>
      {status && (
        <Alert severity={status.ok ? 'success' : 'error'} sx={{ mt: 2 }}>
          {t(status.key)}
        </Alert>
      )}
      {createPortal(
        <div className="rgpd-print-only" data-testid="letter-print">
          <GlobalStyles
            styles={{
              '.rgpd-print-only': { display: 'none' },
              '@media print': {
                'body > #root': { display: 'none' },
                '.rgpd-print-only': {
                  display: 'block',
                  fontFamily: 'Georgia, serif',
                  fontSize: '11pt',
                  color: '#000',
                  padding: '0 8mm',
                },
              },
            }}
          />
          <div style={{ whiteSpace: 'pre-line' }}>{senderLines.join('\n')}</div>
          <div style={{ whiteSpace: 'pre-line', marginLeft: '55%', marginTop: '12mm' }}>
            {recipientLines.join('\n')}
          </div>
          <p style={{ marginLeft: '55%', marginTop: '8mm' }}>{placeDate}</p>
          <p>
            <strong>
              {language === 'fr' ? 'Objet : ' : 'Subject: '}
              {letter.subject}
            </strong>
          </p>
          <div style={{ whiteSpace: 'pre-wrap' }}>{letter.body}</div>
        </div>,
        document.body,
      )}
    </Paper>
  );
}
