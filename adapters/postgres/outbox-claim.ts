/**
 * The Postgres store's `OutboxQueue`: a claim is one `UPDATE` whose candidates are picked with
 * `FOR UPDATE SKIP LOCKED`, a batch's settlements one `UPDATE … FROM jsonb_to_recordset(…)`. Each is a single
 * autocommit statement (one round trip), so no transaction stays open, and no row stays locked, while a
 * dispatcher talks to a mail server: the lease written by the claim is what protects a message until its
 * outcome is recorded under that same lease.
 *
 * Why the claim is safe under any number of concurrent dispatchers: a candidate row locked by another
 * claim is skipped, not waited for; one whose lease another claim committed after this statement's snapshot
 * is re-checked against the claimable condition on its newest version once locked (READ COMMITTED), and
 * dropped. So two claims never lease the same message, and neither blocks on the other.
 *
 * @module
 */
import { PolityError, checkOutboxClaim, checkOutboxLease, outboxSettlementChange, type OutboxMessage, type OutboxQueue, type OutboxSettlementChange } from 'polity';
import type { PgEngine } from './pg-engine';
import { decodeRow, type StoredRecord } from './records';
import type { ColumnSpec, TableSpec } from './tables';

const named = { named: true } as const;

/** The statement texts of one outbox table, built once per store. */
export interface OutboxStatements {
  /** `$1` now, `$2` the lease, `$3` the limit. */
  readonly claim: string;
  /** `$1` the settlements as a jsonb array of rows, `$2` the lease. */
  readonly settle: string;
}

/** The queue's two statements for an outbox table (also shown by the outbox benchmark). */
export function outboxQueueStatements(table: TableSpec): OutboxStatements {
  const c = (field: string): string => (table.byField.get(field) as ColumnSpec).sql;
  // The literal 'pending' (not a parameter) lets the planner use the partial index outbox_pending_idx
  // (available_at, id) WHERE status = 'pending', in the order the claim wants, whatever the plan cache does.
  // MATERIALIZED: the picking query runs exactly once, so it never locks more rows than its LIMIT.
  const claim = [
    `WITH picked AS MATERIALIZED (`,
    `SELECT ${c('id')} FROM ${table.qualified}`,
    `WHERE ${c('status')} = 'pending' AND ${c('availableAt')} <= $1::timestamptz AND (${c('leaseUntil')} IS NULL OR ${c('leaseUntil')} < $1::timestamptz)`,
    `ORDER BY ${c('availableAt')}, ${c('id')} LIMIT $3::int4 FOR UPDATE SKIP LOCKED)`,
    `UPDATE ${table.qualified} SET ${c('leaseUntil')} = $2::timestamptz WHERE ${c('id')} IN (SELECT ${c('id')} FROM picked)`,
    `RETURNING ${table.selectList}`,
  ].join(' ');
  // One row per settlement in a single jsonb parameter; a field the settlement leaves alone is absent (NULL)
  // and keeps its value. Text columns are declared COLLATE "C" like the table's, so comparisons agree.
  const settle = [
    `UPDATE ${table.qualified} AS o SET`,
    `${c('status')} = COALESCE(v.status, o.${c('status')}),`,
    `${c('sentAt')} = COALESCE(v.sent_at, o.${c('sentAt')}),`,
    `${c('availableAt')} = COALESCE(v.available_at, o.${c('availableAt')}),`,
    `${c('lastError')} = COALESCE(v.last_error, o.${c('lastError')}),`,
    `${c('payload')} = COALESCE(v.payload, o.${c('payload')}),`,
    `${c('attempts')} = o.${c('attempts')} + v.attempts,`,
    `${c('leaseUntil')} = NULL`,
    `FROM jsonb_to_recordset($1::jsonb) AS v (id text COLLATE "C", status text COLLATE "C", sent_at timestamptz, available_at timestamptz, last_error text COLLATE "C", payload jsonb, attempts int4)`,
    `WHERE o.${c('id')} = v.id AND o.${c('status')} = 'pending' AND o.${c('leaseUntil')} = $2::timestamptz`,
    `RETURNING o.${c('id')} AS "id"`,
  ].join(' ');
  return { claim, settle };
}

const byDueThenId = (a: StoredRecord, b: StoredRecord): number =>
  (a['availableAt'] as Date).getTime() - (b['availableAt'] as Date).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const columnOf: Readonly<Record<string, string>> = { status: 'status', sentAt: 'sent_at', availableAt: 'available_at', lastError: 'last_error', payload: 'payload' };

/** One settlement as a row of the settle statement's `jsonb_to_recordset` (its values already checked by `outboxSettlementChange`). */
function settlementRow(id: string, change: OutboxSettlementChange): Record<string, unknown> {
  const row: Record<string, unknown> = { id, attempts: change.attempts };
  for (const [field, value] of Object.entries(change.set)) {
    if (field === 'leaseUntil') continue; // always cleared by the statement
    const key = columnOf[field];
    // A field a new kind of settlement writes needs its column in the statement first.
    if (key === undefined) throw new PolityError('internal', `the outbox settle statement has no column for "${field}"`);
    row[key] = value; // Dates travel as ISO strings (Date#toJSON) and are read back as timestamptz.
  }
  return row;
}

/** The outbox queue of a Postgres store: one statement per claim, one per batch of settlements. */
export function pgOutboxQueue(table: TableSpec, engine: PgEngine): OutboxQueue {
  const sql = outboxQueueStatements(table);
  return {
    async claim(request) {
      const { now, leaseUntil, limit } = checkOutboxClaim(request);
      // A predicate write ('read' access): inside a caller's transaction it needs SERIALIZABLE, like any other.
      const rows = await engine.operate(undefined, 'read', table.collection, 'write', async (context) =>
        (await context.query<Record<string, unknown>>(sql.claim, [now, leaseUntil, limit], named)).rows,
      );
      return rows.map((row) => decodeRow(table, row)).sort(byDueThenId) as unknown as OutboxMessage[];
    },
    async settle(lease, settlements) {
      const leaseUntil = checkOutboxLease(lease);
      const rows = settlements.map((settlement) => settlementRow(settlement.id, outboxSettlementChange(settlement)));
      if (rows.length === 0) return [];
      // Pinned to ids ('point' access): row locks alone keep it atomic.
      const recorded = await engine.operate(undefined, 'point', table.collection, 'write', async (context) =>
        (await context.query<{ id: string }>(sql.settle, [JSON.stringify(rows), leaseUntil], named)).rows,
      );
      return recorded.map((row) => row.id).sort();
    },
  };
}
