import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErasureReason } from '../../../../shared/erasure/model';
import { useDesk } from '../../app/context';
import { useDbMutation, useDbQuery } from '../../app/queries';
import { removeQueuedAttachments } from '../../app/files';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { displayName } from '../../../../shared/domain/subject';
import { useSubject } from '../subjects/hooks';
import { erasureOf, erasurePreview, eraseSubject } from '../../db/erasure';
import { formatDate } from '../../i18n';
import { WhyButton } from '../../components/WhyButton';

/**
 * Erase a person (Art. 17): what will go and what stays, a confirmation when other requests of theirs
 * are still open, and the suppression list — ticked when they objected. After the erasure the files
 * nothing else uses are deleted from the data folder (retried at the next start if that fails).
 */
export function ErasureDialog({
  subjectId,
  reason,
  requestId = '',
  onClose,
  onErased,
}: {
  subjectId: string;
  reason: ErasureReason;
  requestId?: string;
  onClose: () => void;
  onErased: () => void;
}) {
  const { t } = useTranslation();
  const { desk } = useDesk();
  const subject = useSubject(subjectId);
  const name = subject.data ? displayName(subject.data) : '';
  const preview = useDbQuery(['erasure-preview', subjectId, requestId], (db) =>
    erasurePreview(db, subjectId, requestId),
  );
  const [suppressChoice, setSuppress] = useState<boolean | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [erased, setErased] = useState(false);
  const erase = useDbMutation(async (db, ctx, input: { suppress: boolean }) => {
    const result = await eraseSubject(db, ctx, {
      subjectId,
      reason,
      requestId,
      suppress: input.suppress,
      confirmOpenRequests: confirmOpen,
    });
    let filesLeft = 0;
    try {
      await removeQueuedAttachments(db, desk);
    } catch {
      filesLeft = result.attachmentsToDelete.length;
    }
    return filesLeft;
  });

  const data = preview.data;
  const suppress = suppressChoice ?? data?.objected ?? false;
  const open = data?.openRequests ?? [];

  const submit = async () => {
    setProblem(null);
    try {
      const filesLeft = await erase.mutateAsync({ suppress });
      if (filesLeft === 0) return onErased();
      // Erased; only the files wait for the next start. Say so, and close as done.
      setErased(true);
      setProblem(t('erasure.filesLeft', { count: filesLeft }));
    } catch (error) {
      setProblem(t(fieldErrorsOf(error)._ ?? fieldErrorsOf(error).requestId ?? messageKeyOf(error)));
    }
  };

  return (
    <Dialog
      open
      onClose={erased ? onErased : onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="erasure-title"
    >
      <DialogTitle id="erasure-title">{t('erasure.title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography>
            {t('erasure.intro', { name })} <WhyButton topic="erasure_exceptions" />
          </Typography>
          {data && (
            <Typography data-testid="erasure-counts">
              {t('erasure.counts', {
                events: data.consentEvents,
                requests: data.requests,
                attachments: data.attachments,
              })}
            </Typography>
          )}
          {open.length > 0 && (
            <Alert severity="warning">
              {t('erasure.openRequests', {
                count: open.length,
                references: open.map((request) => request.reference).join(', '),
              })}
              <FormControlLabel
                sx={{ display: 'flex', mt: 1 }}
                control={
                  <Checkbox checked={confirmOpen} onChange={(e) => setConfirmOpen(e.target.checked)} />
                }
                label={t('erasure.confirmOpenRequests')}
              />
            </Alert>
          )}
          <FormControlLabel
            control={<Checkbox checked={suppress} onChange={(e) => setSuppress(e.target.checked)} />}
            label={t('erasure.suppress')}
          />
          <Typography variant="body2" color="text.secondary">
            {t('erasure.suppressHint')} {data?.objected ? t('erasure.objectedHint') : ''}
          </Typography>
          {problem && (
            <Alert severity="error" role="alert">
              {problem}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={erased ? onErased : onClose}>
          {t(erased ? 'erasure.close' : 'erasure.cancel')}
        </Button>
        <Button
          color="error"
          variant="contained"
          onClick={() => void submit()}
          disabled={!data || erased || erase.isPending || (open.length > 0 && !confirmOpen)}
        >
          {t('erasure.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A button that opens the erasure dialog for a person. */
export function ErasureButton({
  subjectId,
  reason,
  requestId,
  onErased,
  label = 'erasure.erase',
}: {
  subjectId: string;
  reason: ErasureReason;
  requestId?: string;
  onErased: () => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button color="error" variant="outlined" onClick={() => setOpen(true)} data-testid="erase-person">
        {t(label)}
      </Button>
      {open && (
        <ErasureDialog
          subjectId={subjectId}
          reason={reason}
          {...(requestId ? { requestId } : {})}
          onClose={() => setOpen(false)}
          onErased={() => {
            setOpen(false);
            onErased();
          }}
        />
      )}
    </>
  );
}

/** Where a person's name used to be: "Erased person" and when, or nothing while loading. */
export function ErasedPersonLabel({ subjectId }: { subjectId: string }) {
  const { t, i18n } = useTranslation();
  const erasure = useDbQuery(['erasure', subjectId], async (db) => (await erasureOf(db, subjectId)) ?? null);
  if (!erasure.data) return null;
  return (
    <span data-testid="erased-person">
      {t('erasure.erasedOn', { date: formatDate(erasure.data.createdAt, i18n.language) })}
    </span>
  );
}
