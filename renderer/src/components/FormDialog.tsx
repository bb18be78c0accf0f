import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog, { type DialogProps } from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A dialog that is one form: title, fields, Cancel and Save (Enter saves). The form is
 * `${testId}-form` and its Save button `${testId}-save`, which the end-to-end tests use.
 */
export function FormDialog({
  testId,
  title,
  onSubmit,
  onClose,
  failure,
  pending = false,
  maxWidth = 'sm',
  long = false,
  children,
}: {
  testId: string;
  title: ReactNode;
  onSubmit: (event: FormEvent) => void;
  onClose: () => void;
  /** An i18n key, shown above the fields when saving failed. */
  failure?: string | null;
  /** A save is under way: Save is disabled so it cannot be sent twice. */
  pending?: boolean;
  maxWidth?: DialogProps['maxWidth'];
  /** Fields taller than the window: they scroll between a fixed title and fixed buttons. */
  long?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth={maxWidth} scroll={long ? 'paper' : undefined}>
      {/* display: contents lets the dialog's paper lay out title, content and actions for scrolling. */}
      <form
        onSubmit={onSubmit}
        noValidate
        data-testid={`${testId}-form`}
        style={long ? { display: 'contents' } : undefined}
      >
        <DialogTitle>{title}</DialogTitle>
        <DialogContent dividers={long}>
          <Stack spacing={2} sx={long ? undefined : { pt: 1 }}>
            {failure && <Alert severity="error">{t(failure)}</Alert>}
            {children}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={pending} data-testid={`${testId}-save`}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** A titled group of fields inside a long form. */
export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack spacing={2} component="section">
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, pt: 1 }}>
        {title}
      </Typography>
      {children}
    </Stack>
  );
}
