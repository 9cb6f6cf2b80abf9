/**
 * A `pg.Pool` seen through a counter: every statement sent through the pool or through a connection checked
 * out of it is counted and its text kept, so a bench can say how many statements one polity command sends
 * (and which tables they read) without `pg_stat_statements`. The Postgres adapter takes "a `pg.Pool` or
 * anything of the same shape" (adapters/postgres/sql-client.ts), which the proxy is: its `query`, `connect`
 * and `totalCount` are the pool's own, only observed.
 *
 *   const counted = countingPool(pool);
 *   const store = postgresStore(counted.pool, { schema });
 *   counted.reset(); await command(); counted.statements; // texts, in order
 *
 * Counting is global to the proxy: read it around one call at a time (the benches alternate calls, never
 * overlap them), or around a whole concurrent run for totals.
 *
 * @module
 */
import type pg from 'pg';

/** What {@link countingPool} returns. */
export interface CountingPool {
  /** The pool to hand to `postgresStore`: the same pool, every statement counted. */
  readonly pool: pg.Pool;
  /** Texts of the statements sent since the last {@link CountingPool.reset}, in order. */
  readonly statements: readonly string[];
  /** Forgets what was counted. */
  reset(): void;
}

/** The text of what node-postgres' `query` was given: a string, or a config object `{ text, name, values }`. */
function textOf(first: unknown): string {
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && typeof (first as { text?: unknown }).text === 'string') return (first as { text: string }).text;
  return String(first);
}

/** Wraps `query` of a pool or a checked-out client so that it records each statement before sending it. */
function countQuery(target: object, seen: string[]): (...args: unknown[]) => unknown {
  const query = (target as { query: (...args: unknown[]) => unknown }).query;
  return (...args: unknown[]) => {
    seen.push(textOf(args[0]));
    return query.apply(target, args);
  };
}

/**
 * Observes a pool: statements sent through `pool.query` and through the clients of `pool.connect()` are
 * recorded. Everything else is the pool's own (bound to it, so getters such as `totalCount` keep working).
 */
export function countingPool(pool: pg.Pool): CountingPool {
  let seen: string[] = [];
  const clientProxy = (client: pg.PoolClient): pg.PoolClient =>
    new Proxy(client, {
      get(target, property, receiver) {
        if (property === 'query') return countQuery(target, seen);
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  const proxy = new Proxy(pool, {
    get(target, property) {
      if (property === 'query') return countQuery(target, seen);
      if (property === 'connect') {
        // Only the promise form: the adapter never passes a callback.
        return async () => clientProxy(await target.connect());
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    pool: proxy,
    get statements() {
      return seen;
    },
    reset() {
      seen = [];
    },
  };
}

/** Statements that read a table (`FROM` or `JOIN` it), for "organisations read 3 times". */
export function readsOf(statements: readonly string[], table: string): number {
  const pattern = new RegExp(`(FROM|JOIN)\\s+("[a-z0-9_]+"\\.)?"?${table}"?(\\s|$|\\))`, 'i');
  return statements.filter((text) => /^\s*(SELECT|WITH)/i.test(text) && pattern.test(text)).length;
}

/** A command's statements by kind. */
export interface StatementKinds {
  readonly total: number;
  /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT … */
  readonly control: number;
  readonly reads: number;
  readonly writes: number;
  /** Reads of the `organisations` table (the issue counts three per command at HEAD). */
  readonly organisationReads: number;
}

/** Sorts statements into transaction control, reads and writes. */
export function kindsOf(statements: readonly string[]): StatementKinds {
  const control = statements.filter((text) => /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(text)).length;
  const writes = statements.filter((text) => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(text) || /^\s*WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\b/i.test(text)).length;
  return { total: statements.length, control, reads: statements.length - control - writes, writes, organisationReads: readsOf(statements, 'organisations') };
}

/**
 * A statement in a few words for the report: its verb and the tables it names, e.g.
 * "SELECT organisations" or "INSERT audit" (the texts themselves run to kilobytes).
 */
export function describeStatement(text: string): string {
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '?';
  if (['BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE'].includes(verb)) return text.trim();
  const tables = [...new Set([...text.matchAll(/"[a-z0-9_]+"\."([a-z_]+)"/g)].map((m) => m[1]))];
  const plain = tables.length > 0 ? tables : [...new Set([...text.matchAll(/\b(?:FROM|INTO|UPDATE|JOIN)\s+([a-z_]+)/gi)].map((m) => m[1]))];
  return `${verb} ${plain.join(', ')}`;
}
