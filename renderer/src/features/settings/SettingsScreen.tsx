import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../../shared/domain/organisation';
import { useDesk } from '../../app/context';
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
import { ComplianceSettingsPanel } from '../compliance/ComplianceSettingsPanel';
import { TrainingPanel } from '../training/TrainingPanel';

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

export function SettingsScreen() {
  const { t } = useTranslation();
  const { desk, info } = useDesk();
  const organisation = useOrganisationQuery();
  const open = useMutation({ mutationFn: () => call(desk, 'data-folder:open', {}) });
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('settings.title')}
      </Typography>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        {organisation.data && (
          <OrganisationPanel key={organisation.data.hlc} organisation={organisation.data} />
        )}
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        {organisation.data && <RequestSettingsPanel organisation={organisation.data} />}
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        <LetterTemplatesPanel />
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        {organisation.data && <ConsentSettingsPanel organisation={organisation.data} />}
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        {organisation.data && <RetentionRulesPanel language={organisation.data.defaultLanguage} />}
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        <StaffPanel />
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        <TrainingPanel />
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        {organisation.data && <ComplianceSettingsPanel organisation={organisation.data} />}
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        <KeysPanel />
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        <SyncPanel />
      </Paper>
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
    </>
  );
}
