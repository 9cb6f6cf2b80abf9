/**
 * The shape of one versioned migration.
 *
 * @module
 */

/** One step of the schema's history. Applied once per schema, in version order, in its own transaction. */
export interface Migration {
  /** Its place in the history: 1, 2, 3 … without gaps. Never renumbered once released. */
  readonly version: number;
  /** A short kebab-case name, kept in the applied-versions table for people reading it. */
  readonly name: string;
  /** Plain SQL, several statements separated by `;`, unqualified names (the runner sets `search_path`). */
  readonly sql: string;
}
