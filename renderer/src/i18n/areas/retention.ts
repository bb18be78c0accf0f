/**
 * Messages of the retention area, French then English (keys must match; a unit test checks it).
 * Merged into fr.ts / en.ts under the top-level key 'retention'.
 */
import type { DeepStrings } from './types';

export const retentionFr = {
  title: 'Conservation',
  reviewTab: 'Conservation',
  categories: {
    prospect: 'Prospects',
    customer: 'Clients',
  },
  scopes: {
    category: 'Une catégorie de personnes',
    purpose: 'Une finalité (consentement)',
  },
  anchors: {
    last_contact: 'après le dernier contact',
    relationship_end: 'après la fin de la relation',
    last_decision: 'après la dernière décision sur la finalité',
  },
  causes: {
    refused: 'a refusé le {{date}}',
    withdrawn: 'a retiré son consentement le {{date}}',
  },
  period_one: '{{count}} mois',
  period_other: '{{count}} mois',
  errors: {
    duplicate:
      'Une règle active existe déjà pour cette catégorie ou cette finalité : modifiez-la ou désactivez-la.',
    months: 'Indiquez une durée entière, de 1 à 1200 mois.',
  },
  rules: {
    title: 'Durées de conservation',
    intro:
      'Combien de temps garder les données d’une personne, par catégorie ou par finalité. Une personne avec une référence client est un client, les autres sont des prospects. Le dernier contact est la date la plus récente parmi : son enregistrement, ses demandes et ses décisions de consentement. Tant qu’une règle justifie de garder ses données, elles sont gardées.',
    empty: 'Aucune règle de conservation pour l’instant.',
    seed: 'Ajouter les règles recommandées par la CNIL',
    add: 'Nouvelle règle',
    edit: 'Modifier la règle',
    deactivate: 'Désactiver',
    reactivate: 'Réactiver',
    inactive: 'Désactivée',
    scope: 'S’applique à',
    category: 'Catégorie',
    purpose: 'Finalité',
    anchor: 'À partir de',
    months: 'Durée (mois)',
    reference: 'Justification (texte de loi, recommandation)',
    unknownPurpose: 'Finalité supprimée',
  },
  review: {
    intro:
      'Les personnes dont les données ont dépassé leur durée de conservation, avec la règle en cause. Redemandez leur consentement si elles peuvent encore être intéressées, ou effacez leurs données.',
    noRules: 'Aucune règle de conservation active : définissez-les dans les Paramètres.',
    count_one: '{{count}} personne au-delà de sa durée de conservation',
    count_other: '{{count}} personnes au-delà de leur durée de conservation',
    uncovered_one: '{{count}} personne ne relève d’aucune règle : ajoutez une règle pour sa catégorie.',
    uncovered_other:
      '{{count}} personnes ne relèvent d’aucune règle : ajoutez une règle pour leur catégorie.',
    empty: 'Personne n’a dépassé sa durée de conservation.',
    person: 'Personne',
    category: 'Catégorie',
    reason: 'Règle',
    endedOn: 'Durée écoulée le',
    actions: 'Actions',
    reconsent: 'Redemander le consentement',
    erase: 'Effacer',
    more: 'Afficher {{count}} de plus',
    reconsentSaved: 'Réponse enregistrée.',
  },
};

export const retentionEn: DeepStrings<typeof retentionFr> = {
  title: 'Retention',
  reviewTab: 'Retention',
  categories: {
    prospect: 'Prospects',
    customer: 'Customers',
  },
  scopes: {
    category: 'A category of people',
    purpose: 'A purpose (consent)',
  },
  anchors: {
    last_contact: 'after the last contact',
    relationship_end: 'after the end of the relationship',
    last_decision: 'after the latest decision about the purpose',
  },
  causes: {
    refused: 'refused on {{date}}',
    withdrawn: 'withdrew consent on {{date}}',
  },
  period_one: '{{count}} month',
  period_other: '{{count}} months',
  errors: {
    duplicate: 'An active rule already exists for this category or purpose: change it or switch it off.',
    months: 'Enter a whole number of months, from 1 to 1200.',
  },
  rules: {
    title: 'Retention periods',
    intro:
      'How long to keep a person’s data, per category or per purpose. A person with a customer reference is a customer, anyone else a prospect. The last contact is the latest of: when they were recorded, their requests and their consent decisions. As long as one rule justifies keeping their data, it is kept.',
    empty: 'No retention rule yet.',
    seed: 'Add the rules the CNIL recommends',
    add: 'New rule',
    edit: 'Edit rule',
    deactivate: 'Switch off',
    reactivate: 'Switch on',
    inactive: 'Switched off',
    scope: 'Applies to',
    category: 'Category',
    purpose: 'Purpose',
    anchor: 'Counted from',
    months: 'Period (months)',
    reference: 'Justification (law, recommendation)',
    unknownPurpose: 'Deleted purpose',
  },
  review: {
    intro:
      'People whose data has passed its retention period, with the rule concerned. Ask for their consent again if they may still be interested, or erase their data.',
    noRules: 'No active retention rule: set them in Settings.',
    count_one: '{{count}} person past the retention period',
    count_other: '{{count}} people past their retention period',
    uncovered_one: '{{count}} person falls under no rule: add a rule for their category.',
    uncovered_other: '{{count}} people fall under no rule: add a rule for their category.',
    empty: 'Nobody has passed their retention period.',
    person: 'Person',
    category: 'Category',
    reason: 'Rule',
    endedOn: 'Period ended on',
    actions: 'Actions',
    reconsent: 'Ask for consent again',
    erase: 'Erase',
    more: 'Show {{count}} more',
    reconsentSaved: 'Answer recorded.',
  },
};
