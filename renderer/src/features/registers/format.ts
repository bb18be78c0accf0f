/**
 * An entry's fields as text in the UI's language, the same for the history, the CSV and the PDF:
 * lists one item a line, codes as their labels, special categories marked.
 */
import type { Controller, DataCategory, RegisterField, Transfer } from '../../../../shared/registers/model';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

function controllerText(t: Translate, controller: Controller): string {
  const lines = [
    controller.name,
    controller.contact,
    controller.representative && `${t('registers.fields.representative')}: ${controller.representative}`,
    controller.dpo && `${t('registers.fields.dpo')}: ${controller.dpo}`,
    controller.jointControllers &&
      `${t('registers.fields.jointControllers')}: ${controller.jointControllers}`,
  ];
  return lines.filter(Boolean).join('\n');
}

function transferText(t: Translate, transfer: Transfer): string {
  return [
    transfer.country,
    transfer.recipient,
    t(`registers.safeguards.${transfer.safeguard}`),
    transfer.details,
  ]
    .filter(Boolean)
    .join(' — ');
}

function categoryText(t: Translate, category: DataCategory): string {
  return category.special ? `${category.name} (${t('registers.fields.special')})` : category.name;
}

/**
 * One field's value as text. Unknown shapes (a version written by a newer app) are shown as JSON
 * rather than hidden.
 */
export function fieldText(
  t: Translate,
  field: RegisterField,
  value: unknown,
  purposeName: (id: string) => string,
): string {
  if (value === undefined || value === null) return '';
  switch (field) {
    case 'controller':
      return controllerText(t, value as Controller);
    case 'lawfulBases':
      return (value as string[]).map((basis) => t(`registers.bases.${basis}`)).join('\n');
    case 'dataCategories':
      return (value as DataCategory[]).map((category) => categoryText(t, category)).join('\n');
    case 'transfers':
      return (value as Transfer[]).map((transfer) => transferText(t, transfer)).join('\n');
    case 'consentPurposeIds':
      return (value as string[]).map(purposeName).join('\n');
    case 'active':
      return value ? t('registers.activities.inUse') : t('registers.activities.ended');
    default:
      if (Array.isArray(value)) return value.map(String).join('\n');
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
