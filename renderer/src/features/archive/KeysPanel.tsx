import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { messageKeyOf } from '../../components/errors';
import { formatDateTime } from '../../i18n';
import { useArchiveKeys, useNewArchiveKey } from './hooks';
import { archiveMessageKey } from './run';

/** Settings: the fingerprint to read out over the phone, the previous keys, a new key. */
export function KeysPanel() {
  const { t, i18n } = useTranslation();
  const keys = useArchiveKeys();
  const make = useNewArchiveKey();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; key: string } | null>(null);
  const data = keys.data;
  const needsPassphrase = data?.protection === 'passphrase';
  const previous = data?.keys.filter((key) => !key.current) ?? [];
  // With no key yet there is no "old key" to retire: the words say what the button really does.
  const first = !data?.current;

  const create = async () => {
    if (needsPassphrase && passphrase !== confirm) {
      return setStatus({ ok: false, key: 'archive.export.passphraseMismatch' });
    }
    try {
      await make.mutateAsync(needsPassphrase ? passphrase : undefined);
      setPassphrase('');
      setConfirm('');
      setStatus({ ok: true, key: first ? 'archive.keys.firstMade' : 'archive.keys.made' });
    } catch (error) {
      setStatus({ ok: false, key: archiveMessageKey(error, messageKeyOf) });
    }
  };

  return (
    <section data-testid="archive-keys">
      <Typography variant="h6" component="h2" gutterBottom>
        {t('archive.keys.heading')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('archive.keys.intro')}
      </Typography>
      {data && !data.current && <Typography sx={{ mb: 2 }}>{t('archive.keys.none')}</Typography>}
      {data?.current && (
        <Stack spacing={0.5} sx={{ mb: 2 }}>
          <Typography variant="subtitle1">{t('archive.keys.current')}</Typography>
          <Typography
            sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
            data-testid="archive-key-fingerprint"
          >
            {t('archive.keys.fingerprint', { fingerprint: data.current.fingerprint })}
          </Typography>
          <Typography variant="body2">{t('archive.keys.keyId', { keyId: data.current.keyId })}</Typography>
          <Typography variant="body2" color="text.secondary">
            {t('archive.keys.created', { date: formatDateTime(data.current.createdAt, i18n.language) })} ·{' '}
            {t(`archive.keys.protection.${data.current.protection}`)}
          </Typography>
        </Stack>
      )}
      {previous.length > 0 && (
        <>
          <Typography variant="subtitle1">{t('archive.keys.old')}</Typography>
          <List dense data-testid="archive-old-keys">
            {previous.map((key) => (
              <ListItem key={key.keyId}>
                <ListItemText
                  primary={key.fingerprint}
                  secondary={`${t('archive.keys.keyId', { keyId: key.keyId })} · ${t('archive.keys.created', {
                    date: formatDateTime(key.createdAt, i18n.language),
                  })}`}
                  slotProps={{ primary: { sx: { fontFamily: 'monospace' } } }}
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t(first ? 'archive.keys.firstKeyHint' : 'archive.keys.newKeyHint')}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        {needsPassphrase && (
          <>
            <TextField
              type="password"
              size="small"
              label={t('archive.export.passphraseNew')}
              value={passphrase}
              onChange={(event) => setPassphrase(event.target.value)}
              sx={{ minWidth: 360 }}
              slotProps={{ htmlInput: { autoComplete: 'off', 'data-testid': 'archive-key-passphrase' } }}
            />
            <TextField
              type="password"
              size="small"
              label={t('archive.export.passphraseConfirm')}
              value={confirm}
              onChange={(event) => setConfirm(event.target.value)}
              slotProps={{
                htmlInput: { autoComplete: 'off', 'data-testid': 'archive-key-passphrase-confirm' },
              }}
            />
          </>
        )}
        <Button
          variant="outlined"
          onClick={() => void create()}
          disabled={make.isPending || !data}
          data-testid="archive-new-key"
        >
          {t(first ? 'archive.keys.firstKey' : 'archive.keys.newKey')}
        </Button>
      </Stack>
      {status && (
        <Alert severity={status.ok ? 'success' : 'error'} sx={{ mt: 2 }}>
          {t(status.key)}
        </Alert>
      )}
    </section>
  );
}
