import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLateNotification } from '../../../../shared/breaches/clock';
import {
  BREACH_NATURES,
  NOTIFICATION_DECISIONS,
  type Breach,
  type BreachInput,
  type BreachNature,
  type NotificationDecision,
} from '../../../../shared/breaches/model';
import { EnumSelect } from '../../components/EnumSelect';
import { FormField } from '../../components/FormField';
import { EditConflicts } from '../../components/EditConflicts';
import { FormDialog, FormSection } from '../../components/FormDialog';
import { useFormSubmit } from '../../components/useFormSubmit';
import { BreachCountdown } from './BreachCountdown';
import { useCreateBreach, useUpdateBreach } from './hooks';
import { WhyButton } from '../../components/WhyButton';

/** 'YYYY-MM-DDTHH:mm' in local time, for a datetime-local input; '' for no instant. */
export function localInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as an ISO instant; '' stays '' and a broken value is left for zod to refuse. */
function instantOf(value: string): string {
  if (!value) return '';
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

type Draft = {
  title: string;
  occurredAt: string;
  awareAt: string;
  description: string;
  natures: BreachNature[];
  dataCategories: string;
  subjectCategories: string;
  approxSubjects: string;
  approxRecords: string;
  consequences: string;
  measures: string;
  authority: {
    decision: NotificationDecision;
    notifiedAt: string;
    reference: string;
    notRequiredReason: string;
    delayReasons: string;
  };
  people: { decision: NotificationDecision; notifiedAt: string; how: string; notRequiredReason: string };
};

function draftOf(breach: Breach | undefined, now: string): Draft {
  return {
    title: breach?.title ?? '',
    occurredAt: breach ? localInput(breach.occurredAt) : now,
    awareAt: breach ? localInput(breach.awareAt) : now,
    description: breach?.description ?? '',
    natures: breach?.natures ?? [],
    dataCategories: (breach?.dataCategories ?? []).join('\n'),
    subjectCategories: (breach?.subjectCategories ?? []).join('\n'),
    approxSubjects: breach?.approxSubjects == null ? '' : String(breach.approxSubjects),
    approxRecords: breach?.approxRecords == null ? '' : String(breach.approxRecords),
    consequences: breach?.consequences ?? '',
    measures: breach?.measures ?? '',
    authority: {
      decision: breach?.authority.decision ?? 'pending',
      notifiedAt: localInput(breach?.authority.notifiedAt ?? ''),
      reference: breach?.authority.reference ?? '',
      notRequiredReason: breach?.authority.notRequiredReason ?? '',
      delayReasons: breach?.authority.delayReasons ?? '',
    },
    people: {
      decision: breach?.people.decision ?? 'pending',
      notifiedAt: localInput(breach?.people.notifiedAt ?? ''),
      how: breach?.people.how ?? '',
      notRequiredReason: breach?.people.notRequiredReason ?? '',
    },
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
const count = (text: string) => (text.trim() === '' ? null : Number(text.replace(/[\s\u202f\u00a0]/g, '')));

function inputOf(draft: Draft): BreachInput {
  return {
    title: draft.title,
    occurredAt: instantOf(draft.occurredAt),
    awareAt: instantOf(draft.awareAt),
    description: draft.description,
    natures: draft.natures,
    dataCategories: lines(draft.dataCategories),
    subjectCategories: lines(draft.subjectCategories),
    approxSubjects: count(draft.approxSubjects),
    approxRecords: count(draft.approxRecords),
    consequences: draft.consequences,
    measures: draft.measures,
    // What belongs to another decision is not kept (a reason "why not" once notified, and so on).
    authority: {
      decision: draft.authority.decision,
      notifiedAt: draft.authority.decision === 'notified' ? instantOf(draft.authority.notifiedAt) : '',
      reference: draft.authority.decision === 'notified' ? draft.authority.reference : '',
      notRequiredReason: draft.authority.decision === 'not_required' ? draft.authority.notRequiredReason : '',
      delayReasons: draft.authority.decision === 'notified' ? draft.authority.delayReasons : '',
    },
    people: {
      decision: draft.people.decision,
      notifiedAt: draft.people.decision === 'notified' ? instantOf(draft.people.notifiedAt) : '',
      how: draft.people.decision === 'notified' ? draft.people.how : '',
      notRequiredReason: draft.people.decision === 'not_required' ? draft.people.notRequiredReason : '',
    },
  };
}

const instantSlots = { inputLabel: { shrink: true } } as const;

/** Record or edit a breach; nothing is written until the whole entry is valid. */
export function BreachDialog({ breach, onClose }: { breach?: Breach; onClose: () => void }) {
  const { t } = useTranslation();
  // The version the form was opened on: only fields changed since then are written.
  const [opened] = useState<Draft>(() => draftOf(breach, localInput(new Date().toISOString())));
  const [draft, setDraft] = useState<Draft>(opened);
  const create = useCreateBreach();
  const update = useUpdateBreach();
  const { errors, failure, submit, conflicts, choices, choose } = useFormSubmit(async (chosen) => {
    const input = inputOf(draft);
    if (breach)
      await update.mutateAsync({ id: breach.id, opened: inputOf(opened), edited: input, choices: chosen });
    else await create.mutateAsync(input);
    onClose();
  });

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const setAuthority = (patch: Partial<Draft['authority']>) =>
    setDraft((current) => ({ ...current, authority: { ...current.authority, ...patch } }));
  const setPeople = (patch: Partial<Draft['people']>) =>
    setDraft((current) => ({ ...current, people: { ...current.people, ...patch } }));
  const text = (
    name: 'title' | 'description' | 'consequences' | 'measures' | 'dataCategories' | 'subjectCategories',
    extra: Record<string, unknown> = {},
  ) => (
    <FormField
      name={name}
      label={t(`registers.breaches.fields.${name}`)}
      value={draft[name]}
      onValue={(value) => set(name, value)}
      errors={errors}
      {...extra}
    />
  );

  const awareIso = instantOf(draft.awareAt);
  const notifiedIso = instantOf(draft.authority.notifiedAt);
  const late =
    draft.authority.decision === 'notified' &&
    !Number.isNaN(Date.parse(awareIso)) &&
    !Number.isNaN(Date.parse(notifiedIso)) &&
    isLateNotification(awareIso, notifiedIso);

  return (
    <FormDialog
      testId="breach"
      title={breach ? t('registers.breaches.editTitle') : t('registers.breaches.newTitle')}
      onSubmit={submit}
      onClose={onClose}
      failure={failure}
      pending={create.isPending || update.isPending}
      maxWidth="md"
      long
    >
      <EditConflicts
        conflicts={conflicts}
        choices={choices}
        onChoose={choose}
        label={(name) => t(`registers.breaches.fields.${name}`)}
      />
      {breach && breach.authority.decision === 'pending' && (
        <Alert severity="warning">
          <BreachCountdown awareAt={breach.awareAt} />
        </Alert>
      )}
      {text('title', { autoFocus: true, required: true })}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <FormField
          name="occurredAt"
          type="datetime-local"
          label={t('registers.breaches.fields.occurredAt')}
          value={draft.occurredAt}
          onValue={(value) => set('occurredAt', value)}
          errors={errors}
          slotProps={instantSlots}
          fullWidth
        />
        <FormField
          name="awareAt"
          type="datetime-local"
          label={t('registers.breaches.fields.awareAt')}
          value={draft.awareAt}
          onValue={(value) => set('awareAt', value)}
          errors={errors}
          helperText={t('registers.breaches.awareHelp')}
          slotProps={instantSlots}
          fullWidth
        />
      </Stack>
      {text('description', { multiline: true, minRows: 3, required: true })}
      <FormControl component="fieldset">
        <FormLabel component="legend">{t('registers.breaches.fields.natures')}</FormLabel>
        <FormGroup row>
          {BREACH_NATURES.map((nature) => (
            <FormControlLabel
              key={nature}
              control={
                <Checkbox
                  checked={draft.natures.includes(nature)}
                  onChange={(event) =>
                    set(
                      'natures',
                      event.target.checked
                        ? [...draft.natures, nature]
                        : draft.natures.filter((candidate) => candidate !== nature),
                    )
                  }
                />
              }
              label={t(`registers.breaches.natures.${nature}`)}
            />
          ))}
        </FormGroup>
      </FormControl>
      <FormSection title={t('registers.breaches.sections.affected')}>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          {text('dataCategories', {
            multiline: true,
            minRows: 2,
            fullWidth: true,
            helperText: t('registers.activities.onePerLine'),
          })}
          {text('subjectCategories', {
            multiline: true,
            minRows: 2,
            fullWidth: true,
            helperText: t('registers.activities.onePerLine'),
          })}
        </Stack>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <FormField
            name="approxSubjects"
            label={t('registers.breaches.fields.approxSubjects')}
            value={draft.approxSubjects}
            onValue={(value) => set('approxSubjects', value)}
            errors={errors}
            helperText={t('registers.breaches.countHelp')}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            fullWidth
          />
          <FormField
            name="approxRecords"
            label={t('registers.breaches.fields.approxRecords')}
            value={draft.approxRecords}
            onValue={(value) => set('approxRecords', value)}
            errors={errors}
            helperText={t('registers.breaches.countHelp')}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            fullWidth
          />
        </Stack>
        {text('consequences', { multiline: true, minRows: 2 })}
        {text('measures', { multiline: true, minRows: 2 })}
      </FormSection>
      <FormSection title={t('registers.breaches.sections.authority')}>
        <EnumSelect
          label={t('registers.breaches.fields.decision')}
          value={draft.authority.decision}
          options={NOTIFICATION_DECISIONS}
          labelOf={(value) => t(`registers.breaches.authorityDecisions.${value}`)}
          onValue={(decision) => setAuthority({ decision })}
          testId="authority-decision"
        />
        <WhyButton topic="breach_notification" />
        {draft.authority.decision === 'notified' && (
          <>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <FormField
                name="authority.notifiedAt"
                type="datetime-local"
                label={t('registers.breaches.fields.notifiedAt')}
                value={draft.authority.notifiedAt}
                onValue={(notifiedAt) => setAuthority({ notifiedAt })}
                errors={errors}
                slotProps={instantSlots}
                fullWidth
              />
              <FormField
                name="authority.reference"
                label={t('registers.breaches.fields.reference')}
                value={draft.authority.reference}
                onValue={(reference) => setAuthority({ reference })}
                errors={errors}
                fullWidth
              />
            </Stack>
            {(late || draft.authority.delayReasons !== '' || errors['authority.delayReasons']) && (
              <>
                {late && (
                  <Alert severity="warning" data-testid="late-notification">
                    {t('registers.breaches.lateNotification')}
                  </Alert>
                )}
                <FormField
                  name="authority.delayReasons"
                  label={t('registers.breaches.fields.delayReasons')}
                  value={draft.authority.delayReasons}
                  onValue={(delayReasons) => setAuthority({ delayReasons })}
                  errors={errors}
                  multiline
                  minRows={2}
                  required={late}
                />
              </>
            )}
          </>
        )}
        {draft.authority.decision === 'not_required' && (
          <FormField
            name="authority.notRequiredReason"
            label={t('registers.breaches.fields.authorityNotRequiredReason')}
            value={draft.authority.notRequiredReason}
            onValue={(notRequiredReason) => setAuthority({ notRequiredReason })}
            errors={errors}
            multiline
            minRows={2}
            required
          />
        )}
      </FormSection>
      <FormSection title={t('registers.breaches.sections.people')}>
        <EnumSelect
          label={t('registers.breaches.fields.decision')}
          value={draft.people.decision}
          options={NOTIFICATION_DECISIONS}
          labelOf={(value) => t(`registers.breaches.peopleDecisions.${value}`)}
          onValue={(decision) => setPeople({ decision })}
          testId="people-decision"
        />
        {draft.people.decision === 'notified' && (
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <FormField
              name="people.notifiedAt"
              type="datetime-local"
              label={t('registers.breaches.fields.peopleNotifiedAt')}
              value={draft.people.notifiedAt}
              onValue={(notifiedAt) => setPeople({ notifiedAt })}
              errors={errors}
              slotProps={instantSlots}
              fullWidth
            />
            <FormField
              name="people.how"
              label={t('registers.breaches.fields.how')}
              value={draft.people.how}
              onValue={(how) => setPeople({ how })}
              errors={errors}
              fullWidth
            />
          </Stack>
        )}
        {draft.people.decision === 'not_required' && (
          <FormField
            name="people.notRequiredReason"
            label={t('registers.breaches.fields.peopleNotRequiredReason')}
            value={draft.people.notRequiredReason}
            onValue={(notRequiredReason) => setPeople({ notRequiredReason })}
            errors={errors}
            multiline
            minRows={2}
            required
          />
        )}
      </FormSection>
    </FormDialog>
  );
}
