import AddIcon from '@mui/icons-material/Add';
import LockIcon from '@mui/icons-material/Lock';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_PURPOSES, defaultNotice } from '../../../../shared/consent/defaults';
import {
  LAWFUL_BASES,
  NOTICE_KINDS,
  PURPOSE_CHANNELS,
  type LawfulBasis,
  type Notice,
  type NoticeKind,
  type Purpose,
  type PurposeChannel,
} from '../../../../shared/consent/model';
import type { ConflictChoices } from '../../../../shared/domain/edits';
import type { Organisation } from '../../../../shared/domain/organisation';
import { useToday } from '../../app/useToday';
import { useDbMutation } from '../../app/queries';
import { EnumSelect } from '../../components/EnumSelect';
import { EditConflicts } from '../../components/EditConflicts';
import { FormDialog } from '../../components/FormDialog';
import { useFormSubmit } from '../../components/useFormSubmit';
import { nextNoticeNumber } from '../../db/consents';
import { createRecord, editRecord, write } from '../../db/write';
import { formatDay } from '../../i18n';
import { localisedName, useNotices, usePurposes, useUsedNotices } from '../consents/hooks';
import { DateInput } from '../../components/DateInput';
import { WhyButton } from '../../components/WhyButton';

type PurposeDraft = {
  nameFr: string;
  nameEn: string;
  descriptionFr: string;
  descriptionEn: string;
  channel: PurposeChannel;
  lawfulBasis: LawfulBasis;
  reconsentMonths: string;
};

function purposeInput(draft: PurposeDraft) {
  return {
    name: { fr: draft.nameFr, en: draft.nameEn },
    description: { fr: draft.descriptionFr, en: draft.descriptionEn },
    channel: draft.channel,
    lawfulBasis: draft.lawfulBasis,
    reconsentMonths: Number(draft.reconsentMonths),
  };
}

function PurposeDialog({ purpose, onClose }: { purpose: Purpose | null; onClose: () => void }) {
  const { t } = useTranslation();
  // The version the form was opened on: only fields changed since then are written.
  const [opened] = useState<PurposeDraft>(() => ({
    nameFr: purpose?.name.fr ?? '',
    nameEn: purpose?.name.en ?? '',
    descriptionFr: purpose?.description.fr ?? '',
    descriptionEn: purpose?.description.en ?? '',
    channel: purpose?.channel ?? 'email',
    lawfulBasis: purpose?.lawfulBasis ?? 'consent',
    reconsentMonths: String(purpose?.reconsentMonths ?? 36),
  }));
  const [draft, setDraft] = useState<PurposeDraft>(opened);
  const save = useDbMutation(
    (db, ctx, { next, choices }: { next: PurposeDraft; choices: ConflictChoices }) => {
      const input = purposeInput(next);
      return purpose
        ? editRecord(db, ctx, 'purpose', purpose.id, purposeInput(opened), input, { choices })
        : createRecord(db, ctx, 'purpose', input);
    },
  );
  const set = (key: keyof PurposeDraft) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const { errors, submit, conflicts, choices, choose } = useFormSubmit(async (chosen) => {
    await save.mutateAsync({ next: draft, choices: chosen });
    onClose();
  });
  const conflictLabel = (field: string) =>
    field === 'name'
      ? `${t('consents.nameFr')} / ${t('consents.nameEn')}`
      : field === 'description'
        ? `${t('consents.descriptionFr')} / ${t('consents.descriptionEn')}`
        : t(`consents.${field}`);
  const err = (key: string) => (errors[key] ? t(errors[key] as string) : undefined);
  return (
    <FormDialog
      testId="purpose"
      title={purpose ? t('consents.editPurpose') : t('consents.newPurpose')}
      onSubmit={submit}
      onClose={onClose}
    >
      <EditConflicts conflicts={conflicts} choices={choices} onChoose={choose} label={conflictLabel} />
      <TextField
        label={t('consents.nameFr')}
        value={draft.nameFr}
        onChange={(e) => set('nameFr')(e.target.value)}
        error={Boolean(err('name.fr'))}
        helperText={err('name.fr')}
        autoFocus
        slotProps={{ htmlInput: { 'data-testid': 'purpose-name-fr' } }}
      />
      <TextField
        label={t('consents.nameEn')}
        value={draft.nameEn}
        onChange={(e) => set('nameEn')(e.target.value)}
      />
      <TextField
        label={t('consents.descriptionFr')}
        value={draft.descriptionFr}
        onChange={(e) => set('descriptionFr')(e.target.value)}
        multiline
        minRows={2}
      />
      <TextField
        label={t('consents.descriptionEn')}
        value={draft.descriptionEn}
        onChange={(e) => set('descriptionEn')(e.target.value)}
        multiline
        minRows={2}
      />
      <Stack direction="row" spacing={2}>
        <EnumSelect
          label={t('consents.channel')}
          value={draft.channel}
          options={PURPOSE_CHANNELS}
          labelOf={(v) => t(`consents.purposeChannels.${v}`)}
          onValue={(v) => setDraft((c) => ({ ...c, channel: v }))}
        />
        <EnumSelect
          label={t('consents.lawfulBasis')}
          value={draft.lawfulBasis}
          options={LAWFUL_BASES}
          labelOf={(v) => t(`consents.lawfulBases.${v}`)}
          onValue={(v) => setDraft((c) => ({ ...c, lawfulBasis: v }))}
        />
        <WhyButton topic="legitimate_interest" />
        <TextField
          type="number"
          label={t('consents.reconsentMonths')}
          value={draft.reconsentMonths}
          onChange={(e) => set('reconsentMonths')(e.target.value)}
          error={Boolean(err('reconsentMonths'))}
          helperText={err('reconsentMonths')}
          sx={{ maxWidth: 180 }}
        />
      </Stack>
    </FormDialog>
  );
}

type NoticeDraft = {
  title: string;
  text: string;
  kind: NoticeKind;
  language: 'fr' | 'en';
  effectiveOn: string;
};

function NoticeDialog({
  notice,
  base,
  onClose,
}: {
  notice: Notice | null;
  base: NoticeDraft;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // The version the form was opened on: only fields changed since then are written.
  const [opened] = useState<NoticeDraft>(() =>
    notice
      ? {
          title: notice.title,
          text: notice.text,
          kind: notice.kind,
          language: notice.language,
          effectiveOn: notice.effectiveOn,
        }
      : base,
  );
  const [draft, setDraft] = useState<NoticeDraft>(opened);
  const save = useDbMutation(
    async (db, ctx, { next, choices }: { next: NoticeDraft; choices: ConflictChoices }) => {
      if (notice) return editRecord(db, ctx, 'notice', notice.id, opened, next, { choices });
      const number = await nextNoticeNumber(db);
      return createRecord(db, ctx, 'notice', { ...next, number });
    },
  );
  const { errors, failure, submit, conflicts, choices, choose } = useFormSubmit(async (chosen) => {
    await save.mutateAsync({ next: draft, choices: chosen });
    onClose();
  });
  const conflictLabel = (field: string) =>
    t(
      field === 'language' ? 'fields.language' : `consents.notice${field[0]!.toUpperCase()}${field.slice(1)}`,
      {
        defaultValue: t(`consents.${field}`),
      },
    );
  const err = (key: string) => (errors[key] ? t(errors[key] as string) : undefined);
  return (
    <FormDialog
      testId="notice"
      title={notice ? t('consents.editNotice', { number: notice.number }) : t('consents.newNotice')}
      onSubmit={submit}
      onClose={onClose}
      // A refusal that names no field (a notice already in use) says why, not just "invalid".
      failure={failure && (errors._ ?? failure)}
      maxWidth="md"
    >
      <EditConflicts conflicts={conflicts} choices={choices} onChoose={choose} label={conflictLabel} />
      <TextField
        label={t('consents.noticeTitle')}
        value={draft.title}
        onChange={(e) => setDraft((c) => ({ ...c, title: e.target.value }))}
        error={Boolean(err('title'))}
        helperText={err('title')}
      />
      <Stack direction="row" spacing={2}>
        <EnumSelect
          label={t('consents.noticeKind')}
          value={draft.kind}
          options={NOTICE_KINDS}
          labelOf={(v) => t(`consents.noticeKinds.${v}`)}
          onValue={(v) => setDraft((c) => ({ ...c, kind: v }))}
        />
        <EnumSelect
          label={t('letters.language')}
          value={draft.language}
          options={['fr', 'en'] as const}
          labelOf={(v) => t(`languages.${v}`)}
          onValue={(v) => setDraft((c) => ({ ...c, language: v }))}
        />
        <DateInput
          kind="date"
          label={t('consents.effectiveOn')}
          value={draft.effectiveOn}
          onValue={(effectiveOn) => setDraft((c) => ({ ...c, effectiveOn }))}
          error={Boolean(err('effectiveOn'))}
          helperText={err('effectiveOn')}
        />
      </Stack>
      <TextField
        label={t('consents.noticeText')}
        value={draft.text}
        onChange={(e) => setDraft((c) => ({ ...c, text: e.target.value }))}
        multiline
        minRows={10}
        error={Boolean(err('text'))}
        helperText={err('text')}
      />
    </FormDialog>
  );
}

/** Purposes catalogue and notice versions: what people consent to, and what they were told. */
export function ConsentSettingsPanel({ organisation }: { organisation: Organisation }) {
  const { t, i18n } = useTranslation();
  const today = useToday();
  const purposes = usePurposes();
  const notices = useNotices();
  const used = useUsedNotices();
  const [editing, setEditing] = useState<Purpose | null | 'new'>(null);
  const [noticeEditing, setNoticeEditing] = useState<Notice | null | 'new'>(null);
  const seed = useDbMutation((db, ctx) =>
    write(db, ctx, async (w) => {
      for (const purpose of DEFAULT_PURPOSES) await w.create('purpose', purpose);
      if ((await db.notices.count()) === 0) {
        await w.create(
          'notice',
          defaultNotice(
            organisation.defaultLanguage,
            organisation.legalName,
            organisation.contactEmail,
            today,
          ),
        );
      }
    }),
  );
  const toggle = useDbMutation((db, ctx, purpose: Purpose) =>
    write(db, ctx, (w) =>
      w.update(
        'purpose',
        purpose.id,
        { active: !purpose.active },
        purpose.active ? 'purpose.deactivate' : 'purpose.reactivate',
      ),
    ),
  );
  const latest = notices.data?.[0];
  const base: NoticeDraft = latest
    ? {
        title: latest.title,
        text: latest.text,
        kind: latest.kind,
        language: latest.language,
        effectiveOn: today,
      }
    : {
        title: '',
        text: '',
        kind: 'privacy_notice',
        language: organisation.defaultLanguage,
        effectiveOn: today,
      };
  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        {t('consents.purposes')}
      </Typography>
      {purposes.data?.length === 0 && (
        <Alert
          severity="info"
          action={
            <Button onClick={() => seed.mutate(undefined)} data-testid="purposes-seed">
              {t('consents.seedPurposes')}
            </Button>
          }
        >
          {t('consents.noPurposes')}
        </Alert>
      )}
      <List dense data-testid="purposes">
        {(purposes.data ?? []).map((purpose) => (
          <ListItem key={purpose.id} divider>
            <ListItemText
              primary={localisedName(purpose.name, i18n.language)}
              secondary={`${t(`consents.purposeChannels.${purpose.channel}`)} · ${t(`consents.lawfulBases.${purpose.lawfulBasis}`)} · ${t('consents.reconsentEvery', { count: purpose.reconsentMonths })}`}
            />
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              {!purpose.active && <Chip size="small" label={t('consents.inactive')} />}
              <Button size="small" onClick={() => setEditing(purpose)}>
                {t('common.edit')}
              </Button>
              <Button size="small" onClick={() => toggle.mutate(purpose)}>
                {purpose.active ? t('consents.deactivate') : t('consents.reactivate')}
              </Button>
            </Stack>
          </ListItem>
        ))}
      </List>
      <div>
        <Button startIcon={<AddIcon />} onClick={() => setEditing('new')}>
          {t('consents.newPurpose')}
        </Button>
      </div>
      <Typography variant="h6" component="h2" sx={{ pt: 2 }}>
        {t('consents.notices')}
      </Typography>
      <List dense data-testid="notices">
        {(notices.data ?? []).map((notice) => (
          <ListItem key={notice.id} divider>
            <ListItemText
              primary={`v${notice.number} — ${notice.title}`}
              secondary={`${t(`consents.noticeKinds.${notice.kind}`)} · ${t(`languages.${notice.language}`)} · ${t('consents.inForceFrom', { date: formatDay(notice.effectiveOn, i18n.language) })}`}
            />
            {used.data?.has(notice.id) ? (
              <Chip size="small" icon={<LockIcon />} label={t('consents.noticeLocked')} />
            ) : (
              <Button size="small" onClick={() => setNoticeEditing(notice)}>
                {t('common.edit')}
              </Button>
            )}
          </ListItem>
        ))}
      </List>
      <div>
        <Button startIcon={<AddIcon />} onClick={() => setNoticeEditing('new')} data-testid="notice-new">
          {t('consents.newNotice')}
        </Button>
      </div>
      {editing && (
        <PurposeDialog purpose={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {noticeEditing && (
        <NoticeDialog
          notice={noticeEditing === 'new' ? null : noticeEditing}
          base={base}
          onClose={() => setNoticeEditing(null)}
        />
      )}
    </Stack>
  );
}
