import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '../../components/EnumSelect';
import { useToday } from '../../app/useToday';
import {
  OUTCOMES,
  REFUSAL_REASONS,
  WorkflowError,
  type DsRequest,
  type Outcome,
  type RefusalReason,
  type WorkflowAction,
  type WorkflowActionType,
} from '../../../../shared/requests';
import { messageKeyOf } from '../../components/errors';
import { useRequestAction } from './hooks';
import { DateInput } from '../../components/DateInput';
import { WhyButton } from '../../components/WhyButton';
import type { ExplainTopic } from '../../../../shared/explain/texts';

/** The explanation each step has next to its title. */
const WHY: Partial<Record<WorkflowActionType, ExplainTopic>> = {
  request_identity: 'identity_check',
  receive_identity: 'identity_check',
  verify_identity: 'identity_check',
  fail_identity: 'identity_check',
  extend: 'extension',
  respond: 'refusal_reasons',
};

/** One workflow step: its date, and what the step needs (reasons, decision, reason for refusal). */
export function ActionDialog({
  request,
  type,
  onClose,
}: {
  request: DsRequest;
  type: WorkflowActionType;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const today = useToday();
  const run = useRequestAction(request.id);
  const [on, setOn] = useState(today);
  const [reasons, setReasons] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(request.identity === 'failed' ? 'refused' : 'granted');
  const [refusalReason, setRefusalReason] = useState<RefusalReason | ''>(
    request.identity === 'failed' ? 'identity_not_established' : '',
  );
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<{ key: string; field?: string } | null>(null);

  const action = (): WorkflowAction => {
    switch (type) {
      case 'extend':
        return { type, on, reasons };
      case 'respond':
        return { type, on, outcome, refusalReason: outcome === 'refused' ? refusalReason : '' };
      default:
        return { type, on };
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await run.mutateAsync({ action: action(), note });
      onClose();
    } catch (error) {
      setProblem({
        key: messageKeyOf(error),
        field: error instanceof WorkflowError ? error.field : undefined,
      });
    }
  };
  const fieldError = (field: string) => (problem?.field === field ? t(problem.key) : undefined);

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate data-testid="action-dialog">
        <DialogTitle>
          {t(`requests.actions.${type}`)} {WHY[type] && <WhyButton topic={WHY[type]} />}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {problem && !problem.field && <Alert severity="error">{t(problem.key)}</Alert>}
            <DateInput
              kind="date"
              label={t('requests.actionDate')}
              value={on}
              onValue={setOn}
              error={Boolean(fieldError('on'))}
              helperText={fieldError('on')}
              min={request.receivedOn}
              max={today}
              testId="action-date"
            />
            {type === 'extend' && (
              <TextField
                label={t('requests.extensionReasons')}
                multiline
                minRows={3}
                value={reasons}
                onChange={(event) => setReasons(event.target.value)}
                error={Boolean(fieldError('reasons'))}
                helperText={fieldError('reasons') ?? t('requests.extensionReasonsHint')}
                autoFocus
                slotProps={{ htmlInput: { 'data-testid': 'action-reasons' } }}
              />
            )}
            {type === 'respond' && (
              <>
                <EnumSelect
                  label={t('requests.outcome')}
                  value={outcome}
                  options={OUTCOMES}
                  labelOf={(value) => t(`requests.outcomes.${value}`)}
                  onValue={setOutcome}
                  error={Boolean(fieldError('outcome'))}
                  helperText={fieldError('outcome')}
                  testId="action-outcome"
                />
                {outcome === 'refused' && (
                  <EnumSelect
                    label={t('requests.refusalReason')}
                    value={refusalReason}
                    options={REFUSAL_REASONS}
                    labelOf={(value) => t(`requests.refusalReasons.${value}`)}
                    onValue={setRefusalReason}
                    error={Boolean(fieldError('refusalReason'))}
                    helperText={fieldError('refusalReason')}
                    testId="action-refusal-reason"
                  />
                )}
              </>
            )}
            <TextField
              label={t('requests.note')}
              multiline
              minRows={2}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={run.isPending} data-testid="action-confirm">
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
