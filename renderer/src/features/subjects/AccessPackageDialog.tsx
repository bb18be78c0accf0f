import ContactPageIcon from '@mui/icons-material/ContactPage';
import SaveAltIcon from '@mui/icons-material/SaveAlt';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessPackageCsv, accessPackageJson, buildAccessPackage } from '../../../../shared/access';
import type { AccessPdfWords } from '../../../../shared/pdf/access';
import type { Subject } from '../../../../shared/domain/subject';
import type { DsRequest } from '../../../../shared/requests';
import { useDesk } from '../../app/context';
import { saveFile } from '../../app/files';
import { useDbMutation } from '../../app/queries';
import { EnumSelect } from '../../components/EnumSelect';
import { messageKeyOf } from '../../components/errors';
import { accessRequests, readAccessData, recordAccessPackage, type MadeFile } from '../../db/access';
import { localDate } from '../../db/write';
import { formatDay } from '../../i18n';
import { useSubjectRequests } from '../requests/hooks';
import { useOrganisationQuery } from '../settings/hooks';

type PackageFile = MadeFile & {
  mediaType: 'application/pdf' | 'application/json' | 'text/csv';
  bytes: Uint8Array;
};
type Made = { files: PackageFile[]; reference: string };

const LANGUAGES = ['fr', 'en'] as const;
const NO_REQUEST = 'none';
const dayOf = (iso: string) => localDate(Date.parse(iso));

/** The person's requests, access and portability ones first (the open ones before the closed). */
function requestOrder(requests: readonly DsRequest[]): DsRequest[] {
  const first = accessRequests(requests);
  return [...first, ...requests.filter((request) => !first.includes(request))];
}

/**
 * Everything held about a person, for the right of access and portability: a PDF summary and the
 * same data as JSON and CSV. Preparing the package records it (on the request's timeline when it
 * answers one); each file is then saved on its own — the three files are what is sent, and a
 * bundle would need the main process to write a ZIP.
 */
function AccessPackageDialog({ subject, onClose }: { subject: Subject; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { db, desk, info } = useDesk();
  const organisation = useOrganisationQuery().data;
  const requests = requestOrder(useSubjectRequests(subject.id).data ?? []);
  const suggested = accessRequests(requests).find((request) => request.clock !== 'closed');
  const [picked, setPicked] = useState<string | null>(null);
  const requestChoice = picked ?? suggested?.id ?? NO_REQUEST;
  const [pickedLanguage, setLanguage] = useState<'fr' | 'en' | null>(null);
  const language = pickedLanguage ?? organisation?.defaultLanguage ?? 'fr';
  const [made, setMade] = useState<Made | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const record = useDbMutation((database, ctx, input: Parameters<typeof recordAccessPackage>[2]) =>
    recordAccessPackage(database, ctx, input),
  );

  const make = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const requestId = requestChoice === NO_REQUEST ? null : requestChoice;
      const generatedAt = new Date().toISOString();
      const pkg = buildAccessPackage({
        ...(await readAccessData(db, subject.id)),
        generatedAt,
        language,
        forRequestId: requestId,
        dayOf,
      });
      const tl = i18n.getFixedT(language);
      const words: AccessPdfWords = {
        decision: (code) => tl(`consents.decisions.${code}`),
        consentChannel: (code) => tl(`consents.captureChannels.${code}`),
        right: (code) => tl(`requests.rights.${code}`),
        status: (code) => tl(`requests.statuses.${code}`),
        letterKind: (code) => tl(`letters.kinds.${code}`, { defaultValue: code }),
        category: (code) => tl(`access.pdf.categories.${code}`),
        anchor: (code) => tl(`access.pdf.anchors.${code}`),
      };
      // jsPDF is loaded only when a PDF is made, keeping it out of the app's first load.
      const { accessPdf } = await import('../../../../shared/pdf/access');
      const stem = [tl('access.fileBase'), pkg.request, dayOf(generatedAt)].filter(Boolean).join('-');
      const encode = (text: string) => new TextEncoder().encode(text);
      const files: PackageFile[] = [
        { name: `${stem}.pdf`, mediaType: 'application/pdf', bytes: accessPdf({ pkg, words, dayOf }) },
        { name: `${stem}.json`, mediaType: 'application/json', bytes: encode(accessPackageJson(pkg)) },
        { name: `${stem}.csv`, mediaType: 'text/csv', bytes: encode(accessPackageCsv(pkg)) },
      ].map((file) => ({ ...file, sha256: bytesToHex(sha256(file.bytes)) }) as PackageFile);
      await record.mutateAsync({
        subjectId: subject.id,
        requestId,
        files: files.map(({ name, sha256: hash }) => ({ name, sha256: hash })),
        count: pkg.consents.length + pkg.requests.length,
      });
      setMade({ files, reference: pkg.request });
    } catch (error) {
      setStatus({ ok: false, key: messageKeyOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const save = async (file: PackageFile) => {
    try {
      const outcome = await saveFile(desk, info, file.name, file.mediaType, file.bytes);
      setStatus(outcome === 'cancelled' ? null : { ok: true, key: 'access.saved' });
    } catch (error) {
      setStatus({ ok: false, key: messageKeyOf(error) });
    }
  };

  const requestLabel = (id: string) => {
    const request = requests.find((candidate) => candidate.id === id);
    if (!request) return t('access.noRequest');
    const rights = request.rights.map((right) => t(`requests.rights.${right}`)).join(', ');
    const closed = request.clock === 'closed' ? ` (${t('access.closed')})` : '';
    return `${request.reference} — ${rights} — ${formatDay(request.receivedOn, i18n.language)}${closed}`;
  };
  const saveLabels = {
    'application/pdf': 'access.savePdf',
    'application/json': 'access.saveJson',
    'text/csv': 'access.saveCsv',
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{t('access.open')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('access.intro')}
        </Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ pt: 1, mb: 2 }}>
          <EnumSelect
            label={t('access.request')}
            value={requestChoice}
            options={[...requests.map((request) => request.id), NO_REQUEST]}
            labelOf={requestLabel}
            onValue={(value) => {
              setPicked(value);
              setMade(null);
            }}
            disabled={Boolean(made)}
            sx={{ flex: 3 }}
            testId="access-request"
          />
          <EnumSelect
            label={t('access.language')}
            value={language}
            options={LANGUAGES}
            labelOf={(value) => t(`languages.${value}`)}
            onValue={(value) => {
              setLanguage(value);
              setMade(null);
            }}
            disabled={Boolean(made)}
            sx={{ flex: 1 }}
            testId="access-language"
          />
        </Stack>
        {made && (
          <>
            <Alert severity="success" sx={{ mb: 2 }} data-testid="access-made">
              {made.reference ? t('access.madeForRequest', { reference: made.reference }) : t('access.made')}
            </Alert>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
              {made.files.map((file) => (
                <Button
                  key={file.name}
                  variant="outlined"
                  startIcon={<SaveAltIcon />}
                  onClick={() => void save(file)}
                  data-testid={`access-save-${file.name.slice(file.name.lastIndexOf('.') + 1)}`}
                >
                  {t(saveLabels[file.mediaType])}
                </Button>
              ))}
            </Stack>
          </>
        )}
        {status && (
          <Alert severity={status.ok ? 'success' : 'error'} sx={{ mt: 2 }}>
            {t(status.key)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
        {!made && (
          <Button
            variant="contained"
            onClick={() => void make()}
            disabled={busy || !organisation}
            data-testid="access-make"
          >
            {t('access.make')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

/** The button on a person's page that opens the access and portability package. */
export function AccessPackageButton({ subject }: { subject: Subject }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="outlined"
        startIcon={<ContactPageIcon />}
        onClick={() => setOpen(true)}
        data-testid="access-open"
      >
        {t('access.open')}
      </Button>
      {open && <AccessPackageDialog subject={subject} onClose={() => setOpen(false)} />}
    </>
  );
}
