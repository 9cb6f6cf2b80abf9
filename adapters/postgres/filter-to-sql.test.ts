/**
 * `filterToSql` against its reference, `matchesFilter`, on a real database: random filters (fast-check) over a
 * small table of the test's own (text, integer, float, boolean, timestamptz and jsonb columns, most nullable),
 * values of every type against every column (the string '5' against an integer, a number against a text …),
 * select in SQL exactly the rows `matchesFilter` accepts in JavaScript. On PGlite always, and on the real
 * server with `DATABASE_URL`, each in a schema created for the run and dropped after it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPolityError, matchesFilter, where, type Filter, type FilterValue } from 'polity';
import { filterToSql, type FilterToSqlOptions } from './filter-to-sql';
import type { SqlQueryable } from './sql-client';
import { databaseUrl, dropSchema, endSharedClients, sharedPGlite, sharedPool, testSchemaName } from '../../test/conformance/pg-targets';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 9, minutes));

/** The table's rows as JavaScript sees them, one field per column (`null` where the column is NULL). */
interface Row {
  readonly id: string;
  readonly label: string;
  readonly name: string | null;
  readonly n: number | null;
  readonly score: number | null;
  readonly flag: boolean | null;
  readonly at: Date | null;
  readonly doc: unknown;
}

const names = ['a', 'B', 'b', 'ä', '', '5', null] as const;
const numbers = [-1, 0, 5, 7, null] as const;
const scores = [-0.5, 0, 5, 1e20, null] as const;
const flags = [true, false, null] as const;
const times = [at(0), at(5), at(30), null] as const;

/** Every name with each of the other columns cycling, so each comparison meets nulls on both sides. */
const rows: Row[] = [];
for (let i = 0; i < 120; i += 1) {
  rows.push({
    id: `r${String(i).padStart(3, '0')}`,
    label: names[i % 6] as string,
    name: names[i % names.length] ?? null,
    n: numbers[(i * 3) % numbers.length] ?? null,
    score: scores[(i * 7) % scores.length] ?? null,
    flag: flags[(i * 5) % flags.length] ?? null,
    at: times[(i * 11) % times.length] ?? null,
    // jsonb holds objects and arrays, in which matchesFilter sees no value either (JSON scalars belong in typed columns).
    doc: i % 4 === 2 ? { a: i } : i % 4 === 3 ? [i] : null,
  });
}

const columns: FilterToSqlOptions['columns'] = {
  id: { column: 'id', type: 'text' },
  label: { column: 'label', type: 'text' },
  name: { column: 'Name', type: 'text' }, // a column name that needs quoting
  n: { column: 'n', type: 'integer' },
  score: { column: 'score', type: 'float' },
  flag: { column: 'flag', type: 'boolean' },
  at: { column: 'at', type: 'timestamp' },
  doc: { column: 'doc', type: 'json' },
};

const textFields = ['id', 'label', 'name'] as const;
const numberFields = ['n', 'score'] as const;

/** Values of every type, including the ones that must never match another type's column. */
const anyValue: fc.Arbitrary<FilterValue> = fc.constantFrom<FilterValue>(
  'a', 'B', 'b', 'ä', '', '5', 'r001', 'x', -1, 0, 5, 5.5, 7, 1e20, 2 ** 53 + 2, -0, Number.NaN, true, false, at(0), at(5), at(29), new Date(Number.NaN), null,
);
const valueOf = (family: 'text' | 'number' | 'boolean' | 'timestamp'): fc.Arbitrary<FilterValue> =>
  ({
    text: fc.constantFrom<FilterValue>('a', 'B', 'b', 'ä', '', '5', 'r050', null),
    number: fc.constantFrom<FilterValue>(-1, 0, 5, 5.5, 7, 1e20, -0, null),
    boolean: fc.constantFrom<FilterValue>(true, false, null),
    timestamp: fc.constantFrom<FilterValue>(at(0), at(5), at(29), null),
  })[family];
const op = fc.constantFrom('lt' as const, 'lte' as const, 'gt' as const, 'gte' as const);
const anyField = fc.constantFrom('id', 'label', 'name', 'n', 'score', 'flag', 'at', 'doc');
/** An ordered comparison the compiler accepts: a value or field of the column's family, or null, or an opaque column. */
const orderedLeaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constantFrom(...textFields), op, value: fc.oneof(valueOf('text'), fc.record({ field: fc.constantFrom(...textFields) })) }),
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constantFrom(...numberFields), op, value: fc.oneof(valueOf('number'), fc.record({ field: fc.constantFrom(...numberFields) })) }),
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constant('flag'), op, value: valueOf('boolean') }),
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constant('at'), op, value: valueOf('timestamp') }),
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constant('doc'), op, value: anyValue }),
);
const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({ kind: fc.constant('eq' as const), field: anyField, value: anyValue }),
  fc.record({ kind: fc.constant('eq' as const), field: anyField, value: fc.record({ field: anyField }) }),
  fc.record({ kind: fc.constant('in' as const), field: anyField, values: fc.array(anyValue, { maxLength: 5 }) }),
  orderedLeaf,
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

/** A client of one target and the schema its table lives in. */
interface Target {
  readonly name: 'pglite' | 'postgres';
  readonly skip: boolean;
  readonly client: () => Promise<SqlQueryable>;
}

const targets: readonly Target[] = [
  { name: 'pglite', skip: false, client: sharedPGlite },
  { name: 'postgres', skip: databaseUrl === undefined, client: sharedPool },
];

/** Creates the table in a fresh schema and fills it; returns the qualified table name. */
async function createTable(client: SqlQueryable, schema: string): Promise<string> {
  const table = `"${schema}"."items"`;
  await client.query(`CREATE SCHEMA "${schema}"`, []);
  await client.query(
    `CREATE TABLE ${table} (id text COLLATE "C" PRIMARY KEY, label text COLLATE "C" NOT NULL, "Name" text COLLATE "C", n int4, score float8, flag bool, at timestamptz, doc jsonb)`,
    [],
  );
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const base = values.length;
    values.push(row.id, row.label, row.name, row.n, row.score, row.flag, row.at, row.doc === null ? null : JSON.stringify(row.doc));
    return `(${[1, 2, 3, 4, 5, 6, 7, 8].map((k) => `$${base + k}`).join(', ')})`;
  });
  await client.query(`INSERT INTO ${table} (id, label, "Name", n, score, flag, at, doc) VALUES ${tuples.join(', ')}`, values);
  return table;
}

const expectedIds = (f: Filter): string[] => rows.filter((row) => matchesFilter(f, row as unknown as Record<string, unknown>)).map((row) => row.id);

for (const target of targets) {
  describe.skipIf(target.skip)(`${target.name}: filterToSql selects exactly what matchesFilter accepts`, () => {
    const schema = testSchemaName('polity_fts');
    let client: SqlQueryable;
    let table: string;

    beforeAll(async () => {
      client = await target.client();
      table = await createTable(client, schema);
    }, 120_000);
    afterAll(async () => {
      await dropSchema((await target.client()) as never, schema);
    });

    const select = async (f: Filter): Promise<string[]> => {
      const { text, params } = filterToSql(f, { columns });
      const result = (await client.query(`SELECT id FROM ${table} WHERE ${text} ORDER BY id`, params)) as { rows: { id: string }[] };
      return result.rows.map((row) => row.id);
    };

    it('random filters, values of every type against every column: the same rows as matchesFilter (300 cases)', async () => {
      await fc.assert(
        fc.asyncProperty(filter, async (f) => {
          expect(await select(f), JSON.stringify(f)).toEqual(expectedIds(f));
        }),
        { numRuns: 300, seed: 12 },
      );
    }, 120_000);

    it('the bugs of the old root compiler: "5" never equals an integer, a jsonb value is null to eq(null), NaN matches nothing', async () => {
      for (const f of [where.eq('n', '5'), where.in('n', ['5', '7']), where.eq('name', 5), where.eq('doc', null), where.not(where.eq('doc', null)), where.eq('score', Number.NaN), where.eq('n', 2 ** 53 + 2), where.lt('score', 1e20)]) {
        expect(await select(f), JSON.stringify(f)).toEqual(expectedIds(f));
      }
      expect(expectedIds(where.eq('n', '5'))).toEqual([]);
      expect(expectedIds(where.eq('doc', null))).toHaveLength(rows.length);
    });

    it('binds a parameter list after the caller’s own, and qualifies columns with an alias', async () => {
      const { text, params } = filterToSql(where.and(where.eq('label', 'a'), where.gte('n', 0)), { columns, firstParam: 2, qualifier: 't' });
      expect(text).toBe('("t"."label" = $2::text AND "t"."n" >= $3::int8)');
      const result = (await client.query(`SELECT t.id FROM ${table} AS t WHERE t.id <> $1 AND ${text} ORDER BY t.id`, ['r000', ...params])) as { rows: { id: string }[] };
      expect(result.rows.map((row) => row.id)).toEqual(expectedIds(where.and(where.eq('label', 'a'), where.gte('n', 0), where.not(where.eq('id', 'r000')))));
    });
  });
}

afterAll(endSharedClients);

describe('filterToSql: what it refuses', () => {
  const refused = (f: Filter, options: FilterToSqlOptions = { columns }) => {
    try {
      filterToSql(f, options);
    } catch (error) {
      if (isPolityError(error, 'invalid_input')) return error.details?.issues[0]?.code;
      throw error;
    }
    throw new Error(`accepted ${JSON.stringify(f)}`);
  };

  it('a field without a column, an ordered comparison across types, a malformed column, qualifier or first parameter', () => {
    expect(refused(where.eq('nickname', 'x'))).toBe('unknown_field');
    expect(refused(where.lt('n', '5'))).toBe('mismatched_types');
    expect(refused(where.gt('name', 5))).toBe('mismatched_types');
    expect(refused(where.lt('at', where.field('n')))).toBe('mismatched_types');
    expect(refused(where.gt('score', Number.NaN))).toBe('mismatched_types');
    expect(refused(where.always(), { columns: { x: { column: '', type: 'text' } } })).toBe('invalid_column');
    expect(refused(where.always(), { columns: { x: { column: 'x', type: 'varchar' as never } } })).toBe('invalid_column_type');
    expect(refused(where.always(), { columns, qualifier: 'm; DROP TABLE x' })).toBe('invalid_qualifier');
    expect(refused(where.always(), { columns, firstParam: 0 })).toBe('invalid_param_number');
  });

  it('values travel as parameters, never in the text', () => {
    const hostile = "x'); DROP TABLE items; --";
    const { text, params } = filterToSql(where.or(where.eq('label', hostile), where.in('name', [hostile, 'a']), where.gt('label', hostile)), { columns });
    expect(text).toBe('("label" = $1::text OR "Name" = ANY($2::text[]) OR "label" > $3::text)');
    expect(params).toEqual([hostile, [hostile, 'a'], hostile]);
  });
});
