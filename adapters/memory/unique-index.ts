/**
 * One unique constraint of the catalogue, kept as a map from key to record id so a write checks it in
 * constant time instead of scanning the collection.
 *
 * @module
 */
import { matchesFilter, type UniqueConstraint } from 'polity';
import type { StoredRecord } from './stored-record';

/** The index of one {@link UniqueConstraint}. */
export class UniqueIndex {
  readonly #owners = new Map<string, string>();
  readonly #caseInsensitive: ReadonlySet<string>;

  constructor(readonly constraint: UniqueConstraint) {
    this.#caseInsensitive = new Set(constraint.caseInsensitive ?? []);
  }

  /**
   * The record's key under this constraint, or `null` when the constraint does not apply to it: it fails
   * the constraint's `where`, or has a `null` in one of the fields (as in SQL, never a duplicate).
   */
  keyOf(record: StoredRecord): string | null {
    if (this.constraint.where !== undefined && !matchesFilter(this.constraint.where, record)) return null;
    return this.#keyOfValues(this.constraint.fields.map((field) => record[field]));
  }

  /**
   * The id of the record holding a key, given as one value per field in the constraint's order, or `null`.
   * Only records the constraint applies to are indexed, so the holder always satisfies its `where`.
   */
  holderOf(values: readonly unknown[]): string | null {
    const key = this.#keyOfValues(values);
    return key === null ? null : (this.#owners.get(key) ?? null);
  }

  /** Values made into one map key: case-insensitive texts lower-cased, dates by instant; `null` if one is null. */
  #keyOfValues(values: readonly unknown[]): string | null {
    const parts: unknown[] = [];
    for (const [index, field] of this.constraint.fields.entries()) {
      const value = values[index];
      if (value === null || value === undefined) return null;
      if (value instanceof Date) parts.push(value.getTime());
      else parts.push(typeof value === 'string' && this.#caseInsensitive.has(field) ? value.toLowerCase() : value);
    }
    return JSON.stringify(parts);
  }

  /** The id of the record other than `id` that already holds `record`'s key, or `null` when none does. */
  conflictFor(record: StoredRecord): string | null {
    const key = this.keyOf(record);
    if (key === null) return null;
    const owner = this.#owners.get(key);
    return owner === undefined || owner === record.id ? null : owner;
  }

  /** Moves a record's entry from its old version to its new one (either may be absent: insert, delete). */
  replace(id: string, from: StoredRecord | undefined, to: StoredRecord | undefined): void {
    const oldKey = from === undefined ? null : this.keyOf(from);
    if (oldKey !== null && this.#owners.get(oldKey) === id) this.#owners.delete(oldKey);
    const newKey = to === undefined ? null : this.keyOf(to);
    if (newKey !== null) this.#owners.set(newKey, id);
  }
}
