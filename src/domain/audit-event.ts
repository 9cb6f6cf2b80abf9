/**
 * The audit trail: one event per command, written in the same transaction as the change.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, jsonRecordSchema, timestampSchema } from './primitives';

/** Schema of an {@link AuditEvent}. */
export const auditEventSchema = z.object({
  id: idSchema,
  /** The organisation whose data changed; `null` for platform-level acts. */
  organisationId: idSchema.nullable(),
  /** Who acted; `null` for the system itself (bootstrap, housekeeping). */
  actorId: idSchema.nullable(),
  /** The command, e.g. `organisation.create`. */
  action: z.string().min(1, 'an action cannot be empty').max(100, 'an action has at most 100 characters'),
  targetType: z.string().min(1, 'a target type cannot be empty').max(64, 'a target type has at most 64 characters'),
  targetId: idSchema,
  /** One plain sentence saying what happened. */
  summary: z.string().min(1, 'a summary cannot be empty').max(1000, 'a summary has at most 1000 characters'),
  /** What changed (field → new value), without secrets. */
  changes: jsonRecordSchema,
  at: timestampSchema,
});

/** One entry of the audit trail. */
export type AuditEvent = z.infer<typeof auditEventSchema>;
