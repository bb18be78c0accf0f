/**
 * Messages of the accountability area (compliance checks, staff training, "Pourquoi ?"), French then
 * English (keys must match; a unit test checks it). Merged into fr.ts / en.ts under 'compliance'.
 * The explanations and the check names live in shared/ (shared/explain, shared/compliance/labels.ts)
 * because the archive's report and the training use them too.
 */
import type { DeepStrings } from './types';

export const complianceFr = {
  why: {
    button: 'Pourquoi ?',
    label: 'Pourquoi ? {{title}}',
    reference: 'Référence : {{reference}}',
  },
  screen: {
    title: 'Conformité',
    intro:
      'Où en est l’entreprise : chaque contrôle dit ce qui manque, pourquoi c’est important et où le corriger. Le résultat est gardé chaque jour dans l’historique et joint à l’archive signée.',
    running: 'Contrôle en cours…',
    summary: '{{passed}} contrôles sur {{total}} réussis',
    passed: 'Réussi',
    failed: 'À corriger',
    fix: 'Corriger',
    whyMatters: 'Pourquoi c’est important : {{text}} ({{reference}})',
    more: 'et {{count}} de plus',
    history: 'Historique',
    historyEmpty: 'Aucun contrôle enregistré pour l’instant.',
    historyChart: 'Contrôles réussis et à corriger, par date',
    historyDate: 'Date',
    historyPassed: 'Réussis',
    historyFailed: 'À corriger',
  },
  card: {
    title: 'Conformité',
    allPassed: 'Tous les contrôles sont réussis.',
    failed_one: '{{count}} contrôle à corriger',
    failed_other: '{{count}} contrôles à corriger',
    open: 'Voir les contrôles',
  },
  checks: {
    request_deadlines: {
      passed: 'Aucune demande en retard ni à moins de 3 jours de son échéance.',
      failed_one: '{{count}} demande est en retard ou arrive à échéance dans les 3 jours.',
      failed_other: '{{count}} demandes sont en retard ou arrivent à échéance dans les 3 jours.',
    },
    request_acknowledgement: {
      passed: 'Chaque demande ouverte depuis plus de 3 jours a reçu son accusé de réception.',
      failed_one: '{{count}} demande ouverte depuis plus de 3 jours n’a pas d’accusé de réception.',
      failed_other: '{{count}} demandes ouvertes depuis plus de 3 jours n’ont pas d’accusé de réception.',
    },
    extension_notice: {
      passed: 'Chaque prolongation a été notifiée à temps.',
      failed_one: '{{count}} prolongation n’a pas de courrier de prolongation envoyé à temps.',
      failed_other: '{{count}} prolongations n’ont pas de courrier de prolongation envoyé à temps.',
    },
    consent_evidence: {
      passed: 'Chaque consentement en cours a sa preuve.',
      failed_one: '{{count}} consentement en cours a été enregistré sans preuve.',
      failed_other: '{{count}} consentements en cours ont été enregistrés sans preuve.',
    },
    notice_current: {
      passed: 'La mention d’information en vigueur couvre les finalités et le registre actuels.',
      failed_one:
        'La mention d’information manque ou est plus ancienne qu’une finalité ou que la dernière modification du registre.',
      failed_other:
        'La mention d’information manque ou est plus ancienne que {{count}} changements (finalités ou registre).',
    },
    register_review: {
      passed: 'Le registre est complet et a été revu depuis moins de 12 mois.',
      failed_one:
        '{{count}} traitement du registre manque d’une information de l’article 30 ou n’a pas été revu depuis 12 mois.',
      failed_other:
        '{{count}} traitements du registre manquent d’une information de l’article 30 ou n’ont pas été revus depuis 12 mois.',
    },
    breach_decision: {
      passed: 'Chaque violation a sa décision de notification.',
      failed_one: '{{count}} violation attend une décision sur sa notification.',
      failed_other: '{{count}} violations attendent une décision sur leur notification.',
    },
    retention_review: {
      passed: 'Personne n’a dépassé sa durée de conservation.',
      failed_one: '{{count}} personne a dépassé sa durée de conservation, ou aucune règle n’est définie.',
      failed_other: '{{count}} personnes ont dépassé leur durée de conservation.',
    },
    archive_export: {
      passed: 'Une archive signée a été exportée récemment.',
      failed_one: 'Aucune archive signée exportée depuis {{months}} mois.',
      failed_other: 'Aucune archive signée exportée depuis {{months}} mois.',
    },
    sync_backup: {
      passed: 'Les données sont synchronisées avec un autre appareil.',
      failed_one: 'Les données n’existent que sur cet appareil : aucune synchronisation n’est configurée.',
      failed_other: 'Les données n’existent que sur cet appareil : aucune synchronisation n’est configurée.',
    },
    staff_training: {
      passed: 'Toute l’équipe a suivi la formation depuis moins de 12 mois.',
      failed_one: '{{count}} membre de l’équipe doit suivre la formation.',
      failed_other: '{{count}} membres de l’équipe doivent suivre la formation.',
    },
    app_lock: {
      passed:
        'Chaque membre de l’équipe a un code et l’application se verrouille seule quand elle n’est pas utilisée.',
      no_code:
        'Le verrouillage n’est pas en place : personne n’a de code, et n’importe qui peut ouvrir les fiches sur ce poste.',
      without_code_one:
        '{{count}} membre de l’équipe n’a pas de code et ne peut pas déverrouiller l’application.',
      without_code_other:
        '{{count}} membres de l’équipe n’ont pas de code et ne peuvent pas déverrouiller l’application.',
      no_idle:
        'L’application ne se verrouille jamais seule : choisissez un délai d’inactivité après lequel elle se verrouille.',
    },
  },
  settings: {
    title: 'Conformité',
    archiveEveryMonths: 'Exporter une archive signée au moins tous les (mois)',
    archiveHint: 'Le contrôle de conformité le rappelle passé ce délai.',
  },
  training: {
    title: 'Formation de l’équipe',
    intro:
      'Une formation courte (une dizaine d’écrans, avec des exemples du comptoir et du téléphone) à suivre par chaque membre de l’équipe, puis chaque année. Son suivi est enregistré dans le journal d’audit et l’archive.',
    start: 'Suivre la formation ({{name}})',
    trainedOn: 'Formé le {{date}} (version {{version}})',
    due: {
      never: 'Formation à suivre',
      expired: 'Formation à renouveler (plus de 12 mois)',
      new_version: 'Formation à renouveler (nouvelle version)',
    },
    inactive: 'Désactivé',
    upToDate: 'À jour',
    dueChip: 'À suivre',
    dialogTitle: 'Formation RGPD — {{step}} sur {{total}}',
    example: 'Exemple',
    rule: 'La règle',
    question: 'Question',
    correct: 'Bonne réponse.',
    wrong: 'Ce n’est pas la bonne réponse : relisez la règle ci-dessus et essayez encore.',
    next: 'Suivant',
    previous: 'Précédent',
    finish: 'Terminer la formation',
    done: 'Formation enregistrée pour {{name}}.',
    answerFirst: 'Répondez à la question pour continuer.',
  },
};

export const complianceEn: DeepStrings<typeof complianceFr> = {
  why: {
    button: 'Why?',
    label: 'Why? {{title}}',
    reference: 'Reference: {{reference}}',
  },
  screen: {
    title: 'Compliance',
    intro:
      'Where the business stands: each check says what is missing, why it matters and where to fix it. The result is kept every day in the history and added to the signed archive.',
    running: 'Checking…',
    summary: '{{passed}} of {{total}} checks passed',
    passed: 'Passed',
    failed: 'To fix',
    fix: 'Fix',
    whyMatters: 'Why it matters: {{text}} ({{reference}})',
    more: 'and {{count}} more',
    history: 'History',
    historyEmpty: 'No check recorded yet.',
    historyChart: 'Checks passed and to fix, by date',
    historyDate: 'Date',
    historyPassed: 'Passed',
    historyFailed: 'To fix',
  },
  card: {
    title: 'Compliance',
    allPassed: 'All checks passed.',
    failed_one: '{{count}} check to fix',
    failed_other: '{{count}} checks to fix',
    open: 'See the checks',
  },
  checks: {
    request_deadlines: {
      passed: 'No request is late or due within 3 days.',
      failed_one: '{{count}} request is late or due within 3 days.',
      failed_other: '{{count}} requests are late or due within 3 days.',
    },
    request_acknowledgement: {
      passed: 'Every request open for more than 3 days has been acknowledged.',
      failed_one: '{{count}} request open for more than 3 days has no acknowledgement.',
      failed_other: '{{count}} requests open for more than 3 days have no acknowledgement.',
    },
    extension_notice: {
      passed: 'Every extension was notified in time.',
      failed_one: '{{count}} extension has no extension notice sent in time.',
      failed_other: '{{count}} extensions have no extension notice sent in time.',
    },
    consent_evidence: {
      passed: 'Every current consent has its proof.',
      failed_one: '{{count}} current consent was recorded without proof.',
      failed_other: '{{count}} current consents were recorded without proof.',
    },
    notice_current: {
      passed: 'The privacy notice in force covers the current purposes and register.',
      failed_one: 'The privacy notice is missing or older than a purpose or the register’s last change.',
      failed_other: 'The privacy notice is missing or older than {{count}} changes (purposes or register).',
    },
    register_review: {
      passed: 'The record is complete and was reviewed within 12 months.',
      failed_one:
        '{{count}} activity of the record lacks an Art. 30 field or has not been reviewed for 12 months.',
      failed_other:
        '{{count}} activities of the record lack an Art. 30 field or have not been reviewed for 12 months.',
    },
    breach_decision: {
      passed: 'Every breach has its notification decision.',
      failed_one: '{{count}} breach awaits a decision about notification.',
      failed_other: '{{count}} breaches await a decision about notification.',
    },
    retention_review: {
      passed: 'Nobody is past their retention period.',
      failed_one: '{{count}} person is past their retention period, or no rule is set.',
      failed_other: '{{count}} people are past their retention period.',
    },
    archive_export: {
      passed: 'A signed archive was exported recently.',
      failed_one: 'No signed archive exported for {{months}} months.',
      failed_other: 'No signed archive exported for {{months}} months.',
    },
    sync_backup: {
      passed: 'The data is synced with another device.',
      failed_one: 'The data exists on this device only: no sync is set up.',
      failed_other: 'The data exists on this device only: no sync is set up.',
    },
    staff_training: {
      passed: 'The whole team was trained within 12 months.',
      failed_one: '{{count}} team member must take the training.',
      failed_other: '{{count}} team members must take the training.',
    },
    app_lock: {
      passed: 'Every team member has a code, and the app locks by itself when left idle.',
      no_code: 'The app lock is not set: nobody has a code, so anyone can open the records on this computer.',
      without_code_one: '{{count}} team member has no code and cannot unlock the app.',
      without_code_other: '{{count}} team members have no code and cannot unlock the app.',
      no_idle: 'The app never locks by itself: choose an idle delay after which it locks.',
    },
  },
  settings: {
    title: 'Compliance',
    archiveEveryMonths: 'Export a signed archive at least every (months)',
    archiveHint: 'The compliance check reminds you after that.',
  },
  training: {
    title: 'Team training',
    intro:
      'A short training (about ten screens, with examples from the counter and the phone) for every team member, then every year. Each completion is recorded in the audit log and the archive.',
    start: 'Take the training ({{name}})',
    trainedOn: 'Trained on {{date}} (version {{version}})',
    due: {
      never: 'Training due',
      expired: 'Training to renew (over 12 months)',
      new_version: 'Training to renew (new version)',
    },
    inactive: 'Switched off',
    upToDate: 'Up to date',
    dueChip: 'Due',
    dialogTitle: 'GDPR training — {{step}} of {{total}}',
    example: 'Example',
    rule: 'The rule',
    question: 'Question',
    correct: 'Right answer.',
    wrong: 'That is not the right answer: read the rule above again and try once more.',
    next: 'Next',
    previous: 'Back',
    finish: 'Finish the training',
    done: 'Training recorded for {{name}}.',
    answerFirst: 'Answer the question to go on.',
  },
};
