/** What the paper consent form (its PDF and its HTML sheet) decides from the notice it prints. */
import { pdfOrganisationOf, type PdfOrganisation } from '../pdf/organisation';

/** Whether the notice itself already tells how to withdraw consent (then the form does not repeat it). */
export function noticeTellsWithdrawal(text: string): boolean {
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2019']/g, "'")
    .toLowerCase();
  return /retirer (votre|son|leur) consentement|retrait de (votre|son) consentement|withdraw (your|their) consent/.test(
    plain,
  );
}

/** The organisation and notice a form prints, taken from their records (the paper form tab, campaigns). */
export function formHeaderOf(
  organisation: PdfOrganisation,
  notice: { number: number; title: string; text: string; effectiveOn: string },
): {
  organisation: PdfOrganisation;
  notice: { number: number; title: string; text: string; effectiveOn: string };
} {
  return {
    organisation: pdfOrganisationOf(organisation),
    notice: {
      number: notice.number,
      title: notice.title,
      text: notice.text,
      effectiveOn: notice.effectiveOn,
    },
  };
}
