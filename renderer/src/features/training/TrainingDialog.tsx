import Alert from '@mui/material/Alert';
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
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffMember } from '../../../../shared/domain/staff';
import { explanation } from '../../../../shared/explain/texts';
import { TRAINING_SCREENS } from '../../../../shared/training/module';
import { useDbMutation } from '../../app/queries';
import { messageKeyOf } from '../../components/errors';
import { recordTrainingCompletion } from '../../db/compliance';

const QUESTIONS = TRAINING_SCREENS.reduce((sum, screen) => sum + screen.questions.length, 0);

/**
 * The training, one screen at a time: an example, the rule (the same text as "Pourquoi ?") and its
 * questions as radio groups, answered with the arrow keys and Enter. A screen is passed only with
 * the right answers; those right at the first attempt are counted in the record.
 */
export function TrainingDialog({
  member,
  onClose,
  onDone,
}: {
  member: StaffMember;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const [step, setStep] = useState(0);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [wrong, setWrong] = useState(false);
  const [missed, setMissed] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState<string | null>(null);
  const complete = useDbMutation((db, ctx, firstTry: number) =>
    recordTrainingCompletion(db, ctx, member.id, { firstTry, questions: QUESTIONS }),
  );
  const screen = TRAINING_SCREENS[step]!;
  const last = step === TRAINING_SCREENS.length - 1;
  const key = (index: number) => `${screen.id}:${index}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wrongHere = screen.questions
      .map((question, index) => (answers[key(index)] === question.answer ? null : key(index)))
      .filter((entry): entry is string => entry !== null);
    if (wrongHere.length > 0) {
      setWrong(true);
      setMissed((current) => new Set([...current, ...wrongHere]));
      return;
    }
    setWrong(false);
    if (!last) {
      setStep(step + 1);
      return;
    }
    try {
      await complete.mutateAsync(QUESTIONS - missed.size);
      onDone();
    } catch (error) {
      setFailure(messageKeyOf(error));
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="training-title">
      <form onSubmit={submit} noValidate data-testid="training-dialog">
        <DialogTitle id="training-title">
          {t('compliance.training.dialogTitle', { step: step + 1, total: TRAINING_SCREENS.length })} —{' '}
          {screen.title[lang]}
        </DialogTitle>
        <DialogContent dividers>
          <Stack spacing={2}>
            {failure && <Alert severity="error">{t(failure)}</Alert>}
            <div>
              <Typography variant="subtitle2" component="h3">
                {t('compliance.training.example')}
              </Typography>
              <Typography data-testid="training-example">{screen.example[lang]}</Typography>
            </div>
            <div>
              <Typography variant="subtitle2" component="h3">
                {t('compliance.training.rule')}
              </Typography>
              {screen.topics.map((topic) => {
                const text = explanation(topic, lang);
                return (
                  <Typography key={topic} sx={{ mb: 1 }}>
                    {text.text}{' '}
                    <Typography component="span" variant="body2" color="text.secondary">
                      ({text.reference})
                    </Typography>
                  </Typography>
                );
              })}
            </div>
            {screen.questions.map((question, index) => (
              <FormControl key={key(index)} component="fieldset">
                <FormLabel component="legend" id={`${key(index)}-label`}>
                  {t('compliance.training.question')} — {question.prompt[lang]}
                </FormLabel>
                <RadioGroup
                  aria-labelledby={`${key(index)}-label`}
                  value={answers[key(index)] ?? null}
                  onChange={(event) => {
                    setAnswers({ ...answers, [key(index)]: Number(event.target.value) });
                    setWrong(false);
                  }}
                  data-testid={`training-question-${index}`}
                >
                  {question.options.map((option, optionIndex) => (
                    <FormControlLabel
                      key={optionIndex}
                      value={optionIndex}
                      control={<Radio autoFocus={index === 0 && optionIndex === 0} />}
                      label={option[lang]}
                    />
                  ))}
                </RadioGroup>
              </FormControl>
            ))}
            {wrong && (
              <Alert severity="warning" data-testid="training-wrong">
                {t('compliance.training.wrong')}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {step > 0 && (
            <Button
              onClick={() => {
                setWrong(false);
                setStep(step - 1);
              }}
            >
              {t('compliance.training.previous')}
            </Button>
          )}
          <Button type="submit" variant="contained" disabled={complete.isPending} data-testid="training-next">
            {last ? t('compliance.training.finish') : t('compliance.training.next')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
