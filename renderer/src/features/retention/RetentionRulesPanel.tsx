import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  RETENTION_ANCHORS,
  RETENTION_CATEGORIES,
  RETENTION_SCOPES,
  type RetentionAnchor,
  type RetentionCategory,
  type RetentionRule,
  type RetentionScope,
} from '../../../../shared/retention';
import { EditConflicts } from '../../components/EditConflicts';
import { EnumSelect } from '../../components/EnumSelect';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { useFormSubmit } from '../../components/useFormSubmit';
import { localisedName, usePurposes } from '../consents/hooks';
import {
  useAddDefaultRetentionRules,
  useRetentionRules,
  useSaveRetentionRule,
  useSetRetentionRuleActive,
} from './hooks';
import { ruleText } from './ruleText';

type Draft = {
  scope: RetentionScope;
  category: RetentionCategory;
  purposeId: string;
  anchor: RetentionAnchor;
  months: string;
  reference: string;
};

/** The anchors that make sense for a scope: a category has no "decision about the purpose". */
const anchorsFor = (scope: RetentionScope): readonly RetentionAnchor[] =>
  scope === 'category' ? RETENTION_ANCHORS.filter((anchor) => anchor !== 'last_decision') : RETENTION_ANCHORS;

function RuleDialog({ rule, onClose }: { rule: RetentionRule | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const purposes = usePurposes().data ?? [];
  const save = useSaveRetentionRule();
  const [draft, setDraft] = useState<Draft>({
    scope: rule?.scope ?? 'category',
    category: rule?.category || 'prospect',
    purposeId: rule?.purposeId ?? '',
    anchor: rule?.anchor ?? 'last_contact',
    months: String(rule?.months ?? 36),
    reference: rule?.reference ?? '',
  });
  // The rule as the form was opened on: only fields changed since then are written.
  const [opened] = useState(rule);
  const purposeId = draft.purposeId || purposes[0]?.id || '';
  const anchors = anchorsFor(draft.scope);
  const anchor = anchors.includes(draft.anchor) ? draft.anchor : 'last_contact';

  const { errors, failure, submit, conflicts, choices, choose } = useFormSubmit(async (chosen) => {
    await save.mutateAsync({
      edit: opened ? { id: opened.id, opened, choices: chosen } : null,
      rule: {
        scope: draft.scope,
        category: draft.scope === 'category' ? draft.category : '',
        purposeId: draft.scope === 'purpose' ? purposeId : '',
        anchor,
        months: Number(draft.months),
        reference: draft.reference,
        active: opened?.active ?? true,
      },
    });
    onClose();
  });
  // The schema's messages are generic; a period gets a sentence that says what is expected.
  const err = (key: string) =>
    errors[key] ? t(key === 'months' ? 'retention.errors.months' : (errors[key] as string)) : undefined;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate data-testid="retention-rule-form">
        <DialogTitle>{rule ? t('retention.rules.edit') : t('retention.rules.add')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {failure && <Alert severity="error">{t(failure)}</Alert>}
            <EditConflicts
              conflicts={conflicts}
              choices={choices}
              onChoose={choose}
              label={(field) => t(`retention.rules.${field === 'purposeId' ? 'purpose' : field}`)}
            />
            <EnumSelect
              label={t('retention.rules.scope')}
              value={draft.scope}
              options={RETENTION_SCOPES}
              labelOf={(value) => t(`retention.scopes.${value}`)}
              onValue={(scope) => setDraft((current) => ({ ...current, scope }))}
              testId="retention-scope"
            />
            {draft.scope === 'category' ? (
              <EnumSelect
                label={t('retention.rules.category')}
                value={draft.category}
                options={RETENTION_CATEGORIES}
                labelOf={(value) => t(`retention.categories.${value}`)}
                onValue={(category) => setDraft((current) => ({ ...current, category }))}
                error={Boolean(err('category'))}
                helperText={err('category')}
                testId="retention-category"
              />
            ) : (
              <EnumSelect
                label={t('retention.rules.purpose')}
                value={purposeId}
                options={purposes.map((purpose) => purpose.id)}
                labelOf={(id) => {
                  const purpose = purposes.find((candidate) => candidate.id === id);
                  return purpose ? localisedName(purpose.name, i18n.language) : id;
                }}
                onValue={(id) => setDraft((current) => ({ ...current, purposeId: id }))}
                error={Boolean(err('purposeId'))}
                helperText={err('purposeId')}
                testId="retention-purpose"
              />
            )}
            <Stack direction="row" spacing={2}>
              <TextField
                type="number"
                label={t('retention.rules.months')}
                value={draft.months}
                onChange={(event) => setDraft((current) => ({ ...current, months: event.target.value }))}
                error={Boolean(err('months'))}
                helperText={err('months')}
                sx={{ maxWidth: 180 }}
                slotProps={{ htmlInput: { min: 1, max: 1200, 'data-testid': 'retention-months' } }}
              />
              <EnumSelect
                label={t('retention.rules.anchor')}
                value={anchor}
                options={anchors}
                labelOf={(value) => t(`retention.anchors.${value}`)}
                onValue={(value) => setDraft((current) => ({ ...current, anchor: value }))}
                error={Boolean(err('anchor'))}
                helperText={err('anchor')}
                sx={{ flex: 1 }}
                testId="retention-anchor"
              />
            </Stack>
            <TextField
              label={t('retention.rules.reference')}
              value={draft.reference}
              onChange={(event) => setDraft((current) => ({ ...current, reference: event.target.value }))}
              error={Boolean(err('reference'))}
              helperText={err('reference')}
              multiline
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={save.isPending}
            data-testid="retention-rule-save"
          >
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Settings: how long the business keeps people's data, per category of person or per purpose. */
export function RetentionRulesPanel({ language }: { language: 'fr' | 'en' }) {
  const { t, i18n } = useTranslation();
  const rules = useRetentionRules();
  const purposes = usePurposes().data ?? [];
  const seed = useAddDefaultRetentionRules();
  const toggle = useSetRetentionRuleActive();
  const [editing, setEditing] = useState<RetentionRule | 'new' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const switchRule = async (rule: RetentionRule) => {
    try {
      await toggle.mutateAsync({ id: rule.id, active: !rule.active });
      setFailure(null);
    } catch (error) {
      const fields = Object.values(fieldErrorsOf(error));
      setFailure(fields[0] ?? messageKeyOf(error));
    }
  };
  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        {t('retention.rules.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {t('retention.rules.intro')}
      </Typography>
      {rules.data?.length === 0 && (
        <Alert
          severity="info"
          action={
            <Button
              onClick={() => seed.mutate(language)}
              disabled={seed.isPending}
              data-testid="retention-seed"
            >
              {t('retention.rules.seed')}
            </Button>
          }
        >
          {t('retention.rules.empty')}
        </Alert>
      )}
      {failure && <Alert severity="error">{t(failure)}</Alert>}
      <List dense data-testid="retention-rules">
        {(rules.data ?? []).map((rule) => (
          <ListItem key={rule.id} divider data-testid="retention-rule">
            <ListItemText
              primary={ruleText(t, rule, purposes, i18n.language)}
              secondary={rule.reference || undefined}
            />
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              {!rule.active && <Chip size="small" label={t('retention.rules.inactive')} />}
              <Button size="small" onClick={() => setEditing(rule)}>
                {t('common.edit')}
              </Button>
              <Button size="small" onClick={() => void switchRule(rule)}>
                {rule.active ? t('retention.rules.deactivate') : t('retention.rules.reactivate')}
              </Button>
            </Stack>
          </ListItem>
        ))}
      </List>
      <div>
        <Button startIcon={<AddIcon />} onClick={() => setEditing('new')} data-testid="retention-rule-new">
          {t('retention.rules.add')}
        </Button>
      </div>
      {editing && <RuleDialog rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
