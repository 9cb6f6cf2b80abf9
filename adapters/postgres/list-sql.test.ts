/**
 * Lists of a disjunction: one ordered index scan per branch, merged, must page exactly like the memory
 * store (the reference) whatever the branches share, and the plan must be the per-branch scans, not a sort
 * of every matching row.
 */
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where, type Filter, type Meeting, type OrderBy, type Store } from 'polity';
import { orderKeys } from 'polity/store-kit';
import { memoryStore } from 'polity/adapters/memory';
import { fixtureAt, makeMeeting, makeOrganisation, makeUnit, makeUser, seedFixtureWorld } from 'polity/testing';
import { pageStatement } from './list-sql';
import { tableSpecs } from './tables';
import { storeInFreshSchema, testSchemaName } from '../../test/conformance/pg-targets';
import { migrate } from './migrate';

let db: PGlite;
let store: Store;
let reference: Store;
const organisations = ['lo_1', 'lo_2', 'lo_3'];
const units = ['lu_1', 'lu_2', 'lu_3', 'lu_4'];
const organisers = ['lp_1', 'lp_2', 'lp_3'];

beforeAll(async () => {
  db = await PGlite.create();
  store = await storeInFreshSchema(db);
  reference = memoryStore();
  const meetings: Meeting[] = [];
  let n = 0;
  for (let i = 0; i < 240; i += 1) {
    n += 1;
    const organisationId = organisations[i % 3] as string;
    meetings.push(
      makeMeeting({
        id: `lm_${String(n).padStart(4, '0')}`,
        organisationId,
        unitId: i % 5 === 0 ? null : (units[i % 4] as string),
        organiserId: organisers[i % 3] as string,
        createdById: organisers[(i + 1) % 3] as string,
        // Many ties on startsAt, so the id decides.
        startsAt: fixtureAt(60 * (i % 17)),
        endsAt: fixtureAt(60 * (i % 17) + 30),
        status: i % 7 === 0 ? 'cancelled' : 'scheduled',
      }),
    );
  }
  for (const target of [store, reference]) {
    await seedFixtureWorld(target);
    await target.transaction(async (tx) => {
      for (const id of organisations) await tx.organisations.insert(makeOrganisation({ id }));
      for (const [index, id] of units.entries()) await tx.units.insert(makeUnit({ id, organisationId: organisations[index % 3] as string }));
      for (const id of organisers) await tx.users.insert(makeUser({ id }));
      for (const meeting of meetings) await tx.meetings.insert(meeting);
    });
  }
}, 120_000);

afterAll(async () => {
  await store.close();
  await reference.close();
  await db.close();
});

const scope: fc.Arbitrary<Filter> = fc.oneof(
  fc.constantFrom(...organisations).map((id) => where.eq('organisationId', id)),
  fc.constantFrom(...organisers).map((id) => where.eq('organiserId', id)),
  fc.subarray([...units, 'lu_missing'], { minLength: 0, maxLength: 4 }).map((ids) => where.in('unitId', ids)),
  fc.subarray([...organisations], { minLength: 1, maxLength: 3 }).map((ids) => where.in('organisationId', ids)),
  fc.constant(where.isNull('unitId')),
);
const plan: fc.Arbitrary<Filter> = fc.tuple(fc.array(scope, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([scopes, onlyScheduled]) => {
  const any = where.or(...scopes);
  return onlyScheduled ? where.and(where.eq('status', 'scheduled'), any) : any;
});
const ordering: fc.Arbitrary<OrderBy<Meeting>[] | undefined> = fc.constantFrom(
  undefined,
  [{ field: 'startsAt' as const }],
  [{ field: 'startsAt' as const, direction: 'desc' as const }],
  [{ field: 'unitId' as const }, { field: 'startsAt' as const, direction: 'desc' as const }],
);

async function walk(target: Store, f: Filter, orderBy: OrderBy<Meeting>[] | undefined, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 500; pages += 1) {
    const page = await target.meetings.list({ where: f, limit, after, ...(orderBy === undefined ? {} : { orderBy }) });
    seen.push(...page.items.map((item) => item.id));
    if (page.nextCursor === null) return seen;
    after = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('postgres adapter: lists of a disjunction', () => {
  it('page for page, in the same order, what the memory store returns (random scopes, orders, page sizes)', async () => {
    await fc.assert(
      fc.asyncProperty(plan, ordering, fc.constantFrom(1, 7, 50), async (f, orderBy, limit) => {
        expect(await walk(store, f, orderBy, limit), JSON.stringify({ f, orderBy, limit })).toEqual(await walk(reference, f, orderBy, limit));
      }),
      { numRuns: 120, seed: 11 },
    );
  }, 120_000);

  it('compiles a multi-scope plan to one ordered, limited index scan per scope, merged without sorting every match', async () => {
    const schema = testSchemaName('plan');
    await migrate(db, { schema });
    // Enough rows that PostgreSQL prefers the indexes.
    await db.exec(`SET search_path TO ${schema};
      INSERT INTO organisations SELECT 'o' || o, 'O', NULL, NULL, 'active', now(), now() FROM generate_series(0, 99) o;
      INSERT INTO units SELECT 'u' || u, 'o' || (u / 10), NULL, 'U', now(), now() FROM generate_series(0, 999) u;
      INSERT INTO users (id, organisation_id, given_name, family_name, email, email_lower, time_zone, language, identity_source, active, created_at, updated_at)
        SELECT 'p' || n, 'o' || (n / 100), 'A', 'B', n || '@x.test', n || '@x.test', 'UTC', 'en', 'local', true, now(), now() FROM generate_series(0, 9999) n;
      INSERT INTO meetings SELECT 'm' || i, 'o' || (i / 1000), 'u' || (i / 100), 'p' || (i / 10), 'p' || (i / 10), NULL, 'M', NULL,
        timestamptz '2026-01-01' + (i % 997) * interval '1 hour', timestamptz '2026-01-01' + (i % 997) * interval '1 hour' + interval '30 minutes', 'UTC', 'scheduled', 1, 10, now(), now()
        FROM generate_series(0, 99999) i;
      RESET search_path;`);
    await db.exec('ANALYZE');
    const meetings = tableSpecs(schema).get('meetings');
    if (meetings === undefined) throw new Error('meetings');
    const statement = pageStatement(meetings, {
      where: where.or(where.in('organisationId', ['o1', 'o2']), where.in('unitId', ['u500', 'u501', 'u502']), where.eq('organiserId', 'p9000')),
      keys: orderKeys([{ field: 'startsAt' }]),
      after: null,
      fetch: 51,
    });
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${statement.text}`, statement.values);
    const text = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain('Merge Append');
    for (const index of ['meetings_organisation_starts_idx', 'meetings_unit_starts_idx', 'meetings_organiser_starts_idx']) expect(text).toContain(index);
    // Six scans (2 organisations, 3 units, 1 organiser), each limited, none a sort of a whole scope.
    expect(text.match(/Index Scan using/g)?.length).toBe(6);
    expect(text).not.toMatch(/->\s+(Incremental )?Sort\s*$/m);
  }, 60_000);
});
