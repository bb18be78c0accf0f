import CampaignIcon from '@mui/icons-material/Campaign';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CAMPAIGN_LETTERS_FOR,
  MAILING_PRESETS,
  type CampaignLettersFor,
  type MailingPreset,
} from '../../../../shared/consent/campaign';
import type { Purpose } from '../../../../shared/consent/model';
import { csvFileName } from '../../../../shared/csv';
import { useDesk, useSession, useWriteContext } from '../../app/context';
import { bytesToBase64, base64ToBytes, saveFile } from '../../app/files';
import { useDbQuery } from '../../app/queries';
import { call } from '../../app/transport';
import { useToday } from '../../app/useToday';
import { EnumSelect } from '../../components/EnumSelect';
import { messageKeyOf } from '../../components/errors';
import { campaignFiles, campaignPlan, campaignsOf, recordCampaign } from '../../db/campaigns';
import { formatDateTime } from '../../i18n';
import { useStaffQuery } from '../settings/hooks';
import { localisedName } from './hooks';

/**
 * Prepare a re-consent campaign for a purpose's whole re-consent list: what it will hold (letters,
 * e-mails, who has neither an e-mail nor an address), then one ZIP with a PDF per letter and the
 * e-mail list, saved like any file; the campaign is recorded once the file has been saved.
 */
export function CampaignButton({
  purpose,
  subjectIds,
  disabled,
}: {
  purpose: Purpose;
  /** The people ticked on the list, or null for the whole list. */
  subjectIds: readonly string[] | null;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="contained"
        startIcon={<CampaignIcon />}
        disabled={disabled}
        onClick={() => setOpen(true)}
        title={t('campaigns.prepareHint')}
        data-testid="campaign-open"
        sx={{ flexShrink: 0 }}
      >
        {t('campaigns.prepare')}
      </Button>
      {open && <CampaignDialog purpose={purpose} subjectIds={subjectIds} onClose={() => setOpen(false)} />}
    </>
  );
}

function CampaignDialog({
  purpose,
  subjectIds,
  onClose,
}: {
  purpose: Purpose;
  subjectIds: readonly string[] | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { db, desk, info } = useDesk();
  const ctx = useWriteContext();
  const { operatorId } = useSession();
  const staff = useStaffQuery().data ?? [];
  const client = useQueryClient();
  const today = useToday();
  const uiLanguage = i18n.language === 'en' ? 'en' : 'fr';
  const [lettersFor, setLettersFor] = useState<CampaignLettersFor>('everyone');
  const [preset, setPreset] = useState<MailingPreset>('brevo');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const choice = {
    purposeId: purpose.id,
    today,
    lettersFor,
    fallbackLanguage: uiLanguage,
    subjectIds,
  } as const;
  const plan = useDbQuery(
    ['campaigns', 'plan', purpose.id, today, lettersFor, uiLanguage, subjectIds?.join(',') ?? 'all'],
    (database) => campaignPlan(database, choice),
  );
  const purposeName = localisedName(purpose.name, i18n.language);
  const tool = t(`campaigns.presets.${preset}`);
  const data = plan.data;
  const empty = data !== undefined && data.letters.length === 0 && data.emails.length === 0;

  const run = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      // Planned again now: the list may have changed since the dialog opened.
      const current = await campaignPlan(db, choice);
      const files = await campaignFiles(db, current, {
        purposeId: purpose.id,
        today,
        operatorName: staff.find((member) => member.id === operatorId)?.name ?? '',
        mailingPreset: preset,
        emailsName: csvFileName(t('campaigns.emailsName', { tool: preset }), ''),
      });
      const zip = await call(desk, 'zip:build', {
        entries: files.map((file) => ({ name: file.name, dataBase64: bytesToBase64(file.bytes) })),
      });
      const name = csvFileName(t('campaigns.zipName', { purpose: purposeName, date: '' }), today).replace(
        /\.csv$/,
        '.zip',
      );
      const saved = await saveFile(desk, info, name, 'application/zip', base64ToBytes(zip.dataBase64));
      if (saved === 'cancelled') return;
      await recordCampaign(db, ctx, current, { purposeId: purpose.id, lettersFor, mailingPreset: preset });
      await client.invalidateQueries({ queryKey: ['db'] });
      setOutcome({
        ok: true,
        text: t('campaigns.done', {
          letters: t('campaigns.counts.letters', { count: current.letters.length }),
          emails: t('campaigns.counts.emails', { count: current.emails.length }),
        }),
      });
    } catch (error) {
      setOutcome({ ok: false, text: t(messageKeyOf(error)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby="campaign-title"
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id="campaign-title">{t('campaigns.title', { purpose: purposeName })}</DialogTitle>
      <DialogContent data-testid="campaign-dialog">
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('campaigns.intro')}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2, pt: 1 }}>
          <EnumSelect
            label={t('campaigns.lettersFor')}
            value={lettersFor}
            options={CAMPAIGN_LETTERS_FOR}
            labelOf={(value) => t(`campaigns.lettersForOptions.${value}`)}
            onValue={setLettersFor}
            testId="campaign-letters-for"
            sx={{ flex: 2 }}
          />
          <EnumSelect
            label={t('campaigns.mailingPreset')}
            value={preset}
            options={MAILING_PRESETS}
            labelOf={(value) => t(`campaigns.presets.${value}`)}
            onValue={setPreset}
            testId="campaign-preset"
            sx={{ flex: 1 }}
          />
        </Stack>
        <Typography variant="subtitle1" component="h3" id="campaign-summary-title">
          {t('campaigns.summary')}
        </Typography>
        {plan.isError && <Alert severity="error">{t(messageKeyOf(plan.error))}</Alert>}
        {data && (
          <List dense aria-labelledby="campaign-summary-title" data-testid="campaign-summary">
            <ListItem>
              <ListItemText
                primary={t(subjectIds ? 'campaigns.peopleChosen' : 'campaigns.people', {
                  count: data.emails.length + data.withoutEmail,
                })}
              />
            </ListItem>
            <ListItem data-testid="campaign-letters">
              <ListItemText primary={t('campaigns.letters', { count: data.letters.length })} />
            </ListItem>
            <ListItem data-testid="campaign-emails">
              <ListItemText primary={t('campaigns.emails', { count: data.emails.length, tool })} />
            </ListItem>
            {data.withoutEmail > 0 && (
              <ListItem>
                <ListItemText primary={t('campaigns.withoutEmail', { count: data.withoutEmail })} />
              </ListItem>
            )}
            {data.withoutAddress > 0 && (
              <ListItem>
                <ListItemText primary={t('campaigns.withoutAddress', { count: data.withoutAddress })} />
              </ListItem>
            )}
            {data.notices.map(({ notice, language, formReference }) => (
              <ListItem key={notice.id}>
                <ListItemText
                  primary={t('campaigns.noticeLine', {
                    language: t(`languages.${language}`),
                    number: notice.number,
                    reference: formReference,
                  })}
                />
              </ListItem>
            ))}
          </List>
        )}
        {empty && <Alert severity="info">{t('campaigns.nothing')}</Alert>}
        {busy && (
          <Typography role="status" sx={{ mt: 1 }}>
            {t('campaigns.running')}
          </Typography>
        )}
        {outcome && (
          <Alert severity={outcome.ok ? 'success' : 'error'} sx={{ mt: 1 }} data-testid="campaign-outcome">
            {outcome.text}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {outcome?.ok ? t('campaigns.close') : t('campaigns.cancel')}
        </Button>
        {!outcome?.ok && (
          <Button
            variant="contained"
            onClick={() => void run()}
            disabled={busy || !data || empty}
            data-testid="campaign-run"
          >
            {t('campaigns.run')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

/** The campaigns already prepared for a purpose: when, by whom, how many letters and e-mails, which notice. */
export function CampaignsList({ purpose }: { purpose: Purpose }) {
  const { t, i18n } = useTranslation();
  const staff = useStaffQuery().data ?? [];
  const campaigns = useDbQuery(['campaigns', 'list', purpose.id], (database) =>
    campaignsOf(database, purpose.id),
  );
  const rows = campaigns.data ?? [];
  return (
    <section aria-labelledby="campaigns-title">
      <Typography variant="h6" component="h3" id="campaigns-title" sx={{ mt: 3, mb: 1 }}>
        {t('campaigns.listTitle')}
      </Typography>
      {campaigns.isSuccess && rows.length === 0 && (
        <Typography color="text.secondary" data-testid="campaigns-empty">
          {t('campaigns.listEmpty')}
        </Typography>
      )}
      {rows.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" data-testid="campaigns">
            <TableHead>
              <TableRow>
                <TableCell>{t('campaigns.columns.date')}</TableCell>
                <TableCell>{t('campaigns.columns.operator')}</TableCell>
                <TableCell align="right">{t('campaigns.columns.letters')}</TableCell>
                <TableCell align="right">{t('campaigns.columns.emails')}</TableCell>
                <TableCell>{t('campaigns.columns.notice')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((campaign) => (
                <TableRow key={campaign.id} data-testid="campaign-row">
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(campaign.createdAt, i18n.language)}
                  </TableCell>
                  <TableCell>
                    {staff.find((member) => member.id === campaign.createdBy)?.name ?? ''}
                  </TableCell>
                  <TableCell align="right">{campaign.letters}</TableCell>
                  <TableCell align="right">{campaign.emails}</TableCell>
                  <TableCell>
                    {campaign.notices
                      .map((notice) =>
                        t('campaigns.noticeVersion', {
                          number: notice.number,
                          language: t(`languages.${notice.language}`),
                        }),
                      )
                      .join(', ')}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </section>
  );
}
