/**
 * A new A4 document whose bytes depend on its input only, shared by every PDF the app makes: the
 * creation date is the day the document is issued, not the clock, and the document ID is a hash
 * of what it shows, so the same input always gives the same file.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { jsPDF } from 'jspdf';
import { civilFromDay, parseIsoDate } from '../deadlines/calendar';
import { toWinAnsi } from './text';

const FALLBACK_DATE = '2000-01-01';

/** A PDF date at midnight UTC; jsPDF accepts years 1970–2037 only, so others fall back to 2000-01-01. */
export function pdfDate(issuedOn: string | undefined): string {
  const day = issuedOn === undefined ? undefined : parseIsoDate(issuedOn);
  const year = day === undefined ? 0 : civilFromDay(day).year;
  const date = issuedOn !== undefined && year >= 1970 && year <= 2037 ? issuedOn : FALLBACK_DATE;
  return `D:${date.replace(/-/g, '')}000000+00'00'`;
}

/** The document ID of the file trailer: 32 hex digits of the SHA-256 of `canonical`. */
export function documentId(canonical: string): string {
  return bytesToHex(sha256(utf8ToBytes(canonical)))
    .slice(0, 32)
    .toUpperCase();
}

export interface DocumentOptions {
  /** 'YYYY-MM-DD', recorded as the creation date; missing or unusable: 2000-01-01. */
  issuedOn: string | undefined;
  /** Everything the document shows, as one string: its hash is the document ID. */
  canonical: string;
  title: string;
  subject?: string;
  language: 'fr-FR' | 'en-GB';
  /** false leaves the page content readable in the file, for debugging and tests. */
  compress?: boolean;
}

/** An empty A4 portrait document in millimetres, with its date, ID, title and language set. */
export function newPdfDocument(options: DocumentOptions): jsPDF {
  const doc = new jsPDF({
    orientation: 'portrait',
    unit: 'mm',
    format: 'a4',
    compress: options.compress ?? true,
    putOnlyUsedFonts: true,
  });
  doc.setCreationDate(pdfDate(options.issuedOn));
  doc.setFileId(documentId(options.canonical));
  doc.setDocumentProperties({
    title: toWinAnsi(options.title),
    ...(options.subject === undefined ? {} : { subject: toWinAnsi(options.subject) }),
    creator: 'RGPD Desk',
  });
  doc.setLanguage(options.language);
  return doc;
}

/** The bytes of a finished document. */
export function pdfBytes(doc: jsPDF): Uint8Array {
  return new Uint8Array(doc.output('arraybuffer'));
}
