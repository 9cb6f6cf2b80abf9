/**
 * (s) Licensed adds under contention: on the Mégalis profile, 1,000 concurrent `users.add` of a licensed role
 * (`user`, MB-12) into an organisation with a pool of 100 licences, over one `pg.Pool` of 20 connections: exactly
 * 100 are accepted and the rest refused `limit_exceeded` (asserted, with the pool's summary and the rows).
 * Timed against 1,000 plain guarded seat claims on the same pool in the same run: the hand-written guarded
 * UPDATE + holder INSERT of seats.ts (`hand-guarded`), the floor for "one seat per winner, exactly".
 *
 * The actor is the platform operator (a platform admin, who holds no licence), so the organisation's 100
 * licences are all there is to win. Each repeat adds into a new organisation with a fresh pool; the plain
 * claims have their own organisation, pool and 1,000 claimants (loaded by SQL) and are reset between repeats.
 * Plain and polity runs take turns. The counted pool gives the transactions polity began (retries show as
 * more BEGINs than adds).
 *
 * @module
 */
import { isPolityError } from 'polity';
import type { CommandDb } from './command-db';
import { strategies, type SeatContext } from './seats';
import { benchPolity, megalis, platformAdmin, type BenchPolity } from './world';

/** One run's outcome, checked against the database. */
export interface SeatCommandRun {
  readonly kind: 'polity' | 'plain';
  readonly repeat: number;
  readonly wallMs: number;
  /** Adds accepted (polity) or claims granted (plain). */
  readonly accepted: number;
  /** Refused with `limit_exceeded` (polity) or denied by the guard (plain). */
  readonly refused: number;
  /** Anything else (must be 0). */
  readonly errors: number;
  readonly firstError: string | null;
  /** Whether the database holds exactly `seats` winners (and the pool says so). */
  readonly exact: boolean;
  /** Transactions begun (BEGIN statements): above the number of calls when bodies ran again. */
  readonly transactions: number;
  readonly statements: number;
}

/** What (s) measured. */
export interface SeatCommandsResult {
  readonly claims: number;
  readonly seats: number;
  readonly connections: number;
  readonly repeats: number;
  readonly runs: readonly SeatCommandRun[];
}

const PLAIN_POOL = 'bench_plain_pool';

/** Rejects when `promise` takes longer than `ms` (the calls keep running: the bench then fails). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${String(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The plain claims' organisation, claimants and pool, by SQL. */
async function plainContext(db: CommandDb, claims: number, seats: number): Promise<SeatContext> {
  const organisationId = 'org_bench_plain_claims';
  await db.pool.query(`INSERT INTO organisations (id, name, code, code_lower, status, created_at, updated_at) VALUES ($1, 'Plain claims', NULL, NULL, 'active', now(), now())`, [organisationId]);
  await db.pool.query(
    `INSERT INTO users (id, organisation_id, title, given_name, family_name, tax_code, email, email_lower, phone, work_phone, country, postcode,
       time_zone, language, identity_source, identity_verified_at, email_confirmed_at, terms_accepted_at, active, manager_id, last_sign_in_at, created_at, updated_at, deleted_at)
     SELECT 'claimant_' || n, $1, NULL, 'Claim', 'Ant ' || n, NULL, 'claimant' || n || '@plain.bench', 'claimant' || n || '@plain.bench', NULL, NULL, NULL, NULL,
       'UTC', 'fr', 'local', NULL, now(), now(), true, NULL, NULL, now(), now(), NULL
     FROM generate_series(0, $2::int - 1) n`,
    [organisationId, claims],
  );
  await db.pool.query(`INSERT INTO licence_pools (id, organisation_id, allocated, used, reserved, updated_at) VALUES ($1, $2, $3, 0, 0, now())`, [PLAIN_POOL, organisationId, seats]);
  return { pool: db.pool, store: db.store, poolId: PLAIN_POOL, organisationId, userId: (n) => `claimant_${String(n)}`, invitationId: (n) => `unused_${String(n)}` };
}

const begins = (statements: readonly string[]) => statements.filter((text) => /^\s*BEGIN\b/i.test(text)).length;

/** 1,000 plain guarded claims (seats.ts `hand-guarded`), from an empty pool, checked. */
async function plainRun(db: CommandDb, context: SeatContext, claims: number, seats: number, repeat: number): Promise<SeatCommandRun> {
  const strategy = strategies(context).find((s) => s.key === 'hand-guarded');
  if (strategy === undefined) throw new Error('seats.ts has no hand-guarded strategy');
  await db.pool.query('UPDATE licence_pools SET used = 0 WHERE id = $1', [PLAIN_POOL]);
  await db.pool.query("DELETE FROM assignments WHERE id LIKE 'seat\\_%'");
  await db.pool.query('VACUUM (ANALYZE) licence_pools, assignments');
  db.counted.reset();
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: claims }, (_, n) => strategy.claim(n)));
  const wallMs = performance.now() - started;
  const statements = [...db.counted.statements];
  const granted = results.filter((r) => r.status === 'fulfilled' && r.value.granted).length;
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const used = Number((await db.pool.query('SELECT used FROM licence_pools WHERE id = $1', [PLAIN_POOL])).rows[0]?.used ?? -1);
  const holders = Number((await db.pool.query("SELECT count(*) AS n FROM assignments WHERE id LIKE 'seat\\_%' AND status = 'active'")).rows[0]?.n ?? -1);
  return {
    kind: 'plain',
    repeat,
    wallMs,
    accepted: granted,
    refused: claims - granted - failed.length,
    errors: failed.length,
    firstError: failed[0] === undefined ? null : String(failed[0].reason),
    exact: granted === seats && used === seats && holders === seats && failed.length === 0,
    transactions: begins(statements),
    statements: statements.length,
  };
}

/** 1,000 concurrent licensed `users.add` into a new organisation with `seats` licences, checked. */
async function polityRun(db: CommandDb, world: BenchPolity, operatorId: string, claims: number, seats: number, repeat: number, timeoutMs: number): Promise<SeatCommandRun> {
  const operator = world.polity.as(operatorId);
  const { organisation } = await operator.organisations.create({ name: `Rennes ${String(repeat)}`, code: `BENCH-RENNES-${String(repeat)}` });
  await operator.licences.allocate({ organisationId: organisation.id, allocated: seats });
  await db.pool.query('VACUUM (ANALYZE) licence_pools, licence_seats, users, assignments');
  const add = (n: number) =>
    operator.users.add({ organisationId: organisation.id, role: 'user', email: `person.${String(n)}@rennes${String(repeat)}.bench`, givenName: 'Per', familyName: `Son ${String(n)}` });
  db.counted.reset();
  const started = performance.now();
  const results = await within(Promise.allSettled(Array.from({ length: claims }, (_, n) => add(n))), timeoutMs, `(s) ${String(claims)} concurrent users.add`);
  const wallMs = performance.now() - started;
  const statements = [...db.counted.statements];
  const accepted = results.filter((r) => r.status === 'fulfilled').length;
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const other = rejected.filter((r) => !isPolityError(r.reason, 'limit_exceeded'));
  const summary = await operator.licences.summary({ organisationId: organisation.id });
  const count = async (sql: string) => Number((await db.pool.query(sql, [organisation.id])).rows[0]?.n ?? -1);
  const users = await count('SELECT count(*) AS n FROM users WHERE organisation_id = $1');
  const reserved = await count("SELECT count(*) AS n FROM licence_seats WHERE organisation_id = $1 AND status = 'reserved'");
  const exact = accepted === seats && other.length === 0 && summary.reserved === seats && summary.used === 0 && summary.free === 0 && users === seats && reserved === seats;
  return {
    kind: 'polity',
    repeat,
    wallMs,
    accepted,
    refused: rejected.length - other.length,
    errors: other.length,
    firstError: other[0] === undefined ? null : String(other[0].reason),
    exact,
    transactions: begins(statements),
    statements: statements.length,
  };
}

/**
 * Runs (s): `repeats` rounds of plain claims and polity adds, taking turns. `db` must be a fresh schema of its
 * own (a Mégalis platform), its pool of `connections`, opened here before timing.
 */
export async function measureSeatCommands(db: CommandDb, claims: number, seats: number, connections: number, repeats: number, timeoutMs: number, log: (...parts: unknown[]) => void): Promise<SeatCommandsResult> {
  const world = benchPolity(db.store, megalis);
  const operatorId = await platformAdmin(world, 'ops@megalis.bench');
  const context = await plainContext(db, claims, seats);
  // Every connection open before timing.
  const opened = await Promise.all(Array.from({ length: connections }, () => db.pool.connect()));
  await Promise.all(opened.map((client) => client.query('SELECT 1')));
  for (const client of opened) client.release();
  const runs: SeatCommandRun[] = [];
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    const order = repeat % 2 === 0 ? (['plain', 'polity'] as const) : (['polity', 'plain'] as const);
    for (const kind of order) {
      const run = kind === 'plain' ? await plainRun(db, context, claims, seats, repeat) : await polityRun(db, world, operatorId, claims, seats, repeat, timeoutMs);
      runs.push(run);
      log(
        `(s) #${String(repeat + 1)} ${kind}: ${(run.wallMs / 1000).toFixed(2)} s, accepted ${String(run.accepted)}, refused ${String(run.refused)}, errors ${String(run.errors)}, ` +
          `${String(run.transactions)} transactions${run.exact ? '' : ' **NOT EXACT**'}${run.firstError === null ? '' : ` (${run.firstError})`}`,
      );
    }
  }
  return { claims, seats, connections, repeats, runs };
}
