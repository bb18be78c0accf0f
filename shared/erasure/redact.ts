/**
 * What erasure (Art. 17) removes from the records that must survive it as proof. A request, its
 * timeline and the person's consent events stay — they prove what was asked, decided and done —
 * but every field that could hold the person's identity or their words is emptied. The same rules
 * apply to the values kept in the oplog, so no copy of the data survives there either.
 *
 * Kept on purpose: dates, rights, statuses, decisions, purposes, channels, notice versions, the
 * checklist of systems, a representative's own name (the third party who asked, proof of who made
 * the request). Removed: the person's words, notes, letters' text, call references, witnesses,
 * and every attachment (scans, mandates, identity documents), whose files are deleted too.
 */
import type { AttachmentRef } from '../requests/model';

/** Fields emptied, per entity; the value each one takes. */
const REDACTED: Record<string, Record<string, unknown>> = {
  consentEvent: { note: '' },
  request: { requesterWords: '', mandate: null, extensionReasons: '' },
  requestEvent: { note: '', attachment: null },
};

type Loose = Record<string, unknown>;

/** The change that empties a mutable record (requests), for the write path's update. */
export function redactionPatch(entity: string): Loose {
  return { ...(REDACTED[entity] ?? {}) };
}

/** A copy of a stored record (or an oplog operation's fields) without the person's data. */
export function redactFields(entity: string, fields: Loose): Loose {
  const out: Loose = { ...fields };
  for (const [key, value] of Object.entries(REDACTED[entity] ?? {})) if (key in out) out[key] = value;
  if (entity === 'consentEvent' && out.evidence && typeof out.evidence === 'object') {
    // The file hash and the form reference identify a document, not the person: they stay.
    out.evidence = { ...(out.evidence as Loose), attachment: null, callReference: '', witnessName: '' };
  }
  if (entity === 'requestEvent' && out.letter && typeof out.letter === 'object') {
    out.letter = { ...(out.letter as Loose), subject: '', body: '' };
  }
  return out;
}

/** The attachments a record refers to (to delete their files when nothing else refers to them). */
export function attachmentsOf(entity: string, record: Loose): AttachmentRef[] {
  const refs: unknown[] = [];
  if (entity === 'consentEvent') refs.push((record.evidence as Loose | undefined)?.attachment);
  if (entity === 'request') refs.push(record.mandate);
  if (entity === 'requestEvent') refs.push(record.attachment);
  return refs.filter((ref): ref is AttachmentRef => !!ref && typeof (ref as AttachmentRef).hash === 'string');
}
