/**
 * The seat-claim workload: 1,000 concurrent activations of a licence pool of 100 seats, fired at once into a
 * `pg.Pool` of 20 connections, by hand-written SQL and through polity's Store, in polity's own tables. The
 * holder of a seat is a role assignment (`assignments`), as a licensed role in polity is.
 *
 * @module
 */
import type pg from 'pg';
import { PolityError, isPolityError, where, type Filter, type Store, type StoreSession } from 'polity';

type Session = StoreSession;

/** A claim's outcome. */
export interface ClaimResult {
  readonly granted: boolean;
  /** Extra runs of a transaction body (polity retries after serialization failures). */
  readonly retries: number;
}

/** One way to claim a seat. */
export interface Strategy {
  readonly key: string;
  readonly label: string;
  /** The SQL it sends, for the report. */
  readonly sql: readonly string[];
  /** Whether a granted claim leaves a holder row (an `assignments` row, active). */
  readonly holder: 'insert' | 'activate' | 'none';
  claim(n: number): Promise<ClaimResult>;
}

/** What a strategy needs. */
export interface SeatContext {
  readonly pool: pg.Pool;
  readonly store: Store;
  readonly poolId: string;
  readonly organisationId: string;
  /** The n-th claimant's user id. */
  readonly userId: (n: number) => string;
  /** The n-th claimant's invitation (an `invited` assignment), for the activation command. */
  readonly invitationId: (n: number) => string;
}

const SQL = {
  guard: 'UPDATE licence_pools SET used = used + 1 WHERE id = $1 AND used < allocated RETURNING used',
  holder: `INSERT INTO assignments (id, user_id, role, scope_type, organisation_id, unit_id, product_id, status, granted_by_id, created_at, updated_at)
VALUES ($1, $2, 'licensed_user', 'organisation', $3, NULL, NULL, 'active', NULL, now(), now())`,
  cte: `WITH seat AS (
  UPDATE licence_pools SET used = used + 1 WHERE id = $1 AND used < allocated RETURNING organisation_id)
INSERT INTO assignments (id, user_id, role, scope_type, organisation_id, unit_id, product_id, status, granted_by_id, created_at, updated_at)
SELECT $2, $3, 'licensed_user', 'organisation', organisation_id, NULL, NULL, 'active', NULL, now(), now() FROM seat
RETURNING id`,
  activate: "UPDATE assignments SET status = 'active', updated_at = now() WHERE id = $1 AND status = 'invited'",
  audit: `INSERT INTO audit (id, organisation_id, actor_id, action, target_type, target_id, summary, changes, at)
VALUES ($1, $2, $3, 'licence.activate', 'assignment', $4, 'Activated a licensed role.', '{"status":"active"}', now())`,
  outbox: `INSERT INTO outbox (id, organisation_id, kind, recipient_user_id, recipient_email, language, payload, idempotency_key, status, attempts,
  available_at, lease_until, last_error, created_at, sent_at)
VALUES ($1, $2, 'licence.activated', $3, $4, 'en', '{}', $1, 'pending', 0, now(), NULL, NULL, now(), NULL)`,
} as const;

const at = new Date('2026-01-01T00:00:00.000Z');
const q = (client: pg.PoolClient | pg.Pool, name: keyof typeof SQL, values: unknown[]) => client.query({ name: `seat_${name}`, text: SQL[name], values });

async function inTransaction(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<boolean>): Promise<ClaimResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const granted = await fn(client);
      await client.query(granted ? 'COMMIT' : 'ROLLBACK');
      return { granted, retries: 0 };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

/** The strategies, hand-written first. */
export function strategies(context: SeatContext): Strategy[] {
  const { pool, store, poolId, organisationId, userId, invitationId } = context;
  const seatFree = where.and(where.eq('id', poolId), where.lt('used', where.field('allocated')));
  const noSeat = () => new PolityError('limit_exceeded', 'no licence left', { details: { limit: 'licences', max: 100 } });
  const activate = (tx: Session, n: number) => activateWith(tx, n, context, seatFree);
  /** Runs a polity transaction body, counting how often it ran. */
  const polityTransaction = async (body: (tx: Session) => Promise<void>): Promise<ClaimResult> => {
    let runs = 0;
    try {
      await store.transaction(async (tx) => {
        runs += 1;
        await body(tx);
      });
      return { granted: true, retries: runs - 1 };
    } catch (error) {
      if (isPolityError(error, 'limit_exceeded')) return { granted: false, retries: runs - 1 };
      throw error;
    }
  };
  return [
    {
      key: 'hand-update',
      label: 'hand-written guarded UPDATE alone (autocommit, 1 round trip, no holder row)',
      sql: [SQL.guard],
      holder: 'none',
      claim: async () => ({ granted: (await q(pool, 'guard', [poolId])).rowCount === 1, retries: 0 }),
    },
    {
      key: 'hand-guarded',
      label: 'hand-written guarded UPDATE, then INSERT the holder (BEGIN … COMMIT, 4 round trips)',
      sql: ['BEGIN', SQL.guard, '-- no row: ROLLBACK (denied)', SQL.holder, 'COMMIT'],
      holder: 'insert',
      claim: (n) =>
        inTransaction(pool, async (client) => {
          if ((await q(client, 'guard', [poolId])).rowCount !== 1) return false;
          await q(client, 'holder', [`seat_${String(n)}`, userId(n), organisationId]);
          return true;
        }),
    },
    {
      key: 'hand-cte',
      label: 'hand-written guard and holder as one statement (data-modifying CTE, autocommit, 1 round trip)',
      sql: [SQL.cte],
      holder: 'insert',
      claim: async (n) => ({ granted: (await q(pool, 'cte', [poolId, `seat_${String(n)}`, userId(n)])).rowCount === 1, retries: 0 }),
    },
    {
      key: 'hand-command',
      label: 'hand-written whole activation: guarded UPDATE, activate the invitation, audit event, outbox message (BEGIN … COMMIT)',
      sql: ['BEGIN', SQL.guard, '-- no row: ROLLBACK (denied)', SQL.activate, SQL.audit, SQL.outbox, 'COMMIT'],
      holder: 'activate',
      claim: (n) =>
        inTransaction(pool, async (client) => {
          if ((await q(client, 'guard', [poolId])).rowCount !== 1) return false;
          await q(client, 'activate', [invitationId(n)]);
          await q(client, 'audit', [`audit_${String(n)}`, organisationId, userId(n), invitationId(n)]);
          await q(client, 'outbox', [`msg_${String(n)}`, organisationId, userId(n), `claimant${String(n)}@bench.test`]);
          return true;
        }),
    },
    {
      key: 'polity-guarded',
      label: 'polity: store.licencePools.guardedUpdate({ where: id = pool AND used < allocated, increment: { used: 1 } }) (one autocommit UPDATE, no holder row)',
      sql: ['UPDATE "polity_bench"."licence_pools" SET "used" = "used" + $1::int4 WHERE ("id" = $2::text AND "used" < "allocated") RETURNING …'],
      holder: 'none',
      claim: async () => ({ granted: (await store.licencePools.guardedUpdate({ where: seatFree, increment: { used: 1 } })).length === 1, retries: 0 }),
    },
    {
      key: 'polity-holder',
      label: 'polity: store.transaction(guardedUpdate, then assignments.insert(holder)) (writes by id only: READ COMMITTED, row locks)',
      sql: ['BEGIN ISOLATION LEVEL READ COMMITTED', 'UPDATE "polity_bench"."licence_pools" SET "used" = "used" + $1::int4 WHERE ("id" = $2::text AND "used" < "allocated") RETURNING …', '-- no row: the body throws limit_exceeded, ROLLBACK', 'INSERT INTO "polity_bench"."assignments" (…) VALUES ($1::text, …) ON CONFLICT DO NOTHING', 'COMMIT'],
      holder: 'insert',
      claim: (n) =>
        polityTransaction(async (tx) => {
          const [seat] = await tx.licencePools.guardedUpdate({ where: seatFree, increment: { used: 1 } });
          if (seat === undefined) throw noSeat();
          await tx.assignments.insert({
            id: `seat_${String(n)}`,
            userId: userId(n),
            role: 'licensed_user',
            scopeType: 'organisation',
            organisationId,
            unitId: null,
            productId: null,
            status: 'active',
            grantedById: null,
            createdAt: at,
            updatedAt: at,
          });
        }),
    },
    {
      key: 'polity-command',
      label: 'polity: whole activation in store.transaction: guardedUpdate, assignments.update(invited → active), audit.insert, enqueue (writes by id only: READ COMMITTED)',
      sql: ['BEGIN ISOLATION LEVEL READ COMMITTED', 'UPDATE … licence_pools … (the guarded write, as above)', 'UPDATE "polity_bench"."assignments" SET "status" = $1::text, "updated_at" = $2::timestamptz WHERE "id" = $3::text RETURNING …', 'INSERT INTO "polity_bench"."audit" … ON CONFLICT DO NOTHING', 'INSERT INTO "polity_bench"."outbox" … ON CONFLICT DO NOTHING', 'COMMIT'],
      holder: 'activate',
      claim: (n) => polityTransaction((tx) => activate(tx, n)),
    },
    {
      key: 'polity-command-read-first',
      label: 'polity: the same command reading the invitation first (get, check it is invited, then as above: SERIALIZABLE, run again on conflict)',
      sql: ['BEGIN ISOLATION LEVEL SERIALIZABLE', 'SELECT … FROM "polity_bench"."assignments" WHERE "id" = $1::text', '-- then the statements of polity-command', 'COMMIT', '-- 40001 / 40P01: ROLLBACK, random pause up to min(2^attempt, 16) ms, run the body again'],
      holder: 'activate',
      claim: (n) =>
        polityTransaction(async (tx) => {
          const invitation = await tx.assignments.get(invitationId(n));
          if (invitation?.status !== 'invited') throw new PolityError('invalid_transition', 'not invited', { details: { machine: 'assignment', state: invitation?.status ?? 'missing', event: 'activate' } });
          await activate(tx, n);
        }),
    },
  ];
}

/** The activation command's writes: a seat, the invitation made active, an audit event, an outbox message. */
async function activateWith(tx: Session, n: number, context: SeatContext, seatFree: Filter): Promise<void> {
  const { organisationId, userId, invitationId } = context;
  const [seat] = await tx.licencePools.guardedUpdate({ where: seatFree, increment: { used: 1 } });
  if (seat === undefined) throw new PolityError('limit_exceeded', 'no licence left', { details: { limit: 'licences', max: 100 } });
  await tx.assignments.update(invitationId(n), { status: 'active', updatedAt: at });
  await tx.audit.insert({
    id: `audit_${String(n)}`,
    organisationId,
    actorId: userId(n),
    action: 'licence.activate',
    targetType: 'assignment',
    targetId: invitationId(n),
    summary: 'Activated a licensed role.',
    changes: { status: 'active' },
    at,
  });
  await tx.enqueue({
    id: `msg_${String(n)}`,
    organisationId,
    kind: 'licence.activated',
    recipientUserId: userId(n),
    recipientEmail: `claimant${String(n)}@bench.test`,
    language: 'en',
    payload: {},
    idempotencyKey: `msg_${String(n)}`,
    status: 'pending',
    attempts: 0,
    availableAt: at,
    leaseUntil: null,
    lastError: null,
    createdAt: at,
    sentAt: null,
  });
}

/** Puts the pool, holders, audit and outbox back to the start; for the activation command, 1,000 invitations. */
export async function resetSeats(admin: pg.PoolClient, context: SeatContext, claims: number, invitations: boolean): Promise<void> {
  await admin.query('UPDATE licence_pools SET used = 0 WHERE id = $1', [context.poolId]);
  await admin.query('DELETE FROM assignments');
  await admin.query('DELETE FROM audit');
  await admin.query('DELETE FROM outbox');
  if (invitations) {
    await admin.query(
      `INSERT INTO assignments (id, user_id, role, scope_type, organisation_id, unit_id, product_id, status, granted_by_id, created_at, updated_at)
       SELECT 'invite_' || n, substr(md5('p' || n), 1, 21), 'licensed_user', 'organisation', $1, NULL, NULL, 'invited', NULL, now(), now()
       FROM generate_series(0, $2::int - 1) n`,
      [context.organisationId, claims],
    );
  }
  await admin.query('VACUUM (ANALYZE) licence_pools, assignments, audit, outbox');
}

/** What one run of 1,000 claims gave, checked against the database. */
export interface RunResult {
  readonly granted: number;
  readonly used: number;
  readonly holders: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly retries: number;
  readonly wallMs: number;
  readonly claimsPerSecond: number;
}

/** Fires every claim at once and checks the outcome in the database. */
export async function runClaims(admin: pg.PoolClient, context: SeatContext, strategy: Strategy, claims: number): Promise<RunResult> {
  await resetSeats(admin, context, claims, strategy.holder === 'activate');
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: claims }, (_, n) => strategy.claim(n)));
  const wallMs = performance.now() - started;
  let granted = 0;
  let retries = 0;
  let errors = 0;
  let firstError: string | null = null;
  for (const result of results) {
    if (result.status === 'fulfilled') {
      if (result.value.granted) granted += 1;
      retries += result.value.retries;
    } else {
      errors += 1;
      firstError ??= String(result.reason);
    }
  }
  const { rows: [pool] } = await admin.query<{ used: number }>('SELECT used FROM licence_pools WHERE id = $1', [context.poolId]);
  const { rows: [holders] } = await admin.query<{ n: string }>("SELECT count(*) AS n FROM assignments WHERE status = 'active'");
  return { granted, used: pool?.used ?? -1, holders: Number(holders?.n ?? -1), errors, firstError, retries, wallMs, claimsPerSecond: claims / (wallMs / 1000) };
}
