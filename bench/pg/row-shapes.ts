/**
 * "Does the hand-written transaction write exactly what polity writes?", checked on the database before
 * anything is timed: every row a call added or changed, in every table of the schema, is read back and
 * put in a canonical form in which what must differ between two calls (fresh ids, secrets, times, the
 * e-mail given) is replaced by a placeholder; the two calls' forms must then be equal, table by table.
 *
 * So if polity starts writing another row (or stops writing one), the check fails and names the table,
 * and the hand-written side must follow: the ratio is only ever taken between equal work.
 *
 * @module
 */
import type pg from 'pg';

/** Rows of one table, each as a JSON text (the snapshot's identity of a row). */
type TableRows = Map<string, Set<string>>;

/** Every row of every table of `schema`, as JSON texts. For small schemas: the checks run before any bulk load. */
export async function snapshot(pool: pg.Pool, schema: string): Promise<TableRows> {
  const tables = (await pool.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema])).rows;
  const out: TableRows = new Map();
  for (const { name } of tables) {
    const rows = (await pool.query(`SELECT * FROM "${schema}"."${name}"`)).rows as Record<string, unknown>[];
    out.set(name, new Set(rows.map((row) => JSON.stringify(row))));
  }
  return out;
}

/** What one call wrote: per table, the rows that are new or changed (as read after the call). */
export type Written = Record<string, Record<string, unknown>[]>;

/** Runs `fn` and returns the rows it added or changed, per table (tables it left alone are absent). */
export async function rowsWritten(pool: pg.Pool, schema: string, fn: () => Promise<unknown>): Promise<Written> {
  const before = await snapshot(pool, schema);
  await fn();
  const after = await snapshot(pool, schema);
  const out: Written = {};
  for (const [table, rows] of after) {
    const old = before.get(table) ?? new Set<string>();
    const fresh = [...rows].filter((row) => !old.has(row)).map((row) => JSON.parse(row) as Record<string, unknown>);
    if (fresh.length > 0) out[table] = fresh;
  }
  return out;
}

/** Values that differ between two equal calls, each replaced by its name, e.g. the actor's id by `<actor>`. */
export type Placeholders = Readonly<Record<string, string>>;

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const LINK_SECRET = /token=[^&"\s]+/g;

function canonical(value: unknown, replace: (text: string) => string): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? replace(value) : value;
  if (Array.isArray(value)) return value.map((item) => canonical(item, replace));
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, canonical(item, replace)]));
}

/**
 * The canonical form of what a call wrote: the ids of the rows it wrote become `<table>` (wherever they
 * appear: a foreign key, an idempotency key, a summary), the given placeholders are applied, and times,
 * SHA-256 digests and the secret in an activation link become `<time>`, `<sha256>`, `<secret>`.
 */
export function shapeOf(written: Written, placeholders: Placeholders): Record<string, string[]> {
  const names = new Map<string, string>(Object.entries(placeholders).map(([value, name]) => [value, name]));
  for (const [table, rows] of Object.entries(written)) {
    for (const row of rows) if (typeof row['id'] === 'string') names.set(row['id'], `<${table}>`);
  }
  // Longest first, so an id is never half-replaced by a shorter value it contains.
  const pairs = [...names].sort(([a], [b]) => b.length - a.length);
  const replace = (text: string): string => {
    if (SHA256_HEX.test(text)) return '<sha256>';
    let out = text.replace(ISO_TIME, '<time>').replace(LINK_SECRET, 'token=<secret>');
    for (const [value, name] of pairs) out = out.split(value).join(name);
    return out;
  };
  const out: Record<string, string[]> = {};
  for (const [table, rows] of Object.entries(written)) out[table] = rows.map((row) => JSON.stringify(canonical(row, replace))).sort();
  return out;
}

/**
 * Throws unless two calls wrote the same rows in shape (see {@link shapeOf}); the message shows the first
 * table that differs, both sides.
 */
export function assertSameRows(what: string, polity: Written, polityNames: Placeholders, hand: Written, handNames: Placeholders): void {
  const a = shapeOf(polity, polityNames);
  const b = shapeOf(hand, handNames);
  const tables = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const table of tables) {
    const x = JSON.stringify(a[table] ?? []);
    const y = JSON.stringify(b[table] ?? []);
    if (x !== y) throw new Error(`${what}: polity and the hand-written transaction wrote different rows in ${table}:\n  polity: ${x}\n  hand:   ${y}`);
  }
}

/** One line per table: how many rows a call wrote there, e.g. "users 1, assignments 1". */
export function rowCounts(written: Written): string {
  return Object.entries(written)
    .map(([table, rows]) => `${table} ${String(rows.length)}`)
    .join(', ');
}
