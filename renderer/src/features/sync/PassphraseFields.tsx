import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { estimatePassphrase } from '../../../../shared/sync/passphrase';

const STRENGTH_COLOURS = ['error', 'error', 'warning', 'success', 'success'] as const;

/** How strong the passphrase looks, and what lowers it (shared/sync/passphrase.ts). */
export function PassphraseStrength({ passphrase }: { passphrase: string }) {
  const { t } = useTranslation();
  if (passphrase === '') return null;
  const strength = estimatePassphrase(passphrase);
  return (
    <Box data-testid="passphrase-strength" data-score={strength.score}>
      <LinearProgress
        variant="determinate"
        value={(strength.score + 1) * 20}
        color={STRENGTH_COLOURS[strength.score]}
        aria-label={t('sync.panel.strength', { label: t(`sync.panel.strengthLabels.${strength.score}`) })}
      />
      <Typography variant="body2" sx={{ mt: 0.5 }}>
        {t('sync.panel.strength', { label: t(`sync.panel.strengthLabels.${strength.score}`) })}
      </Typography>
      {strength.warnings.map((warning) => (
        <Typography key={warning} variant="body2" color="text.secondary">
          {t(warning)}
        </Typography>
      ))}
    </Box>
  );
}

/**
 * A passphrase input. `autoComplete` tells the browser's password manager which one it is: the one
 * in use ('current-password') or one being chosen ('new-password').
 */
export function PassphraseField({
  label,
  value,
  onValue,
  autoComplete,
  testId,
}: {
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
  autoComplete: 'current-password' | 'new-password';
  testId?: string;
}) {
  return (
    <TextField
      type="password"
      label={label}
      value={value}
      onChange={(event) => onValue(event.target.value)}
      autoComplete={autoComplete}
      required
      {...(testId ? { slotProps: { htmlInput: { 'data-testid': testId } } } : {})}
    />
  );
}

/**
 * Choosing a passphrase: typed, its strength shown, typed again. Creating a space, changing the
 * passphrase and removing a device all ask it this way; the form compares the two.
 */
export function NewPassphraseFields({
  label,
  value,
  onValue,
  confirm,
  onConfirm,
  testId,
}: {
  label?: ReactNode;
  value: string;
  onValue: (value: string) => void;
  confirm: string;
  onConfirm: (value: string) => void;
  /** The first input's test id; the second one's is the same with '-confirm'. */
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <PassphraseField
        label={label ?? t('sync.panel.newPassphrase')}
        value={value}
        onValue={onValue}
        autoComplete="new-password"
        {...(testId ? { testId } : {})}
      />
      <PassphraseStrength passphrase={value} />
      <PassphraseField
        label={t('sync.panel.confirm')}
        value={confirm}
        onValue={onConfirm}
        autoComplete="new-password"
        {...(testId ? { testId: `${testId}-confirm` } : {})}
      />
    </>
  );
}
