/**
 * The name of each check, in French and English: shown on the compliance screen and in the signed
 * archive's report (which is made in shared/, without the app's i18n), so they are kept here once.
 */
import type { CheckId } from './checks';

export const CHECK_TITLES: Record<CheckId, Record<'fr' | 'en', string>> = {
  request_deadlines: { fr: 'Délais des demandes', en: 'Request deadlines' },
  request_acknowledgement: { fr: 'Accusés de réception', en: 'Acknowledgements' },
  extension_notice: { fr: 'Courriers de prolongation', en: 'Extension notices' },
  consent_evidence: { fr: 'Preuves des consentements', en: 'Consent proofs' },
  notice_current: { fr: 'Mention d’information à jour', en: 'Privacy notice up to date' },
  register_review: { fr: 'Registre des traitements', en: 'Record of processing' },
  breach_decision: { fr: 'Décisions sur les violations', en: 'Breach decisions' },
  retention_review: { fr: 'Durées de conservation', en: 'Retention periods' },
  archive_export: { fr: 'Archive de conformité récente', en: 'Recent compliance archive' },
  sync_backup: { fr: 'Deuxième copie des données', en: 'Second copy of the data' },
  staff_training: { fr: 'Formation de l’équipe', en: 'Team training' },
  app_lock: { fr: 'Verrouillage de l’application', en: 'App lock' },
};

export function checkTitle(id: CheckId, language: string): string {
  return CHECK_TITLES[id][language === 'en' ? 'en' : 'fr'];
}
