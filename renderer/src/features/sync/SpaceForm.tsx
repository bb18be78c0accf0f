import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { estimatePassphrase } from '../../../../shared/sync/passphrase';
import { useDesk } from '../../app/context';
import { call } from '../../app/transport';
import { useStartSpace } from './hooks';
import { NewPassphraseFields, PassphraseField } from './PassphraseFields';
import { syncMessageKey } from './runner';

/** The shared folder: typed (browser host), or picked with the system dialog (desktop). */
export function FolderField({ value, onValue }: { value: string; onValue: (value: string) => void }) {
  const { t } = useTranslation();
  const { desk, info } = useDesk();
  const choose = async () => {
    const answer = await call(desk, 'sync:choose-folder', {});
    if (answer.path) onValue(answer.path);
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <TextField
        label={t('sync.panel.folder')}
        helperText={t('sync.panel.folderHint')}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        required
        fullWidth
        slotProps={{ htmlInput: { 'data-testid': 'sync-folder' } }}
      />
      {info.transport === 'electron' && (
        <Button onClick={() => void choose()} sx={{ mt: 1, flexShrink: 0 }} data-testid="sync-choose-folder">
          {t('sync.panel.chooseFolder')}
        </Button>
      )}
    </Stack>
  );
}

/**
 * Create a space (passphrase twice, strength shown; the Node side refuses a weak one too) or join
 * one (passphrase once; a wrong one imports nothing).
 */
export function SpaceForm({
  kind,
  expectedSpaceId,
  onDone,
}: {
  kind: 'create' | 'join';
  expectedSpaceId?: string;
  onDone: (spaceId: string) => void;
}) {
  const { t } = useTranslation();
  const start = useStartSpace(kind);
  const [folder, setFolder] = useState('');
  const [label, setLabel] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const creating = kind === 'create';
  const acceptable = !creating || estimatePassphrase(passphrase).acceptable;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (creating && passphrase !== confirm) return setFailure('sync.panel.mismatch');
    setFailure(null);
    try {
      const spaceId = await start.mutateAsync({
        folder: folder.trim(),
        passphrase,
        label: label.trim(),
        ...(expectedSpaceId ? { expectedSpaceId } : {}),
      });
      setPassphrase('');
      setConfirm('');
      onDone(spaceId);
    } catch (error) {
      setFailure(syncMessageKey(error));
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid={`sync-${kind}-form`}>
      <Stack spacing={2}>
        <FolderField value={folder} onValue={setFolder} />
        <TextField
          label={t('sync.panel.label')}
          helperText={t('sync.panel.labelHint')}
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'sync-label' } }}
        />
        {creating ? (
          <NewPassphraseFields
            label={t('sync.panel.passphrase')}
            value={passphrase}
            onValue={setPassphrase}
            confirm={confirm}
            onConfirm={setConfirm}
            testId="sync-passphrase"
          />
        ) : (
          <PassphraseField
            label={t('sync.panel.passphrase')}
            value={passphrase}
            onValue={setPassphrase}
            autoComplete="current-password"
            testId="sync-passphrase"
          />
        )}
        {failure && (
          <Alert severity="error" data-testid="sync-form-error">
            {t(failure)}
          </Alert>
        )}
        {start.isPending && <Typography color="text.secondary">{t('sync.panel.working')}</Typography>}
        <Box>
          <Button
            type="submit"
            variant="contained"
            disabled={start.isPending || !folder.trim() || !passphrase || !acceptable}
            data-testid={`sync-${kind}`}
          >
            {t(creating ? 'sync.panel.create' : 'sync.panel.join')}
          </Button>
        </Box>
      </Stack>
    </form>
  );
}
