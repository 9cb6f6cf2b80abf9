/**
 * Claiming outbox messages over the generic Store port, with no adapter-specific method: list what is
 * claimable, then take a lease with one guarded update whose filter repeats the claimable condition. The
 * guard is re-checked atomically per record, so when dispatchers race for the same candidates each record
 * is leased by exactly one of them; the others get it back as "not matched" and skip it.
 *
 * A Postgres adapter may later offer a one-statement batch claim (`UPDATE … WHERE id IN (SELECT … FOR UPDATE
 * SKIP LOCKED LIMIT n) RETURNING *`) as an optimisation for throughput; the dispatcher's semantics would not
 * change, since the lease, not a row lock, is what protects a message while it is being sent.
 *
 * @module
 */
import { where, type Filter } from '../domain/filter';
import type { OutboxMessage } from '../domain/outbox-message';
import type { Repository } from '../ports/store';

/** The messages a dispatcher may take at `now`: pending, due, and not leased (or the lease ran out). */
export function claimableAt(now: Date): Filter {
  return where.and(where.eq('status', 'pending'), where.lte('availableAt', now), where.or(where.isNull('leaseUntil'), where.lt('leaseUntil', now)));
}

/**
 * Leases up to `limit` claimable messages until `leaseUntil`, oldest id first, and returns those this call
 * won. Concurrent callers get disjoint sets; an empty result means nothing was claimable.
 */
export async function claimBatch(outbox: Repository<OutboxMessage>, now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
  // Racing dispatchers list the same first candidates; one wins them. A loser lists again rather than
  // reporting "nothing to do" while messages are due. Each lost round means another dispatcher made
  // progress, so this ends; the cap only guards against a store that misbehaves.
  for (let round = 0; round < 20; round += 1) {
    const candidates = await outbox.list({ where: claimableAt(now), limit });
    if (candidates.items.length === 0) return [];
    const ids = candidates.items.map((message) => message.id);
    const won = await outbox.guardedUpdate({ where: where.and(where.in('id', ids), claimableAt(now)), set: { leaseUntil } });
    if (won.length > 0) return won;
  }
  return [];
}

/**
 * The guard of every write a dispatcher makes after sending: the message is still pending and still carries
 * this dispatcher's lease. A lease that ran out and was taken by another dispatcher carries a later instant,
 * so the first one's late write matches nothing and the second one's outcome stands.
 */
export function stillLeased(ids: readonly string[], leaseUntil: Date): Filter {
  return where.and(where.in('id', ids), where.eq('status', 'pending'), where.eq('leaseUntil', leaseUntil));
}
