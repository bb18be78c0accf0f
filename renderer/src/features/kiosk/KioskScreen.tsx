import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import QRCode from 'qrcode';
import type SignaturePad from 'signature_pad';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { preferenceMatrix } from '../../../../shared/consent/derive';
import { consentFormReference } from '../../../../shared/consent/form-reference';
import { kioskChoiceOf, kioskDecisions, type KioskChoice } from '../../../../shared/consent/kiosk';
import { displayName } from '../../../../shared/domain/subject';
import { useDesk, useWriteContext } from '../../app/context';
import { saveFile } from '../../app/files';
import { useDbQuery } from '../../app/queries';
import { call } from '../../app/transport';
import { useToday } from '../../app/useToday';
import { latestNoticeInForce, listPurposes, recordConsents, subjectConsentEvents } from '../../db/consents';
import { getSubject } from '../../db/subjects';
import { formatDay } from '../../i18n';
import { useOrganisationQuery } from '../settings/hooks';
import { localisedName } from '../consents/hooks';
import { KioskExit } from './KioskExit';
import { SignatureField } from './SignatureField';
import { kioskTiming } from './timing';
import { useQueryClient } from '@tanstack/react-query';

type Lang = 'fr' | 'en';
type Phase =
  | { kind: 'choices' }
  | { kind: 'saved'; reference: string; decisions: Record<string, KioskChoice> }
  | { kind: 'thanks' };

const TARGET = { minHeight: 48, minWidth: 88, fontSize: '1.1rem' } as const;

/**
 * The customer's own screen at the counter: only this person, the organisation, the notice in force
 * and one row per purpose with its current state. Confirming records one consent event per changed
 * purpose (channel "counter", the notice shown, the signature as evidence); cancelling, or leaving it
 * untouched for a while, records nothing. No menu, search or other screen is reachable from here.
 */
export function KioskScreen({
  subjectId,
  onHandBack,
  startOnThanks = false,
}: {
  subjectId: string;
  onHandBack: () => void;
  startOnThanks?: boolean;
}) {
  const { i18n } = useTranslation();
  const { db, desk, info } = useDesk();
  const ctx = useWriteContext();
  const client = useQueryClient();
  const today = useToday();
  const organisation = useOrganisationQuery().data;
  const [lang, setLang] = useState<Lang>(i18n.language === 'en' ? 'en' : 'fr');
  const t = useMemo(() => i18n.getFixedT(lang), [i18n, lang]);
  const [phase, setPhase] = useState<Phase>(startOnThanks ? { kind: 'thanks' } : { kind: 'choices' });
  const [choices, setChoices] = useState<Record<string, KioskChoice | null>>({});
  const [signed, setSigned] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState(false);
  const pad = useRef<SignaturePad | null>(null);

  const subject = useDbQuery(['kiosk', 'subject', subjectId], (database) => getSubject(database, subjectId));
  const events = useDbQuery(['kiosk', 'events', subjectId], (database) =>
    subjectConsentEvents(database, subjectId),
  );
  const purposes = useDbQuery(['kiosk', 'purposes'], listPurposes);
  const notice = useDbQuery(['kiosk', 'notice', today], (database) => latestNoticeInForce(database, today));

  const rows = useMemo(
    () => preferenceMatrix(events.data ?? [], purposes.data ?? []).filter((row) => row.purpose.active),
    [events.data, purposes.data],
  );
  const shown = (purposeId: string, fallback: KioskChoice | null) =>
    purposeId in choices ? (choices[purposeId] ?? null) : fallback;
  const decisions = kioskDecisions(
    rows.map((row) => ({
      purposeId: row.purpose.id,
      lawfulBasis: row.purpose.lawfulBasis,
      state: row.state,
    })),
    choices,
  );

  // Untouched for a while: the choices are discarded and the screen says thank you, naming nobody.
  const discard = useCallback(() => {
    setChoices({});
    setSigned(false);
    pad.current?.clear();
    setPhase({ kind: 'thanks' });
  }, []);
  useEffect(() => {
    let timer = setTimeout(discard, kioskTiming.idleMs);
    const activity = () => {
      clearTimeout(timer);
      timer = setTimeout(discard, kioskTiming.idleMs);
    };
    const events = ['pointerdown', 'pointermove', 'keydown', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, activity, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, activity);
    };
  }, [discard]);

  const confirm = async () => {
    if (!notice.data || !pad.current || pad.current.isEmpty() || decisions.length === 0) return;
    setSaving(true);
    setFailure(false);
    try {
      const reference = consentFormReference(
        notice.data.number,
        rows.map((row) => row.purpose.id),
      );
      const png = pad.current.toDataURL('image/png');
      const dataBase64 = png.slice(png.indexOf(',') + 1);
      const stored = await call(desk, 'attachments:put', { mediaType: 'image/png', dataBase64 });
      await recordConsents(db, ctx, {
        subject: { id: subjectId },
        decisions,
        channel: 'counter',
        decidedAt: new Date().toISOString(),
        noticeId: notice.data.id,
        evidence: {
          attachment: {
            hash: stored.hash,
            size: stored.size,
            mediaType: stored.mediaType,
            name: t('kiosk.signatureName', { reference }),
          },
          formReference: reference,
        },
        note: i18n.getFixedT(organisation?.defaultLanguage === 'en' ? 'en' : 'fr')('kiosk.note'),
      });
      await client.invalidateQueries({ queryKey: ['db'] });
      const final: Record<string, KioskChoice> = {};
      for (const row of rows) {
        const choice = shown(row.purpose.id, kioskChoiceOf(row.purpose.lawfulBasis, row.state));
        if (choice) final[row.purpose.id] = choice;
      }
      setChoices({});
      setSigned(false);
      setPhase({ kind: 'saved', reference, decisions: final });
    } catch {
      setFailure(true);
    } finally {
      setSaving(false);
    }
  };

  const choiceLabel = (choice: KioskChoice) =>
    choice === 'yes'
      ? t('kiosk.yes')
      : choice === 'no'
        ? t('kiosk.no')
        : choice === 'object'
          ? t('kiosk.states.objected')
          : t('kiosk.states.notObjected');

  const printReceipt = async (reference: string, final: Record<string, KioskChoice>) => {
    if (!organisation || !notice.data) return;
    const { kioskReceiptPdf } = await import('../../../../shared/pdf/kiosk-receipt');
    const bytes = kioskReceiptPdf({
      lang,
      issuedOn: today,
      labels: {
        title: t('kiosk.receipt.title'),
        organisation: organisation.legalName,
        date: t('kiosk.receipt.date', { date: formatDay(today, lang) }),
        choices: t('kiosk.receipt.choices'),
        notice: t('kiosk.receipt.notice', {
          number: notice.data.number,
          date: formatDay(notice.data.effectiveOn, lang),
        }),
        reference: t('kiosk.reference', { reference }),
        hint: t('kiosk.receiptHint'),
        footer: t('kiosk.receipt.footer', { contact: organisation.contactEmail }),
      },
      choices: rows
        .filter((row) => final[row.purpose.id])
        .map((row) => ({
          purpose: localisedName(row.purpose.name, lang),
          choice: choiceLabel(final[row.purpose.id]!),
        })),
      reference,
    });
    await saveFile(desk, info, `${reference}.pdf`, 'application/pdf', bytes);
  };

  const languageSwitch = (
    <ToggleButtonGroup
      exclusive
      value={lang}
      onChange={(_event, next: Lang | null) => next && setLang(next)}
      aria-label={t('kiosk.language')}
      size="large"
    >
      <ToggleButton value="fr" sx={TARGET} lang="fr" data-testid="kiosk-lang-fr">
        Français
      </ToggleButton>
      <ToggleButton value="en" sx={TARGET} lang="en" data-testid="kiosk-lang-en">
        English
      </ToggleButton>
    </ToggleButtonGroup>
  );

  const frame = (content: React.ReactNode) => (
    <Box
      component="main"
      lang={lang}
      data-testid="kiosk"
      data-phase={phase.kind}
      sx={{
        position: 'fixed',
        inset: 0,
        overflow: 'auto',
        bgcolor: 'background.default',
        p: { xs: 2, md: 4 },
      }}
    >
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 3, gap: 2 }}>
        <Typography component="p" variant="h5" sx={{ fontWeight: 600 }}>
          {organisation?.legalName ?? ''}
        </Typography>
        {languageSwitch}
      </Stack>
      {content}
      <Box sx={{ mt: 6, textAlign: 'center' }}>
        <KioskExit t={t} onHandBack={onHandBack} />
      </Box>
    </Box>
  );

  if (phase.kind === 'thanks')
    return frame(
      <Stack spacing={2} sx={{ alignItems: 'center', mt: 10 }} data-testid="kiosk-thanks">
        <Typography variant="h2" component="h1">
          {t('kiosk.thanks')}
        </Typography>
        <Typography variant="h5" component="p">
          {t('kiosk.thanksHint')}
        </Typography>
      </Stack>,
    );

  if (phase.kind === 'saved')
    return frame(
      <Receipt {...phase} t={t} onPrint={printReceipt} onDone={() => setPhase({ kind: 'thanks' })} />,
    );

  const person = subject.data;
  return frame(
    <Stack spacing={3} sx={{ maxWidth: 960, mx: 'auto' }}>
      <Typography variant="h3" component="h1">
        {person ? t('kiosk.hello', { name: displayName(person) }) : t('kiosk.title')}
      </Typography>
      <Typography variant="h6" component="p">
        {t('kiosk.intro')}
      </Typography>
      {notice.data ? (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="h6" component="h2">
            {t('kiosk.notice')} — {notice.data.title}
          </Typography>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            {t('kiosk.noticeVersion', {
              number: notice.data.number,
              date: formatDay(notice.data.effectiveOn, lang),
            })}
          </Typography>
          <Box
            tabIndex={0}
            role="region"
            aria-label={t('kiosk.notice')}
            sx={{ maxHeight: 220, overflow: 'auto', whiteSpace: 'pre-wrap', fontSize: '1.05rem' }}
            data-testid="kiosk-notice"
          >
            {notice.data.text}
          </Box>
        </Paper>
      ) : (
        <Alert severity="warning">{t('kiosk.noNotice')}</Alert>
      )}
      <Stack spacing={2} component="section" aria-label={t('kiosk.title')}>
        {rows.map((row) => {
          const initial = kioskChoiceOf(row.purpose.lawfulBasis, row.state);
          const value = shown(row.purpose.id, initial);
          const changed = value !== initial;
          const name = localisedName(row.purpose.name, lang);
          const description = localisedName(row.purpose.description, lang);
          const state =
            row.purpose.lawfulBasis === 'legitimate_interest'
              ? t(initial === 'object' ? 'kiosk.states.objected' : 'kiosk.states.notObjected')
              : t(`kiosk.states.${row.state}`);
          return (
            <Paper
              key={row.purpose.id}
              variant="outlined"
              sx={{ p: 2, borderWidth: changed ? 2 : 1, borderColor: changed ? 'primary.main' : 'divider' }}
              data-testid="kiosk-purpose"
              data-purpose={name}
            >
              <Stack
                direction={{ xs: 'column', sm: 'row' }}
                spacing={2}
                sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' } }}
              >
                <Box>
                  <Typography variant="h6" component="h2">
                    {name} {changed && <Chip size="small" color="primary" label={t('kiosk.changed')} />}
                  </Typography>
                  {description && <Typography>{description}</Typography>}
                  <Typography color="text.secondary">{t('kiosk.current', { state })}</Typography>
                </Box>
                {row.purpose.lawfulBasis === 'legitimate_interest' ? (
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={value === 'object'}
                        onChange={(event) =>
                          setChoices((current) => ({
                            ...current,
                            [row.purpose.id]: event.target.checked ? 'object' : 'no_objection',
                          }))
                        }
                        sx={{ '& .MuiSvgIcon-root': { fontSize: 36 } }}
                        slotProps={{ input: { 'data-testid': 'kiosk-object' } as object }}
                      />
                    }
                    label={<Typography variant="h6">{t('kiosk.object')}</Typography>}
                    sx={{ minHeight: 48 }}
                  />
                ) : (
                  <ToggleButtonGroup
                    exclusive
                    value={value}
                    onChange={(_event, next: KioskChoice | null) =>
                      next && setChoices((current) => ({ ...current, [row.purpose.id]: next }))
                    }
                    aria-label={name}
                    color="primary"
                  >
                    <ToggleButton value="yes" sx={TARGET} data-testid="kiosk-yes">
                      {t('kiosk.yes')}
                    </ToggleButton>
                    <ToggleButton value="no" sx={TARGET} data-testid="kiosk-no">
                      {t('kiosk.no')}
                    </ToggleButton>
                  </ToggleButtonGroup>
                )}
              </Stack>
            </Paper>
          );
        })}
      </Stack>
      <SignatureField
        label={t('kiosk.sign')}
        clearLabel={t('kiosk.clearSignature')}
        onChange={setSigned}
        padRef={pad}
      />
      {failure && <Alert severity="error">{t('kiosk.errors.failed')}</Alert>}
      <Typography role="status" color="text.secondary">
        {decisions.length === 0 ? t('kiosk.needChange') : !signed ? t('kiosk.needSignature') : ''}
      </Typography>
      <Stack direction="row" spacing={2}>
        <Button
          variant="contained"
          size="large"
          sx={TARGET}
          disabled={saving || decisions.length === 0 || !signed || !notice.data}
          onClick={() => void confirm()}
          data-testid="kiosk-confirm"
        >
          {saving ? t('kiosk.saving') : t('kiosk.confirm')}
        </Button>
        <Button size="large" sx={TARGET} onClick={discard} data-testid="kiosk-cancel">
          {t('kiosk.cancel')}
        </Button>
      </Stack>
    </Stack>,
  );
}

function Receipt({
  reference,
  decisions,
  t,
  onPrint,
  onDone,
}: {
  reference: string;
  decisions: Record<string, KioskChoice>;
  t: (key: string, options?: Record<string, unknown>) => string;
  onPrint: (reference: string, decisions: Record<string, KioskChoice>) => Promise<void>;
  onDone: () => void;
}) {
  const [qr, setQr] = useState('');
  useEffect(() => {
    // The code holds the reference only: nothing personal leaves on the customer's phone.
    void QRCode.toDataURL(reference, { errorCorrectionLevel: 'M', margin: 4, width: 240 }).then(setQr);
  }, [reference]);
  return (
    <Stack spacing={3} sx={{ alignItems: 'center', mt: 4 }} data-testid="kiosk-saved">
      <Typography variant="h3" component="h1">
        {t('kiosk.saved')}
      </Typography>
      <Typography variant="h4" component="p" data-testid="kiosk-reference">
        {t('kiosk.reference', { reference })}
      </Typography>
      {qr && <img src={qr} width={240} height={240} alt={t('kiosk.qrLabel', { reference })} />}
      <Typography>{t('kiosk.receiptHint')}</Typography>
      <Stack direction="row" spacing={2}>
        <Button
          variant="outlined"
          size="large"
          sx={TARGET}
          onClick={() => void onPrint(reference, decisions)}
          data-testid="kiosk-receipt"
        >
          {t('kiosk.receiptPdf')}
        </Button>
        <Button variant="contained" size="large" sx={TARGET} onClick={onDone} data-testid="kiosk-done">
          {t('kiosk.done')}
        </Button>
      </Stack>
    </Stack>
  );
}
