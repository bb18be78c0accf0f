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
