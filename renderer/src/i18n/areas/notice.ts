/**
 * Messages of the privacy notice panel (Art. 13), French then English (keys must match; a unit
 * test checks it). Merged into fr.ts / en.ts under the top-level key 'privacyNotice'.
 */
import type { DeepStrings } from './types';

export const privacyNoticeFr = {
  title: 'Notice d’information (article 13)',
  intro:
    'RGPD Desk rédige votre notice d’information à partir de ce qu’il sait déjà : votre organisation, le registre des activités de traitement, les durées de conservation et les finalités de consentement. Publiez-la sur votre site (HTML), affichez-la au comptoir (PDF) ou envoyez-la par e-mail (texte).',
  never: 'Aucune notice générée pour l’instant.',
  upToDate: 'Notice générée le {{date}} : elle est à jour.',
  outdated:
    'Votre notice d’information n’est plus à jour : les registres ont changé depuis sa génération le {{date}}. Générez-la à nouveau et remplacez l’ancienne partout où elle est affichée.',
  language: 'Langue de la notice',
  html: 'Page web (HTML)',
  pdf: 'PDF à afficher',
  text: 'Texte',
  saved: 'Notice enregistrée.',
  fileName: 'notice-information',
};

export const privacyNoticeEn: DeepStrings<typeof privacyNoticeFr> = {
  title: 'Privacy notice (Article 13)',
  intro:
    'RGPD Desk writes your privacy notice from what it already knows: your organisation, the record of processing activities, the retention periods and the consent purposes. Publish it on your website (HTML), display it at the counter (PDF) or send it by e-mail (text).',
  never: 'No notice generated yet.',
  upToDate: 'Notice generated on {{date}}: it is up to date.',
  outdated:
    'Your privacy notice is out of date: the registers changed since it was generated on {{date}}. Generate it again and replace the old one wherever it is displayed.',
  language: 'Language of the notice',
  html: 'Web page (HTML)',
  pdf: 'PDF to display',
  text: 'Text',
  saved: 'Notice saved.',
  fileName: 'privacy-notice',
};
