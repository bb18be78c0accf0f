/**
 * The letters the app proposes before an organisation writes its own: plain text with
 * `{{placeholders}}` (see ./placeholders), one subject line and a body, in French and English.
 */
import type { LetterLanguage, TemplateKind } from './placeholders';

export interface LetterTemplate {
  subject: string;
  body: string;
}

const FR_CLOSING = `Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.

{{operator.name}}
{{organisation.legalName}}`;

const EN_CLOSING = `Yours sincerely,

{{operator.name}}
{{organisation.legalName}}`;

const TEMPLATES: Record<TemplateKind, Record<LetterLanguage, LetterTemplate>> = {
  acknowledgement: {
    fr: {
      subject:
        'Accusé de réception de votre demande relative à vos données personnelles (réf. {{request.reference}})',
      body: `Madame, Monsieur,

Nous accusons réception de votre demande portant sur {{request.rights}}, que nous avons reçue le {{request.receivedOn}}.

Elle est enregistrée sous la référence {{request.reference}}, que nous vous remercions de rappeler dans toute correspondance.

Conformément à l’article 12, paragraphe 3, du règlement général sur la protection des données (RGPD), nous vous répondrons dans un délai d’un mois à compter de sa réception, soit au plus tard le {{request.dueOn}}. Si la complexité ou le nombre des demandes l’exigeait, ce délai pourrait être prolongé de deux mois ; nous vous en informerions alors avant cette date, en vous indiquant les motifs de la prolongation.

Pour toute question, vous pouvez nous écrire à {{organisation.contactEmail}} ou à l’adresse suivante : {{organisation.address}}.

${FR_CLOSING}`,
    },
    en: {
      subject:
        'Acknowledgement of receipt of your request concerning your personal data (ref. {{request.reference}})',
      body: `Dear {{subject.fullName}},

We acknowledge receipt of your request concerning {{request.rights}}, which we received on {{request.receivedOn}}.

Your request has been registered under the reference {{request.reference}}; please quote it in any correspondence.

In accordance with Article 12(3) of the General Data Protection Regulation (GDPR), we will respond within one month of receipt, that is by {{request.dueOn}} at the latest. Should the complexity or number of requests make it necessary, this period may be extended by two further months; in that case we will inform you before that date and give you the reasons for the extension.

If you have any questions, please write to us at {{organisation.contactEmail}} or at the following address: {{organisation.address}}.

${EN_CLOSING}`,
    },
  },

  identity_request: {
    fr: {
      subject:
        'Votre demande relative à vos données personnelles : vérification de votre identité (réf. {{request.reference}})',
      body: `Madame, Monsieur,

Nous avons bien reçu, le {{request.receivedOn}}, votre demande portant sur {{request.rights}}. Elle est enregistrée sous la référence {{request.reference}}.

Afin de protéger vos données et de ne pas les communiquer à une autre personne que vous, nous devons nous assurer de votre identité. Les éléments dont nous disposons ne nous permettent pas de la confirmer avec certitude. C’est pourquoi, conformément à l’article 12, paragraphe 6, du règlement général sur la protection des données (RGPD), nous vous demandons de nous fournir les informations supplémentaires nécessaires pour la confirmer.

Nous vous remercions de nous faire parvenir tout élément permettant de vérifier votre identité, par exemple votre numéro de client ou la copie d’un justificatif d’identité, en rappelant la référence {{request.reference}} :
- par courrier électronique à {{organisation.contactEmail}} ;
- ou par courrier postal à l’adresse suivante : {{organisation.address}}.

Si vous nous adressez la copie d’un justificatif d’identité, vous pouvez y masquer les mentions qui ne sont pas utiles à cette vérification. Ces informations serviront uniquement à vérifier votre identité et ne seront pas conservées plus longtemps que nécessaire.

Le délai de réponse d’un mois prévu à l’article 12, paragraphe 3, du RGPD est suspendu jusqu’à la réception de ces informations ; il recommencera à courir dès que nous les aurons reçues. À défaut, nous ne serons pas en mesure de donner suite à votre demande.

${FR_CLOSING}`,
    },
    en: {
      subject:
        'Your request concerning your personal data: verification of your identity (ref. {{request.reference}})',
      body: `Dear {{subject.fullName}},

On {{request.receivedOn}} we received your request concerning {{request.rights}}. It has been registered under the reference {{request.reference}}.

To protect your data and make sure that we do not disclose it to anyone other than you, we need to confirm your identity. The information we hold does not allow us to confirm it with certainty. Therefore, in accordance with Article 12(6) of the General Data Protection Regulation (GDPR), we ask you to provide the additional information necessary to confirm it.

Please send us any information that allows us to verify your identity, for example your customer number or a copy of an identity document, quoting the reference {{request.reference}}:
- by email to {{organisation.contactEmail}};
- or by post to the following address: {{organisation.address}}.

If you send us a copy of an identity document, you may black out any details that are not needed for this verification. This information will be used solely to verify your identity and will not be kept longer than necessary.

The one-month period for our response laid down in Article 12(3) GDPR is suspended until we receive this information; it will resume as soon as we have received it. Without it, we will not be able to act on your request.

${EN_CLOSING}`,
    },
  },

  extension_notice: {
    fr: {
      subject: 'Prolongation du délai de réponse à votre demande (réf. {{request.reference}})',
      body: `Madame, Monsieur,

Le {{request.receivedOn}}, nous avons reçu votre demande portant sur {{request.rights}}, enregistrée sous la référence {{request.reference}}. Le délai d’un mois dont nous disposons pour y répondre expire le {{request.dueOn}}.

L’article 12, paragraphe 3, du règlement général sur la protection des données (RGPD) permet de prolonger ce délai de deux mois, compte tenu de la complexité et du nombre de demandes. Nous vous informons que nous faisons usage de cette possibilité, pour les motifs suivants :
{{request.extensionReasons}}

Nous vous répondrons donc au plus tard le {{request.extendedDueOn}}, et plus tôt si nous le pouvons.

Pour toute question, vous pouvez nous écrire à {{organisation.contactEmail}} en rappelant la référence {{request.reference}}.

${FR_CLOSING}`,
    },
    en: {
      subject: 'Extension of the period for responding to your request (ref. {{request.reference}})',
      body: `Dear {{subject.fullName}},

On {{request.receivedOn}} we received your request concerning {{request.rights}}, registered under the reference {{request.reference}}. The one-month period within which we must respond to it expires on {{request.dueOn}}.

Article 12(3) of the General Data Protection Regulation (GDPR) allows this period to be extended by two further months where necessary, taking into account the complexity and number of the requests. We hereby inform you that we are extending it, for the following reasons:
{{request.extensionReasons}}

We will therefore respond to your request by {{request.extendedDueOn}} at the latest, and sooner if we can.

If you have any questions, please write to us at {{organisation.contactEmail}}, quoting the reference {{request.reference}}.

${EN_CLOSING}`,
    },
  },

  response_cover: {
    fr: {
      subject: 'Réponse à votre demande relative à vos données personnelles (réf. {{request.reference}})',
      body: `Madame, Monsieur,

Le {{request.receivedOn}}, vous nous avez adressé une demande portant sur {{request.rights}}, enregistrée sous la référence {{request.reference}}.

Nous y avons donné suite. Vous trouverez ci-dessous ce que nous avons fait et, le cas échéant, les documents joints à ce courrier :
{{request.outcome}}

Si vous estimez que notre réponse est incomplète, ou pour toute question, vous pouvez nous écrire à {{organisation.contactEmail}} en rappelant la référence {{request.reference}}. Vous disposez également du droit d’introduire une réclamation auprès de {{organisation.supervisoryAuthority}}.

${FR_CLOSING}`,
    },
    en: {
      subject: 'Response to your request concerning your personal data (ref. {{request.reference}})',
      body: `Dear {{subject.fullName}},

On {{request.receivedOn}} you sent us a request concerning {{request.rights}}, registered under the reference {{request.reference}}.

We have acted on your request. Below you will find what we have done and, where applicable, the documents enclosed with this letter:
{{request.outcome}}

If you consider that our response is incomplete, or if you have any questions, please write to us at {{organisation.contactEmail}}, quoting the reference {{request.reference}}. You also have the right to lodge a complaint with {{organisation.supervisoryAuthority}}.

${EN_CLOSING}`,
    },
  },

  refusal: {
    fr: {
      subject:
        'Suite donnée à votre demande relative à vos données personnelles (réf. {{request.reference}})',
      body: `Madame, Monsieur,

Le {{request.receivedOn}}, vous nous avez adressé une demande portant sur {{request.rights}}, enregistrée sous la référence {{request.reference}}.

Après examen, nous ne sommes pas en mesure d’y donner suite, pour le motif suivant : {{request.refusalReason}}. {{request.refusalDetails}}

Conformément à l’article 12, paragraphe 4, du règlement général sur la protection des données (RGPD), nous vous informons que vous avez la possibilité :
- d’introduire une réclamation auprès de {{organisation.supervisoryAuthority}}, ou auprès de l’autorité de contrôle de l’État membre de l’Union européenne dans lequel se trouve votre résidence habituelle ou votre lieu de travail (article 77 du RGPD) ;
- de former un recours juridictionnel (article 79 du RGPD).

Pour toute question, vous pouvez nous écrire à {{organisation.contactEmail}} en rappelant la référence {{request.reference}}.

${FR_CLOSING}`,
    },
    en: {
      subject: 'Outcome of your request concerning your personal data (ref. {{request.reference}})',
      body: `Dear {{subject.fullName}},

On {{request.receivedOn}} you sent us a request concerning {{request.rights}}, registered under the reference {{request.reference}}.

Having examined it, we are unable to act on your request, for the following reason: {{request.refusalReason}}. {{request.refusalDetails}}

In accordance with Article 12(4) of the General Data Protection Regulation (GDPR), we inform you that you have the right:
- to lodge a complaint with {{organisation.supervisoryAuthority}}, or with the supervisory authority of the Member State of the European Union in which you habitually reside or work (Article 77 GDPR);
- to seek a judicial remedy (Article 79 GDPR).

If you have any questions, please write to us at {{organisation.contactEmail}}, quoting the reference {{request.reference}}.

${EN_CLOSING}`,
    },
  },

  reconsent: {
    fr: {
      subject: 'Votre accord pour « {{purpose.name}} » : souhaitez-vous le renouveler ?',
      body: `Madame, Monsieur,

Vous nous avez fait part de votre choix concernant « {{purpose.name}} » le {{consent.lastDecidedOn}}. Ce choix date maintenant de plusieurs années, ou notre notice d’information a changé depuis : nous souhaitons donc vous demander à nouveau votre accord, sans lequel nous ne vous contacterons plus à ce titre.

Vous trouverez joint à ce courrier un formulaire de consentement, qui reprend notre notice d’information ({{notice.version}}). Si vous le souhaitez, cochez votre choix, datez et signez le formulaire, puis rapportez-le en magasin ou renvoyez-le à l’adresse suivante : {{organisation.address}}. Merci de ne pas séparer les pages : la référence {{form.reference}} qui y figure nous permet de l’enregistrer.

Vous restez libre de refuser, et vous pourrez retirer votre consentement à tout moment, aussi facilement que vous l’avez donné, en nous écrivant à {{organisation.contactEmail}}.

${FR_CLOSING}`,
    },
    en: {
      subject: 'Your agreement to “{{purpose.name}}”: would you like to renew it?',
      body: `Dear {{subject.fullName}},

You told us your choice about “{{purpose.name}}” on {{consent.lastDecidedOn}}. That choice is now several years old, or our information notice has changed since: we would therefore like to ask for your agreement again, without which we will no longer contact you for this purpose.

Enclosed with this letter is a consent form that sets out our information notice ({{notice.version}}). If you wish, tick your choice, date and sign the form, then bring it to the shop or send it back to the following address: {{organisation.address}}. Please keep its pages together: the reference {{form.reference}} printed on it lets us record your answer.

You remain free to refuse, and you can withdraw your consent at any time, as easily as you gave it, by writing to us at {{organisation.contactEmail}}.

${EN_CLOSING}`,
    },
  },
};

/** A fresh copy of the default template, safe for an editor to change. */
export function defaultTemplate(kind: TemplateKind, lang: LetterLanguage): LetterTemplate {
  const template = TEMPLATES[kind][lang];
  return { subject: template.subject, body: template.body };
}
