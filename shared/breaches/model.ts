/**
 * The breach log (Art. 33(5) GDPR): every personal data breach is documented — the facts, its
 * effects and the remedial action — whether or not it was notified to the supervisory authority
 * (Art. 33) or to the people affected (Art. 34), and why not when it was not.
 */
import { z } from 'zod';
import { optionalText, requiredText, V, type Stamps } from '../domain/common';
import { RV } from '../registers/validation';
import { isLateNotification } from './clock';

/** What the breach broke: who could read the data, whether it was altered, whether it was lost. */
export const BREACH_NATURES = ['confidentiality', 'integrity', 'availability'] as const;
export type BreachNature = (typeof BREACH_NATURES)[number];

/** 'pending' while the business has not decided; the 72-hour clock runs for the authority. */
export const NOTIFICATION_DECISIONS = ['pending', 'notified', 'not_required'] as const;
export type NotificationDecision = (typeof NOTIFICATION_DECISIONS)[number];

const instant = z.iso.datetime({ error: 'validation.date' });
const optionalInstant = z.union([z.literal(''), instant]).default('');
const approxCount = z
  .number({ error: RV.count })
  .int({ error: RV.count })
  .min(0, { error: RV.count })
  .max(1_000_000_000, { error: RV.count })
  .nullable()
  .default(null);
const list = z
  .array(z.string().trim().min(1, { error: V.required }).max(200, { error: V.tooLong }))
  .max(50, { error: V.tooLong })
  .default([]);

export const authorityNotificationSchema = z.object({
  decision: z.enum(NOTIFICATION_DECISIONS).default('pending'),
  notifiedAt: optionalInstant,
  /** The authority's case number (CNIL: the notification number). */
  reference: optionalText(200),
  /** Art. 33(1): why not, when the breach is unlikely to result in a risk to people. */
  notRequiredReason: optionalText(2000),
  /** Art. 33(1): a notification after 72 hours comes with the reasons for the delay. */
  delayReasons: optionalText(2000),
});

export const peopleNotificationSchema = z.object({
  decision: z.enum(NOTIFICATION_DECISIONS).default('pending'),
  notifiedAt: optionalInstant,
  /** How they were told (letter, email…). */
  how: optionalText(1000),
  /** Art. 34(3): no high risk, data encrypted, disproportionate effort (then public communication)… */
  notRequiredReason: optionalText(2000),
});

export const breachInputSchema = z
  .object({
    title: requiredText(200),
    /** When the breach happened (best estimate). */
    occurredAt: instant,
    /** When the business became aware of it: the 72 hours start here. */
    awareAt: instant,
    description: requiredText(5000),
    natures: z.array(z.enum(BREACH_NATURES)).max(BREACH_NATURES.length).default([]),
    dataCategories: list,
    subjectCategories: list,
    approxSubjects: approxCount,
    approxRecords: approxCount,
    consequences: optionalText(5000),
    measures: optionalText(5000),
    authority: authorityNotificationSchema.default({
      decision: 'pending',
      notifiedAt: '',
      reference: '',
      notRequiredReason: '',
      delayReasons: '',
    }),
    people: peopleNotificationSchema.default({
      decision: 'pending',
      notifiedAt: '',
      how: '',
      notRequiredReason: '',
    }),
  })
  .superRefine((breach, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (Date.parse(breach.awareAt) < Date.parse(breach.occurredAt))
      issue(['awareAt'], RV.awareBeforeOccurred);
    const { authority, people } = breach;
    if (authority.decision === 'notified') {
      if (!authority.notifiedAt) issue(['authority', 'notifiedAt'], RV.notifiedAtRequired);
      else if (Date.parse(authority.notifiedAt) < Date.parse(breach.awareAt))
        issue(['authority', 'notifiedAt'], RV.notifiedBeforeAware);
      else if (isLateNotification(breach.awareAt, authority.notifiedAt) && !authority.delayReasons)
        issue(['authority', 'delayReasons'], RV.delayReasonsRequired);
    }
    if (authority.decision === 'not_required' && !authority.notRequiredReason)
      issue(['authority', 'notRequiredReason'], RV.notRequiredReason);
    if (people.decision === 'notified') {
      if (!people.notifiedAt) issue(['people', 'notifiedAt'], RV.notifiedAtRequired);
      else if (Date.parse(people.notifiedAt) < Date.parse(breach.awareAt))
        issue(['people', 'notifiedAt'], RV.notifiedBeforeAware);
    }
    if (people.decision === 'not_required' && !people.notRequiredReason)
      issue(['people', 'notRequiredReason'], RV.notRequiredReason);
  });
export type BreachInput = z.input<typeof breachInputSchema>;
export type BreachData = z.infer<typeof breachInputSchema>;
export type Breach = BreachData & Stamps;

/** Still waiting for the decision about the authority: the 72-hour clock matters. */
export function isOpenBreach(breach: Pick<BreachData, 'authority'>): boolean {
  return breach.authority.decision === 'pending';
}
