/**
 * The parameter list of one statement: every value the adapter sends travels as `$n`, cast to its column's
 * type so the text of a statement depends only on its shape (and so node-postgres can prepare it once).
 *
 * @module
 */

/** Collects a statement's parameters in order and hands out their placeholders. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** @param first - The number of the first placeholder (`$1` unless the statement already has parameters). */
  constructor(private readonly first = 1) {}

  /**
   * Adds a value and returns its placeholder, cast when `type` is given: `$3::timestamptz`.
   *
   * @param value - Sent as is; the caller has already turned JSON values into text.
   * @param type - An SQL type the adapter chose (never caller text).
   */
  add(value: unknown, type?: string): string {
    this.values.push(value);
    const n = this.first + this.values.length - 1;
    return type === undefined ? `$${n}` : `$${n}::${type}`;
  }
}
