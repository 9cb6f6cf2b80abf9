/**
 * Who holds which named licence (MB-2…MB-5, MB-12). A seat is `reserved` while its holder's invitation is
 * pending (until `expiresAt`), and `held` once the holder is an active, confirmed user. The pool's `used`
 * and `reserved` counters are the number of seats in each state; the seat says whose they are.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, timestampSchema } from './primitives';

/** The states of a seat: reserved by a pending invitation, or held by an active user. */
export const licenceSeatStatuses = ['reserved', 'held'] as const;

/** Schema of a {@link LicenceSeat}. */
export const licenceSeatSchema = z
  .object({
    id: idSchema,
    organisationId: idSchema,
    /** The person the seat belongs to; one seat per person. */
    userId: idSchema,
    status: z.enum(licenceSeatStatuses),
    /** When a reservation lapses (the invitation's link expires); `null` for a held seat. */
    expiresAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .refine((seat) => (seat.status === 'reserved') === (seat.expiresAt !== null), {
    path: ['expiresAt'],
    message: 'a reserved seat expires and a held seat does not',
    params: { reason: 'reservation_expiry' },
  });

/** One named licence taken by one person of an organisation. */
export type LicenceSeat = z.infer<typeof licenceSeatSchema>;
