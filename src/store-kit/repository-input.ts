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
