/**
 * Current preferences, derived from the append-only consent events (stored only as a derived
 * summary, see `Preference`).
 *
 * Order of decisions: by `decidedAt` (the instant, compared as time, not as text), then by `hlc`
 * (the later-recorded wins), then by id so that the order is total and the result never depends on
 * the order the events are given in.
 *
 * Corrections: a correction is an ordinary event in that order (its own decision and `decidedAt`
 * count). An event whose id is another event's `correctsEventId` no longer counts, whatever the
 * dates: the correction replaces it. A correction can itself be corrected (A ← B ← C leaves C). An
 * event naming itself is not a correction. A correction may name an event of another purpose (it
 * was recorded under the wrong purpose): the corrected event drops out of its purpose and the
 * correction counts in its own.
 */
import type { ConsentEvent, Decision, Purpose } from './model';

/** Negative when `a` is the earlier decision, positive when it is the later one. */
export function compareConsentEvents(
  a: Pick<ConsentEvent, 'decidedAt' | 'hlc' | 'id'>,
  b: Pick<ConsentEvent, 'decidedAt' | 'hlc' | 'id'>,
): number {
  const at = Date.parse(a.decidedAt) - Date.parse(b.decidedAt);
  if (at !== 0) return at;
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The ids that corrections among `events` replace. */
export function correctedEventIds(events: Iterable<ConsentEvent>): Set<string> {
  const corrected = new Set<string>();
  for (const event of events) {
    if (event.correctsEventId !== '' && event.correctsEventId !== event.id)
      corrected.add(event.correctsEventId);
  }
  return corrected;
}

/**
 * One person's latest decision per purpose id. Give all of that person's events (every purpose), so
 * that corrections across purposes are seen. Throws a RangeError if the events are of several people.
 */
export function latestDecisions(events: readonly ConsentEvent[]): Map<string, ConsentEvent> {
  const subjectId = events[0]?.subjectId;
  if (events.some((event) => event.subjectId !== subjectId))
    throw new RangeError('latestDecisions: events of several subjects');
  const corrected = correctedEventIds(events);
  const latest = new Map<string, ConsentEvent>();
  for (const event of events) {
    if (corrected.has(event.id)) continue;
    const current = latest.get(event.purposeId);
    if (!current || compareConsentEvents(event, current) > 0) latest.set(event.purposeId, event);
  }
  return latest;
}

export type PreferenceState = Decision | 'none';

export type PreferenceRow = { purpose: Purpose; state: PreferenceState; event: ConsentEvent | null };

/**
 * One row per purpose, in the order of `purposes`: active purposes always, a deactivated one only
 * when the person has a decision about it. Events about purposes not listed are ignored.
 */
export function preferenceMatrix(
  events: readonly ConsentEvent[],
  purposes: readonly Purpose[],
): PreferenceRow[] {
  const latest = latestDecisions(events);
  return purposes
    .filter((purpose) => purpose.active || latest.has(purpose.id))
    .map((purpose) => {
      const event = latest.get(purpose.id) ?? null;
      return { purpose, state: event?.decision ?? 'none', event };
    });
}

/** Whether the latest decision is a consent given (and not since refused or withdrawn). */
export function currentlyConsenting(latest: Pick<ConsentEvent, 'decision'> | undefined): boolean {
  return latest?.decision === 'granted';
}

/**
 * Whether the business may contact the person for this purpose now. Consent: only after a
 * 'granted' decision (silence is no consent). Legitimate interest (the soft opt-in for existing
 * customers): yes unless the person objected, i.e. the latest decision is 'refused' or 'withdrawn'
 * (Art. 21(2)-(3)). Never for a deactivated purpose. Throws a RangeError when `latest` is about
 * another purpose.
 */
export function maySend(purpose: Purpose, latest: Preference | undefined): boolean {
  if (latest && latest.purposeId !== purpose.id)
    throw new RangeError(`maySend: event for purpose ${latest.purposeId}, not ${purpose.id}`);
  if (!purpose.active) return false;
  if (purpose.lawfulBasis === 'legitimate_interest')
    return latest?.decision !== 'refused' && latest?.decision !== 'withdrawn';
  return currentlyConsenting(latest);
}

/**
 * The stored summary of a person's latest decision about one purpose (the `preferences` table):
 * derived from the events by `latestDecisions`, kept up to date by the write path, rebuilt from
 * the events whenever a correction is involved — never the only truth.
 */
export type Preference = Pick<
  ConsentEvent,
  'id' | 'subjectId' | 'purposeId' | 'decision' | 'channel' | 'decidedAt' | 'decidedOn' | 'hlc' | 'noticeId'
> & {
  /**
   * The decision is a consent given without proof: the event's own derived key, carried over so
   * that the compliance check counts current unproven consents on an index of this table.
   */
  unproven?: 1;
};

export function preferenceOf(event: Preference): Preference {
  const { id, subjectId, purposeId, decision, channel, decidedAt, decidedOn, hlc, noticeId, unproven } =
    event;
  const preference = { id, subjectId, purposeId, decision, channel, decidedAt, hlc, noticeId };
  // Only a decision known to the day carries its day: the others stay as they always were. Sparse
  // like the event's: only unproven consents carry the key, so its index holds only them.
  const dated = decidedOn ? { ...preference, decidedOn } : preference;
  return unproven === 1 ? { ...dated, unproven } : dated;
}

export function isCorrection(event: Pick<ConsentEvent, 'id' | 'correctsEventId'>): boolean {
  return event.correctsEventId !== '' && event.correctsEventId !== event.id;
}
