import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  hasSpecialCategories,
  LAWFUL_BASES,
  TRANSFER_SAFEGUARDS,
  type RegisterEntry,
  type RegisterEntryData,
  type RegisterEntryInput,
  type Transfer,
} from '../../../../shared/registers/model';
import { EnumSelect } from '../../components/EnumSelect';
import { FormField } from '../../components/FormField';
import { EditConflicts } from '../../components/EditConflicts';
import { FormDialog, FormSection } from '../../components/FormDialog';
import { useFormSubmit } from '../../components/useFormSubmit';
import { localisedName, usePurposes } from '../consents/hooks';
import { useOrganisationQuery } from '../settings/hooks';
import { useCreateEntry, useUpdateEntry } from './hooks';
import { ReviewStatus } from './ReviewStatus';

type Draft = RegisterEntryData;

const NO_CONTROLLER: Draft['controller'] = {
  name: '',
  contact: '',
  representative: '',
  dpo: '',
  jointControllers: '',
};

function draftOf(input: RegisterEntryInput | RegisterEntry): Draft {
  return {
    name: input.name ?? '',
    controller: { ...NO_CONTROLLER, ...input.controller },
    purposes: input.purposes ?? '',
    lawfulBases: [...(input.lawfulBases ?? [])],
    lawfulBasisDetails: input.lawfulBasisDetails ?? '',
    subjectCategories: [...(input.subjectCategories ?? [])],
    dataCategories: (input.dataCategories ?? []).map((category) => ({
      name: category.name,
      special: category.special ?? false,
    })),
    specialCategoriesCondition: input.specialCategoriesCondition ?? '',
    recipients: [...(input.recipients ?? [])],
    transfers: (input.transfers ?? []).map((transfer) => ({
      country: transfer.country,
      recipient: transfer.recipient ?? '',
      safeguard: transfer.safeguard,
      details: transfer.details ?? '',
    })),
    retention: input.retention ?? '',
    security: input.security ?? '',
    sources: input.sources ?? '',
    systems: [...(input.systems ?? [])],
    consentPurposeIds: [...(input.consentPurposeIds ?? [])],
    templateId: input.templateId ?? '',
    active: input.active ?? true,
  };
}

/** Lists are typed one item a line; blank lines are dropped when saving. */
const cleanList = (items: readonly string[]) => items.map((item) => item.trim()).filter(Boolean);

function cleaned(draft: Draft): Draft {
  return {
    ...draft,
    subjectCategories: cleanList(draft.subjectCategories),
    recipients: cleanList(draft.recipients),
  };
}

/** Create or edit an entry of the record; nothing is written until every required field is valid. */
export function EntryDialog({
  entry,
  draft: initial,
  onClose,
}: {
  entry?: RegisterEntry;
  draft?: RegisterEntryInput;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  // The version the form was opened on: only fields changed since then are written.
  const [opened] = useState<Draft>(() => draftOf(entry ?? initial ?? ({ name: '' } as RegisterEntryInput)));
  const [draft, setDraft] = useState<Draft>(opened);
  const create = useCreateEntry();
  const update = useUpdateEntry();
  const { errors, failure, submit, conflicts, choices, choose } = useFormSubmit(async (chosen) => {
    const data = cleaned(draft);
    if (entry)
      await update.mutateAsync({ id: entry.id, opened: cleaned(opened), edited: data, choices: chosen });
    else await create.mutateAsync(data);
    onClose();
  });
  const organisation = useOrganisationQuery().data;
  const purposes = usePurposes().data ?? [];

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const text = (name: keyof Draft, extra: Record<string, unknown> = {}) => (
    <FormField
      name={name}
      label={t(`registers.fields.${name}`)}
      value={draft[name] as string}
      onValue={(value) => set(name, value as never)}
      errors={errors}
      multiline
      minRows={2}
      {...extra}
    />
  );
  const list = (name: 'subjectCategories' | 'recipients') => (
    <FormField
      name={name}
      label={t(`registers.fields.${name}`)}
      value={draft[name].join('\n')}
      onValue={(value) => set(name, value.split('\n'))}
      errors={errors}
      helperText={t('registers.activities.onePerLine')}
      multiline
      minRows={2}
    />
  );
  const setController = (key: keyof Draft['controller']) => (value: string) =>
    setDraft((current) => ({ ...current, controller: { ...current.controller, [key]: value } }));
  const controllerField = (key: keyof Draft['controller'], extra: Record<string, unknown> = {}) => (
    <FormField
      name={`controller.${key}`}
      label={t(
        `registers.fields.${key === 'name' ? 'controllerName' : key === 'contact' ? 'controllerContact' : key}`,
      )}
      value={draft.controller[key]}
      onValue={setController(key)}
      errors={errors}
      {...extra}
    />
  );
  const toggle = (key: 'lawfulBases' | 'systems' | 'consentPurposeIds', value: string, on: boolean) =>
    setDraft((current) => {
      const values = current[key] as string[];
      const next = on ? [...values, value] : values.filter((v) => v !== value);
      return { ...current, [key]: next };
    });
  const setCategory = (index: number, patch: Partial<Draft['dataCategories'][number]>) =>
    set(
      'dataCategories',
      draft.dataCategories.map((category, i) => (i === index ? { ...category, ...patch } : category)),
    );
  const setTransfer = (index: number, patch: Partial<Transfer>) =>
    set(
      'transfers',
      draft.transfers.map((transfer, i) => (i === index ? { ...transfer, ...patch } : transfer)),
    );

  const systems = [...new Set([...(organisation?.systems ?? []), ...draft.systems])];
  const purposeChoices = purposes.filter(
    (purpose) => purpose.active || draft.consentPurposeIds.includes(purpose.id),
  );
  const pending = create.isPending || update.isPending;

  return (
    <FormDialog
      testId="register"
      title={entry ? t('registers.activities.editTitle') : t('registers.activities.newTitle')}
      onSubmit={submit}
      onClose={onClose}
      failure={failure}
      pending={pending}
      maxWidth="md"
      long
    >
      <EditConflicts
        conflicts={conflicts}
        choices={choices}
        onChoose={choose}
        label={(name) => t(`registers.fields.${name}`)}
      />
      {entry && <ReviewStatus entry={entry} />}
      <FormField
        name="name"
        label={t('registers.fields.name')}
        value={draft.name}
        onValue={(value) => set('name', value)}
        errors={errors}
        autoFocus
      />
      <FormSection title={t('registers.fields.controller')}>
        {controllerField('name')}
        {controllerField('contact', { multiline: true, minRows: 2 })}
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          {controllerField('dpo', { fullWidth: true })}
          {controllerField('representative', { fullWidth: true })}
        </Stack>
        {controllerField('jointControllers')}
      </FormSection>
      <FormSection title={t('registers.activities.sections.processing')}>
        {text('purposes', { required: true })}
        <FormControl error={Boolean(errors.lawfulBases)} component="fieldset" required>
          <FormLabel component="legend">{t('registers.fields.lawfulBases')}</FormLabel>
          <FormGroup row>
            {LAWFUL_BASES.map((basis) => (
              <FormControlLabel
                key={basis}
                control={
                  <Checkbox
                    checked={draft.lawfulBases.includes(basis)}
                    onChange={(event) => toggle('lawfulBases', basis, event.target.checked)}
                    slotProps={{ input: { 'data-testid': `basis-${basis}` } as object }}
                  />
                }
                label={t(`registers.bases.${basis}`)}
              />
            ))}
          </FormGroup>
          {errors.lawfulBases && (
            <FormHelperText data-testid="lawfulBases-error">{t(errors.lawfulBases)}</FormHelperText>
          )}
        </FormControl>
        {text('lawfulBasisDetails')}
        {list('subjectCategories')}
      </FormSection>
      <FormSection title={t('registers.fields.dataCategories')}>
        {draft.dataCategories.map((category, index) => (
          <Stack key={index} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <FormField
              name={`dataCategories.${index}.name`}
              label={t('registers.activities.category')}
              value={category.name}
              onValue={(value) => setCategory(index, { name: value })}
              errors={errors}
              size="small"
              fullWidth
            />
            <FormControlLabel
              sx={{ flexShrink: 0 }}
              control={
                <Checkbox
                  checked={category.special}
                  onChange={(event) => setCategory(index, { special: event.target.checked })}
                  slotProps={{ input: { 'data-testid': `special-${index}` } as object }}
                />
              }
              label={t('registers.activities.specialCheckbox')}
            />
            <IconButton
              aria-label={t('registers.activities.remove')}
              onClick={() =>
                set(
                  'dataCategories',
                  draft.dataCategories.filter((_, i) => i !== index),
                )
              }
            >
              <DeleteIcon />
            </IconButton>
          </Stack>
        ))}
        <div>
          <Button
            startIcon={<AddIcon />}
            onClick={() => set('dataCategories', [...draft.dataCategories, { name: '', special: false }])}
            data-testid="add-category"
          >
            {t('registers.activities.addCategory')}
          </Button>
        </div>
        {hasSpecialCategories(draft) && (
          <>
            {text('specialCategoriesCondition')}
            {draft.specialCategoriesCondition.trim() === '' && (
              <Alert severity="warning">{t('registers.activities.specialConditionMissing')}</Alert>
            )}
          </>
        )}
        {text('retention')}
        {text('sources')}
      </FormSection>
      <FormSection title={t('registers.activities.sections.sharing')}>
        {list('recipients')}
        <FormLabel component="p">{t('registers.fields.transfers')}</FormLabel>
        {draft.transfers.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            {t('registers.activities.noTransfers')}
          </Typography>
        )}
        {draft.transfers.map((transfer, index) => (
          <Stack key={index} spacing={1} sx={{ pl: 2, borderLeft: 2, borderColor: 'divider' }}>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
              <FormField
                name={`transfers.${index}.country`}
                label={t('registers.fields.transferCountry')}
                value={transfer.country}
                onValue={(value) => setTransfer(index, { country: value })}
                errors={errors}
                size="small"
                fullWidth
              />
              <FormField
                name={`transfers.${index}.recipient`}
                label={t('registers.fields.transferRecipient')}
                value={transfer.recipient}
                onValue={(value) => setTransfer(index, { recipient: value })}
                errors={errors}
                size="small"
                fullWidth
              />
            </Stack>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: 'flex-start' }}>
              <EnumSelect
                label={t('registers.fields.transferSafeguard')}
                value={transfer.safeguard}
                options={TRANSFER_SAFEGUARDS}
                labelOf={(value) => t(`registers.safeguards.${value}`)}
                onValue={(value) => setTransfer(index, { safeguard: value })}
                size="small"
                fullWidth
              />
              <FormField
                name={`transfers.${index}.details`}
                label={t('registers.fields.transferDetails')}
                value={transfer.details}
                onValue={(value) => setTransfer(index, { details: value })}
                errors={errors}
                size="small"
                fullWidth
              />
              <IconButton
                aria-label={t('registers.activities.remove')}
                onClick={() =>
                  set(
                    'transfers',
                    draft.transfers.filter((_, i) => i !== index),
                  )
                }
              >
                <DeleteIcon />
              </IconButton>
            </Stack>
          </Stack>
        ))}
        <div>
          <Button
            startIcon={<AddIcon />}
            onClick={() =>
              set('transfers', [
                ...draft.transfers,
                { country: '', recipient: '', safeguard: 'standard_contractual_clauses', details: '' },
              ])
            }
            data-testid="add-transfer"
          >
            {t('registers.activities.addTransfer')}
          </Button>
        </div>
      </FormSection>
      <FormSection title={t('registers.activities.sections.safeguards')}>
        {text('security', { minRows: 3 })}
      </FormSection>
      <FormSection title={t('registers.activities.sections.links')}>
        <FormControl component="fieldset">
          <FormLabel component="legend">{t('registers.fields.systems')}</FormLabel>
          {systems.length === 0 ? (
            <FormHelperText>{t('registers.activities.noSystems')}</FormHelperText>
          ) : (
            <FormGroup row>
              {systems.map((system) => (
                <FormControlLabel
                  key={system}
                  control={
                    <Checkbox
                      checked={draft.systems.includes(system)}
                      onChange={(event) => toggle('systems', system, event.target.checked)}
                    />
                  }
                  label={system}
                />
              ))}
            </FormGroup>
          )}
        </FormControl>
        <FormControl component="fieldset">
          <FormLabel component="legend">{t('registers.fields.consentPurposeIds')}</FormLabel>
          {purposeChoices.length === 0 ? (
            <FormHelperText>{t('registers.activities.noPurposes')}</FormHelperText>
          ) : (
            <FormGroup row>
              {purposeChoices.map((purpose) => (
                <FormControlLabel
                  key={purpose.id}
                  control={
                    <Checkbox
                      checked={draft.consentPurposeIds.includes(purpose.id)}
                      onChange={(event) => toggle('consentPurposeIds', purpose.id, event.target.checked)}
                    />
                  }
                  label={localisedName(purpose.name, i18n.language)}
                />
              ))}
            </FormGroup>
          )}
        </FormControl>
        <FormControlLabel
          control={
            <Switch
              checked={draft.active}
              onChange={(event) => set('active', event.target.checked)}
              slotProps={{ input: { 'data-testid': 'register-active' } as object }}
            />
          }
          label={t('registers.activities.activeLabel')}
        />
      </FormSection>
    </FormDialog>
  );
}
