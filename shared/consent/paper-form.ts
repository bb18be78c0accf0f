/** What the paper consent form (its PDF and its HTML sheet) decides from the notice it prints. */

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
  organisation: { legalName: string; address: string; contactEmail: string; dpoEmail?: string },
  notice: { number: number; title: string; text: string; effectiveOn: string },
): {
  organisation: { legalName: string; address: string; contactEmail: string; dpoEmail?: string };
  notice: { number: number; title: string; text: string; effectiveOn: string };
} {
  return {
    organisation: {
      legalName: organisation.legalName,
      address: organisation.address,
      contactEmail: organisation.contactEmail,
      dpoEmail: organisation.dpoEmail || undefined,
    },
    notice: {
      number: notice.number,
      title: notice.title,
      text: notice.text,
      effectiveOn: notice.effectiveOn,
    },
  };
}
