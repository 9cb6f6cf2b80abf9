/**
 * The filter compiler against its reference, `matchesFilter`: random filters (fast-check) over records full
 * of nulls select exactly the same rows in PGlite as in JavaScript, through `list`, `count`, `findOne` and
 * `deleteWhere`; values never appear in the SQL text; where JavaScript and SQL would part ways the compiler
 * follows `matchesFilter` or refuses.
 */
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPolityError, matchesFilter, where, type Filter, type FilterValue, type Group, type Store, type User } from 'polity';
import { fixtureAt, fixtureIds, makeGroup, makeUser, seedFixtureWorld } from 'polity/testing';
import { compileFilter } from './filter-sql';
import { SqlParams } from './sql-params';
import { tableSpecs } from './tables';
import { storeInFreshSchema } from '../../test/conformance/pg-targets';

let db: PGlite;
let store: Store;
let people: User[];

const titles = ['Dr', 'Mme', 'Prof', null] as const;
const countries = ['GR', 'IT', 'FR', null] as const;
const postcodes = ['10558', '54622', '75001', null] as const;
const minutes = [0, 5, 10, 20] as const;

beforeAll(async () => {
  db = await PGlite.create();
  store = await storeInFreshSchema(db);
  await seedFixtureWorld(store);
  people = [];
  // Every combination of a few values and nulls, so each comparison meets nulls on both sides.
  let n = 0;
  for (const title of titles)
    for (const country of countries)
      for (const postcode of postcodes) {
        n += 1;
        people.push(
          makeUser({
            id: `p${String(n).padStart(3, '0')}`,
            title,
            country,
            postcode,
            active: n % 2 === 0,
            lastSignInAt: n % 5 === 0 ? null : fixtureAt(minutes[n % 4] ?? 0),
            language: n % 3 === 0 ? 'el' : 'en',
          }),
        );
      }
  await store.transaction(async (tx) => {
    for (const person of people) await tx.users.insert(person);
  });
}, 120_000);

afterAll(async () => {
  await store.close();
  await db.close();
});

const textField = fc.constantFrom('title', 'country', 'postcode', 'language', 'familyName');
const value: fc.Arbitrary<FilterValue> = fc.oneof(
  fc.constantFrom<FilterValue>('Dr', 'Mme', 'GR', 'IT', '54622', '20000', 'el', 'en', 'Lovelace', null),
  fc.constantFrom<FilterValue>(true, false, 5, fixtureAt(5), fixtureAt(12)),
);
const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({ kind: fc.constant('eq' as const), field: textField, value }),
  fc.record({ kind: fc.constant('eq' as const), field: textField, value: fc.record({ field: textField }) }),
  fc.record({ kind: fc.constant('in' as const), field: textField, values: fc.array(value, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constantFrom('postcode', 'title'), op: fc.constantFrom('lt' as const, 'lte' as const, 'gt' as const, 'gte' as const), value: fc.constantFrom<FilterValue>('20000', '54622', 'Mme', null) }),
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constant('lastSignInAt'), op: fc.constantFrom('lt' as const, 'gte' as const), value: fc.constantFrom<FilterValue>(fixtureAt(5), fixtureAt(12), null) }),
  fc.record({ kind: fc.constant('eq' as const), field: fc.constant('active'), value: fc.constantFrom<FilterValue>(true, false, null, 'true') }),
  fc.constantFrom<Filter>(where.always(), where.never()),
);
const filter: fc.Arbitrary<Filter> = fc.letrec<{ node: Filter }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant('not' as const), filter: tie('node') }),
    fc.record({ kind: fc.constant('and' as const), filters: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('or' as const), filters: fc.array(tie('node'), { maxLength: 3 }) }),
  ),
})).node;

const ids = (records: readonly { id: string }[]) => records.map((record) => record.id).sort();

describe('postgres adapter: filters compile to exactly what matchesFilter selects', () => {
  it('random filters over records full of nulls: list, count and findOne agree with matchesFilter', async () => {
    await fc.assert(
      fc.asyncProperty(filter, async (f) => {
        const expected = ids(people.filter((person) => matchesFilter(f, person)));
        // Only the generated people: the fixture world's own users are not part of the comparison.
        const mine = where.and(f, where.in('id', people.map((person) => person.id)));
        const page = await store.users.list({ where: mine, limit: 1000 });
        expect(ids(page.items), JSON.stringify(f)).toEqual(expected);
        expect(await store.users.count(mine)).toBe(expected.length);
        expect((await store.users.findOne(mine))?.id ?? null).toBe(expected[0] ?? null);
      }),
      { numRuns: 300, seed: 7 },
    );
  }, 120_000);

  it('JSON and array fields compare as null, exactly as matchesFilter sees them', async () => {
    const group: Group = await store.groups.insert(makeGroup({ memberIds: [fixtureIds.user] }));
    for (const f of [where.isNull('memberIds'), where.eq('memberIds', 'x'), where.not(where.eq('memberIds', 'x')), where.in('memberIds', []), where.in('memberIds', ['x'])]) {
      const expected = matchesFilter(f, group);
      expect((await store.groups.count(f)) === 1, JSON.stringify(f)).toBe(expected);
    }
  });

  it('values travel as parameters, never in the SQL text', () => {
    const users = tableSpecs('s').get('users');
    if (users === undefined) throw new Error('users');
    const params = new SqlParams();
    const hostile = "x'); DROP TABLE users; --";
    const text = compileFilter(where.or(where.eq('familyName', hostile), where.in('title', [hostile, 'Dr']), where.gt('postcode', hostile)), users, params);
    expect(text).not.toContain('DROP');
    expect(text).toBe('("family_name" = $1::text OR "title" = ANY($2::text[]) OR "postcode" > $3::text)');
    expect(params.values).toEqual([hostile, [hostile, 'Dr'], hostile]);
  });

  it('refuses ordered comparisons across types, and unknown fields, as invalid_input', async () => {
    for (const f of [where.lt('lastSignInAt', 'yesterday'), where.gt('postcode', 5), where.lt('active', where.field('postcode')), where.gt('postcode', Number.NaN)]) {
      const error = await store.users.list({ where: f }).catch((caught: unknown) => caught);
      expect(isPolityError(error, 'invalid_input'), JSON.stringify(f)).toBe(true);
    }
    const unknown = await store.users.count(where.and(where.eq('nickname', 'x'), where.eq('shoeSize', 42))).catch((caught: unknown) => caught);
    expect(isPolityError(unknown, 'invalid_input') && unknown.details).toMatchObject({ issues: [{ path: 'where', code: 'unknown_field' }, { path: 'where', code: 'unknown_field' }] });
  });
});
