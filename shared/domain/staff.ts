import { z } from 'zod';
import { requiredText, type Stamps } from './common';

export const staffRoleSchema = z.enum(['owner', 'staff']);

export const staffInputSchema = z.object({
  name: requiredText(100),
  role: staffRoleSchema.default('staff'),
  active: z.boolean().default(true),
});
export type StaffInput = z.input<typeof staffInputSchema>;
export type StaffData = z.infer<typeof staffInputSchema>;
export type StaffMember = StaffData & Stamps;
