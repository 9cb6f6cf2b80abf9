/**
 * Assertions the conformance topics share.
 *
 * @module
 */
import { expect } from 'vitest';
import { isPolityError, type ErrorCode, type PolityError } from 'polity';

/**
 * Awaits a promise that MUST reject with a {@link PolityError} of `code` (and, for conflicts, naming
 * `constraint` in `details.constraint`), and returns the error for further checks.
 */
export async function expectPolityError(promise: Promise<unknown>, code: ErrorCode, constraint?: string): Promise<PolityError> {
  let caught: unknown;
  let settled = false;
  try {
    await promise;
    settled = true;
  } catch (error) {
    caught = error;
  }
  expect(settled, `expected a PolityError '${code}', but the call succeeded`).toBe(false);
  expect(isPolityError(caught), `expected a PolityError '${code}', got ${String(caught)}`).toBe(true);
  const error = caught as PolityError;
  expect(error.code, error.message).toBe(code);
  if (constraint !== undefined) expect((error.details as { constraint?: unknown } | undefined)?.constraint).toBe(constraint);
  return error;
}

/** The ids of some records, sorted, to compare selections regardless of order. */
export function sortedIds(records: readonly { readonly id: string }[]): string[] {
  return records.map((record) => record.id).sort();
}

/** Resolves after `ms` milliseconds: lets concurrent callers interleave where an adapter would let them. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Splits settled results into how many succeeded and the errors of those that failed. */
export function tally<T>(results: readonly PromiseSettledResult<T>[]): { fulfilled: T[]; rejected: unknown[] } {
  const fulfilled: T[] = [];
  const rejected: unknown[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') fulfilled.push(result.value);
    else rejected.push(result.reason);
  }
  return { fulfilled, rejected };
}
