/**
 * `filterToSql` against its reference, `matchesFilter`, on a real database: random filters (fast-check) over a
 * small table of the test's own (text, integer, float, boolean, timestamptz and jsonb columns, most nullable),
 * values of every type against every column (the string '5' against an integer, a number against a text …),
 * select in SQL exactly the rows `matchesFilter` accepts in JavaScript. On PGlite always, and on the real
 * server with `DATABASE_URL`, each in a schema created for the run and dropped after it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPolityError, matchesFilter, relatedKeys, where, type Filter, type FilterValue, type MatchFilterOptions, type RelatedFilter } from 'polity';
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

/** The second table, for `related` nodes: pairs pointing at items by text, number or date, some gone. */
interface Pair {
  readonly id: string;
  readonly ref: string | null;
  readonly num: number | null;
  readonly who: string | null;
  readonly at: Date | null;
  readonly blob: unknown;
}
const pairs: Pair[] = [];
for (let i = 0; i < 40; i += 1) {
  pairs.push({
    id: `p${String(i).padStart(3, '0')}`,
    // Item ids, labels and names, and values no item holds.
    ref: [`r${String((i * 13) % 130).padStart(3, '0')}`, 'a', 'B', '', null][i % 5] ?? null,
    num: [5, 0, -1, 7, null, 3][i % 6] ?? null,
    who: ['u1', 'u2', null][i % 3] ?? null,
    at: times[i % times.length] ?? null,
    blob: i % 7 === 0 ? { i } : null,
  });
}
const pairColumns: FilterToSqlOptions['columns'] = {
  id: { column: 'id', type: 'text' },
  ref: { column: 'ref', type: 'text' },
  num: { column: 'num', type: 'integer' },
  who: { column: 'who', type: 'text' },
  at: { column: 'at', type: 'timestamp' },
  blob: { column: 'blob', type: 'json' },
};

type Family = 'text' | 'number' | 'boolean' | 'timestamp' | 'json';
/** The fields of each table by family, which is what the generators need to know of a table. */
const shapes = {
  items: { text: ['id', 'label', 'name'], number: ['n', 'score'], boolean: ['flag'], timestamp: ['at'], json: ['doc'] },
  pairs: { text: ['id', 'ref', 'who'], number: ['num'], boolean: [], timestamp: ['at'], json: ['blob'] },
} as const satisfies Record<string, Record<Family, readonly string[]>>;
type Table = keyof typeof shapes;
const fieldsOf = (table: Table): string[] => Object.values(shapes[table]).flat();

/** Values of every type, including the ones that must never match another type's column. */
const anyValue: fc.Arbitrary<FilterValue> = fc.constantFrom<FilterValue>(
  'a', 'B', 'b', 'ä', '', '5', 'r001', 'x', 'u1', -1, 0, 5, 5.5, 7, 1e20, 2 ** 53 + 2, -0, Number.NaN, true, false, at(0), at(5), at(29), new Date(Number.NaN), null,
);
const valueOf = (family: Exclude<Family, 'json'>): fc.Arbitrary<FilterValue> =>
  ({
    text: fc.constantFrom<FilterValue>('a', 'B', 'b', 'ä', '', '5', 'r050', 'u2', null),
    number: fc.constantFrom<FilterValue>(-1, 0, 5, 5.5, 7, 1e20, -0, null),
    boolean: fc.constantFrom<FilterValue>(true, false, null),
    timestamp: fc.constantFrom<FilterValue>(at(0), at(5), at(29), null),
  })[family];
const op = fc.constantFrom('lt' as const, 'lte' as const, 'gt' as const, 'gte' as const);

/** An ordered comparison the compiler accepts: a value or field of the column's family, or null, or an opaque column. */
function orderedLeaf(table: Table): fc.Arbitrary<Filter> {
  const shape = shapes[table];
  const options: fc.Arbitrary<Filter>[] = [];
  for (const family of ['text', 'number', 'boolean', 'timestamp'] as const) {
    const fields: readonly string[] = shape[family];
    if (fields.length === 0) continue;
    options.push(fc.record({ kind: fc.constant('cmp' as const), field: fc.constantFrom(...fields), op, value: fc.oneof(valueOf(family), fc.record({ field: fc.constantFrom(...fields) })) }));
  }
  options.push(fc.record({ kind: fc.constant('cmp' as const), field: fc.constantFrom(...shape.json), op, value: anyValue }));
  return fc.oneof(...options);
}

/**
 * Random filters over one table; with `related`, some nodes join the other table (any field against any key,
 * types that can never be equal included) with a random `where` over it, nested once more at most.
 */
function filterOver(table: Table, related: number): fc.Arbitrary<Filter> {
  const field = fc.constantFrom(...fieldsOf(table));
  const leaves: fc.Arbitrary<Filter>[] = [
    fc.record({ kind: fc.constant('eq' as const), field, value: anyValue }),
    fc.record({ kind: fc.constant('eq' as const), field, value: fc.record({ field }) }),
    fc.record({ kind: fc.constant('in' as const), field, values: fc.array(anyValue, { maxLength: 5 }) }),
    orderedLeaf(table),
    fc.constantFrom<Filter>(where.always(), where.never()),
  ];
  if (related > 0) {
    const other: Table = table === 'items' ? 'pairs' : 'items';
    const relatedLeaf: fc.Arbitrary<Filter> = fc.record({
        kind: fc.constant('related' as const),
        field,
        collection: fc.constant(other),
        key: fc.constantFrom(...fieldsOf(other)),
        where: filterOver(other, related - 1),
      });
    // Often enough that most filters hold one.
    leaves.push(relatedLeaf, relatedLeaf, relatedLeaf, relatedLeaf);
  }
  return fc.letrec<{ node: Filter }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(...leaves),
      fc.record({ kind: fc.constant('not' as const), filter: tie('node') }),
      fc.record({ kind: fc.constant('and' as const), filters: fc.array(tie('node'), { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('or' as const), filters: fc.array(tie('node'), { maxLength: 3 }) }),
    ),
  })).node;
}

const filter = filterOver('items', 0);
const relatedFilter = filterOver('items', 2);

/** What a Store's resolver does, over the test's rows: each node's keys once per filter. */
function resolverFor(): MatchFilterOptions {
  const keys = new Map<RelatedFilter, ReturnType<typeof relatedKeys>>();
  const options: MatchFilterOptions = {
    related: (node) => {
      let found = keys.get(node);
      if (found === undefined) {
        const records = (node.collection === 'pairs' ? pairs : rows) as unknown as Record<string, unknown>[];
        keys.set(node, (found = relatedKeys(node, records, options)));
      }
      return found;
    },
  };
  return options;
}

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
  await client.query(`CREATE TABLE "${schema}"."pairs" (id text COLLATE "C" PRIMARY KEY, ref text COLLATE "C", num int4, who text COLLATE "C", at timestamptz, blob jsonb)`, []);
  const pairValues: unknown[] = [];
  const pairTuples = pairs.map((pair) => {
    const base = pairValues.length;
    pairValues.push(pair.id, pair.ref, pair.num, pair.who, pair.at, pair.blob === null ? null : JSON.stringify(pair.blob));
    return `(${[1, 2, 3, 4, 5, 6].map((k) => `$${base + k}`).join(', ')})`;
  });
  await client.query(`INSERT INTO "${schema}"."pairs" (id, ref, num, who, at, blob) VALUES ${pairTuples.join(', ')}`, pairValues);
  return table;
}

const expectedIds = (f: Filter): string[] => {
  const options = resolverFor();
  return rows.filter((row) => matchesFilter(f, row as unknown as Record<string, unknown>, options)).map((row) => row.id);
};

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
      const collections = { pairs: { table: 'pairs', schema, columns: pairColumns }, items: { table: 'items', schema, columns } };
      const { text, params } = filterToSql(f, { columns, qualifier: 'o', collections });
      const result = (await client.query(`SELECT o.id FROM ${table} AS o WHERE ${text} ORDER BY o.id`, params)) as { rows: { id: string }[] };
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

    it('random filters with related nodes over a second table (EXISTS, nested, any key type): the same rows as matchesFilter with a resolver (300 cases)', async () => {
      let related = 0;
      await fc.assert(
        fc.asyncProperty(relatedFilter, async (f) => {
          if (JSON.stringify(f).includes('"related"')) related++;
          expect(await select(f), JSON.stringify(f)).toEqual(expectedIds(f));
        }),
        { numRuns: 300, seed: 13 },
      );
      expect(related).toBeGreaterThan(100);
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
