/**
 * Database errors as {@link PolityError}s. Constraint names carry their meaning, so no lookup table is
 * needed: unique indexes and primary keys are named after the catalogue's constraints (`users.email`,
 * `users.id`), check constraints `<collection>.<field>.<reason>` and foreign keys `<collection>.<field>.ref`.
 *
 * @module
 */
import { PolityError, conflict, isInputIssueCode, isPolityError, unavailable, type ConflictConstraint } from 'polity';
import { isServerError } from './sql-client';

/** SQLSTATEs after which the whole transaction can simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);

/** Whether an error is a serialization failure or a deadlock (the transaction should run again). */
export function isRetryable(error: unknown): boolean {
  if (isServerError(error)) return RETRYABLE.has(error.code);
  return isPolityError(error, 'conflict') && (error.details as { retryable?: unknown } | undefined)?.retryable === true;
}

/**
 * SQLSTATE classes and codes that mean the server cannot serve us now: connection exceptions (08), the server
 * shutting down or starting (57P01–57P03), too many connections (53300).
 */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Node's errors for a peer that is not there or went away. */
const UNAVAILABLE_SYSTEM = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/**
 * Whether an error says the database cannot be reached (refused, reset, shut down, out of connections, or a
 * connection node-postgres reports as terminated): the caller may retry later.
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SYSTEM.has(code)) return true;
  }
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(error.message);
}

/** What the failing statement was doing: a foreign key refuses a write (bad reference) or a delete (still referenced). */
export type Operation = 'write' | 'delete' | 'read';

function fieldOfConstraint(name: string | undefined): { path: string; reason: string } {
  const parts = (name ?? '').split('.');
  return { path: parts[1] ?? '', reason: parts[2] ?? 'constraint' };
}

/**
 * Turns an error thrown by the driver into a {@link PolityError} (a PolityError passes through unchanged):
 *
 * - 23505 unique violation → `conflict` with `details.constraint` (the catalogue's name);
 * - 23514 check violation, 23502 not-null, 22xxx bad data → `invalid_input` naming the field;
 * - 23503 foreign key → `invalid_input` (a write names a record that does not exist) or `conflict` (a
 *   delete of a record others still reference);
 * - 40001 / 40P01 → `conflict` with `details.retryable: true` (transactions run again by themselves);
 * - a connection refused, reset or terminated, the server shutting down, too many connections → `unavailable`
 *   (retryable);
 * - 25006 (a write in a READ ONLY transaction) → `internal`: a bug in the caller;
 * - anything else → `internal`, with the original as `cause`.
 */
export function toPolityError(error: unknown, table: string, operation: Operation): PolityError {
  if (isPolityError(error)) return error;
  if (isUnavailable(error)) return unavailable('store', 'the database cannot be reached now; try again later', error);
  if (!isServerError(error)) {
    return new PolityError('internal', `database call failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const constraint = (error as { constraint?: string }).constraint;
  const code = error.code;
  if (code === '23505') {
    // Unique indexes carry the catalogue's constraint names (`users.email`) or `<table>.id`.
    return conflict((constraint ?? `${table}.id`) as ConflictConstraint, `another ${table} record has the same key`, {}, error);
  }
  if (code === '23503') {
    const { path } = fieldOfConstraint(constraint);
    if (operation === 'delete') {
      return conflict((constraint ?? 'foreign_key') as `${string}.ref`, `the ${table} record is still referenced by others`, {}, error);
    }
    const message = `${path || 'a reference'} names a record that does not exist`;
    return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code: 'unknown_reference' }] }, cause: error });
  }
  if (code === '23514' || code === '23502') {
    const { path, reason } = fieldOfConstraint(constraint);
    const column = (error as { column?: string }).column;
    const message = `the database refused the ${table} record (${constraint ?? column ?? 'constraint'}): ${error.message}`;
    return new PolityError('invalid_input', message, {
      // Check constraints are named `<collection>.<field>.<reason>`, the reason one of the issue codes.
      details: { issues: [{ path: path || column || '', message, code: code === '23502' ? 'required' : isInputIssueCode(reason) ? reason : 'invalid_value' }] },
      cause: error,
    });
  }
  if (code.startsWith('22')) {
    const message = `a value was refused by the database: ${error.message}`;
    return new PolityError('invalid_input', message, { details: { issues: [{ path: '', message, code: 'invalid_value' }] }, cause: error });
  }
  if (RETRYABLE.has(code)) {
    const what = code === '40P01' ? 'a deadlock' : 'a serialization failure';
    return new PolityError('conflict', `${what} with a concurrent transaction; it will be retried`, {
      details: { constraint: 'serialization', retryable: true },
      cause: error,
    });
  }
  if (code === '25006') {
    return new PolityError('internal', 'a read-only transaction tried to write', { cause: error });
  }
  if (code === '25P02') {
    return new PolityError('internal', 'the transaction was aborted by an earlier failed statement: it can only roll back', { cause: error });
  }
  return new PolityError('internal', `database error ${code}: ${error.message}`, { cause: error });
}
