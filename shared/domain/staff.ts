import { z } from 'zod';
import { lockSecretSchema } from '../lock/secret';
import { requiredText, type Stamps } from './common';

export const staffRoleSchema = z.enum(['owner', 'staff']);

export const staffInputSchema = z.object({
  name: requiredText(100),
  role: staffRoleSchema.default('staff'),
  active: z.boolean().default(true),
  /**
   * The app lock's PIN or passphrase, as a salted slow hash (shared/lock/secret.ts); absent or null
   * when none is set. No default: records made before it existed must not all "change" on an edit.
   */
  lock: lockSecretSchema.nullable().optional(),
});
export type StaffInput = z.input<typeof staffInputSchema>;
export type StaffData = z.infer<typeof staffInputSchema>;
export type StaffMember = StaffData & Stamps;
