import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '../../components/EnumSelect';
import {
  defaultTemplate,
  LETTER_KINDS,
  LETTER_LANGUAGES,
  PLACEHOLDERS,
  validateTemplate,
  type LetterKind,
  type LetterLanguage,
} from '../../../../shared/letters';
import type { LetterTemplateRecord } from '../../../../shared/domain/letter-template';
import { useDbMutation, useDbQuery } from '../../app/queries';
import { fieldErrorsOf, messageKeyOf } from '../../components/errors';
import { write } from '../../db/write';

function TemplateEditor({
  kind,
  language,
  saved,
}: {
  kind: LetterKind;
  language: LetterLanguage;
  saved: LetterTemplateRecord | null;
}) {
  const { t, i18n } = useTranslation();
  const initial = saved ?? defaultTemplate(kind, language);
  const [subject, setSubject] = useState(initial.subject);
  const [body, setBody] = useState(initial.body);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useDbMutation((db, ctx, next: { subject: string; body: string }) =>
    write(db, ctx, async (w) =>
      saved
        ? w.update('letterTemplate', saved.id, next)
        : w.create('letterTemplate', { kind, language, ...next }),
    ),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const check = validateTemplate({ subject, body });
    if (!check.ok) {
      setStatus({ ok: false, text: t('letters.unknownPlaceholders', { names: check.unknown.join(', ') }) });
      return;
    }
    try {
      await save.mutateAsync({ subject, body });
      setErrors({});
      setStatus({ ok: true, text: t('common.saved') });
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setStatus({ ok: false, text: t(messageKeyOf(error)) });
    }
  };
  const reset = () => {
    const fallback = defaultTemplate(kind, language);
    setSubject(fallback.subject);
    setBody(fallback.body);
  };
  const uiLanguage = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <Stack component="form" onSubmit={submit} noValidate spacing={2}>
      <TextField
        label={t('fields.subject')}
        value={subject}
        onChange={(event) => setSubject(event.target.value)}
        error={Boolean(errors.subject)}
        helperText={errors.subject ? t(errors.subject) : undefined}
      />
      <TextField
        label={t('fields.body')}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        multiline
        minRows={12}
        error={Boolean(errors.body)}
        helperText={errors.body ? t(errors.body) : undefined}
        slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }}
      />
      <Typography variant="body2" color="text.secondary">
        {t('letters.placeholdersHint')}{' '}
        {PLACEHOLDERS.map((p) => `{{${p.name}}} (${p.description[uiLanguage]})`).join(' · ')}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button type="submit" variant="contained" disabled={save.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={reset}>{t('letters.resetDefault')}</Button>
        {status && <Alert severity={status.ok ? 'success' : 'error'}>{status.text}</Alert>}
      </Stack>
    </Stack>
  );
}

/** The organisation's own wording of each letter, in French and English. */
export function LetterTemplatesPanel() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<LetterKind>('acknowledgement');
  const [language, setLanguage] = useState<LetterLanguage>('fr');
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
          options={LETTER_KINDS}
          labelOf={(value) => t(`letters.kinds.${value}`)}
          onValue={setKind}
        />
        <EnumSelect
          label={t('letters.language')}
          value={language}
          options={LETTER_LANGUAGES}
          labelOf={(value) => t(`languages.${value}`)}
          onValue={setLanguage}
          sx={{ maxWidth: 180 }}
        />
      </Stack>
      {saved.isSuccess && (
        <TemplateEditor
          key={`${kind}-${language}-${saved.data?.hlc ?? 'default'}`}
          kind={kind}
          language={language}
          saved={saved.data}
        />
      )}
    </Stack>
  );
}
