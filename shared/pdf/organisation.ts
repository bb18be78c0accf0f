/**
 * The organisation a printed form or register names at its head. Apart from the PDF code (jsPDF),
 * so that what only prepares a document's input does not load it.
 */
export type PdfOrganisation = { legalName: string; address: string; contactEmail: string; dpoEmail?: string };

/** That head, from the organisation's record (an empty DPO address is none). */
export function pdfOrganisationOf(organisation: PdfOrganisation): PdfOrganisation {
  return {
    legalName: organisation.legalName,
    address: organisation.address,
    contactEmail: organisation.contactEmail,
    dpoEmail: organisation.dpoEmail || undefined,
  };
}
