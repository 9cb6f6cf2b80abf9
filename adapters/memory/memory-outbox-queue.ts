/**
 * The memory store's `OutboxQueue`: a claim and a settlement are each one synchronous operation under the
 * store's lock, so nothing interleaves with them. That is what `FOR UPDATE SKIP LOCKED` achieves on
 * PostgreSQL: concurrent claims lease disjoint sets, and a settlement applies only under its own lease.
 *
 * @module
 */
import { checkOutboxClaim, checkOutboxLease, matchesFilter, outboxClaimableAt, outboxSettlementChange, type OutboxMessage, type OutboxQueue } from 'polity';
import type { MemoryTable } from './memory-table';
import type { Operation } from './memory-engine';

/** Runs one atomic operation on the memory store (`MemoryEngine.operate`). */
type OperationRunner = <R>(operation: Operation<R>) => Promise<R>;
import { copyRecord, toStoredRecord, type StoredRecord } from './stored-record';

const byDueThenId = (a: StoredRecord, b: StoredRecord): number =>
  (a['availableAt'] as Date).getTime() - (b['availableAt'] as Date).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The outbox queue over the memory store's outbox table, running each call through `run` (one atomic operation). */
export function memoryOutboxQueue(outbox: MemoryTable, run: OperationRunner): OutboxQueue {
  return {
    async claim(request) {
      const { now, leaseUntil, limit } = checkOutboxClaim(request);
      const claimable = outboxClaimableAt(now);
      return run((undo) => {
        const due = [...outbox.rows()].filter((record) => matchesFilter(claimable, record)).sort(byDueThenId).slice(0, limit);
        return due.map((record) => {
          const leased = toStoredRecord(outbox.definition, { ...record, leaseUntil }, 'claim');
          outbox.write(undo, leased, 'replace');
          return copyRecord(leased) as unknown as OutboxMessage;
        });
      });
    },
    async settle(lease, settlements) {
      // Checked before the operation, so a bad settlement changes nothing.
      const leaseUntil = checkOutboxLease(lease);
      const changes = settlements.map((settlement) => ({ id: settlement.id, change: outboxSettlementChange(settlement) }));
      return run((undo) => {
        const recorded: string[] = [];
        for (const { id, change } of changes) {
          const current = outbox.get(id);
          if (current === undefined || current['status'] !== 'pending' || (current['leaseUntil'] as Date | null)?.getTime() !== leaseUntil.getTime()) continue;
          const next = { ...current, ...change.set, attempts: (current['attempts'] as number) + change.attempts };
          // A refused value throws here, and the operation's savepoint reverts the settlements before it.
          outbox.write(undo, toStoredRecord(outbox.definition, next, 'settlement'), 'replace');
          recorded.push(id);
        }
        return recorded.sort();
      });
    },
  };
}
