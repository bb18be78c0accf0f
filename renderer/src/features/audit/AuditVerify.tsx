import VerifiedIcon from '@mui/icons-material/Verified';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useDesk, useWriteContext } from '../../app/context';
import { formatDateTime, localeOf } from '../../i18n';
import { verifyAnchoredAudit } from './checkpoints';

/**
 * The Audit screen's Verify: every device's chain, and this device's against its signed checkpoints,
 * with what that proves and what it cannot, said plainly.
 */
export function AuditVerify() {
  const { t, i18n } = useTranslation();
  const { db, desk } = useDesk();
  const ctx = useWriteContext();
  const client = useQueryClient();
  const verify = useMutation({
    mutationFn: () => verifyAnchoredAudit(desk, db, ctx),
    onSuccess: () => client.invalidateQueries({ queryKey: ['db'] }),
  });
  const data = verify.data;
  const number = (value: number) => new Intl.NumberFormat(localeOf(i18n.language)).format(value);
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const outcome = () => {
    if (!data) return null;
    const { result } = data;
    if (result.ok) {
      return (
        <>
          {t('proofs.audit.ok', {
            count: result.checked,
            devices: t('proofs.audit.devices', { count: result.devices }),
          })}{' '}
          {data.checkpoints > 0
            ? t('proofs.audit.anchored', { count: data.checkpoints, date: when(result.anchoring?.latestAt) })
            : t('proofs.audit.notAnchored')}
        </>
      );
    }
    const broken = result.firstBroken;
    return (
      <>
        {t(`proofs.audit.broken.${broken.reason}`, {
          seq: number(broken.seq),
          until: number(broken.checkpoint?.seq ?? 0),
          device: broken.deviceId,
          date: when(broken.checkpoint?.at),
        })}
        <Typography variant="body2" component="span" sx={{ display: 'block', mt: 0.5 }}>
          {t('proofs.audit.technical', { detail: t(`proofs.audit.terms.${broken.reason}`) })}
        </Typography>
      </>
    );
  };

  return (
    <Box sx={{ mb: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        <Button
          variant="contained"
          startIcon={<VerifiedIcon />}
          onClick={() => verify.mutate()}
          disabled={verify.isPending}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
        {data && (
          <Alert
            severity={data.result.ok ? 'success' : 'error'}
            data-testid="audit-verify-result"
            data-ok={String(data.result.ok)}
            data-reason={data.result.ok ? undefined : data.result.firstBroken.reason}
          >
            {outcome()}
          </Alert>
        )}
      </Stack>
      {data && data.invalid > 0 && (
        <Alert severity="warning" sx={{ mb: 1 }} data-testid="audit-checkpoints-invalid">
          {t('proofs.audit.invalid', { count: data.invalid })}
        </Alert>
      )}
      {data && (
        <Box data-testid="audit-verify-scope">
          <Typography variant="body2" color="text.secondary">
            {t('proofs.audit.proves')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('proofs.audit.cannot', {
              sealed:
                data.key?.protection === 'os' ? t('proofs.audit.sealedOs') : t('proofs.audit.sealedFile'),
            })}
          </Typography>
        </Box>
      )}
    </Box>
  );
}
