import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useStaffQuery } from '../settings/hooks';

/** Operator id → name, for "by whom" lines; null is the system (first-run setup). */
export function useStaffNames(): (id: string | null) => string {
  const { t } = useTranslation();
  const staff = useStaffQuery();
  return useCallback(
    (id: string | null) => {
      if (!id) return t('audit.system');
      return staff.data?.find((member) => member.id === id)?.name ?? id.slice(0, 8);
    },
    [staff.data, t],
  );
}
