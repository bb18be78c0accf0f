import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { ConflictChoices, EditConflict } from '../../../shared/domain/edits';

/**
 * The fields an edit form and another device both changed since the form was opened, each with both
 * values and a choice of which to keep. Nothing was written; saving again applies the choices.
 */
export function EditConflicts({
  conflicts,
  choices,
  onChoose,
  label,
}: {
  conflicts: EditConflict[];
  choices: ConflictChoices;
  onChoose: (field: string, choice: 'mine' | 'theirs') => void;
  /** The field's label as the form shows it. */
  label: (field: string) => string;
}) {
  const { t } = useTranslation();
  if (conflicts.length === 0) return null;
  const shown = (value: unknown): string => {
    if (value === undefined || value === null || value === '') return t('edits.empty');
    if (typeof value === 'boolean') return value ? t('edits.yes') : t('edits.no');
    if (Array.isArray(value)) return value.length === 0 ? t('edits.empty') : value.map(shown).join(', ');
    if (typeof value === 'object') return Object.values(value).map(shown).join(', ');
    return String(value);
  };
  return (
    <Alert severity="warning" data-testid="edit-conflicts">
      <AlertTitle>{t('edits.conflictTitle')}</AlertTitle>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t('edits.conflictIntro')}
      </Typography>
      <Stack spacing={1.5}>
        {conflicts.map((conflict) => (
          <fieldset key={conflict.field} style={{ border: 0, margin: 0, padding: 0 }}>
            <Typography component="legend" variant="subtitle2">
              {label(conflict.field)}
            </Typography>
            <RadioGroup
              value={choices[conflict.field] ?? ''}
              onChange={(event) => onChoose(conflict.field, event.target.value as 'mine' | 'theirs')}
            >
              <FormControlLabel
                value="theirs"
                control={<Radio size="small" />}
                label={`${t('edits.keepTheirs')} — ${t('edits.theirs', { value: shown(conflict.theirs), interpolation: { escapeValue: false } })}`}
                data-testid={`conflict-${conflict.field}-theirs`}
              />
              <FormControlLabel
                value="mine"
                control={<Radio size="small" />}
                label={`${t('edits.keepMine')} — ${t('edits.mine', { value: shown(conflict.mine), interpolation: { escapeValue: false } })}`}
                data-testid={`conflict-${conflict.field}-mine`}
              />
            </RadioGroup>
          </fieldset>
        ))}
      </Stack>
    </Alert>
  );
}
