/**
 * The built-in staff training: about ten short screens for a shop clerk, each an example from the
 * counter or the phone, the rule in plain words (from the explanations, shared/explain/texts.ts, so
 * the training and the "Pourquoi ?" never disagree) and one question. Completing it is recorded per
 * staff member with the module's version: a new version makes everyone due again.
 */
import { z } from 'zod';
import type { Stamps } from '../domain/common';
import type { ExplainTopic } from '../explain/texts';

/** Raise it when the content changes in substance: everyone trained on an older one is due again. */
export const TRAINING_MODULE_VERSION = 1;

type Localised = { fr: string; en: string };

export type TrainingQuestion = {
  prompt: Localised;
  options: Localised[];
  /** Index of the right option. */
  answer: number;
};

export type TrainingScreen = {
  id: string;
  title: Localised;
  /** A situation at the counter or on the phone. */
  example: Localised;
  /** The rules it illustrates, shown in plain words after the example. */
  topics: ExplainTopic[];
  questions: TrainingQuestion[];
};

export const TRAINING_SCREENS: readonly TrainingScreen[] = [
  {
    id: 'recognise',
    title: { fr: 'Reconnaître une demande', en: 'Recognising a request' },
    example: {
      fr: 'Au téléphone, une cliente dit : « Je ne veux plus recevoir vos SMS, et je voudrais savoir ce que vous avez sur moi. » Il n’y a pas de formule magique : c’est une opposition et une demande d’accès. Notez-la tout de suite dans Demandes, avec ses mots et la date du jour.',
      en: 'On the phone, a customer says: "I don’t want your texts any more, and I’d like to know what you hold about me." There are no magic words: that is an objection and an access request. Log it at once under Requests, with her words and today’s date.',
    },
    topics: ['acknowledgement'],
    questions: [
      {
        prompt: {
          fr: 'Un client dit au comptoir « effacez-moi de votre fichier ». Que faites-vous ?',
          en: 'A customer at the counter says "take me off your list". What do you do?',
        },
        options: [
          {
            fr: 'Je lui demande d’envoyer un courrier recommandé.',
            en: 'I ask them to send a registered letter.',
          },
          {
            fr: 'J’enregistre une demande d’effacement tout de suite.',
            en: 'I log an erasure request straight away.',
          },
          {
            fr: 'Je le note sur un post-it pour le gérant.',
            en: 'I write it on a sticky note for the manager.',
          },
        ],
        answer: 1,
      },
    ],
  },
  {
    id: 'deadline',
    title: { fr: 'Le délai d’un mois', en: 'The one-month deadline' },
    example: {
      fr: 'Une demande reçue le 31 janvier doit recevoir sa réponse au plus tard le 28 février (ou le 29). Si ce jour est un dimanche, on a jusqu’au lundi. RGPD Desk calcule la date et l’affiche sur le tableau de bord.',
      en: 'A request received on 31 January must be answered by 28 February (or the 29th). If that day is a Sunday, you have until the Monday. RGPD Desk computes the date and shows it on the dashboard.',
    },
    topics: ['deadline'],
    questions: [
      {
        prompt: {
          fr: 'Une demande arrive le 10 mars. Quelle est la date limite de réponse, si c’est un jour ouvré ?',
          en: 'A request arrives on 10 March. What is the answer deadline, if it is a working day?',
        },
        options: [
          { fr: 'Le 10 avril', en: '10 April' },
          { fr: 'Le 10 mai', en: '10 May' },
          { fr: 'Le 20 mars', en: '20 March' },
        ],
        answer: 0,
      },
    ],
  },
  {
    id: 'extension',
    title: { fr: 'Prolonger, mais prévenir', en: 'Extending, with notice' },
    example: {
      fr: 'Un ancien client demande toutes ses données depuis dix ans, réparties dans la caisse et les dossiers papier. Le gérant décide de prolonger : avant la fin du premier mois, on envoie le courrier de prolongation avec les raisons.',
      en: 'A former customer asks for all their data from ten years, spread over the till and the paper files. The manager decides to extend: before the first month ends, the extension notice goes out with the reasons.',
    },
    topics: ['extension'],
    questions: [
      {
        prompt: {
          fr: 'Quand faut-il prévenir la personne d’une prolongation ?',
          en: 'When must the person be told about an extension?',
        },
        options: [
          { fr: 'Avec la réponse finale.', en: 'With the final answer.' },
          {
            fr: 'Avant la fin du premier mois, avec les raisons.',
            en: 'Before the first month ends, with the reasons.',
          },
          { fr: 'Ce n’est pas nécessaire.', en: 'It is not needed.' },
        ],
        answer: 1,
      },
    ],
  },
  {
    id: 'identity',
    title: { fr: 'Vérifier l’identité sans excès', en: 'Checking identity without excess' },
    example: {
      fr: 'Un e-mail arrive d’une adresse inconnue : « Envoyez-moi tout ce que vous savez sur Marie Dupont. » Vous répondez à l’adresse déjà connue de Marie pour confirmer. Au comptoir, un client fidèle que vous connaissez n’a pas à montrer sa carte d’identité.',
      en: 'An email comes from an unknown address: "Send me everything you know about Marie Dupont." You reply to Marie’s address on file to confirm. At the counter, a regular you know does not have to show an ID card.',
    },
    topics: ['identity_check'],
    questions: [
      {
        prompt: {
          fr: 'Un client connu, qui écrit depuis son adresse habituelle, demande ses données. Faut-il une copie de sa pièce d’identité ?',
          en: 'A known customer, writing from their usual address, asks for their data. Is a copy of their ID needed?',
        },
        options: [
          { fr: 'Oui, toujours.', en: 'Yes, always.' },
          {
            fr: 'Non, son adresse connue suffit en l’absence de doute.',
            en: 'No, their known address is enough when there is no doubt.',
          },
        ],
        answer: 1,
      },
    ],
  },
  {
    id: 'refusal',
    title: { fr: 'Quand on peut refuser', en: 'When you may refuse' },
    example: {
      fr: 'Une personne demande chaque semaine la copie de ses données, sans que rien n’ait changé. Le gérant peut refuser une demande manifestement excessive, mais il l’écrit, avec la raison et le droit de se plaindre à la CNIL.',
      en: 'Someone asks every week for a copy of their data though nothing has changed. The manager may refuse a manifestly excessive request, but in writing, with the reason and the right to complain to the authority.',
    },
    topics: ['refusal_reasons'],
    questions: [
      {
        prompt: {
          fr: 'Que doit contenir un refus ?',
          en: 'What must a refusal contain?',
        },
        options: [
          { fr: 'Rien, un refus oral suffit.', en: 'Nothing, saying no is enough.' },
          {
            fr: 'La raison et le droit de se plaindre à la CNIL.',
            en: 'The reason and the right to complain to the authority.',
          },
        ],
        answer: 1,
      },
    ],
  },
  {
    id: 'consent',
    title: { fr: 'Recueillir un consentement', en: 'Recording a consent' },
    example: {
      fr: 'Une cliente veut recevoir la lettre d’information. Elle coche la case du formulaire papier et signe ; vous enregistrez son choix avec Ctrl+K et scannez le formulaire. Au téléphone, notez la référence de l’appel.',
      en: 'A customer wants the newsletter. She ticks the box on the paper form and signs; you record her choice with Ctrl+K and scan the form. On the phone, note the call reference.',
    },
    topics: ['consent_proof'],
    questions: [
      {
        prompt: {
          fr: 'Qu’est-ce qui prouve un consentement donné au comptoir ?',
          en: 'What proves a consent given at the counter?',
        },
        options: [
          {
            fr: 'Le formulaire signé scanné, ou un témoin nommé.',
            en: 'The scanned signed form, or a named witness.',
          },
          { fr: 'Le souvenir du vendeur.', en: 'The clerk’s memory.' },
        ],
        answer: 0,
      },
    ],
  },
  {
    id: 'withdrawal',
    title: { fr: 'Retrait et opposition', en: 'Withdrawal and objection' },
    example: {
      fr: 'Un client répond à un SMS : « STOP ». Il retire son consentement : enregistrez le retrait le jour même, l’envoi s’arrête aussitôt. Retirer doit être aussi simple que consentir.',
      en: 'A customer replies to a text: "STOP". He withdraws his consent: record the withdrawal the same day, and the sending stops at once. Withdrawing must be as easy as consenting.',
    },
    topics: ['legitimate_interest'],
    questions: [
      {
        prompt: {
          fr: 'Un client s’oppose aux offres commerciales. Quand le traitement s’arrête-t-il ?',
          en: 'A customer objects to marketing offers. When does the processing stop?',
        },
        options: [
          { fr: 'À la fin du mois.', en: 'At the end of the month.' },
          {
            fr: 'Tout de suite, sans justification à demander.',
            en: 'At once, without asking for a reason.',
          },
        ],
        answer: 1,
      },
    ],
  },
  {
    id: 'breach',
    title: { fr: 'Une violation et les 72 heures', en: 'A breach and the 72 hours' },
    example: {
      fr: 'La tablette de la boutique, avec le fichier clients, a été volée ce matin. C’est une violation de données : prévenez le gérant tout de suite et notez-la dans Registres → Violations. Le délai de 72 heures pour la CNIL court depuis ce matin.',
      en: 'The shop’s tablet, with the customer list, was stolen this morning. That is a data breach: tell the manager at once and record it under Registers → Breaches. The 72 hours for the authority run from this morning.',
    },
    topics: ['breach_notification'],
    questions: [
      {
        prompt: {
          fr: 'Un e-mail contenant les coordonnées de clients est parti au mauvais destinataire. Est-ce une violation ?',
          en: 'An email with customers’ details went to the wrong person. Is it a breach?',
        },
        options: [
          { fr: 'Oui, il faut la signaler et la consigner.', en: 'Yes, it must be reported and recorded.' },
          { fr: 'Non, ce n’était pas volontaire.', en: 'No, it was not on purpose.' },
        ],
        answer: 0,
      },
      {
        prompt: {
          fr: 'À partir de quand courent les 72 heures ?',
          en: 'When do the 72 hours start?',
        },
        options: [
          {
            fr: 'Dès que l’entreprise a connaissance de la violation.',
            en: 'When the business becomes aware of the breach.',
          },
          { fr: 'Quand la CNIL la découvre.', en: 'When the authority finds out.' },
        ],
        answer: 0,
      },
    ],
  },
  {
    id: 'minimisation',
    title: { fr: 'Ne demander que le nécessaire', en: 'Asking only for what is needed' },
    example: {
      fr: 'Pour une carte de fidélité, un nom et un e-mail ou un téléphone suffisent. Ne demandez pas la date de naissance « pour le fichier », et n’écrivez pas de remarque sur la personne dans les notes.',
      en: 'For a loyalty card, a name and an email or phone number are enough. Do not ask for a date of birth "for the file", and do not write remarks about the person in the notes.',
    },
    topics: ['minimisation'],
    questions: [
      {
        prompt: {
          fr: 'Quelle note peut-on écrire sur la fiche d’un client ?',
          en: 'Which note may you write on a customer’s record?',
        },
        options: [
          { fr: '« Préfère être appelé le matin »', en: '"Prefers to be called in the morning"' },
          { fr: '« Client pénible, divorcé »', en: '"Difficult customer, divorced"' },
        ],
        answer: 0,
      },
    ],
  },
  {
    id: 'retention',
    title: { fr: 'Conserver, puis effacer', en: 'Keeping, then erasing' },
    example: {
      fr: 'Un prospect n’a plus donné de nouvelles depuis trois ans : on lui redemande son accord ou on efface sa fiche. Quand un client demande l’effacement, ses factures restent gardées, car la loi l’impose ; le reste est effacé.',
      en: 'A prospect has not been in touch for three years: ask again, or erase the record. When a customer asks for erasure, their invoices are kept, because the law requires it; the rest is erased.',
    },
    topics: ['retention', 'erasure_exceptions'],
    questions: [
      {
        prompt: {
          fr: 'Un client demande l’effacement. Que garde-t-on ?',
          en: 'A customer asks for erasure. What is kept?',
        },
        options: [
          { fr: 'Tout, au cas où.', en: 'Everything, just in case.' },
          {
            fr: 'Seulement ce que la loi impose, comme les factures.',
            en: 'Only what the law requires, such as invoices.',
          },
        ],
        answer: 1,
      },
    ],
  },
];

export const trainingCompletionInputSchema = z.object({
  staffId: z.string().min(1),
  moduleVersion: z.number().int().min(1),
  completedAt: z.iso.datetime(),
  /** Questions answered right at the first attempt, out of `questions`. */
  firstTry: z.number().int().nonnegative(),
  questions: z.number().int().positive(),
});
export type TrainingCompletionInput = z.input<typeof trainingCompletionInputSchema>;
export type TrainingCompletion = z.infer<typeof trainingCompletionInputSchema> & Stamps;

export type TrainingStatus =
  { state: 'trained'; completedAt: string } | { state: 'due'; reason: 'never' | 'expired' | 'new_version' };

/** Whether someone is trained on `today`: within REVIEW_MONTHS of completing the current version. */
export function trainingStatus(
  latest: Pick<TrainingCompletion, 'moduleVersion' | 'completedAt'> | null,
  since: string,
  version = TRAINING_MODULE_VERSION,
): TrainingStatus {
  if (!latest) return { state: 'due', reason: 'never' };
  if (latest.moduleVersion < version) return { state: 'due', reason: 'new_version' };
  if (latest.completedAt.slice(0, 10) < since) return { state: 'due', reason: 'expired' };
  return { state: 'trained', completedAt: latest.completedAt };
}
