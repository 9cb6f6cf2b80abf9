/**
 * Database errors as {@link PolityError}s. Constraint names carry their meaning, so no lookup table is
 * needed: unique indexes and primary keys are named after the catalogue's constraints (`users.email`,
 * `users.id`), check constraints `<collection>.<field>.<reason>` and foreign keys `<collection>.<field>.ref`.
 *
 * @module
 */
import { PolityError, isPolityError } from 'polity';
import { isServerError } from './sql-client';

/** SQLSTATEs after which the whole transaction can simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);

/** Whether an error is a serialization failure or a deadlock (the transaction should run again). */
export function isRetryable(error: unknown): boolean {
  if (isServerError(error)) return RETRYABLE.has(error.code);
  return isPolityError(error, 'conflict') && (error.details as { retryable?: unknown } | undefined)?.retryable === true;
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
 * - anything else → `internal`, with the original as `cause`.
 */
export function toPolityError(error: unknown, table: string, operation: Operation): PolityError {
  if (isPolityError(error)) return error;
  if (!isServerError(error)) {
    return new PolityError('internal', `database call failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const constraint = (error as { constraint?: string }).constraint;
  const code = error.code;
  if (code === '23505') {
    return new PolityError('conflict', `another ${table} record has the same ${constraint ?? 'key'}`, {
      details: { constraint: constraint ?? `${table}.unique` },
      cause: error,
    });
  }
  if (code === '23503') {
    const { path } = fieldOfConstraint(constraint);
    if (operation === 'delete') {
      return new PolityError('conflict', `the ${table} record is still referenced (${constraint ?? 'foreign key'})`, {
        details: { constraint: constraint ?? `${table}.reference` },
        cause: error,
      });
    }
    const message = `${path || 'a reference'} names a record that does not exist`;
    return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code: 'unknown_reference' }] }, cause: error });
  }
  if (code === '23514' || code === '23502') {
    const { path, reason } = fieldOfConstraint(constraint);
    const column = (error as { column?: string }).column;
    const message = `the database refused the ${table} record (${constraint ?? column ?? 'constraint'}): ${error.message}`;
    return new PolityError('invalid_input', message, {
      details: { issues: [{ path: path || column || '', message, code: code === '23502' ? 'required' : reason }] },
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
  if (code === '25P02') {
    return new PolityError('internal', 'the transaction was aborted by an earlier failed statement: it can only roll back', { cause: error });
  }
  return new PolityError('internal', `database error ${code}: ${error.message}`, { cause: error });
}
