/**
 * How repository inputs look once the Store port's typed signatures have been checked: field names as
 * plain strings, and the shared rules for reading patches and reporting a bad field. Both adapters read
 * their inputs through these, so they refuse and accept exactly the same things.
 *
 * @module
 */
import type { Filter } from 'polity';
import { invalidInput, type InputIssueCode, type PolityError } from 'polity';
import type { OrderInput } from './cursor';

/** A record or patch as callers pass it (the entity types are checked by the `Store` port's signatures). */
export type LooseFields = Readonly<Record<string, unknown>>;

/** A list query as the port defines it, with field names as plain strings. */
export interface LooseListQuery {
  readonly where?: Filter;
  readonly orderBy?: readonly OrderInput[];
  readonly limit?: number;
  readonly after?: string | null;
  /** See `ListQuery.matching`. */
  readonly matching?: (record: never) => boolean;
}

/** A guarded change as the port defines it, with field names as plain strings. */
export interface LooseGuardedUpdate {
  readonly where: Filter;
  readonly set?: LooseFields;
  readonly increment?: Readonly<Record<string, number | undefined>>;
}

/** An `invalid_input` error about one field. */
export function invalidField(path: string, message: string, code: InputIssueCode): PolityError<'invalid_input'> {
  return invalidInput(path, message, code);
}

/** The entries of a patch that say something: `undefined` values are treated as absent, as in the port's types. */
export function definedEntries(fields: LooseFields | undefined): [string, unknown][] {
  return Object.entries(fields ?? {}).filter(([, value]) => value !== undefined);
}

/** A guarded change's fields to set and to increment, read and checked by {@link guardedChangeEntries}. */
export interface GuardedChangeEntries {
  readonly sets: readonly [string, unknown][];
  readonly increments: readonly [string, number][];
}

/**
 * Reads a guarded change the same way in every adapter: `undefined` values are absent, each field name is
 * checked by the adapter's `checkFields` (its whitelist), every increment is a finite number, no field is
 * both set and incremented, and something changes.
 *
 * @param checkFields - The adapter's field check; returns the entries it accepts (throws on an unknown field).
 * @throws {@link polity!PolityError} `invalid_input`: `not_a_number`, `conflicting_change`, `empty_change`,
 *   or whatever `checkFields` throws.
 */
export function guardedChangeEntries(
  change: LooseGuardedUpdate,
  checkFields: (entries: [string, unknown][], path: 'set' | 'increment') => [string, unknown][],
): GuardedChangeEntries {
  const sets = checkFields(definedEntries(change.set), 'set');
  const increments = checkFields(definedEntries(change.increment), 'increment');
  for (const [field, delta] of increments) {
    if (typeof delta !== 'number' || !Number.isFinite(delta)) throw invalidField('increment', `increment of "${field}" is not a finite number`, 'not_a_number');
    if (sets.some(([name]) => name === field)) throw invalidField('increment', `"${field}" is both set and incremented`, 'conflicting_change');
  }
  if (sets.length === 0 && increments.length === 0) throw invalidField('', 'a guarded update must set or increment at least one field', 'empty_change');
  return { sets, increments: increments as [string, number][] };
}
