import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { listCountries, listRegions } from '../../../../shared/deadlines';
import type { OrganisationData } from '../../../../shared/domain/organisation';
import { FormField } from '../../components/FormField';

/** The identity fields of the organisation; the calendar and lists have their own panels. */
export type OrganisationDraft = Pick<
  OrganisationData,
  | 'legalName'
  | 'address'
  | 'registrationNumber'
  | 'contactEmail'
  | 'dpoEmail'
  | 'country'
  | 'region'
  | 'defaultLanguage'
>;

export const emptyOrganisation: OrganisationDraft = {
  legalName: '',
  address: '',
  registrationNumber: '',
  contactEmail: '',
  dpoEmail: '',
  country: 'FR',
  region: '',
  defaultLanguage: 'fr',
};

/** Country names in the UI's language (date-holidays gives each country's own name). */
function localisedCountries(language: string) {
  const names = new Intl.DisplayNames([language], { type: 'region' });
  return listCountries()
    .map(({ code, name }) => ({ code, name: names.of(code) ?? name }))
    .sort((a, b) => a.name.localeCompare(b.name, language));
}

/** The organisation form, shared by first-run setup and Settings. */
export function OrganisationFields({
  value,
  onChange,
  errors,
}: {
  value: OrganisationDraft;
  onChange: (next: OrganisationDraft) => void;
  errors: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const set = (key: keyof OrganisationDraft) => (next: string) => onChange({ ...value, [key]: next });
  const countries = useMemo(() => localisedCountries(i18n.language), [i18n.language]);
  const regions = useMemo(() => listRegions(value.country, i18n.language), [value.country, i18n.language]);
  return (
    <Stack spacing={2}>
      <FormField
        name="legalName"
        label={t('setup.legalName')}
        required
        value={value.legalName}
        onValue={set('legalName')}
        errors={errors}
        autoFocus
      />
      <FormField
        name="address"
        label={t('setup.address')}
        required
        multiline
        minRows={2}
        value={value.address}
        onValue={set('address')}
        errors={errors}
      />
      <FormField
        name="registrationNumber"
        label={t('setup.registrationNumber')}
        helperText={t('common.optional')}
        value={value.registrationNumber}
        onValue={set('registrationNumber')}
        errors={errors}
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <FormField
          name="contactEmail"
          type="email"
          label={t('setup.contactEmail')}
          required
          value={value.contactEmail}
          onValue={set('contactEmail')}
          errors={errors}
        />
        <FormField
          name="dpoEmail"
          type="email"
          label={t('setup.dpoEmail')}
          helperText={t('common.optional')}
          value={value.dpoEmail}
          onValue={set('dpoEmail')}
          errors={errors}
        />
      </Stack>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField
          select
          label={t('setup.country')}
          value={value.country}
          onChange={(event) => onChange({ ...value, country: event.target.value, region: '' })}
          error={Boolean(errors.country)}
          helperText={errors.country ? t(errors.country) : undefined}
          slotProps={{ htmlInput: { 'data-testid': 'field-country' } }}
        >
          {countries.map((country) => (
            <MenuItem key={country.code} value={country.code}>
              {country.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('setup.region')}
          value={value.region}
          onChange={(event) => onChange({ ...value, region: event.target.value })}
          error={Boolean(errors.region)}
          helperText={errors.region ? t(errors.region) : undefined}
          disabled={regions.length === 0}
          slotProps={{
            htmlInput: { 'data-testid': 'field-region' },
            inputLabel: { shrink: true },
            select: { displayEmpty: true },
          }}
        >
          <MenuItem value="">{t('setup.noRegion')}</MenuItem>
          {regions.map((region) => (
            <MenuItem key={region.code} value={region.code}>
              {region.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('setup.defaultLanguage')}
          value={value.defaultLanguage}
          onChange={(event) => onChange({ ...value, defaultLanguage: event.target.value as 'fr' | 'en' })}
          slotProps={{ htmlInput: { 'data-testid': 'field-defaultLanguage' } }}
        >
          <MenuItem value="fr">{t('languages.fr')}</MenuItem>
          <MenuItem value="en">{t('languages.en')}</MenuItem>
        </TextField>
      </Stack>
    </Stack>
  );
}
