import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../../shared/domain/organisation';
import { useDesk } from '../../app/context';
import type { Route } from '../../app/route';
import { TabbedScreen, type ScreenTab } from '../../components/TabbedScreen';
import { useDbMutation } from '../../app/queries';
import { call } from '../../app/transport';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { updateRecord } from '../../db/write';
import { KeysPanel } from '../archive/KeysPanel';
import { OrganisationFields, type OrganisationDraft } from '../setup/OrganisationFields';
import { StaffPanel } from '../staff/StaffPanel';
import { SyncPanel } from '../sync/SyncPanel';
import { useOrganisationQuery } from './hooks';
import { ConsentSettingsPanel } from './ConsentSettingsPanel';
import { LetterTemplatesPanel } from './LetterTemplatesPanel';
import { RequestSettingsPanel } from './RequestSettingsPanel';
import { RetentionRulesPanel } from '../retention/RetentionRulesPanel';

function OrganisationPanel({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<OrganisationDraft>(() => ({
    legalName: organisation.legalName,
    address: organisation.address,
    registrationNumber: organisation.registrationNumber,
    contactEmail: organisation.contactEmail,
    dpoEmail: organisation.dpoEmail,
    country: organisation.country,
    region: organisation.region,
    defaultLanguage: organisation.defaultLanguage,
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ ok: boolean; key: string } | null>(null);
  const save = useDbMutation((db, ctx, next: OrganisationDraft) =>
    updateRecord(db, ctx, 'organisation', organisation.id, next),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await save.mutateAsync(draft);
      setErrors({});
      setStatus({ ok: true, key: 'common.saved' });
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setStatus({ ok: false, key: messageKeyOf(error) });
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Typography variant="h6" component="h2" gutterBottom>
        {t('settings.organisation')}
      </Typography>
      <OrganisationFields value={draft} onChange={setDraft} errors={errors} />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 2 }}>
        <Button type="submit" variant="contained" disabled={save.isPending}>
          {t('common.save')}
        </Button>
        {status && <Alert severity={status.ok ? 'success' : 'error'}>{t(status.key)}</Alert>}
      </Stack>
    </form>
  );
}

/** Where the data folder is and which version runs: asked for when helping someone over the phone. */
function DataFolderPanel() {
  const { t } = useTranslation();
  const { desk, info } = useDesk();
  const open = useMutation({ mutationFn: () => call(desk, 'data-folder:open', {}) });
  return (
    <Paper variant="outlined" sx={{ p: 3 }}>
      <Typography variant="h6" component="h2" gutterBottom>
        {t('settings.dataFolder')}
      </Typography>
      <Typography sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="data-folder">
        {info.dataDir}
      </Typography>
      {info.capabilities.openFolder && (
        <Button startIcon={<FolderOpenIcon />} onClick={() => open.mutate()} sx={{ mt: 1 }}>
          {t('settings.openDataFolder')}
        </Button>
      )}
      <Typography color="text.secondary" sx={{ mt: 2 }}>
        {t('settings.version', { version: info.version, transport: info.transport })}
      </Typography>
    </Paper>
  );
}

function Framed({ children, last = false }: { children: ReactNode; last?: boolean }) {
  return (
    <Paper variant="outlined" sx={{ p: 3, mb: last ? 0 : 3 }}>
      {children}
    </Paper>
  );
}

function OrganisationSection() {
  const organisation = useOrganisationQuery();
  return (
    <>
      <Framed>
        {organisation.data && (
          <OrganisationPanel key={organisation.data.hlc} organisation={organisation.data} />
        )}
      </Framed>
      <DataFolderPanel />
    </>
  );
}

function TeamSection() {
  return (
    <Framed last>
      <StaffPanel />
    </Framed>
  );
}

function RequestsSection() {
  const organisation = useOrganisationQuery();
  return (
    <>
      <Framed>{organisation.data && <RequestSettingsPanel organisation={organisation.data} />}</Framed>
      <Framed last>
        <LetterTemplatesPanel />
      </Framed>
    </>
  );
}

function ConsentsSection() {
  const organisation = useOrganisationQuery();
  return (
    <Framed last>{organisation.data && <ConsentSettingsPanel organisation={organisation.data} />}</Framed>
  );
}

function RetentionSection() {
  const organisation = useOrganisationQuery();
  return (
    <Framed last>
      {organisation.data && <RetentionRulesPanel language={organisation.data.defaultLanguage} />}
    </Framed>
  );
}

function ArchiveKeysSection() {
  return (
    <Framed last>
      <KeysPanel />
    </Framed>
  );
}

function SyncSection() {
  return (
    <Framed last>
      <SyncPanel />
    </Framed>
  );
}

/**
 * One section per subject, each at its own address (#/settings/<id>) so a page can link to the
 * setting it needs. A Security section joins them once there is security content to show.
 */
export const SETTINGS_SECTIONS: readonly ScreenTab<object>[] = [
  { id: 'organisation', labelKey: 'settings.sections.organisation', Panel: OrganisationSection },
  { id: 'team', labelKey: 'settings.sections.team', Panel: TeamSection },
  { id: 'requests', labelKey: 'settings.sections.requests', Panel: RequestsSection },
  { id: 'consents', labelKey: 'settings.sections.consents', Panel: ConsentsSection },
  { id: 'retention', labelKey: 'settings.sections.retention', Panel: RetentionSection },
  { id: 'archive', labelKey: 'settings.sections.archive', Panel: ArchiveKeysSection },
  { id: 'sync', labelKey: 'settings.sections.sync', Panel: SyncSection },
];

export function SettingsScreen({
  sectionId,
  navigate,
}: {
  sectionId?: string;
  navigate: (route: Route) => void;
}) {
  const { t } = useTranslation();
  return (
    <TabbedScreen
      name="settings"
      title={t('settings.title')}
      tabsLabel={t('settings.sectionsLabel')}
      tabs={SETTINGS_SECTIONS}
      current={sectionId}
      onChange={(id) => navigate({ section: 'settings', id })}
      panelProps={{}}
    />
  );
}
