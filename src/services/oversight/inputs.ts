/**
 * The inputs of `actor.oversight` (1KA, KA-3 … KA-11).
 *
 * @module
 */
import { z } from 'zod';
import { idSchema } from '../../domain/primitives';
import { codeSchema } from '../../domain/product';
import { userStateFilters } from '../accounts/user-states';
import { pageInputShape } from '../kernel/paging';

/** Input of {@link OversightApi.myUsers}. */
export const myUsersInputSchema = z
  .strictObject({
    /** `pending`, `confirmed`, `active` or `inactive`. */
    state: z.enum(userStateFilters).optional(),
    ...pageInputShape,
  })
  .optional();
/** Input of {@link OversightApi.myUsers}. */
export type MyUsersInput = z.input<typeof myUsersInputSchema>;

/** Input of {@link OversightApi.resources}. */
export const oversightResourcesInputSchema = z.strictObject({
  /** The kind of resource (`survey` in 1KA); the profile must declare `<kind>.read`. */
  kind: codeSchema,
  /**
   * `all`: every resource the actor may read (their own and their users', KA-9); `own`: only their own.
   * @defaultValue `all`
   */
  owner: z.enum(['all', 'own']).optional(),
  ...pageInputShape,
});
/** Input of {@link OversightApi.resources}. */
export type OversightResourcesInput = z.input<typeof oversightResourcesInputSchema>;

/** Input of {@link OversightApi.assignManager}. */
export const assignManagerInputSchema = z.strictObject({
  userId: idSchema,
  /** The new manager, or `null` for nobody (a manager may be overseen by nobody, KA-4). */
  managerId: idSchema.nullable(),
  /** The reference of the organisation's official request (KA-4), kept in the audit trail. */
  officialRequest: z.string().trim().min(1, 'give the reference of the official request (KA-4)').max(200, 'a reference has at most 200 characters'),
});
/** Input of {@link OversightApi.assignManager}. */
export type AssignManagerInput = z.input<typeof assignManagerInputSchema>;

/** Input of {@link OversightApi.remove}. */
export const removeFromOversightInputSchema = z.strictObject({ userId: idSchema });
/** Input of {@link OversightApi.remove}. */
export type RemoveFromOversightInput = z.input<typeof removeFromOversightInputSchema>;

