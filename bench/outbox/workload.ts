/**
 * The outbox workload: N pending messages in polity's own `outbox` table, drained by several dispatchers at
 * once, each with its own `pg.Pool` and store (as separate processes would have), to one shared memory
 * notifier that counts what it receives per idempotency key. One timed run of one mode at a time.
 *
 * @module
 */
import pg from 'pg';
import { createDispatcher, type OutboxMessage, type OutboxQueue, type Store } from 'polity';
import { memoryNotifier } from '../../adapters/notifiers/index';
import { postgresStore } from '../../adapters/postgres/index';
import { handDrain, HAND_SQL } from './hand';

/** How a run drains the outbox. */
export type ModeKey = 'queue' | 'fallback' | 'hand';

/** One way to drain the outbox, as the report names it. */
export interface Mode {
  readonly key: ModeKey;
  readonly label: string;
}

/** The modes, in the order they take turns. */
export const MODES: readonly Mode[] = [
  { key: 'queue', label: "polity dispatcher, the Postgres store's outbox queue (claim: one UPDATE … FOR UPDATE SKIP LOCKED; outcomes: one UPDATE … FROM jsonb_to_recordset)" },
  { key: 'fallback', label: 'polity dispatcher, the generic fallback (list, then a guarded UPDATE repeating the condition; outcomes: one guarded UPDATE per distinct change)' },
  { key: 'hand', label: 'hand-written SQL: the same SKIP LOCKED claim and one UPDATE … WHERE id = ANY($1) per batch, no rendering (the practical limit)' },
];

/** What one run measured. */
export interface RunResult {
  readonly mode: ModeKey;
  readonly batchSize: number;
  readonly messages: number;
  readonly ms: number;
  readonly perSecond: number;
  /** Sends beyond the first per idempotency key. */
  readonly duplicates: number;
  /** Idempotency keys the notifier received. */
  readonly distinct: number;
  /** Rows with status `sent` afterwards. */
  readonly sentRows: number;
  /** Claims that leased something, per dispatcher. */
  readonly batches: readonly number[];
  /** The latency in ms of each claim and settle (or mark) statement: polity's queue mode and the hand-written SQL (the fallback's are not timed). */
  readonly claims: readonly number[];
  readonly settles: readonly number[];
}

/** The message every run enqueues: a coordinators' message (renders without a profile, nothing secret). */
export function benchMessage(n: number, at: Date): OutboxMessage {
  const id = `bench_${String(n).padStart(7, '0')}`;
  return {
    id,
    organisationId: null,
    kind: 'coordinators.message',
    recipientUserId: null,
    recipientEmail: `person${String(n)}@bench.test`,
    language: 'en',
    payload: { organisationName: 'Ministry of Benchmarks', subject: `Note ${String(n)}`, body: 'The quarterly figures are in.', from: 'Ada Admin' },
    idempotencyKey: `coordinators.message:${id}`,
    status: 'pending',
    attempts: 0,
    availableAt: at,
    leaseUntil: null,
    lastError: null,
    createdAt: at,
    sentAt: null,
  };
}

/** Times every claim and settle call of a queue (a wrapper: the store's own queue does the work). */
function timedQueue(queue: OutboxQueue, claims: number[], settles: number[]): OutboxQueue {
  return {
    async claim(request) {
      const t0 = performance.now();
      const leased = await queue.claim(request);
      claims.push(performance.now() - t0);
      return leased;
    },
    async settle(lease, settlements) {
      const t0 = performance.now();
      const recorded = await queue.settle(lease, settlements);
      settles.push(performance.now() - t0);
      return recorded;
    },
  };
}

/** What a run needs. */
export interface RunContext {
  readonly url: string;
  readonly schema: string;
  readonly dispatchers: number;
  /** Connections of each dispatcher's pool. */
  readonly connections: number;
}

/** Opens every connection of a pool before timing. */
async function warm(pool: pg.Pool, connections: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  await Promise.all(clients.map((client) => client.query('SELECT 1')));
  for (const client of clients) client.release();
}

/** Drains an outbox of `messages` pending messages once, in one mode, and checks the result. */
export async function drain(context: RunContext, mode: ModeKey, batchSize: number, messages: number, count: (pool: pg.Pool) => Promise<number>): Promise<RunResult> {
  const pools = Array.from({ length: context.dispatchers }, () => new pg.Pool({ connectionString: context.url, max: context.connections }));
  await Promise.all(pools.map((pool) => warm(pool, context.connections)));
  const stores: Store[] = pools.map((pool) => postgresStore(pool, { schema: context.schema }));
  const notifier = memoryNotifier();
  const claims: number[] = [];
  const settles: number[] = [];
  let batches: number[];
  const t0 = performance.now();
  if (mode === 'hand') {
    batches = await Promise.all(pools.map((pool) => handDrain(pool, context.schema, batchSize, notifier, claims, settles)));
  } else {
    const dispatchers = stores.map((store, i) =>
      createDispatcher({
        store: mode === 'queue' ? { outbox: store.outbox, outboxQueue: timedQueue(store.outboxQueue as OutboxQueue, claims, settles) } : { outbox: store.outbox },
        notifier,
        batchSize,
        owner: `d${String(i)}`,
      }),
    );
    const counted: number[] = dispatchers.map(() => 0);
    // runUntilIdle, counting batches: a dispatcher stops at its first claim that leases nothing.
    await Promise.all(
      dispatchers.map(async (dispatcher, i) => {
        for (;;) {
          const report = await dispatcher.runOnce();
          if (report.claimed === 0) return;
          counted[i] = (counted[i] ?? 0) + 1;
        }
      }),
    );
    batches = counted;
  }
  const ms = performance.now() - t0;
  const sentRows = await count(pools[0] as pg.Pool);
  await Promise.all(stores.map((store) => store.close()));
  await Promise.all(pools.map((pool) => pool.end()));
  const distinct = new Set(notifier.sent.map((n) => n.idempotencyKey)).size;
  return { mode, batchSize, messages, ms, perSecond: (messages / ms) * 1000, duplicates: notifier.duplicates(), distinct, sentRows, batches, claims, settles };
}

export { HAND_SQL };
