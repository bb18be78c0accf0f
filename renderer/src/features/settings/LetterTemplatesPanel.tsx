import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '../../components/EnumSelect';
import {
  defaultTemplate,
  fromEditable,
  LETTER_LANGUAGES,
  placeholdersFor,
  renderLetter,
  sampleLetterFields,
  shownField,
  TEMPLATE_KINDS,
  toEditable,
  validateTemplate,
  type LetterLanguage,
  type LetterTemplate,
  type PlaceholderName,
  type TemplateKind,
} from '../../../../shared/letters';
import type { LetterTemplateRecord } from '../../../../shared/domain/letter-template';
import { useSession } from '../../app/context';
import { useDbMutation, useDbQuery } from '../../app/queries';
import { useToday } from '../../app/useToday';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { write } from '../../db/write';
import { useOrganisationQuery, useStaffQuery } from './hooks';

type Target = 'subject' | 'body';

/** "Insert a field": the merge fields a letter of this kind has, by their names in words, with what they hold. */
function InsertFieldMenu({
  kind,
  onInsert,
}: {
  kind: TemplateKind;
  onInsert: (name: PlaceholderName) => void;
}) {
  const { t, i18n } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <>
      <Button
        startIcon={<AddIcon />}
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        aria-controls={anchor ? 'letter-field-menu' : undefined}
        data-testid="letter-insert-field"
      >
        {t('letters.insertField')}
      </Button>
      <Menu id="letter-field-menu" anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {placeholdersFor(kind).map((placeholder) => (
          <MenuItem
            key={placeholder.name}
            onClick={() => {
              setAnchor(null);
              onInsert(placeholder.name);
            }}
            data-testid="letter-field-option"
          >
            <ListItemText primary={placeholder.label[lang]} secondary={placeholder.description[lang]} />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

type Status = { ok: boolean; text: string } | null;

function TemplateEditor({
  kind,
  language,
  saved,
  status,
  setStatus,
}: {
  kind: TemplateKind;
  language: LetterLanguage;
  saved: LetterTemplateRecord | null;
  /** Kept by the panel: a save remounts the editor on the new version, and the "saved" must stay. */
  status: Status;
  setStatus: (status: Status) => void;
}) {
  const { t, i18n } = useTranslation();
  const uiLanguage = i18n.language === 'en' ? 'en' : 'fr';
  const organisation = useOrganisationQuery().data;
  const staff = useStaffQuery().data ?? [];
  const { operatorId } = useSession();
  const today = useToday();
  // The text as the user edits it: fields by their names in words, never `{{…}}`.
  const initial = saved ?? defaultTemplate(kind, language);
  const [subject, setSubject] = useState(() => toEditable(initial.subject, uiLanguage));
  const [body, setBody] = useState(() => toEditable(initial.body, uiLanguage));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const subjectInput = useRef<HTMLInputElement>(null);
  const bodyInput = useRef<HTMLTextAreaElement>(null);
  const target = useRef<Target>('body');
  const save = useDbMutation((db, ctx, next: Partial<LetterTemplate>) =>
    write(db, ctx, async (w) =>
      saved
        ? w.update('letterTemplate', saved.id, next)
        : w.create('letterTemplate', { kind, language, ...initial, ...next }),
    ),
  );
  const stored = { subject: fromEditable(subject), body: fromEditable(body) };
  const check = validateTemplate(stored);
  const sample = organisation
    ? renderLetter(
        stored,
        sampleLetterFields(
          organisation,
          staff.find((member) => member.id === operatorId)?.name ?? '',
          today,
          language,
        ),
        language,
      )
    : null;

  const insert = (name: PlaceholderName) => {
    const which = target.current;
    const input = which === 'subject' ? subjectInput.current : bodyInput.current;
    const value = which === 'subject' ? subject : body;
    const start = input?.selectionStart ?? value.length;
    const end = input?.selectionEnd ?? start;
    const field = shownField(name, uiLanguage);
    (which === 'subject' ? setSubject : setBody)(value.slice(0, start) + field + value.slice(end));
    setStatus(null);
    requestAnimationFrame(() => {
      input?.focus();
      input?.setSelectionRange(start + field.length, start + field.length);
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check.ok) {
      setStatus({ ok: false, text: t('letters.unknownPlaceholders', { names: check.unknown.join(', ') }) });
      return;
    }
    // Only what changed since the form opened is written.
    const changed: Partial<LetterTemplate> = {};
    if (!saved || stored.subject !== saved.subject) changed.subject = stored.subject;
    if (!saved || stored.body !== saved.body) changed.body = stored.body;
    try {
      if (Object.keys(changed).length > 0) await save.mutateAsync(changed);
      setErrors({});
      setStatus({ ok: true, text: t('common.saved') });
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setStatus({ ok: false, text: t(messageKeyOf(error)) });
    }
  };
  const reset = () => {
    const fallback = defaultTemplate(kind, language);
    setSubject(toEditable(fallback.subject, uiLanguage));
    setBody(toEditable(fallback.body, uiLanguage));
  };
  return (
    <Stack component="form" onSubmit={submit} noValidate spacing={2} data-testid="letter-template-editor">
      <Typography variant="body2" color="text.secondary">
        {t('letters.fieldsHint')}
      </Typography>
      <TextField
        label={t('fields.subject')}
        value={subject}
        onChange={(event) => {
          setSubject(event.target.value);
          setStatus(null);
        }}
        onFocus={() => (target.current = 'subject')}
        inputRef={subjectInput}
        error={Boolean(errors.subject)}
        helperText={errors.subject ? t(errors.subject) : undefined}
        slotProps={{ htmlInput: { 'data-testid': 'letter-template-subject' } }}
      />
      <TextField
        label={t('fields.body')}
        value={body}
        onChange={(event) => {
          setBody(event.target.value);
          setStatus(null);
        }}
        onFocus={() => (target.current = 'body')}
        inputRef={bodyInput}
        multiline
        minRows={12}
        error={Boolean(errors.body)}
        helperText={errors.body ? t(errors.body) : undefined}
        slotProps={{ htmlInput: { 'data-testid': 'letter-template-body' } }}
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <InsertFieldMenu kind={kind} onInsert={insert} />
        <Button type="submit" variant="contained" disabled={save.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={reset}>{t('letters.resetDefault')}</Button>
        {status && <Alert severity={status.ok ? 'success' : 'error'}>{status.text}</Alert>}
      </Stack>
      {sample && check.ok && (
        <section aria-labelledby="letter-template-preview-title">
          <Typography variant="subtitle1" component="h3" id="letter-template-preview-title">
            {t('letters.previewTitle')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {t('letters.previewHint')}
          </Typography>
          <Box
            sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2, bgcolor: 'background.default' }}
            data-testid="letter-template-preview"
          >
            <Typography sx={{ fontWeight: 600, mb: 1 }}>{sample.subject}</Typography>
            <Typography sx={{ whiteSpace: 'pre-wrap' }}>{sample.body}</Typography>
          </Box>
        </section>
      )}
    </Stack>
  );
}

/** The organisation's own wording of each letter, in French and English. */
export function LetterTemplatesPanel() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<TemplateKind>('acknowledgement');
  const [language, setLanguage] = useState<LetterLanguage>('fr');
  const [status, setStatus] = useState<Status>(null);
  const saved = useDbQuery(['letterTemplates', kind, language], (db) =>
    db.letterTemplates
      .where('[kind+language]')
      .equals([kind, language])
      .first()
      .then((found) => found ?? null),
  );
  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        {t('letters.templates')}
      </Typography>
      <Stack direction="row" spacing={2}>
        <EnumSelect
          label={t('letters.kind')}
          value={kind}
          options={TEMPLATE_KINDS}
          labelOf={(value) => t(`letters.kinds.${value}`)}
          onValue={(next) => {
            setKind(next);
            setStatus(null);
          }}
        />
        <EnumSelect
          label={t('letters.language')}
          value={language}
          options={LETTER_LANGUAGES}
          labelOf={(value) => t(`languages.${value}`)}
          onValue={(next) => {
            setLanguage(next);
            setStatus(null);
          }}
          sx={{ maxWidth: 180 }}
        />
      </Stack>
      {saved.isSuccess && (
        <TemplateEditor
          key={`${kind}-${language}-${saved.data?.hlc ?? 'default'}`}
          kind={kind}
          language={language}
          saved={saved.data}
          status={status}
          setStatus={setStatus}
        />
      )}
    </Stack>
  );
}
