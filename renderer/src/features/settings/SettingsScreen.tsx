import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sameValue, type ConflictChoices } from '../../../../shared/domain/edits';
import type { Organisation } from '../../../../shared/domain/organisation';
import { useDesk } from '../../app/context';
import type { Route } from '../../app/route';
import { TabbedScreen, type ScreenTab } from '../../components/TabbedScreen';
import { useDbMutation } from '../../app/queries';
import { call } from '../../app/transport';
import { EditConflicts } from '../../components/EditConflicts';
import { useFormSubmit } from '../../components/useFormSubmit';
import { editRecord } from '../../db/write';
import { KeysPanel } from '../archive/KeysPanel';
import { OrganisationFields, type OrganisationDraft } from '../setup/OrganisationFields';
import { StaffPanel } from '../staff/StaffPanel';
import { SyncPanel } from '../sync/SyncPanel';
import { useOrganisationQuery } from './hooks';
import { ConsentSettingsPanel } from './ConsentSettingsPanel';
import { LetterTemplatesPanel } from './LetterTemplatesPanel';
import { PrivacyNoticePanel } from './PrivacyNoticePanel';
import { RequestSettingsPanel } from './RequestSettingsPanel';
import { SecurityPanel } from './SecurityPanel';
import { RetentionRulesPanel } from '../retention/RetentionRulesPanel';
import { ComplianceSettingsPanel } from '../compliance/ComplianceSettingsPanel';
import { TrainingPanel } from '../training/TrainingPanel';

function draftOfOrganisation(organisation: Organisation): OrganisationDraft {
  return {
    legalName: organisation.legalName,
    address: organisation.address,
    registrationNumber: organisation.registrationNumber,
    contactEmail: organisation.contactEmail,
    dpoEmail: organisation.dpoEmail,
    country: organisation.country,
    region: organisation.region,
    defaultLanguage: organisation.defaultLanguage,
  };
}

function OrganisationPanel({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  // The version the form was opened on: only fields changed since then are written. While nothing
  // is typed, a change arriving from another device (sync) refreshes the form.
  const stored = draftOfOrganisation(organisation);
  const [opened, setOpened] = useState<OrganisationDraft>(stored);
  const [draft, setDraft] = useState<OrganisationDraft>(stored);
  if (!sameValue(stored, opened) && sameValue(draft, opened)) {
    setOpened(stored);
    setDraft(stored);
  }
  const [status, setStatus] = useState<{ ok: boolean; key: string } | null>(null);
  const save = useDbMutation(
    (db, ctx, { next, choices }: { next: OrganisationDraft; choices: ConflictChoices }) =>
      editRecord(db, ctx, 'organisation', organisation.id, opened, next, { choices }),
  );
  const { errors, failure, submit, conflicts, choices, choose } = useFormSubmit(async (chosen) => {
    setStatus(null);
    await save.mutateAsync({ next: draft, choices: chosen });
    setOpened(draft);
    setStatus({ ok: true, key: 'common.saved' });
  });
  const shownStatus = failure ? { ok: false, key: failure } : status;
  return (
    <form onSubmit={submit} noValidate>
      <Typography variant="h6" component="h2" gutterBottom>
        {t('settings.organisation')}
      </Typography>
      <EditConflicts
        conflicts={conflicts}
        choices={choices}
        onChoose={choose}
        label={(field) => t(`setup.${field}`)}
      />
      <OrganisationFields value={draft} onChange={setDraft} errors={errors} />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 2 }}>
        <Button type="submit" variant="contained" disabled={save.isPending}>
          {t('common.save')}
        </Button>
        {shownStatus && <Alert severity={shownStatus.ok ? 'success' : 'error'}>{t(shownStatus.key)}</Alert>}
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
      <Framed>{organisation.data && <OrganisationPanel organisation={organisation.data} />}</Framed>
      <DataFolderPanel />
    </>
  );
}

function TeamSection() {
  return (
    <>
      <Framed>
        <StaffPanel />
      </Framed>
      <Framed last>
        <TrainingPanel />
      </Framed>
    </>
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
    <>
      <Framed>{organisation.data && <ConsentSettingsPanel organisation={organisation.data} />}</Framed>
      <Framed last>{organisation.data && <PrivacyNoticePanel organisation={organisation.data} />}</Framed>
    </>
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
  const organisation = useOrganisationQuery();
  return (
    <>
      <Framed>
        <KeysPanel />
      </Framed>
      <Framed last>
        {organisation.data && <ComplianceSettingsPanel organisation={organisation.data} />}
      </Framed>
    </>
  );
}

function SecuritySection() {
  return (
    <Framed last>
      <SecurityPanel />
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
 * setting it needs.
 */
export const SETTINGS_SECTIONS: readonly ScreenTab<object>[] = [
  { id: 'organisation', labelKey: 'settings.sections.organisation', Panel: OrganisationSection },
  { id: 'team', labelKey: 'settings.sections.team', Panel: TeamSection },
  { id: 'requests', labelKey: 'settings.sections.requests', Panel: RequestsSection },
  { id: 'consents', labelKey: 'settings.sections.consents', Panel: ConsentsSection },
  { id: 'retention', labelKey: 'settings.sections.retention', Panel: RetentionSection },
  { id: 'archive', labelKey: 'settings.sections.archive', Panel: ArchiveKeysSection },
  { id: 'sync', labelKey: 'settings.sections.sync', Panel: SyncSection },
  { id: 'security', labelKey: 'settings.sections.security', Panel: SecuritySection },
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
