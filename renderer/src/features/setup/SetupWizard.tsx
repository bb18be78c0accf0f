import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../../../shared/domain/common';
import {
  DEFAULT_RECIPIENTS,
  DEFAULT_SYSTEMS,
  organisationInputSchema,
} from '../../../../shared/domain/organisation';
import { staffInputSchema } from '../../../../shared/domain/staff';
import { useDesk, useSession } from '../../app/context';
import { FormField } from '../../components/FormField';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { write } from '../../db/write';
import { rememberLanguage, type UiLanguage } from '../../i18n';
import { JoinWorkspace } from '../sync/JoinWorkspace';
import { emptyOrganisation, OrganisationFields, type OrganisationDraft } from './OrganisationFields';

/** First run: the organisation, then the first staff member, who becomes the active operator. */
export function SetupWizard() {
  const { t, i18n } = useTranslation();
  const { db } = useDesk();
  const { setOperatorId } = useSession();
  const client = useQueryClient();
  const [step, setStep] = useState(0);
  const [organisation, setOrganisation] = useState<OrganisationDraft>({
    ...emptyOrganisation,
    defaultLanguage: i18n.language === 'en' ? 'en' : 'fr',
  });
  const [staffName, setStaffName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** A second computer joins the workspace another one shares, instead of making its own. */
  const [joining, setJoining] = useState(false);

  // Chosen before anything is set up: remembered, and the organisation's language follows it.
  const switchLanguage = (language: UiLanguage | null) => {
    if (!language) return;
    void i18n.changeLanguage(language);
    rememberLanguage(language);
    setOrganisation((current) => ({ ...current, defaultLanguage: language }));
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    const parsed = organisationInputSchema.safeParse(organisation);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setStep(1);
  };

  const finish = async (event: FormEvent) => {
    event.preventDefault();
    const staff = { name: staffName, role: 'owner' as const };
    const parsed = staffInputSchema.safeParse(staff);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    try {
      // One transaction: no organisation without its first staff member. No operator exists yet.
      const member = await write(db, { operatorId: null }, async (w) => {
        await w.create('organisation', {
          ...organisation,
          systems: DEFAULT_SYSTEMS[organisation.defaultLanguage],
          recipients: DEFAULT_RECIPIENTS[organisation.defaultLanguage],
        });
        return w.create('staff', staff);
      });
      await i18n.changeLanguage(organisation.defaultLanguage);
      rememberLanguage(organisation.defaultLanguage);
      setOperatorId(member.id);
      await client.invalidateQueries({ queryKey: ['db'] });
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setFailure(messageKeyOf(error));
      setBusy(false);
    }
  };

  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        justifyContent: 'center',
        alignItems: 'flex-start',
        py: 6,
        px: 2,
        bgcolor: 'background.default',
      }}
    >
      <Paper component="main" sx={{ p: 4, maxWidth: 720, width: '100%' }} data-testid="setup">
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'flex-start', gap: 2 }}>
          <Typography variant="h4" component="h1" gutterBottom>
            {t('setup.title')}
          </Typography>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={i18n.language}
            onChange={(_, value: UiLanguage | null) => switchLanguage(value)}
            aria-label={t('keyboard.setupLanguage')}
            data-testid="setup-language"
          >
            <ToggleButton value="fr" lang="fr" data-testid="setup-lang-fr">
              Français
            </ToggleButton>
            <ToggleButton value="en" lang="en" data-testid="setup-lang-en">
              English
            </ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {t('setup.intro')}
        </Typography>
        {joining ? (
          <JoinWorkspace onBack={() => setJoining(false)} />
        ) : (
          <>
            <Stepper activeStep={step} sx={{ mb: 3 }}>
              <Step>
                <StepLabel>{t('setup.stepOrganisation')}</StepLabel>
              </Step>
              <Step>
                <StepLabel>{t('setup.stepStaff')}</StepLabel>
              </Step>
            </Stepper>
            {failure && (
              <Alert severity="error" sx={{ mb: 2 }}>
                {t(failure)}
              </Alert>
            )}
            {step === 0 ? (
              <form onSubmit={next} noValidate>
                <OrganisationFields value={organisation} onChange={setOrganisation} errors={errors} />
                <Stack direction="row" sx={{ justifyContent: 'space-between', mt: 3 }}>
                  <Button onClick={() => setJoining(true)} data-testid="setup-join">
                    {t('sync.setup.joinExisting')}
                  </Button>
                  <Button type="submit" variant="contained">
                    {t('setup.next')}
                  </Button>
                </Stack>
              </form>
            ) : (
              <form onSubmit={finish} noValidate>
                <FormField
                  name="name"
                  label={t('setup.staffName')}
                  required
                  autoFocus
                  value={staffName}
                  onValue={setStaffName}
                  errors={errors}
                  helperText={t('setup.staffHint')}
                />
                <Stack direction="row" sx={{ justifyContent: 'space-between', mt: 3 }}>
                  <Button onClick={() => setStep(0)}>{t('common.back')}</Button>
                  <Button type="submit" variant="contained" disabled={busy}>
                    {t('setup.finish')}
                  </Button>
                </Stack>
              </form>
            )}
          </>
        )}
      </Paper>
    </Box>
  );
}
