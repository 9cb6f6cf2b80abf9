/**
 * The outbox as a work queue over the generic Store port, for stores that do not offer the optional
 * `OutboxQueue` capability: claim by listing what is claimable, then leasing it with one guarded update
 * whose filter repeats the claimable condition; settle with one guarded update per distinct change. The
 * guard is re-checked atomically per record, so when dispatchers race for the same candidates each record
 * is leased by exactly one of them; the others get it back as "not matched" and skip it.
 *
 * @module
 */
import { where, type Filter } from '../domain/filter';
import type { OutboxMessage } from '../domain/outbox-message';
import type { OutboxQueue, Repository } from '../ports/store';
import { checkOutboxClaim, checkOutboxLease, outboxClaimableAt, outboxSettlementChange, type OutboxSettlementChange } from './outbox-queue';

/** What a dispatcher needs of a store: its outbox repository, and the queue capability when it has one. */
export interface OutboxStore {
  /** The outbox repository (the fallback queue and the tests use only this). */
  readonly outbox: Repository<OutboxMessage>;
  /** The store's own queue, preferred when present. */
  readonly outboxQueue?: OutboxQueue | undefined;
}

/** Racing claims that each lost every candidate list again; this caps a store that misbehaves. */
const MAX_CLAIM_ROUNDS = 20;

const byDueThenId = (a: OutboxMessage, b: OutboxMessage): number =>
  a.availableAt.getTime() - b.availableAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The guard of every write made after sending: the message is still pending and still carries this lease.
 * A lease that ran out and was taken by another claim carries a later instant, so the first claimer's late
 * write matches nothing and the second one's outcome stands.
 */
function stillLeased(ids: readonly string[], leaseUntil: Date): Filter {
  return where.and(where.in('id', ids), where.eq('status', 'pending'), where.eq('leaseUntil', leaseUntil));
}

/** A key equal for settlements that write the same values (so one guarded update can record them all). */
function changeKey(change: OutboxSettlementChange): string {
  return JSON.stringify([change.attempts, Object.entries(change.set).sort(([a], [b]) => (a < b ? -1 : 1))]);
}

function fallbackQueue(outbox: Repository<OutboxMessage>): OutboxQueue {
  return {
    async claim(request) {
      const { now, leaseUntil, limit } = checkOutboxClaim(request);
      // Racing claimers list the same first candidates and one wins them. A loser lists again rather than
      // reporting "nothing to do" while messages are due; each lost round means another claimer progressed.
      for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
        const candidates = await outbox.list({ where: outboxClaimableAt(now), orderBy: [{ field: 'availableAt' }], limit });
        if (candidates.items.length === 0) return [];
        const ids = candidates.items.map((message) => message.id);
        const won = await outbox.guardedUpdate({ where: where.and(where.in('id', ids), outboxClaimableAt(now)), set: { leaseUntil } });
        if (won.length > 0) return won.sort(byDueThenId);
      }
      return [];
    },
    async settle(lease, settlements) {
      const leaseUntil = checkOutboxLease(lease);
      // Most outcomes of a batch write the same values (sent now; retry at the same time with the same
      // error): one guarded update per distinct change, not one per message.
      const groups = new Map<string, { change: OutboxSettlementChange; ids: string[] }>();
      for (const settlement of settlements) {
        const change = outboxSettlementChange(settlement);
        const key = changeKey(change);
        const group = groups.get(key);
        if (group === undefined) groups.set(key, { change, ids: [settlement.id] });
        else group.ids.push(settlement.id);
      }
      const recorded: string[] = [];
      for (const { change, ids } of groups.values()) {
        const guard = stillLeased(ids, leaseUntil);
        const changed = await outbox.guardedUpdate(
          change.attempts === 0 ? { where: guard, set: change.set } : { where: guard, set: change.set, increment: { attempts: change.attempts } },
        );
        for (const message of changed) recorded.push(message.id);
      }
      return recorded.sort();
    },
  };
}

/**
 * The outbox queue a dispatcher works with: the store's own `outboxQueue` when it offers one (one atomic
 * step per claim and per settlement), otherwise one built on its outbox repository (`list`, then a
 * guarded update repeating the claimable condition; settlements grouped by identical change). Both keep
 * every promise of `OutboxQueue`.
 *
 * @example
 * ```ts
 * import { outboxQueueOf } from 'polity';
 * import { memoryStore } from 'polity/adapters/memory';
 *
 * const store = memoryStore();
 * const now = new Date();
 * const leased = await outboxQueueOf(store).claim({ now, leaseUntil: new Date(now.getTime() + 60_000), limit: 50 });
 * const fallback = outboxQueueOf({ outbox: store.outbox }); // the generic path, whatever the store offers
 * ```
 */
export function outboxQueueOf(store: OutboxStore): OutboxQueue {
  return store.outboxQueue ?? fallbackQueue(store.outbox);
}
