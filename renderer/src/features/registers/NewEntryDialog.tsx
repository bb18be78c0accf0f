import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegisterEntryInput } from '../../../../shared/registers/model';
import {
  blankEntry,
  entryFromTemplate,
  REGISTER_TEMPLATES,
  type TemplateContext,
} from '../../../../shared/registers/templates';
import { EnumSelect } from '../../components/EnumSelect';
import { usePurposes } from '../consents/hooks';
import { useOrganisationQuery } from '../settings/hooks';

const BLANK = 'blank';

/**
 * Start an entry from a ready-made one (in French or English: the text is then the business's to
 * edit) or from a blank sheet. Nothing is written until the entry is saved.
 */
export function NewEntryDialog({
  onClose,
  onChosen,
}: {
  onClose: () => void;
  onChosen: (draft: RegisterEntryInput) => void;
}) {
  const { t, i18n } = useTranslation();
  const organisation = useOrganisationQuery().data;
  const purposes = usePurposes().data;
  const [choice, setChoice] = useState<string>(REGISTER_TEMPLATES[0]?.id ?? BLANK);
  const [language, setLanguage] = useState<'fr' | 'en'>(i18n.language === 'en' ? 'en' : 'fr');
  const uiLanguage = i18n.language === 'en' ? 'en' : 'fr';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!organisation) return;
    const context: TemplateContext = {
      organisation: {
        legalName: organisation.legalName,
        address: organisation.address,
        contactEmail: organisation.contactEmail,
        dpoEmail: organisation.dpoEmail,
        systems: organisation.systems ?? [],
      },
      purposes: purposes ?? [],
    };
    const template = REGISTER_TEMPLATES.find((candidate) => candidate.id === choice);
    onChosen(template ? entryFromTemplate(template, language, context) : blankEntry(context));
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate data-testid="register-new-form">
        <DialogTitle>{t('registers.activities.newTitle')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormControl>
              <FormLabel id="register-template-label">{t('registers.activities.startFrom')}</FormLabel>
              <RadioGroup
                aria-labelledby="register-template-label"
                value={choice}
                onChange={(event) => setChoice(event.target.value)}
              >
                {REGISTER_TEMPLATES.map((template) => (
                  <FormControlLabel
                    key={template.id}
                    value={template.id}
                    control={
                      <Radio slotProps={{ input: { 'data-testid': `template-${template.id}` } as object }} />
                    }
                    label={template.text[uiLanguage].name}
                  />
                ))}
                <FormControlLabel
                  value={BLANK}
                  control={<Radio slotProps={{ input: { 'data-testid': 'template-blank' } as object }} />}
                  label={t('registers.activities.blank')}
                />
              </RadioGroup>
            </FormControl>
            {choice !== BLANK && (
              <EnumSelect
                label={t('registers.activities.language')}
                helperText={t('registers.activities.languageHelp')}
                value={language}
                options={['fr', 'en'] as const}
                labelOf={(value) => t(`languages.${value}`)}
                onValue={setLanguage}
                testId="template-language"
              />
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={!organisation} data-testid="template-continue">
            {t('registers.activities.continue')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
