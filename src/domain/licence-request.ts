/**
 * Requests for more named licences (MB-3): an organisation's administrator asks, the platform operator (or
 * the concierge) grants or refuses. A granted request raises the pool's allocation by `count`.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, timestampSchema } from './primitives';

/** A licence request's lifecycle: `requested` → `granted` | `refused`. */
export const licenceRequestStatuses = ['requested', 'granted', 'refused'] as const;

/** Schema of a {@link LicenceRequest}. */
export const licenceRequestSchema = z
  .object({
    id: idSchema,
    organisationId: idSchema,
    requestedById: idSchema,
    /** How many more licences are asked for. */
    count: z.number().int('a count is a whole number').min(1, 'ask for at least one licence').max(100_000, 'ask for at most 100000 licences at once'),
    /** Why, in the requester's words. */
    reason: z.string().trim().max(2000, 'a reason has at most 2000 characters').nullable(),
    status: z.enum(licenceRequestStatuses),
    decidedById: idSchema.nullable(),
    decidedAt: timestampSchema.nullable(),
    /** The decider's note (why refused, or what was granted). */
    decisionNote: z.string().trim().max(2000, 'a note has at most 2000 characters').nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .refine((r) => (r.status === 'requested') === (r.decidedAt === null && r.decidedById === null), {
    path: ['decidedAt'],
    message: 'a decided request records who decided and when, an open one does not',
    params: { reason: 'decision_fields' },
  });

/** A request for more licences. */
export type LicenceRequest = z.infer<typeof licenceRequestSchema>;
