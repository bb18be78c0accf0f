import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { privacyNoticeHtml, privacyNoticeText, type NoticeLanguage } from '../../../../shared/notice/privacy';
import type { Organisation } from '../../../../shared/domain/organisation';
import { useDesk } from '../../app/context';
import { saveFile } from '../../app/files';
import { useDbMutation, useDbQuery } from '../../app/queries';
import { useToday } from '../../app/useToday';
import { EnumSelect } from '../../components/EnumSelect';
import { messageKeyOf } from '../../components/errors';
import { generatePrivacyNotice, privacyNoticeState } from '../../db/privacy-notice';
import { formatDay } from '../../i18n';

type Format = 'html' | 'pdf' | 'text';

/**
 * The privacy notice (Art. 13) written from the registers, in HTML, PDF or text; says when the
 * registers changed since it was last generated.
 */
export function PrivacyNoticePanel({ organisation }: { organisation: Organisation }) {
  const { t, i18n } = useTranslation();
  const { desk, info } = useDesk();
  const today = useToday();
  const [lang, setLang] = useState<NoticeLanguage>(organisation.defaultLanguage === 'en' ? 'en' : 'fr');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const state = useDbQuery(['privacyNotice', 'state'], privacyNoticeState);
  const generate = useDbMutation((db, ctx, language: NoticeLanguage) =>
    generatePrivacyNotice(db, ctx, language, today),
  );

  const save = async (format: Format) => {
    setMessage(null);
    try {
      const notice = await generate.mutateAsync(lang);
      const base = `${t('privacyNotice.fileName', { lng: lang })}-${today}`;
      let bytes: Uint8Array;
      if (format === 'pdf') {
        // jsPDF is loaded only when a PDF is made, keeping it out of the app's first load.
        const { privacyNoticePdf } = await import('../../../../shared/pdf/privacy-notice');
        bytes = privacyNoticePdf(notice);
      } else
        bytes = new TextEncoder().encode(
          format === 'html' ? privacyNoticeHtml(notice) : privacyNoticeText(notice),
        );
      const [name, type]: [string, 'application/pdf' | 'text/html' | 'text/plain'] =
        format === 'pdf'
          ? [`${base}.pdf`, 'application/pdf']
          : format === 'html'
            ? [`${base}.html`, 'text/html']
            : [`${base}.txt`, 'text/plain'];
      const outcome = await saveFile(desk, info, name, type, bytes);
      if (outcome !== 'cancelled') setMessage({ ok: true, text: t('privacyNotice.saved') });
    } catch (error) {
      setMessage({ ok: false, text: t(messageKeyOf(error)) });
    }
  };

  const current = state.data;
  return (
    <Stack spacing={2} data-testid="privacy-notice-panel">
      <Typography variant="h6" component="h2">
        {t('privacyNotice.title')}
      </Typography>
      <Typography variant="body2">{t('privacyNotice.intro')}</Typography>
      {current && (
        <Alert
          severity={current.generatedOn === null ? 'info' : current.outdated ? 'warning' : 'success'}
          data-testid="privacy-notice-state"
        >
          {current.generatedOn === null
            ? t('privacyNotice.never')
            : t(current.outdated ? 'privacyNotice.outdated' : 'privacyNotice.upToDate', {
                date: formatDay(current.generatedOn, i18n.language),
              })}
        </Alert>
      )}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
        <EnumSelect
          label={t('privacyNotice.language')}
          value={lang}
          options={['fr', 'en'] as const}
          labelOf={(option) => t(`languages.${option}`)}
          onValue={setLang}
          size="small"
          sx={{ minWidth: 180 }}
          testId="privacy-notice-language"
        />
        {(['html', 'pdf', 'text'] as const).map((format) => (
          <Button
            key={format}
            variant="outlined"
            disabled={generate.isPending}
            onClick={() => void save(format)}
            data-testid={`privacy-notice-${format}`}
          >
            {t(`privacyNotice.${format}`)}
          </Button>
        ))}
      </Stack>
      {message && (
        <Alert severity={message.ok ? 'success' : 'error'} data-testid="privacy-notice-message">
          {message.text}
        </Alert>
      )}
    </Stack>
  );
}
