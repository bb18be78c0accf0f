/**
 * Ready-made purposes and a first privacy notice a small business recognises, offered in Settings
 * when the catalogue is empty; everything stays editable.
 */
import type { NoticeInput, PurposeInput } from './model';

export const DEFAULT_PURPOSES: PurposeInput[] = [
  {
    name: { fr: 'Lettre d’information par e-mail', en: 'Email newsletter' },
    description: {
      fr: 'Nouveautés, offres et événements de la boutique, par e-mail, une à deux fois par mois.',
      en: 'News, offers and events from the shop, by email, once or twice a month.',
    },
    channel: 'email',
    lawfulBasis: 'consent',
  },
  {
    name: { fr: 'Offres par SMS', en: 'Offers by text message' },
    description: { fr: 'Offres promotionnelles par SMS.', en: 'Promotional offers by text message.' },
    channel: 'sms',
    lawfulBasis: 'consent',
  },
  {
    name: { fr: 'Appels téléphoniques', en: 'Phone calls' },
    description: { fr: 'Appels pour vous présenter nos offres.', en: 'Calls to present our offers.' },
    channel: 'phone',
    lawfulBasis: 'consent',
  },
  {
    name: { fr: 'Courrier postal', en: 'Postal mail' },
    description: {
      fr: 'Catalogues et offres par courrier, pour nos clients (intérêt légitime ; vous pouvez vous y opposer à tout moment).',
      en: 'Catalogues and offers by post, for our customers (legitimate interest; you may object at any time).',
    },
    channel: 'post',
    lawfulBasis: 'legitimate_interest',
  },
  {
    name: { fr: 'Programme de fidélité et profil d’achat', en: 'Loyalty programme and purchase profile' },
    description: {
      fr: 'Analyse de vos achats pour vous proposer des offres adaptées.',
      en: 'Analysis of your purchases to offer you suitable deals.',
    },
    channel: 'profiling',
    lawfulBasis: 'consent',
  },
  {
    name: { fr: 'Partage avec nos partenaires', en: 'Sharing with our partners' },
    description: {
      fr: 'Transmission de vos coordonnées à des partenaires commerciaux choisis.',
      en: 'Passing your contact details to selected business partners.',
    },
    channel: 'partners',
    lawfulBasis: 'consent',
  },
];

export function defaultNotice(
  language: 'fr' | 'en',
  organisation: string,
  contactEmail: string,
  effectiveOn: string,
): NoticeInput {
  const text =
    language === 'fr'
      ? `${organisation} utilise vos coordonnées pour les finalités que vous acceptez ci-dessous. Vos données sont conservées trois ans après notre dernier contact, puis supprimées. Elles ne sont transmises à des partenaires que si vous l’acceptez.\n\nVous pouvez retirer votre consentement à tout moment, aussi simplement que vous l’avez donné, et exercer vos droits d’accès, de rectification, d’effacement, de limitation, d’opposition et de portabilité en écrivant à ${contactEmail}. Vous pouvez introduire une réclamation auprès de la CNIL (www.cnil.fr).`
      : `${organisation} uses your contact details for the purposes you accept below. Your data is kept for three years after our last contact, then deleted. It is passed to partners only if you agree.\n\nYou may withdraw your consent at any time, as easily as you gave it, and exercise your rights of access, rectification, erasure, restriction, objection and portability by writing to ${contactEmail}. You may lodge a complaint with the supervisory authority.`;
  return {
    number: 1,
    kind: 'privacy_notice',
    title: language === 'fr' ? 'Information sur vos données personnelles' : 'About your personal data',
    language,
    text,
    effectiveOn,
  };
}
