/**
 * The rules the CNIL recommends for customer and prospect files (référentiel « gestion des activités
 * commerciales », 2021), offered in Settings when no rule exists; the business adapts the customer
 * period to its own legal obligations.
 */
import type { RetentionRuleInput } from './model';

export function defaultRetentionRules(language: 'fr' | 'en'): RetentionRuleInput[] {
  const fr = language === 'fr';
  return [
    {
      scope: 'category',
      category: 'prospect',
      anchor: 'last_contact',
      months: 36,
      reference: fr
        ? 'CNIL : trois ans à compter du dernier contact venant du prospect.'
        : 'CNIL: three years from the last contact from the prospect.',
    },
    {
      scope: 'category',
      category: 'customer',
      anchor: 'relationship_end',
      months: 36,
      reference: fr
        ? 'CNIL : trois ans après la fin de la relation commerciale ; à adapter à vos obligations légales.'
        : 'CNIL: three years after the end of the business relationship; adapt to your legal obligations.',
    },
  ];
}
