/**
 * Named licences (MB-2…MB-5, MB-12): an organisation's pool, with seats in use by active users and seats
 * reserved by pending invitations. The pool is never oversubscribed: `used + reserved <= allocated`.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, timestampSchema } from './primitives';

const count = z.number().int('a count is a whole number').min(0, 'a count cannot be negative');

/** Schema of a {@link LicencePool}. */
export const licencePoolSchema = z
  .object({
    id: idSchema,
    organisationId: idSchema,
    /** The hard cap (MB-3). */
    allocated: count,
    /** Seats held by active users (MB-12). */
    used: count,
    /** Seats held by pending invitations for a licensed role. */
    reserved: count,
    updatedAt: timestampSchema,
  })
  .refine((pool) => pool.used + pool.reserved <= pool.allocated, {
    path: ['allocated'],
    message: 'licences in use and reserved exceed the allocated licences',
    params: { reason: 'licences_oversubscribed' },
  });

/** An organisation's pool of named licences. */
export type LicencePool = z.infer<typeof licencePoolSchema>;

/** Seats still free in a pool. */
export function freeLicences(pool: Pick<LicencePool, 'allocated' | 'used' | 'reserved'>): number {
  return pool.allocated - pool.used - pool.reserved;
}
