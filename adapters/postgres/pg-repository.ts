/**
 * The Postgres store's repository, one class for every collection of the catalogue: validation against the
 * entity schema and the field whitelist, filters compiled to parameterised SQL, keyset pages, unique
 * constraints enforced by the database and reported under the catalogue's names, and unique keys looked up
 * through the same unique indexes.
 *
 * @module
 */
import { PolityError, conflict, notFound, type ConflictConstraint, matchesFilter, type Filter } from 'polity';
import { definedEntries, guardedChangeEntries, invalidField as invalid, type LooseGuardedUpdate, type LooseListQuery, assertFilterFields, assertKnownFields, decodeCursor, encodeCursor, orderKeys, orderValues, pageLimit, readUniqueKey, listMatching, type OrderInput } from 'polity/store-kit';
import { compileFilter, knowsAllFields } from './filter-sql';
import { pageStatement } from './list-sql';
import type { Access, OperationContext, PgEngine, TransactionContext } from './pg-engine';
import { copyRecord, decodeRow, encodeValue, lowerKey, validateField, validateRecord, type Fields, type StoredRecord } from './records';
import { SqlParams } from './sql-params';
import { sqlTypeOf, type ColumnSpec, type TableSpec } from './tables';
import { uniqueLookupStatement, type UniqueLookupStatement } from './unique-sql';


const named = { named: true } as const;

/** The `options` of a read, as the port types them. */
interface LooseReadOptions {
  readonly lock?: unknown;
}

/** The row-locking clause of a lock; `''` for none. */
const lockClauses = { update: ' FOR NO KEY UPDATE', share: ' FOR SHARE' } as const;

/**
 * The clause a locking read appends, after checking the lock: known, and asked inside a transaction (a lock
 * outside one would end with its statement).
 *
 * @throws {@link PolityError} `invalid_input` for an unknown lock (`invalid_value`) or outside a transaction (`lock_outside_transaction`).
 */
function lockClause(lock: unknown, context: OperationContext): string {
  if (lock === undefined) return '';
  if (lock !== 'update' && lock !== 'share') throw invalid('lock', 'a lock is "update" or "share"', 'invalid_value');
  if (!context.inTransaction) throw invalid('lock', 'a record is locked only inside a transaction', 'lock_outside_transaction');
  return lockClauses[lock];
}

/**
 * Whether a filter only matches records it names by id (`eq('id', …)` or `in('id', …)` among its top-level
 * conjuncts): a guarded update through it is a point write, which locks exactly those rows.
 */
function pinsIds(filter: Filter): boolean {
  if (filter.kind === 'and') return filter.filters.some(pinsIds);
  if (filter.kind === 'eq') return filter.field === 'id' && typeof filter.value === 'string';
  if (filter.kind === 'in') return filter.field === 'id';
  return false;
}

/** Statement texts that depend only on the table, built once. */
interface FixedStatements {
  readonly get: string;
  readonly insert: string;
  readonly delete: string;
  readonly exists: string;
}

/** What every repository of one collection shares, whichever transaction it is bound to. */
export interface TableRuntime {
  readonly table: TableSpec;
  readonly engine: PgEngine;
  readonly sql: FixedStatements;
  /** Columns written on insert: every field, then the lower-cased key columns. */
  readonly writeColumns: readonly { readonly column: ColumnSpec; readonly lower: boolean }[];
  /** The quoted names of {@link TableRuntime.writeColumns}, comma-separated. */
  readonly writeNames: string;
  /** The `findUnique` statement of each unique constraint, by the constraint's name. */
  readonly uniqueLookups: ReadonlyMap<string, UniqueLookupStatement>;
}

/** Builds the shared part of a collection's repositories (statement texts and write columns), once per store. */
export function tableRuntime(table: TableSpec, engine: PgEngine): TableRuntime {
  const writeColumns = [
    ...table.columns.map((column) => ({ column, lower: false })),
    ...table.columns.filter((column) => column.lower !== null).map((column) => ({ column, lower: true })),
  ];
  const writeNames = writeColumns.map(({ column, lower }) => (lower ? `"${column.lower as string}"` : column.sql)).join(', ');
  const placeholders = writeColumns.map(({ column, lower }, index) => `$${String(index + 1)}::${lower ? 'text' : sqlTypeOf[column.kind]}`).join(', ');
  const sql: FixedStatements = {
    get: `SELECT ${table.selectList} FROM ${table.qualified} WHERE "id" = $1::text`,
    // DO NOTHING without a target covers every unique index: a clash is reported by the store, and never
    // aborts the surrounding transaction.
    insert: `INSERT INTO ${table.qualified} (${writeNames}) VALUES (${placeholders}) ON CONFLICT DO NOTHING`,
    delete: `DELETE FROM ${table.qualified} WHERE "id" = $1::text`,
    exists: `SELECT 1 AS found FROM ${table.qualified} WHERE "id" = $1::text`,
  };
  const uniqueLookups = new Map(table.uniques.map((unique) => [unique.name, uniqueLookupStatement(table, unique)]));
  return { table, engine, sql, writeColumns, writeNames, uniqueLookups };
}

/** The Postgres store's repository of one collection; see the `Repository` port for each method's contract. */
export class PgRepository {
  readonly #runtime: TableRuntime;
  readonly #table: TableSpec;
  readonly #engine: PgEngine;
  readonly #bound: TransactionContext | undefined;
  readonly #sql: FixedStatements;
  readonly #writeColumns: TableRuntime['writeColumns'];

  /** A repository bound to a transaction (or to none: each call on its own). Cheap: one per collection per transaction. */
  constructor(runtime: TableRuntime, bound: TransactionContext | undefined) {
    this.#runtime = runtime;
    this.#table = runtime.table;
    this.#engine = runtime.engine;
    this.#bound = bound;
    this.#sql = runtime.sql;
    this.#writeColumns = runtime.writeColumns;
  }

  /** The same repository for another transaction. */
  withTransaction(bound: TransactionContext | undefined): PgRepository {
    return new PgRepository(this.#runtime, bound);
  }

  /**
   * Runs an operation through the engine. `point` operations name their records by id (and lock them when
   * they write); every other one reads by a condition, which a transaction must run at SERIALIZABLE.
   */
  #operate<R>(access: Access, operation: 'read' | 'write' | 'delete', fn: (context: OperationContext) => Promise<R>): Promise<R> {
    return this.#engine.operate(this.#bound, access, this.#table.collection, operation, fn);
  }

  #rowValues(record: StoredRecord): unknown[] {
    return this.#writeColumns.map(({ column, lower }) => (lower ? lowerKey(record[column.field]) : encodeValue(column, record[column.field])));
  }

  async get(id: string, options: LooseReadOptions = {}): Promise<StoredRecord | null> {
    return this.#operate('read', 'read', async (context) => {
      const lock = lockClause(options.lock, context);
      const { rows } = await context.query<Record<string, unknown>>(`${this.#sql.get}${lock}`, [id], named);
      const row = rows[0];
      return row === undefined ? null : decodeRow(this.#table, row);
    });
  }

  async findOne(where: Filter, options: LooseReadOptions = {}): Promise<StoredRecord | null> {
    this.#checkFilter(where);
    return this.#operate('read', 'read', async (context) => {
      const lock = lockClause(options.lock, context);
      // A locking read is one plain SELECT (a row lock cannot be taken through the UNION ALL of a page plan);
      // under a concurrent change PostgreSQL re-checks the condition on the row it locked.
      const statement = lock === '' ? pageStatement(this.#table, { where, keys: orderKeys(), after: null, fetch: 1 }) : this.#lockingFindOne(where, lock);
      const { rows } = await context.query<Record<string, unknown>>(statement.text, statement.values, named);
      const row = rows[0];
      return row === undefined ? null : decodeRow(this.#table, row);
    });
  }

  async findUnique(constraint: string, key: Fields, options: LooseReadOptions = {}): Promise<StoredRecord | null> {
    const lookup = readUniqueKey(this.#table.definition, constraint, key);
    const statement = this.#runtime.uniqueLookups.get(lookup.constraint.name) as UniqueLookupStatement;
    const values = statement.bind(lookup.values);
    // A read by condition, as findOne: in a transaction without options it runs at SERIALIZABLE, so "no such
    // key" stays true until commit.
    return this.#operate('read', 'read', async (context) => {
      const lock = lockClause(options.lock, context);
      const { rows } = await context.query<Record<string, unknown>>(`${statement.text}${lock}`, values, named);
      const row = rows[0];
      return row === undefined ? null : decodeRow(this.#table, row);
    });
  }

  async insert(record: Fields): Promise<StoredRecord> {
    const stored = validateRecord(this.#table, record, 'record');
    const values = this.#rowValues(stored);
    return this.#operate('point', 'write', async (context) => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const { rowCount } = await context.query(this.#sql.insert, values, named);
        if (rowCount === 1) return copyRecord(this.#table, stored);
        const constraint = await this.#findClash(context, stored, []);
        if (constraint !== null) throw this.#conflict(constraint);
        // The clashing record went away meanwhile: try again.
      }
      throw new PolityError('internal', `inserting into ${this.#table.collection} kept clashing with records that then disappeared`);
    });
  }

  /**
   * Inserts several records, all or none (`enqueue`). Outside a transaction one multi-row INSERT is atomic by
   * itself; inside one, a clash is found without aborting the transaction, and the rows this call did insert
   * are deleted again (nobody else could have seen them).
   */
  async insertAll(records: readonly Fields[]): Promise<void> {
    const stored = records.map((record) => validateRecord(this.#table, record, 'record'));
    const clash = this.#clashWithin(stored);
    await this.#operate('point', 'write', async (context) => {
      if (clash !== null) throw this.#conflict(clash);
      if (stored.length === 0) return;
      const params = new SqlParams();
      const rows = stored.map(
        (record) => `(${this.#rowValues(record).map((value, index) => params.add(value, this.#writeType(index))).join(', ')})`,
      );
      const base = `INSERT INTO ${this.#table.qualified} (${this.#runtime.writeNames}) VALUES ${rows.join(', ')}`;
      if (!context.inTransaction) {
        await context.query(base, params.values);
        return;
      }
      const { rows: inserted } = await context.query<{ id: string }>(`${base} ON CONFLICT DO NOTHING RETURNING "id"`, params.values);
      if (inserted.length === stored.length) return;
      const ours = inserted.map((row) => row.id);
      const missing = stored.filter((record) => !ours.includes(record.id));
      let constraint: string | null = null;
      for (const record of missing) {
        constraint = await this.#findClash(context, record, ours);
        if (constraint !== null) break;
      }
      await context.query(`DELETE FROM ${this.#table.qualified} WHERE "id" = ANY($1::text[])`, [ours]);
      throw this.#conflict(constraint ?? `${this.#table.collection}.id`);
    });
  }

  #writeType(index: number): string {
    const entry = this.#writeColumns[index];
    return entry === undefined || entry.lower ? 'text' : sqlTypeOf[entry.column.kind];
  }

  async update(id: string, patch: Fields): Promise<StoredRecord> {
    const entries = this.#checkChange(definedEntries(patch), 'patch');
    // One statement: each value is checked on its own here, the rules across fields are the table's check
    // constraints, evaluated on the row as it is once the UPDATE holds its lock.
    const values = entries.map(([field, value]) => [field, validateField(this.#table, field, value)] as const);
    const touchesUnique = entries.some(([field]) => this.#table.uniqueFields.has(field));
    const params = new SqlParams();
    const text =
      values.length === 0
        ? `${this.#sql.get}`
        : `UPDATE ${this.#table.qualified} SET ${this.#assignments(values, params).join(', ')} WHERE "id" = ${params.add(id, 'text')} RETURNING ${this.#table.selectList}`;
    const bound = values.length === 0 ? [id] : params.values;
    const run = async (unit: OperationContext): Promise<StoredRecord> => {
      const { rows } = await unit.query<Record<string, unknown>>(text, bound, named);
      const row = rows[0];
      if (row === undefined) {
        throw notFound('record', id, { collection: this.#table.collection });
      }
      return this.#checked(decodeRow(this.#table, row));
    };
    return this.#operate('point', 'write', (context) => (context.inTransaction ? context.atomic(run, touchesUnique) : run(context)));
  }

  /** A record the database accepted, checked against the schema (a rule no check constraint mirrors is a bug). */
  #checked(record: StoredRecord): StoredRecord {
    if (!this.#table.definition.schema.safeParse(record).success) {
      throw new PolityError('internal', `the database holds a ${this.#table.collection} record its schema refuses: a check constraint is missing`, {
        details: { id: record.id },
      });
    }
    return record;
  }

  /** `"col" = $n::type` for each field, plus the lower-cased key column of a case-insensitive one. */
  #assignments(entries: readonly (readonly [string, unknown])[], params: SqlParams): string[] {
    const sets: string[] = [];
    for (const [field, value] of entries) {
      const column = this.#table.byField.get(field) as ColumnSpec;
      sets.push(`${column.sql} = ${params.add(encodeValue(column, value), sqlTypeOf[column.kind])}`);
      if (column.lower !== null) sets.push(`"${column.lower}" = ${params.add(lowerKey(value), 'text')}`);
    }
    return sets;
  }

  async guardedUpdate(change: LooseGuardedUpdate): Promise<StoredRecord[]> {
    this.#checkFilter(change.where);
    const { sets, increments } = guardedChangeEntries(change, (entries, path) => this.#checkChange(entries, path));
    for (const [field, delta] of increments) {
      const column = this.#table.byField.get(field) as ColumnSpec;
      if (column.kind !== 'integer' && column.kind !== 'float') throw invalid('increment', `"${field}" of ${this.#table.collection} is not a number`, 'not_a_number');
      if (column.kind === 'integer' && !Number.isInteger(delta)) throw invalid(field, `"${field}" holds whole numbers: cannot add ${String(delta)}`, 'not_an_integer');
    }
    // Each value set is checked on its own here; rules across fields are the table's check constraints,
    // evaluated on the row as it is when the update takes its lock.
    const validSets = sets.map(([field, value]) => [field, validateField(this.#table, field, value)] as const);
    const params = new SqlParams();
    const assignments = this.#assignments(validSets, params);
    for (const [field, delta] of increments) {
      const column = this.#table.byField.get(field) as ColumnSpec;
      // `null + n` stays null, as the port says.
      assignments.push(`${column.sql} = ${column.sql} + ${params.add(delta, column.kind === 'integer' ? 'int4' : 'float8')}`);
    }
    const condition = compileFilter(change.where, this.#table, params);
    const text = `UPDATE ${this.#table.qualified} SET ${assignments.join(', ')} WHERE ${condition} RETURNING ${this.#table.selectList}`;
    const touchesUnique = sets.some(([field]) => this.#table.uniqueFields.has(field));
    const run = async (unit: OperationContext): Promise<StoredRecord[]> => {
      const { rows } = await unit.query<Record<string, unknown>>(text, params.values, named);
      // The check constraints mirror every rule across fields; #checked catches a migration that forgot one.
      const changed = rows.map((row) => this.#checked(decodeRow(this.#table, row)));
      return changed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    };
    // One statement, atomic by itself: outside a transaction it autocommits (no BEGIN … COMMIT round trips).
    return this.#operate(pinsIds(change.where) ? 'point' : 'read', 'write', (context) =>
      context.inTransaction ? context.atomic(run, touchesUnique) : run(context),
    );
  }

  async delete(id: string): Promise<boolean> {
    return this.#operate('point', 'delete', async (context) => (await context.query(this.#sql.delete, [id], named)).rowCount > 0);
  }

  async deleteWhere(where: Filter): Promise<number> {
    this.#checkFilter(where);
    const params = new SqlParams();
    const text = `DELETE FROM ${this.#table.qualified} WHERE ${compileFilter(where, this.#table, params)}`;
    return this.#operate('read', 'delete', async (context) => (await context.query(text, params.values, named)).rowCount);
  }

  /** `SELECT … WHERE <filter> ORDER BY id LIMIT 1 FOR …`: the first matching record, locked. */
  #lockingFindOne(where: Filter, lock: string): { text: string; values: unknown[] } {
    const params = new SqlParams();
    const condition = compileFilter(where, this.#table, params);
    return { text: `SELECT ${this.#table.selectList} FROM ${this.#table.qualified} WHERE ${condition} ORDER BY "id" LIMIT 1${lock}`, values: params.values };
  }

  async list(query: LooseListQuery = {}): Promise<{ items: StoredRecord[]; nextCursor: string | null }> {
    // A predicate SQL cannot run: keyset chunks through the filter, the predicate applied here.
    if (query.matching !== undefined) {
      const page = await listMatching((chunk) => this.list(chunk), query, query.matching);
      return { items: [...page.items], nextCursor: page.nextCursor };
    }
    const keys = orderKeys(query.orderBy);
    if (keys.some((key) => !this.#table.byField.has(key.field))) assertKnownFields(this.#table.definition, keys.map((key) => key.field), 'orderBy');
    if (query.where !== undefined) this.#checkFilter(query.where);
    const limit = pageLimit(query.limit);
    const after = query.after === undefined || query.after === null ? null : decodeCursor(query.after, keys);
    const statement = pageStatement(this.#table, { where: query.where, keys, after, fetch: limit + 1 });
    return this.#operate('read', 'read', async (context) => {
      const { rows } = await context.query<Record<string, unknown>>(statement.text, statement.values, named);
      const items = (rows.length > limit ? rows.slice(0, limit) : rows).map((row) => decodeRow(this.#table, row));
      const last = items.at(-1);
      // A page says whether more follows: there is a next cursor exactly when a record lies beyond this page.
      const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(keys, orderValues(last, keys)) : null;
      return { items, nextCursor };
    });
  }

  async count(where?: Filter): Promise<number> {
    if (where !== undefined) this.#checkFilter(where);
    const params = new SqlParams();
    const condition = where === undefined ? '' : ` WHERE ${compileFilter(where, this.#table, params)}`;
    const text = `SELECT count(*) AS n FROM ${this.#table.qualified}${condition}`;
    return this.#operate('read', 'read', async (context) => {
      const { rows } = await context.query<{ n: number | string | bigint }>(text, params.values, named);
      return Number(rows[0]?.n ?? 0);
    });
  }

  /**
   * The constraint another record (not one of `ignore`) holds `record`'s values under, in the memory store's
   * order (the id first), or `null` when none does.
   */
  async #findClash(context: OperationContext, record: StoredRecord, ignore: readonly string[]): Promise<string | null> {
    const { rows } = await context.query(`${this.#sql.exists} AND NOT ("id" = ANY($2::text[]))`, [record.id, ignore]);
    if (rows.length > 0) return `${this.#table.collection}.id`;
    for (const unique of this.#table.uniques) {
      if (unique.where !== undefined && !matchesFilter(unique.where, record)) continue;
      const params = new SqlParams();
      const conditions: string[] = [];
      let applies = true;
      for (const field of unique.fields) {
        const column = this.#table.byField.get(field) as ColumnSpec;
        const value = record[field];
        if (value === null || value === undefined) applies = false;
        else if (column.lower !== null && unique.caseInsensitive.has(field)) conditions.push(`"${column.lower}" = ${params.add(lowerKey(value), 'text')}`);
        else conditions.push(`${column.sql} = ${params.add(encodeValue(column, value), sqlTypeOf[column.kind])}`);
      }
      if (!applies) continue;
      if (unique.where !== undefined) conditions.push(compileFilter(unique.where, this.#table, params));
      conditions.push(`"id" <> ${params.add(record.id, 'text')}`, `NOT ("id" = ANY(${params.add([...ignore], 'text[]')}))`);
      const found = await context.query(`SELECT 1 AS found FROM ${this.#table.qualified} WHERE ${conditions.join(' AND ')} LIMIT 1`, params.values);
      if (found.rows.length > 0) return unique.name;
    }
    return null;
  }

  /** A clash among records written together (two with one id, or one key), found before touching the database. */
  #clashWithin(records: readonly StoredRecord[]): string | null {
    const ids = new Set<string>();
    for (const record of records) {
      if (ids.has(record.id)) return `${this.#table.collection}.id`;
      ids.add(record.id);
    }
    for (const unique of this.#table.uniques) {
      const keys = new Set<string>();
      for (const record of records) {
        if (unique.where !== undefined && !matchesFilter(unique.where, record)) continue;
        const parts: unknown[] = [];
        let applies = true;
        for (const field of unique.fields) {
          const value = record[field];
          if (value === null || value === undefined) applies = false;
          else parts.push(value instanceof Date ? value.getTime() : unique.caseInsensitive.has(field) ? lowerKey(value) : value);
        }
        if (!applies) continue;
        const key = JSON.stringify(parts);
        if (keys.has(key)) return unique.name;
        keys.add(key);
      }
    }
    return null;
  }

  #conflict(constraint: string): PolityError<'conflict'> {
    const unique = this.#table.uniques.find((candidate) => candidate.name === constraint);
    const what = unique === undefined ? 'id' : unique.fields.join(' + ');
    // Constraint names come from the catalogue (all ConflictConstraints, as its test checks) or are `<table>.id`.
    return conflict(constraint as ConflictConstraint, `another ${this.#table.collection} record has the same ${what}`);
  }

  #checkFilter(where: Filter): void {
    // The allocation-free check first; the shared helper builds the exact error the memory store gives.
    if (!knowsAllFields(this.#table, where)) assertFilterFields(this.#table.definition, where, 'where');
  }

  /** Checks the fields a change names: all known, and never `id`. */
  #checkChange<V>(entries: [string, V][], path: string): [string, V][] {
    if (entries.some(([field]) => !this.#table.byField.has(field))) assertKnownFields(this.#table.definition, entries.map(([name]) => name), path);
    if (entries.some(([field]) => field === 'id')) throw invalid(path, 'the id of a record cannot change', 'immutable_id');
    return entries;
  }
}
