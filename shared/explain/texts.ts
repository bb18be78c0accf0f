/**
 * The one source of the "Pourquoi ?" explanations: what a legal step is for, in plain words, with
 * the article it comes from. The UI shows them next to each step, the compliance checks quote their
 * `short` sentence and the staff training reuses them, so a rule is explained the same way everywhere.
 * References are plain text (no links): the app never reaches the network.
 */
export const EXPLAIN_TOPICS = [
  'deadline',
  'extension',
  'identity_check',
  'refusal_reasons',
  'legitimate_interest',
  'retention',
  'breach_notification',
  'erasure_exceptions',
  'consent_proof',
  'minimisation',
  'acknowledgement',
  'information',
  'register',
  'accountability',
  'security',
  'access_lock',
  'training',
] as const;
export type ExplainTopic = (typeof EXPLAIN_TOPICS)[number];
export type ExplainLanguage = 'fr' | 'en';

export type Explanation = {
  title: string;
  /** Two or three sentences in plain words. */
  text: string;
  /** One sentence: why it matters, as a compliance finding quotes it. */
  short: string;
  /** Where the rule is written, e.g. "RGPD art. 12(3)". */
  reference: string;
};

export const EXPLANATIONS: Record<ExplainTopic, Record<ExplainLanguage, Explanation>> = {
  deadline: {
    fr: {
      title: 'Le délai de réponse',
      text: 'La personne doit recevoir une réponse au plus tard un mois après la réception de sa demande. Le jour de réception ne compte pas ; si le dernier jour tombe un samedi, un dimanche ou un jour férié, le délai va jusqu’au jour ouvré suivant. Répondre en retard, c’est ne pas respecter ses droits, et la personne peut se plaindre à la CNIL.',
      short: 'La loi donne un mois pour répondre à une demande ; au-delà, la personne peut saisir la CNIL.',
      reference: 'RGPD art. 12(3) ; règlement 1182/71',
    },
    en: {
      title: 'The response deadline',
      text: 'The person must get an answer within one month of receiving their request. The day of receipt does not count; when the last day is a Saturday, a Sunday or a public holiday, the period runs to the next working day. A late answer fails their rights, and they may complain to the supervisory authority.',
      short:
        'The law gives one month to answer a request; after that, the person may complain to the authority.',
      reference: 'GDPR Art. 12(3); Regulation 1182/71',
    },
  },
  extension: {
    fr: {
      title: 'La prolongation du délai',
      text: 'Une demande complexe ou des demandes nombreuses permettent de prolonger le délai de deux mois au plus. La personne doit en être informée avant la fin du premier mois, avec les raisons de la prolongation. Sans ce courrier, la prolongation ne vaut pas et la réponse est en retard.',
      short:
        'Une prolongation n’est valable que si la personne en est informée, avec ses raisons, dans le premier mois.',
      reference: 'RGPD art. 12(3)',
    },
    en: {
      title: 'Extending the deadline',
      text: 'A complex request, or many requests, allow the deadline to be extended by two further months at most. The person must be told within the first month, with the reasons for the extension. Without that notice the extension does not count and the answer is late.',
      short: 'An extension only counts if the person is told, with the reasons, within the first month.',
      reference: 'GDPR Art. 12(3)',
    },
  },
  identity_check: {
    fr: {
      title: 'Vérifier l’identité',
      text: 'Avant de communiquer ou d’effacer des données, il faut être raisonnablement sûr que la demande vient bien de la personne. Ne demandez que ce qui est nécessaire : souvent, répondre depuis l’adresse e-mail déjà connue ou reconnaître le client au comptoir suffit ; une copie de pièce d’identité n’est demandée qu’en cas de doute réel. Pendant l’attente de la preuve, le délai est suspendu.',
      short:
        'Donner les données d’une personne à quelqu’un d’autre est une violation ; demander trop de preuves est aussi excessif.',
      reference: 'RGPD art. 12(6) et considérant 64',
    },
    en: {
      title: 'Checking identity',
      text: 'Before giving out or erasing data, you must be reasonably sure the request comes from the person. Ask only for what is needed: answering from the email address already on file, or recognising the customer at the counter, is often enough; a copy of an identity document is asked for only when there is a real doubt. While the proof is awaited, the clock stops.',
      short:
        'Giving someone’s data to another person is a breach; asking for too much proof is excessive too.',
      reference: 'GDPR Art. 12(6) and Recital 64',
    },
  },
  refusal_reasons: {
    fr: {
      title: 'Refuser une demande',
      text: 'Une demande ne peut être refusée que pour une raison prévue par la loi : demande manifestement infondée ou excessive, restriction légale, ou identité impossible à établir. Le refus est notifié dans le mois, avec sa raison et le droit de se plaindre à la CNIL ou d’aller en justice. C’est à l’entreprise de prouver que le refus est justifié.',
      short: 'Un refus doit être motivé et rappeler le droit de réclamation auprès de la CNIL.',
      reference: 'RGPD art. 12(4) et 12(5)',
    },
    en: {
      title: 'Refusing a request',
      text: 'A request may be refused only for a reason the law allows: manifestly unfounded or excessive, a legal restriction, or identity that cannot be established. The refusal is sent within the month, with its reason and the right to complain to the authority or go to court. The business must be able to show the refusal is justified.',
      short: 'A refusal must give its reason and the right to complain to the authority.',
      reference: 'GDPR Art. 12(4) and 12(5)',
    },
  },
  legitimate_interest: {
    fr: {
      title: 'L’intérêt légitime',
      text: 'Certains traitements reposent sur l’intérêt légitime de l’entreprise plutôt que sur le consentement, par exemple écrire à ses clients au sujet de produits semblables à ceux qu’ils ont achetés. La personne doit en être informée et peut s’y opposer à tout moment, sans justification, pour la prospection. Son opposition arrête le traitement aussitôt.',
      short:
        'Sans consentement, le traitement doit reposer sur un intérêt légitime que la personne peut refuser à tout moment.',
      reference: 'RGPD art. 6(1)(f) et 21(2)-(3) ; CPCE art. L34-5',
    },
    en: {
      title: 'Legitimate interest',
      text: 'Some processing rests on the business’s legitimate interest rather than on consent, for example writing to customers about products similar to those they bought. The person must be told, and may object at any time, without giving a reason, to direct marketing. Their objection stops the processing at once.',
      short:
        'Without consent, processing must rest on a legitimate interest the person can object to at any time.',
      reference: 'GDPR Art. 6(1)(f) and 21(2)-(3)',
    },
  },
  retention: {
    fr: {
      title: 'La durée de conservation',
      text: 'Les données ne sont gardées que le temps nécessaire à leur finalité. Pour un prospect, la CNIL recommande trois ans après le dernier contact ; ensuite, on lui redemande son accord ou on efface ses données. Garder « au cas où » n’est pas permis.',
      short: 'Des données gardées au-delà de leur durée de conservation le sont sans base légale.',
      reference: 'RGPD art. 5(1)(e)',
    },
    en: {
      title: 'Retention period',
      text: 'Data is kept only as long as its purpose needs it. For a prospect, the CNIL recommends three years after the last contact; after that, ask again or erase their data. Keeping data "just in case" is not allowed.',
      short: 'Data kept past its retention period is kept without a lawful basis.',
      reference: 'GDPR Art. 5(1)(e)',
    },
  },
  breach_notification: {
    fr: {
      title: 'Notifier une violation',
      text: 'Une violation de données, c’est une perte, un vol, une fuite ou une modification non voulue de données personnelles, par exemple un ordinateur volé ou un e-mail envoyé au mauvais destinataire. Elle est notifiée à la CNIL dans les 72 heures après en avoir eu connaissance, sauf si elle ne présente pas de risque pour les personnes ; les personnes sont prévenues si le risque est élevé. Chaque violation est consignée, même non notifiée, avec la décision et sa raison.',
      short:
        'Une violation se notifie à la CNIL sous 72 heures sauf absence de risque, et la décision doit être consignée.',
      reference: 'RGPD art. 33 et 34',
    },
    en: {
      title: 'Notifying a breach',
      text: 'A personal data breach is a loss, theft, leak or unwanted change of personal data, for example a stolen laptop or an email sent to the wrong person. It is notified to the supervisory authority within 72 hours of becoming aware of it, unless it is unlikely to put people at risk; the people are told when the risk is high. Every breach is documented, even when not notified, with the decision and its reason.',
      short:
        'A breach is notified to the authority within 72 hours unless there is no risk, and the decision must be documented.',
      reference: 'GDPR Art. 33 and 34',
    },
  },
  erasure_exceptions: {
    fr: {
      title: 'Les limites de l’effacement',
      text: 'Une personne peut demander l’effacement de ses données, mais certaines doivent être gardées : par exemple les factures, que la loi impose de conserver dix ans, ou ce qui sert à un litige en cours. On efface tout le reste et on explique à la personne ce qui est gardé et pourquoi. La preuve que la demande a été traitée est conservée sans ses données.',
      short:
        'L’effacement est un droit, mais les données qu’une obligation légale impose de garder restent conservées.',
      reference: 'RGPD art. 17(1) et 17(3)',
    },
    en: {
      title: 'Limits of erasure',
      text: 'A person may ask for their data to be erased, but some must be kept: for example invoices, which the law requires to be kept for years, or what a pending legal claim needs. Erase everything else and tell the person what is kept and why. The proof that the request was handled is kept without their data.',
      short: 'Erasure is a right, but data a legal obligation requires is kept.',
      reference: 'GDPR Art. 17(1) and 17(3)',
    },
  },
  consent_proof: {
    fr: {
      title: 'Prouver le consentement',
      text: 'L’entreprise doit pouvoir prouver que la personne a consenti : qui, quand, comment, à quoi, et après avoir lu quelle information. Un formulaire signé scanné, une référence d’appel ou le nom d’un témoin au comptoir servent de preuve. Un consentement sans preuve ne vaut pas en cas de contrôle.',
      short: 'Sans preuve, un consentement ne peut pas être démontré lors d’un contrôle.',
      reference: 'RGPD art. 7(1)',
    },
    en: {
      title: 'Proving consent',
      text: 'The business must be able to show that the person consented: who, when, how, to what, and after reading which information. A scanned signed form, a call reference or a witness at the counter serve as proof. A consent without proof does not stand in an inspection.',
      short: 'Without proof, a consent cannot be demonstrated in an inspection.',
      reference: 'GDPR Art. 7(1)',
    },
  },
  minimisation: {
    fr: {
      title: 'Ne collecter que le nécessaire',
      text: 'Ne demandez et n’écrivez que ce qui sert vraiment : un nom et un moyen de contact suffisent souvent. Pas de date de naissance, de pièce d’identité ou de commentaire personnel sans raison précise. Moins de données, c’est moins de risques et moins de travail en cas de demande.',
      short: 'Chaque donnée collectée doit servir la finalité ; le reste ne doit pas être demandé.',
      reference: 'RGPD art. 5(1)(c)',
    },
    en: {
      title: 'Collecting only what is needed',
      text: 'Ask for and write down only what is really needed: a name and a way to reach the person are often enough. No date of birth, identity document or personal remark without a precise reason. Less data means less risk and less work when a request comes.',
      short: 'Every piece of data collected must serve the purpose; the rest must not be asked for.',
      reference: 'GDPR Art. 5(1)(c)',
    },
  },
  acknowledgement: {
    fr: {
      title: 'Accuser réception',
      text: 'Un accusé de réception indique à la personne que sa demande est enregistrée, à quelle date, et quand elle recevra une réponse. Il évite les relances et prouve que la demande a été prise en charge. Il fait partie des bonnes pratiques recommandées par la CNIL.',
      short: 'Un accusé de réception prouve que la demande a été prise en charge et rassure la personne.',
      reference: 'RGPD art. 12(2) et 12(3) ; recommandation CNIL',
    },
    en: {
      title: 'Acknowledging receipt',
      text: 'An acknowledgement tells the person their request is recorded, on which date, and when they will get an answer. It avoids reminders and proves the request was taken in hand. The CNIL recommends it as good practice.',
      short: 'An acknowledgement proves the request was taken in hand and reassures the person.',
      reference: 'GDPR Art. 12(2) and 12(3); CNIL guidance',
    },
  },
  information: {
    fr: {
      title: 'Informer les personnes',
      text: 'Au moment de la collecte, la personne doit être informée de qui traite ses données, pour quoi, combien de temps et de ses droits. Cette information (la mention d’information) doit décrire ce que fait réellement l’entreprise : quand le registre change, elle doit suivre. Chaque consentement renvoie à la version qu’il a lue.',
      short: 'Une information absente ou dépassée rend les consentements recueillis fragiles.',
      reference: 'RGPD art. 12 et 13',
    },
    en: {
      title: 'Informing people',
      text: 'When data is collected, the person must be told who processes it, what for, how long it is kept and what their rights are. That privacy notice must describe what the business really does: when the register changes, it must follow. Each consent refers to the version the person read.',
      short: 'A missing or outdated notice weakens every consent collected under it.',
      reference: 'GDPR Art. 12 and 13',
    },
  },
  register: {
    fr: {
      title: 'Le registre des traitements',
      text: 'Le registre décrit chaque traitement : qui en est responsable, sa finalité, les personnes et données concernées, les destinataires, les durées de conservation et les mesures de sécurité. C’est le premier document demandé lors d’un contrôle de la CNIL. Il se relit au moins une fois par an.',
      short:
        'Le registre est le premier document demandé lors d’un contrôle ; il doit être complet et à jour.',
      reference: 'RGPD art. 30(1)',
    },
    en: {
      title: 'The record of processing',
      text: 'The record describes each processing activity: who is responsible, its purpose, the people and data concerned, the recipients, retention periods and security measures. It is the first document an inspection asks for. Review it at least once a year.',
      short: 'The record is the first document an inspection asks for; it must be complete and current.',
      reference: 'GDPR Art. 30(1)',
    },
  },
  accountability: {
    fr: {
      title: 'Pouvoir prouver sa conformité',
      text: 'Il ne suffit pas de respecter le RGPD : l’entreprise doit pouvoir le démontrer. Une archive signée, remise régulièrement à l’expert-comptable ou à l’avocat, conserve la preuve de ce qui a été fait. En cas de panne ou de contrôle, c’est elle qui fait foi.',
      short: 'L’entreprise doit pouvoir démontrer sa conformité ; une archive récente en garde la preuve.',
      reference: 'RGPD art. 5(2) et 24(1)',
    },
    en: {
      title: 'Being able to show compliance',
      text: 'Complying is not enough: the business must be able to show it complies. A signed archive, handed regularly to the accountant or lawyer, keeps the proof of what was done. After a failure or during an inspection, that is what counts.',
      short: 'The business must be able to show it complies; a recent archive keeps the proof.',
      reference: 'GDPR Art. 5(2) and 24(1)',
    },
  },
  security: {
    fr: {
      title: 'Sécurité et disponibilité',
      text: 'Les données doivent être protégées contre la perte et l’accès non autorisé. Une seule copie sur un seul ordinateur peut disparaître avec lui : une synchronisation vers un autre appareil en garde une deuxième copie chiffrée. Un accès protégé empêche un passant de consulter les fiches.',
      short: 'Sans deuxième copie, une panne ou un vol fait perdre les données et leurs preuves.',
      reference: 'RGPD art. 32(1)(b) et 32(1)(c)',
    },
    en: {
      title: 'Security and availability',
      text: 'Data must be protected against loss and unauthorised access. A single copy on a single computer can disappear with it: syncing to another device keeps a second, encrypted copy. A protected access stops a passer-by from reading the records.',
      short: 'Without a second copy, a failure or a theft loses the data and its proofs.',
      reference: 'GDPR Art. 32(1)(b) and 32(1)(c)',
    },
  },
  access_lock: {
    fr: {
      title: 'Verrouiller l’accès aux fiches',
      text: 'Un ordinateur laissé ouvert au comptoir montre les fiches des clients à qui passe. Un code personnel pour chaque membre de l’équipe et un verrouillage automatique après quelques minutes sans utilisation ferment cet accès, et chaque action reste attribuée à la personne qui a déverrouillé. La CNIL recommande ce verrouillage automatique des postes.',
      short: 'Un poste qui reste ouvert laisse n’importe qui consulter les données des clients.',
      reference: 'RGPD art. 32(1)(b) et 32(4)',
    },
    en: {
      title: 'Locking access to the records',
      text: 'A computer left open at the counter shows customers’ records to whoever walks by. A personal code for each team member and an automatic lock after a few idle minutes close that access, and every action stays tied to the person who unlocked. The CNIL recommends this automatic locking of workstations.',
      short: 'A computer left open lets anyone read the customers’ data.',
      reference: 'GDPR Art. 32(1)(b) and 32(4)',
    },
  },
  training: {
    fr: {
      title: 'Former l’équipe',
      text: 'Les personnes qui manipulent des données doivent savoir reconnaître une demande, respecter les délais, recueillir un consentement et signaler une violation. Une courte formation, renouvelée chaque année, et sa trace écrite montrent que l’entreprise a pris les mesures nécessaires.',
      short:
        'Une équipe non formée laisse passer des demandes et des violations ; la formation doit être prouvée.',
      reference: 'RGPD art. 24(1), 32(4) et 39(1)(b)',
    },
    en: {
      title: 'Training the team',
      text: 'People who handle data must know how to recognise a request, meet the deadlines, record a consent and report a breach. A short training, renewed every year, and its written record show the business took the measures needed.',
      short: 'An untrained team misses requests and breaches; the training must be provable.',
      reference: 'GDPR Art. 24(1), 32(4) and 39(1)(b)',
    },
  },
};

export function explanation(topic: ExplainTopic, language: string): Explanation {
  return EXPLANATIONS[topic][language === 'en' ? 'en' : 'fr'];
}
