/**
 * Messages of the re-consent campaigns (Consents → Re-consent), French then English (keys must
 * match; a unit test checks it). Merged into fr.ts / en.ts under the top-level key 'campaigns'.
 */
import type { DeepStrings } from './types';

export const campaignsFr = {
  prepare: 'Préparer une campagne',
  prepareHint: 'Courriers avec formulaire de consentement et liste d’e-mails pour un outil d’envoi',
  title: 'Campagne de relance : {{purpose}}',
  intro:
    'Chaque personne de la liste reçoit un courrier dans sa langue, fusionné à partir du modèle « Relance de consentement » (modifiable dans Paramètres → Demandes et courriers), suivi du formulaire de consentement à signer. Les personnes qui ont une adresse e-mail figurent aussi dans la liste à importer dans votre outil d’envoi. Tout est enregistré dans un seul fichier ZIP.',
  lettersFor: 'Courriers pour',
  lettersForOptions: {
    everyone: 'toutes les personnes de la liste',
    without_email: 'les personnes sans adresse e-mail seulement',
  },
  mailingPreset: 'Liste d’e-mails pour',
  presets: { brevo: 'Brevo', mailchimp: 'Mailchimp' },
  summary: 'Ce que contiendra le fichier',
  people_one: '{{count}} personne sur la liste',
  people_other: '{{count}} personnes sur la liste',
  letters_one: '{{count}} courrier (PDF avec le formulaire)',
  letters_other: '{{count}} courriers (un PDF par personne, avec le formulaire)',
  emails_one: '{{count}} adresse e-mail dans la liste {{tool}}',
  emails_other: '{{count}} adresses e-mail dans la liste {{tool}}',
  withoutEmail_one: '{{count}} personne sans adresse e-mail (absente de la liste d’e-mails)',
  withoutEmail_other: '{{count}} personnes sans adresse e-mail (absentes de la liste d’e-mails)',
  withoutAddress_one:
    '{{count}} courrier sans adresse postale : complétez la fiche ou remettez-le en main propre',
  withoutAddress_other:
    '{{count}} courriers sans adresse postale : complétez les fiches ou remettez-les en main propre',
  noticeLine: 'Notice jointe en {{language}} : version {{number}}, formulaire {{reference}}',
  nothing: 'Personne à contacter avec ces choix.',
  run: 'Préparer et enregistrer',
  running: 'Préparation des courriers…',
  cancel: 'Annuler',
  close: 'Fermer',
  done: 'Campagne enregistrée : {{letters}}, {{emails}}.',
  zipName: 'campagne-{{purpose}}-{{date}}',
  emailsName: 'emails-{{tool}}',
  listTitle: 'Campagnes préparées',
  listEmpty: 'Aucune campagne préparée pour cette finalité.',
  columns: {
    date: 'Date',
    operator: 'Préparée par',
    letters: 'Courriers',
    emails: 'E-mails',
    notice: 'Notice',
  },
  noticeVersion: 'v{{number}} ({{language}})',
  counts: {
    letters_one: '{{count}} courrier',
    letters_other: '{{count}} courriers',
    emails_one: '{{count}} e-mail',
    emails_other: '{{count}} e-mails',
  },
};

export const campaignsEn: DeepStrings<typeof campaignsFr> = {
  prepare: 'Prepare a campaign',
  prepareHint: 'Letters with a consent form, and an e-mail list for a mailing tool',
  title: 'Re-consent campaign: {{purpose}}',
  intro:
    'Each person on the list gets a letter in their language, merged from the “Asking for consent again” template (which you can change in Settings → Requests and letters), followed by the consent form to sign. People with an e-mail address are also in the list to import into your mailing tool. Everything is saved in one ZIP file.',
  lettersFor: 'Letters for',
  lettersForOptions: {
    everyone: 'everyone on the list',
    without_email: 'people without an e-mail address only',
  },
  mailingPreset: 'E-mail list for',
  presets: { brevo: 'Brevo', mailchimp: 'Mailchimp' },
  summary: 'What the file will hold',
  people_one: '{{count}} person on the list',
  people_other: '{{count}} people on the list',
  letters_one: '{{count}} letter (PDF with the form)',
  letters_other: '{{count}} letters (one PDF per person, with the form)',
  emails_one: '{{count}} e-mail address in the {{tool}} list',
  emails_other: '{{count}} e-mail addresses in the {{tool}} list',
  withoutEmail_one: '{{count}} person without an e-mail address (not in the e-mail list)',
  withoutEmail_other: '{{count}} people without an e-mail address (not in the e-mail list)',
  withoutAddress_one: '{{count}} letter without a postal address: complete the record or hand it over',
  withoutAddress_other: '{{count}} letters without a postal address: complete the records or hand them over',
  noticeLine: 'Notice enclosed in {{language}}: version {{number}}, form {{reference}}',
  nothing: 'Nobody to contact with these choices.',
  run: 'Prepare and save',
  running: 'Preparing the letters…',
  cancel: 'Cancel',
  close: 'Close',
  done: 'Campaign recorded: {{letters}}, {{emails}}.',
  zipName: 'campaign-{{purpose}}-{{date}}',
  emailsName: 'emails-{{tool}}',
  listTitle: 'Prepared campaigns',
  listEmpty: 'No campaign prepared for this purpose.',
  columns: {
    date: 'Date',
    operator: 'Prepared by',
    letters: 'Letters',
    emails: 'E-mails',
    notice: 'Notice',
  },
  noticeVersion: 'v{{number}} ({{language}})',
  counts: {
    letters_one: '{{count}} letter',
    letters_other: '{{count}} letters',
    emails_one: '{{count}} e-mail',
    emails_other: '{{count}} e-mails',
  },
};
