import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { estimatePassphrase } from '../../../../shared/sync/passphrase';
import { syncMessageKey as problemKey } from '../../../../shared/sync/errors';
import { formatDateTime } from '../../i18n';
import { useSyncCommand, useSyncStatus } from './hooks';
import { syncMessageKey } from './runner';
import { NewPassphraseFields, PassphraseField } from './PassphraseFields';
import { SpaceForm } from './SpaceForm';
import { usePassState, useSyncRunner } from './SyncProvider';

type Notice = { ok: boolean; key: string } | null;

/** Settings → Sync: set up a space, or see and steer this device's sync. */
export function SyncPanel() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const runner = useSyncRunner();
  const [notice, setNotice] = useState<Notice>(null);
  const data = status.data;

  const started = (key: string) => {
    setNotice({ ok: true, key });
    void runner.runNow();
  };

  return (
    <section data-testid="sync-panel">
      <Typography variant="h6" component="h2" gutterBottom>
        {t('sync.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('sync.panel.intro')}
      </Typography>
      {status.isError && <Alert severity="error">{t(syncMessageKey(status.error))}</Alert>}
      {notice && (
        <Alert severity={notice.ok ? 'success' : 'error'} sx={{ mb: 2 }} data-testid="sync-notice">
          {t(notice.key)}
        </Alert>
      )}
      {data?.otherDevice && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('sync.panel.otherDevice')}
        </Alert>
      )}
      {data && !data.joined && (
        <Stack spacing={3}>
          <Box>
            <Typography variant="subtitle1" component="h3">
              {t('sync.panel.createHeading')}
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              {t('sync.panel.createIntro')}
            </Typography>
            <SpaceForm kind="create" onDone={() => started('sync.panel.created')} />
          </Box>
          {data.previousSpace && (
            <Box>
              <Typography variant="subtitle1" component="h3">
                {t('sync.panel.joinHeading')}
              </Typography>
              <Typography color="text.secondary" sx={{ mb: 2 }}>
                {t('sync.panel.joinIntro')}
              </Typography>
              <SpaceForm
                kind="join"
                expectedSpaceId={data.previousSpace}
                onDone={() => started('common.saved')}
              />
            </Box>
          )}
        </Stack>
      )}
      {data?.joined && data.locked && <Unlock onNotice={setNotice} onUnlocked={() => void runner.runNow()} />}
      {data?.joined && !data.locked && <JoinedStatus data={data} onNotice={setNotice} />}
    </section>
  );
}

function JoinedStatus({
  data,
  onNotice,
}: {
  data: NonNullable<ReturnType<typeof useSyncStatus>['data']>;
  onNotice: (notice: Notice) => void;
}) {
  const { t, i18n } = useTranslation();
  const runner = useSyncRunner();
  const pass = usePassState();
  const command = useSyncCommand();
  const [changing, setChanging] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [removing, setRemoving] = useState<{ deviceId: string; label: string } | null>(null);
  const pending = data.pendingOps + data.unpushed;
  const lastSync = data.lastPull ?? pass.lastPass;
  const problems = [...new Map(data.problems.map((problem) => [problem.message, problem])).values()].map(
    (problem) => problem.message,
  );
  for (const code of pass.problems) {
    const key = problemKey('problems', code);
    if (!problems.includes(key)) problems.push(key);
  }
  const failure = pass.error ?? data.error?.message ?? null;

  const run = async (action: Parameters<typeof command.mutateAsync>[0], success?: string) => {
    try {
      if (action.kind === 'leave') {
        // What this device still holds goes out first; leaving never loses a change.
        const state = await runner.runNow();
        if (state.error) throw new Error(state.error);
      }
      await command.mutateAsync(action);
      if (action.kind === 'pause' && !action.paused) void runner.runNow();
      onNotice(success ? { ok: true, key: success } : null);
    } catch (error) {
      const key =
        error instanceof Error && error.message.startsWith('sync.') ? error.message : syncMessageKey(error);
      onNotice({ ok: false, key });
    }
  };

  return (
    <Stack spacing={2} data-testid="sync-status" data-paused={data.paused}>
      <Box>
        <Typography variant="subtitle1" component="h3" data-testid="sync-state">
          {t(data.paused ? 'sync.panel.paused' : 'sync.panel.on')}
        </Typography>
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          {t('sync.panel.folderIs', { folder: data.folder ?? '' })}
        </Typography>
        <Typography variant="body2" data-testid="sync-last">
          {lastSync
            ? t('sync.panel.lastSync', { date: formatDateTime(lastSync, i18n.language) })
            : t('sync.panel.never')}
        </Typography>
        <Typography variant="body2" data-testid="sync-pending">
          {pending > 0 ? t('sync.panel.pending', { count: pending }) : t('sync.panel.nothingPending')}
        </Typography>
      </Box>
      {failure && (
        <Alert severity="warning" data-testid="sync-error">
          {t(failure)}
        </Alert>
      )}
      {problems.length > 0 && (
        <Alert severity="info" data-testid="sync-problems">
          <Typography variant="subtitle2">{t('sync.panel.problems')}</Typography>
          {problems.map((key) => (
            <Typography key={key} variant="body2">
              {t(key)}
            </Typography>
          ))}
        </Alert>
      )}
      <Box>
        <Typography variant="subtitle2" component="h3">
          {t('sync.panel.devices')}
        </Typography>
        <List dense data-testid="sync-devices">
          {data.devices.map((device) => (
            <ListItem key={device.deviceId} data-testid="sync-device">
              <ListItemText
                primary={
                  <>
                    {device.label || t('sync.panel.unnamed')}{' '}
                    {device.self && <Chip size="small" label={t('sync.panel.thisDevice')} />}
                    {device.left && <Chip size="small" variant="outlined" label={t('sync.panel.hasLeft')} />}
                    {device.removed && (
                      <Chip
                        size="small"
                        variant="outlined"
                        color="warning"
                        label={t('sync.panel.hasBeenRemoved')}
                      />
                    )}
                  </>
                }
                secondary={
                  device.lastActivity
                    ? t('sync.panel.lastActivity', {
                        date: formatDateTime(device.lastActivity, i18n.language),
                      })
                    : t('sync.panel.noActivity')
                }
              />
              {!device.self && !device.removed && (
                <Button
                  size="small"
                  color="error"
                  onClick={() =>
                    setRemoving({ deviceId: device.deviceId, label: device.label || t('sync.panel.unnamed') })
                  }
                  data-testid="sync-remove-device"
                >
                  {t('sync.panel.removeDevice')}
                </Button>
              )}
            </ListItem>
          ))}
        </List>
      </Box>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <Button
          variant="contained"
          onClick={() => void runner.runNow()}
          disabled={pass.running || data.paused}
          data-testid="sync-now"
        >
          {t(pass.running ? 'sync.panel.syncing' : 'sync.panel.syncNow')}
        </Button>
        <Button
          onClick={() => void run({ kind: 'pause', paused: !data.paused })}
          disabled={command.isPending}
          data-testid="sync-pause"
        >
          {t(data.paused ? 'sync.panel.resume' : 'sync.panel.pause')}
        </Button>
        <Button onClick={() => setChanging(!changing)} data-testid="sync-change-passphrase">
          {t('sync.panel.changePassphrase')}
        </Button>
        <Button color="error" onClick={() => setConfirmLeave(true)} data-testid="sync-leave">
          {t('sync.panel.leave')}
        </Button>
      </Stack>
      {confirmLeave && (
        <Alert
          severity="warning"
          action={
            <Stack direction="row" spacing={1}>
              <Button onClick={() => setConfirmLeave(false)}>{t('sync.panel.cancel')}</Button>
              <Button
                color="error"
                disabled={command.isPending}
                onClick={() =>
                  void run({ kind: 'leave' }, 'sync.panel.left').then(() => setConfirmLeave(false))
                }
                data-testid="sync-leave-confirm"
              >
                {t('sync.panel.leave')}
              </Button>
            </Stack>
          }
        >
          {t('sync.panel.leaveConfirm')}
        </Alert>
      )}
      {removing && (
        <RemoveDevice
          label={removing.label}
          busy={command.isPending}
          onCancel={() => setRemoving(null)}
          onMismatch={() => onNotice({ ok: false, key: 'sync.panel.mismatch' })}
          onSubmit={(passphrase) =>
            run({ kind: 'remove', target: removing.deviceId, passphrase }, 'sync.panel.removedNotice').then(
              () => setRemoving(null),
            )
          }
        />
      )}
      {changing && (
        <ChangePassphrase
          busy={command.isPending}
          onSubmit={(current, next) =>
            run({ kind: 'passphrase', current, next }, 'sync.panel.changed').then(() => setChanging(false))
          }
          onMismatch={() => onNotice({ ok: false, key: 'sync.panel.mismatch' })}
        />
      )}
    </Stack>
  );
}

function ChangePassphrase({
  busy,
  onSubmit,
  onMismatch,
}: {
  busy: boolean;
  onSubmit: (current: string, next: string) => Promise<void>;
  onMismatch: () => void;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirm) return onMismatch();
    void onSubmit(current, next);
  };
  return (
    <form onSubmit={submit} noValidate data-testid="sync-passphrase-form">
      <Stack spacing={2} sx={{ maxWidth: 480 }}>
        <PassphraseField
          label={t('sync.panel.currentPassphrase')}
          value={current}
          onValue={setCurrent}
          autoComplete="current-password"
        />
        <NewPassphraseFields value={next} onValue={setNext} confirm={confirm} onConfirm={setConfirm} />
        <Box>
          <Button
            type="submit"
            variant="contained"
            disabled={busy || !current || !estimatePassphrase(next).acceptable}
          >
            {t('sync.panel.changePassphrase')}
          </Button>
        </Box>
      </Stack>
    </form>
  );
}

/** Without an OS keystore, after a restart: the passphrase this computer last used opens its keys. */
function Unlock({ onNotice, onUnlocked }: { onNotice: (notice: Notice) => void; onUnlocked: () => void }) {
  const { t } = useTranslation();
  const command = useSyncCommand();
  const [passphrase, setPassphrase] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await command.mutateAsync({ kind: 'unlock', passphrase });
      onNotice({ ok: true, key: 'sync.panel.unlocked' });
      onUnlocked();
    } catch (error) {
      const key = syncMessageKey(error);
      onNotice({ ok: false, key: key === 'sync.errors.wrongPassphrase' ? 'sync.panel.unlockWrong' : key });
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="sync-unlock">
      <Stack spacing={2} sx={{ maxWidth: 480 }}>
        <Typography variant="subtitle1" component="h3">
          {t('sync.panel.lockedHeading')}
        </Typography>
        <Typography color="text.secondary">{t('sync.panel.lockedIntro')}</Typography>
        <PassphraseField
          label={t('sync.panel.passphrase')}
          value={passphrase}
          onValue={setPassphrase}
          autoComplete="current-password"
          testId="sync-unlock-passphrase"
        />
        <Box>
          <Button type="submit" variant="contained" disabled={command.isPending || !passphrase}>
            {t('sync.panel.unlock')}
          </Button>
        </Box>
      </Stack>
    </form>
  );
}

/** Remove another device: confirmation, and a new passphrase (the removed device knows the old one). */
function RemoveDevice({
  label,
  busy,
  onCancel,
  onSubmit,
  onMismatch,
}: {
  label: string;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (passphrase: string) => Promise<void>;
  onMismatch: () => void;
}) {
  const { t } = useTranslation();
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirm) return onMismatch();
    void onSubmit(next);
  };
  return (
    <Dialog open onClose={onCancel} aria-labelledby="sync-remove-title" data-testid="sync-remove-dialog">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="sync-remove-title">{t('sync.panel.removeTitle', { label })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Alert severity="warning">{t('sync.panel.removeIntro')}</Alert>
            <Typography variant="body2">{t('sync.panel.removeNewPassphraseHint')}</Typography>
            <NewPassphraseFields
              value={next}
              onValue={setNext}
              confirm={confirm}
              onConfirm={setConfirm}
              testId="sync-remove-passphrase"
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>{t('sync.panel.cancel')}</Button>
          <Button
            type="submit"
            color="error"
            variant="contained"
            disabled={busy || !estimatePassphrase(next).acceptable || !confirm}
            data-testid="sync-remove-confirm"
          >
            {t('sync.panel.removeConfirm')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
