/**
 * Ready-made entries of the record of processing activities a small business recognises, in French
 * and in English, drawn from the CNIL's model register and its guidance for small businesses
 * (retention periods, video surveillance, cookies). An entry is created in the language chosen;
 * its content then belongs to the business, which edits it to match what it really does.
 */
import type { PurposeChannel } from '../consent/model';
import { DEFAULT_SYSTEMS } from '../domain/organisation';
import type { DataCategory, RegisterEntryInput, RegisterLawfulBasis } from './model';

type TemplateText = {
  name: string;
  purposes: string;
  lawfulBasisDetails: string;
  subjectCategories: string[];
  dataCategories: DataCategory[];
  specialCategoriesCondition: string;
  recipients: string[];
  retention: string;
  security: string;
  sources: string;
};

export type RegisterTemplate = {
  id: string;
  lawfulBases: RegisterLawfulBasis[];
  /** Positions in DEFAULT_SYSTEMS; kept when the organisation's list still has them. */
  systems: number[];
  /** Consent purposes of these channels are linked to the entry. */
  purposeChannels: PurposeChannel[];
  text: Record<'fr' | 'en', TemplateText>;
};

const BASIC_SECURITY = {
  fr: 'Accès réservé aux personnes habilitées, avec un compte et un mot de passe personnels ; postes et logiciels tenus à jour ; sauvegardes régulières ; dossiers papier rangés dans un meuble fermé à clé.',
  en: 'Access limited to authorised staff, each with their own account and password; computers and software kept up to date; regular backups; paper files kept in a locked cabinet.',
};

const data = (name: string, special = false): DataCategory => ({ name, special });

export const REGISTER_TEMPLATES: readonly RegisterTemplate[] = [
  {
    id: 'customers',
    lawfulBases: ['contract', 'legal_obligation', 'legitimate_interests'],
    systems: [0, 1, 3, 4],
    purposeChannels: ['profiling'],
    text: {
      fr: {
        name: 'Gestion de la clientèle',
        purposes:
          'Prise et suivi des commandes, livraisons, facturation et encaissement, service après-vente, gestion des réclamations, programme de fidélité.',
        lawfulBasisDetails:
          'Exécution du contrat de vente ; obligations comptables et fiscales pour les factures ; intérêt légitime pour le suivi de la relation client.',
        subjectCategories: ['Clients'],
        dataCategories: [
          data('Identité (nom, prénom)'),
          data('Coordonnées (adresse, e-mail, téléphone)'),
          data('Commandes, achats et factures'),
          data('Moyen et suivi du paiement'),
          data('Réclamations et échanges avec le service client'),
        ],
        specialCategoriesCondition: '',
        recipients: [
          'Personnel chargé des ventes et du service client',
          'Expert-comptable',
          'Transporteur (pour les livraisons)',
          'Prestataire de paiement',
        ],
        retention:
          'Pendant la relation commerciale, puis 3 ans après le dernier achat à des fins de prospection ; pièces comptables et factures : 10 ans (article L123-22 du Code de commerce) ; données de carte bancaire : le temps de la transaction, puis 13 mois en archive pour les contestations.',
        security: BASIC_SECURITY.fr,
        sources: 'Les clients eux-mêmes (en boutique, par téléphone, par e-mail ou sur le site).',
      },
      en: {
        name: 'Customer management',
        purposes:
          'Taking and following up orders, deliveries, invoicing and payment, after-sales service, complaints, loyalty programme.',
        lawfulBasisDetails:
          'Performance of the sales contract; accounting and tax obligations for invoices; legitimate interest in following up the customer relationship.',
        subjectCategories: ['Customers'],
        dataCategories: [
          data('Identity (first and last name)'),
          data('Contact details (address, email, phone)'),
          data('Orders, purchases and invoices'),
          data('Payment method and payment follow-up'),
          data('Complaints and exchanges with customer service'),
        ],
        specialCategoriesCondition: '',
        recipients: [
          'Staff in charge of sales and customer service',
          'Accountant',
          'Carrier (for deliveries)',
          'Payment provider',
        ],
        retention:
          'For the duration of the business relationship, then 3 years after the last purchase for marketing; accounting records and invoices: 10 years; card data: for the transaction, then 13 months archived for disputes.',
        security: BASIC_SECURITY.en,
        sources: 'The customers themselves (in the shop, by phone, by email or on the website).',
      },
    },
  },
  {
    id: 'prospecting',
    lawfulBases: ['consent', 'legitimate_interests'],
    systems: [1, 2],
    purposeChannels: ['email', 'sms', 'phone', 'post', 'partners'],
    text: {
      fr: {
        name: 'Prospection commerciale',
        purposes:
          'Envoi de lettres d’information, d’offres et d’invitations par e-mail, SMS, téléphone ou courrier aux clients et aux prospects ; gestion des consentements et des oppositions.',
        lawfulBasisDetails:
          'Consentement pour les e-mails et SMS adressés aux particuliers (article L34-5 du Code des postes et des communications électroniques), sauf pour des produits analogues proposés à des clients ; intérêt légitime pour le courrier et le téléphone, avec le droit de s’y opposer à tout moment.',
        subjectCategories: ['Clients', 'Prospects'],
        dataCategories: [
          data('Identité (nom, prénom)'),
          data('Coordonnées (e-mail, téléphone, adresse)'),
          data('Choix de consentement et leur preuve'),
          data('Centres d’intérêt et historique d’achats'),
        ],
        specialCategoriesCondition: '',
        recipients: ['Personnel chargé du marketing', 'Prestataire d’envoi d’e-mails'],
        retention:
          'Prospects : 3 ans à compter de la collecte ou du dernier contact venant d’eux ; clients : 3 ans après la fin de la relation commerciale ; preuve du consentement : pendant l’utilisation des données, puis 5 ans (prescription).',
        security: BASIC_SECURITY.fr,
        sources:
          'Les personnes elles-mêmes (formulaire papier, comptoir, téléphone, site web) ; aucun fichier acheté.',
      },
      en: {
        name: 'Marketing to customers and prospects',
        purposes:
          'Sending newsletters, offers and invitations by email, text message, phone or post to customers and prospects; keeping track of consents and objections.',
        lawfulBasisDetails:
          'Consent for emails and text messages to individuals (ePrivacy rules), except for similar products offered to existing customers; legitimate interest for post and phone, with the right to object at any time.',
        subjectCategories: ['Customers', 'Prospects'],
        dataCategories: [
          data('Identity (first and last name)'),
          data('Contact details (email, phone, address)'),
          data('Consent choices and their proof'),
          data('Interests and purchase history'),
        ],
        specialCategoriesCondition: '',
        recipients: ['Staff in charge of marketing', 'Email marketing provider'],
        retention:
          'Prospects: 3 years from collection or from their last contact; customers: 3 years after the end of the business relationship; proof of consent: while the data is used, then 5 years (limitation period).',
        security: BASIC_SECURITY.en,
        sources: 'The people themselves (paper form, counter, phone, website); no purchased lists.',
      },
    },
  },
  {
    id: 'staff',
    lawfulBases: ['contract', 'legal_obligation'],
    systems: [3, 4],
    purposeChannels: [],
    text: {
      fr: {
        name: 'Gestion du personnel et paie',
        purposes:
          'Gestion administrative du personnel, établissement de la paie et des déclarations sociales et fiscales, suivi du temps de travail, des congés et des absences, formation.',
        lawfulBasisDetails:
          'Exécution du contrat de travail ; obligations légales (Code du travail, Code de la sécurité sociale, prélèvement à la source).',
        subjectCategories: ['Salariés', 'Stagiaires et apprentis'],
        dataCategories: [
          data('Identité et situation familiale'),
          data('Coordonnées'),
          data('Numéro de sécurité sociale (NIR)'),
          data('Coordonnées bancaires'),
          data('Contrat, poste, rémunération et temps de travail'),
          data('Congés et absences'),
          data('Arrêts de travail et aptitude médicale (données de santé)', true),
        ],
        specialCategoriesCondition:
          'Article 9(2)(b) du RGPD : obligations en matière de droit du travail et de la sécurité sociale (arrêts de travail, aptitude médicale).',
        recipients: [
          'Dirigeant et personnel habilité',
          'Expert-comptable ou gestionnaire de paie',
          'Organismes sociaux (URSSAF, caisses de retraite, mutuelle, prévoyance)',
          'Administration fiscale',
          'Service de prévention et de santé au travail',
        ],
        retention:
          'Dossier du salarié : durée du contrat, puis 5 ans en archive ; double des bulletins de paie : 5 ans (article L3243-4 du Code du travail) ; éléments de paie utiles aux déclarations fiscales : 6 ans.',
        security: `${BASIC_SECURITY.fr} Dossiers du personnel séparés des autres dossiers ; données de santé limitées au strict nécessaire (pas de diagnostic).`,
        sources: 'Les salariés eux-mêmes ; l’administration fiscale (taux de prélèvement à la source).',
      },
      en: {
        name: 'Staff management and payroll',
        purposes:
          'Staff administration, payroll and social-security and tax returns, working time, leave and absences, training.',
        lawfulBasisDetails:
          'Performance of the employment contract; legal obligations (employment, social security and tax law).',
        subjectCategories: ['Employees', 'Interns and apprentices'],
        dataCategories: [
          data('Identity and family situation'),
          data('Contact details'),
          data('Social security number'),
          data('Bank details'),
          data('Contract, position, pay and working time'),
          data('Leave and absences'),
          data('Sick leave and fitness for work (health data)', true),
        ],
        specialCategoriesCondition:
          'Article 9(2)(b) GDPR: obligations under employment and social security law (sick leave, fitness for work).',
        recipients: [
          'Manager and authorised staff',
          'Accountant or payroll provider',
          'Social security and pension bodies, health insurer',
          'Tax authority',
          'Occupational health service',
        ],
        retention:
          'Employee file: for the contract, then 5 years archived; copies of payslips: 5 years; payroll items needed for tax returns: 6 years.',
        security: `${BASIC_SECURITY.en} Staff files kept apart from other files; health data limited to what is strictly needed (no diagnosis).`,
        sources: 'The employees themselves; the tax authority (withholding tax rate).',
      },
    },
  },
  {
    id: 'video',
    lawfulBases: ['legitimate_interests'],
    systems: [],
    purposeChannels: [],
    text: {
      fr: {
        name: 'Vidéosurveillance des locaux',
        purposes:
          'Sécurité des biens et des personnes, prévention des vols et des agressions dans les locaux ; les caméras ne servent pas à surveiller le travail des salariés.',
        lawfulBasisDetails:
          'Intérêt légitime à protéger les locaux, les biens et les personnes. Caméras filmant un lieu ouvert au public : autorisation préfectorale (articles L251-1 et suivants du Code de la sécurité intérieure) ; personnes informées par des panneaux à l’entrée.',
        subjectCategories: ['Clients et visiteurs', 'Salariés'],
        dataCategories: [
          data('Images des personnes filmées'),
          data('Date, heure et lieu de l’enregistrement'),
        ],
        specialCategoriesCondition: '',
        recipients: [
          'Dirigeant et personnes habilitées à visionner les images',
          'Forces de l’ordre, sur réquisition',
        ],
        retention:
          'Un mois au plus, sauf procédure en cours (les images sont alors extraites et conservées pour la procédure).',
        security:
          'Enregistreur dans un local fermé, accès aux images protégé par mot de passe et réservé aux personnes habilitées ; consultations tracées ; pas de caméra filmant les postes de travail, les vestiaires ou la voie publique.',
        sources: 'Les caméras installées dans les locaux.',
      },
      en: {
        name: 'Video surveillance of the premises',
        purposes:
          'Safety of property and people, preventing theft and assaults on the premises; the cameras are not used to monitor employees’ work.',
        lawfulBasisDetails:
          'Legitimate interest in protecting the premises, property and people. Cameras filming a place open to the public may need an authorisation from the public authorities; people are informed by signs at the entrance.',
        subjectCategories: ['Customers and visitors', 'Employees'],
        dataCategories: [data('Images of the people filmed'), data('Date, time and place of recording')],
        specialCategoriesCondition: '',
        recipients: ['Manager and people authorised to view the footage', 'Police, on request'],
        retention:
          'One month at most, unless proceedings are under way (the footage is then extracted and kept for them).',
        security:
          'Recorder in a locked room, footage protected by a password and limited to authorised people; viewings logged; no camera filming workstations, changing rooms or the street.',
        sources: 'The cameras installed on the premises.',
      },
    },
  },
  {
    id: 'website',
    lawfulBases: ['legitimate_interests', 'consent'],
    systems: [3],
    purposeChannels: ['email'],
    text: {
      fr: {
        name: 'Site web et cookies',
        purposes:
          'Fonctionnement et sécurité du site, réponse au formulaire de contact, mesure d’audience, cookies publicitaires ou de réseaux sociaux (avec consentement).',
        lawfulBasisDetails:
          'Intérêt légitime pour le fonctionnement, la sécurité et la mesure d’audience exemptée ; consentement pour les autres cookies (article 82 de la loi Informatique et Libertés).',
        subjectCategories: ['Visiteurs du site'],
        dataCategories: [
          data('Données de connexion (adresse IP, journaux)'),
          data('Identifiants de cookies et choix de consentement'),
          data('Contenu des messages du formulaire de contact'),
        ],
        specialCategoriesCondition: '',
        recipients: ['Hébergeur du site', 'Prestataire de mesure d’audience'],
        retention:
          'Cookies : 13 mois au plus ; données de mesure d’audience : 25 mois au plus ; choix de refus des cookies : 6 mois ; journaux de connexion : 1 an ; messages du formulaire : le temps de traiter la demande.',
        security:
          'Site en HTTPS, mises à jour régulières, accès d’administration protégé par un mot de passe robuste et une double authentification.',
        sources: 'Le navigateur des visiteurs ; les visiteurs eux-mêmes (formulaire de contact).',
      },
      en: {
        name: 'Website and cookies',
        purposes:
          'Running and securing the website, answering the contact form, audience measurement, advertising or social-media cookies (with consent).',
        lawfulBasisDetails:
          'Legitimate interest for running, securing and exempt audience measurement; consent for other cookies (ePrivacy rules).',
        subjectCategories: ['Website visitors'],
        dataCategories: [
          data('Connection data (IP address, logs)'),
          data('Cookie identifiers and consent choices'),
          data('Messages sent through the contact form'),
        ],
        specialCategoriesCondition: '',
        recipients: ['Website host', 'Audience measurement provider'],
        retention:
          'Cookies: 13 months at most; audience data: 25 months at most; refusal of cookies remembered for 6 months; connection logs: 1 year; contact form messages: while the request is handled.',
        security:
          'Website served over HTTPS, regular updates, administration access protected by a strong password and two-factor authentication.',
        sources: 'Visitors’ browsers; the visitors themselves (contact form).',
      },
    },
  },
  {
    id: 'suppliers',
    lawfulBases: ['contract', 'legal_obligation'],
    systems: [3, 4],
    purposeChannels: [],
    text: {
      fr: {
        name: 'Gestion des fournisseurs',
        purposes:
          'Commandes, réception des livraisons, factures et paiements, suivi de la relation fournisseur.',
        lawfulBasisDetails: 'Exécution des contrats ; obligations comptables et fiscales.',
        subjectCategories: ['Contacts chez les fournisseurs', 'Fournisseurs entrepreneurs individuels'],
        dataCategories: [
          data('Identité et fonction'),
          data('Coordonnées professionnelles'),
          data('Coordonnées bancaires'),
          data('Commandes et factures'),
        ],
        specialCategoriesCondition: '',
        recipients: ['Personnel chargé des achats', 'Expert-comptable', 'Banque'],
        retention:
          'Pendant la relation, puis 5 ans (prescription commerciale) ; pièces comptables : 10 ans (article L123-22 du Code de commerce).',
        security: BASIC_SECURITY.fr,
        sources: 'Les fournisseurs eux-mêmes.',
      },
      en: {
        name: 'Supplier management',
        purposes:
          'Orders, receiving deliveries, invoices and payments, following up the supplier relationship.',
        lawfulBasisDetails: 'Performance of contracts; accounting and tax obligations.',
        subjectCategories: ['Contacts at suppliers', 'Sole-trader suppliers'],
        dataCategories: [
          data('Identity and position'),
          data('Business contact details'),
          data('Bank details'),
          data('Orders and invoices'),
        ],
        specialCategoriesCondition: '',
        recipients: ['Staff in charge of purchasing', 'Accountant', 'Bank'],
        retention: 'For the relationship, then 5 years (limitation period); accounting records: 10 years.',
        security: BASIC_SECURITY.en,
        sources: 'The suppliers themselves.',
      },
    },
  },
];

export type TemplateContext = {
  organisation: {
    legalName: string;
    address: string;
    contactEmail: string;
    dpoEmail: string;
    systems: readonly string[];
  };
  purposes: readonly { id: string; channel: PurposeChannel; active: boolean }[];
};

/** The controller block of a new entry: the organisation's own details. */
export function controllerOf(
  organisation: TemplateContext['organisation'],
): RegisterEntryInput['controller'] {
  return {
    name: organisation.legalName,
    contact: [organisation.address, organisation.contactEmail].filter(Boolean).join('\n'),
    representative: '',
    dpo: organisation.dpoEmail,
    jointControllers: '',
  };
}

/** A blank entry: only the controller is known. */
export function blankEntry(context: TemplateContext): RegisterEntryInput {
  return {
    name: '',
    controller: controllerOf(context.organisation),
    purposes: '',
    lawfulBases: [],
  };
}

/**
 * A new entry from a ready-made one, in `language`: the systems it names that the organisation's
 * list still has (in either language), and the active consent purposes of its channels.
 */
export function entryFromTemplate(
  template: RegisterTemplate,
  language: 'fr' | 'en',
  context: TemplateContext,
): RegisterEntryInput {
  const text = template.text[language];
  const known = new Set(context.organisation.systems);
  const systems = template.systems.flatMap((index) => {
    const names = [DEFAULT_SYSTEMS[language][index], DEFAULT_SYSTEMS.fr[index], DEFAULT_SYSTEMS.en[index]];
    const found = names.find((name) => name !== undefined && known.has(name));
    return found ? [found] : [];
  });
  return {
    name: text.name,
    controller: controllerOf(context.organisation),
    purposes: text.purposes,
    lawfulBases: [...template.lawfulBases],
    lawfulBasisDetails: text.lawfulBasisDetails,
    subjectCategories: [...text.subjectCategories],
    dataCategories: text.dataCategories.map((category) => ({ ...category })),
    specialCategoriesCondition: text.specialCategoriesCondition,
    recipients: [...text.recipients],
    transfers: [],
    retention: text.retention,
    security: text.security,
    sources: text.sources,
    systems: [...new Set(systems)],
    consentPurposeIds: context.purposes
      .filter((purpose) => purpose.active && template.purposeChannels.includes(purpose.channel))
      .map((purpose) => purpose.id),
    templateId: template.id,
    active: true,
  };
}
