/**
 * The rows of one collection with its unique indexes. Every write is checked against the indexes first,
 * then applied in place, and its reverting step pushed onto the transaction's {@link UndoLog}.
 *
 * @module
 */
import { conflict, internal, type CollectionDefinition, type ConflictConstraint } from 'polity';
import type { StoredRecord } from './stored-record';
import { UniqueIndex } from './unique-index';
import type { UndoLog } from './undo-log';

/** One collection's committed-or-in-flight state. Records are owned here: callers get and give copies. */
export class MemoryTable {
  readonly #rows = new Map<string, StoredRecord>();
  readonly #uniques: readonly UniqueIndex[];
  readonly #uniquesByName: ReadonlyMap<string, UniqueIndex>;

  constructor(readonly definition: CollectionDefinition) {
    this.#uniques = definition.uniques.map((constraint) => new UniqueIndex(constraint));
    this.#uniquesByName = new Map(this.#uniques.map((index) => [index.constraint.name, index]));
  }

  /** The stored record with this id, or `undefined`. The caller MUST NOT mutate or hand it out. */
  get(id: string): StoredRecord | undefined {
    return this.#rows.get(id);
  }

  /**
   * The stored record holding a key under one of the collection's unique constraints (one value per field,
   * in the constraint's order), found through the constraint's index, or `undefined`. The caller MUST NOT
   * mutate or hand it out.
   */
  holderOf(constraint: string, values: readonly unknown[]): StoredRecord | undefined {
    const index = this.#uniquesByName.get(constraint);
    if (index === undefined) throw internal(`${this.definition.name} has no unique index ${constraint}`);
    const id = index.holderOf(values);
    return id === null ? undefined : this.#rows.get(id);
  }

  /** The stored records, in insertion order. The caller MUST NOT mutate or hand them out. */
  rows(): IterableIterator<StoredRecord> {
    return this.#rows.values();
  }

  /**
   * Stores a new record or a new version of one.
   *
   * @param mode - `insert` refuses an existing id; `replace` expects one.
   * @throws {@link PolityError} `conflict` with `details.constraint` (`<collection>.id` for a taken id), and
   *   nothing is written.
   */
  write(undo: UndoLog, record: StoredRecord, mode: 'insert' | 'replace'): void {
    const previous = this.#rows.get(record.id);
    if (mode === 'insert' && previous !== undefined) {
      throw conflict(`${this.definition.name}.id`, `${this.definition.name} already has a record with that id`);
    }
    for (const index of this.#uniques) {
      if (index.conflictFor(record) !== null) {
        const { name, fields } = index.constraint;
        // Catalogue constraint names are all ConflictConstraints (a test of the catalogue checks it).
        throw conflict(name as ConflictConstraint, `another ${this.definition.name} record has the same ${fields.join(' + ')}`);
      }
    }
    this.#apply(record.id, previous, record);
    undo.record(() => this.#apply(record.id, record, previous));
  }

  /** Removes a record. @returns whether there was one. */
  remove(undo: UndoLog, id: string): boolean {
    const previous = this.#rows.get(id);
    if (previous === undefined) return false;
    this.#apply(id, previous, undefined);
    undo.record(() => this.#apply(id, undefined, previous));
    return true;
  }

  #apply(id: string, from: StoredRecord | undefined, to: StoredRecord | undefined): void {
    for (const index of this.#uniques) index.replace(id, from, to);
    if (to === undefined) this.#rows.delete(id);
    else this.#rows.set(id, to);
  }
}
