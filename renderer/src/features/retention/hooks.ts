import { useDbMutation, useDbQuery } from '../../app/queries';
import {
  addDefaultRetentionRules,
  listRetentionRules,
  retentionReview,
  saveRetentionRule,
  setRetentionRuleActive,
} from '../../db/retention';
import type { RetentionRuleInput } from '../../../../shared/retention';

export const useRetentionRules = () => useDbQuery(['retention', 'rules'], listRetentionRules);
export const useRetentionReview = (today: string) =>
  useDbQuery(['retention', 'review', today], (db) => retentionReview(db, today));

export const useSaveRetentionRule = () =>
  useDbMutation(
    (db, ctx, input: { edit: Parameters<typeof saveRetentionRule>[2]; rule: RetentionRuleInput }) =>
      saveRetentionRule(db, ctx, input.edit, input.rule),
  );
export const useSetRetentionRuleActive = () =>
  useDbMutation((db, ctx, input: { id: string; active: boolean }) =>
    setRetentionRuleActive(db, ctx, input.id, input.active),
  );
export const useAddDefaultRetentionRules = () =>
  useDbMutation((db, ctx, language: 'fr' | 'en') => addDefaultRetentionRules(db, ctx, language));
