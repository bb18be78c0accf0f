import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../../shared/domain/organisation';
import { useDbMutation } from '../../app/queries';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { DEFAULT_ARCHIVE_MONTHS } from '../../db/compliance';
import { updateRecord } from '../../db/write';

/** Settings → Compliance: how often a signed archive should be exported. */
export function ComplianceSettingsPanel({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const stored = organisation.archiveEveryMonths ?? DEFAULT_ARCHIVE_MONTHS;
  const [months, setMonths] = useState(String(stored));
  const [status, setStatus] = useState<{ ok: boolean; key: string } | null>(null);
  const save = useDbMutation((db, ctx, value: number) =>
    updateRecord(db, ctx, 'organisation', organisation.id, { archiveEveryMonths: value }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(months);
    if (value === stored) return;
    try {
      await save.mutateAsync(value);
      setStatus({ ok: true, key: 'common.saved' });
    } catch (error) {
      setStatus({ ok: false, key: fieldErrorsOf(error).archiveEveryMonths ?? messageKeyOf(error) });
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="compliance-settings">
      <Typography variant="h6" component="h2" gutterBottom>
        {t('compliance.settings.title')}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <TextField
          type="number"
          label={t('compliance.settings.archiveEveryMonths')}
          value={months}
          onChange={(event) => setMonths(event.target.value)}
          helperText={t('compliance.settings.archiveHint')}
          slotProps={{ htmlInput: { min: 1, max: 24, 'data-testid': 'archive-every-months' } }}
          sx={{ minWidth: 320 }}
        />
        <Button type="submit" variant="contained" disabled={save.isPending} sx={{ mt: 1 }}>
          {t('common.save')}
        </Button>
      </Stack>
      {status && (
        <Alert severity={status.ok ? 'success' : 'error'} sx={{ mt: 2 }}>
          {t(status.key)}
        </Alert>
      )}
    </form>
  );
}
