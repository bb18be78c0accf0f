import type { TFunction } from 'i18next';
import type { Purpose } from '../../../../shared/consent/model';
import type { RetentionRuleData } from '../../../../shared/retention';
import { localisedName } from '../consents/hooks';

/** What a rule is about: a category of people, or a purpose by its name. */
export function ruleTarget(
  t: TFunction,
  rule: Pick<RetentionRuleData, 'scope' | 'category' | 'purposeId'>,
  purposes: readonly Purpose[],
  language: string,
): string {
  if (rule.scope === 'category' && rule.category) return t(`retention.categories.${rule.category}`);
  const purpose = purposes.find((candidate) => candidate.id === rule.purposeId);
  return purpose ? localisedName(purpose.name, language) : t('retention.rules.unknownPurpose');
}

/** 'Prospects — 36 mois après le dernier contact'. */
export function ruleText(
  t: TFunction,
  rule: Pick<RetentionRuleData, 'scope' | 'category' | 'purposeId' | 'anchor' | 'months'>,
  purposes: readonly Purpose[],
  language: string,
): string {
  return `${ruleTarget(t, rule, purposes, language)} — ${t('retention.period', { count: rule.months })} ${t(`retention.anchors.${rule.anchor}`)}`;
}
