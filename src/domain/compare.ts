/**
 * How two values compare, the one definition every evaluator shares: the Store's filters
 * (`matchesFilter`, three-valued), the policy engine's rule conditions (two-valued: the interpreter, the
 * compiled hot path and the query planner) and the policy testing kit's condition tracer. What each does with
 * a missing value (unknown in a filter, false in a rule) stays its own; what counts as a value, when two are
 * equal and how they order is decided here, so the evaluators cannot drift apart.
 *
 * - Strings, numbers and booleans compare as JavaScript does (`===`, `<`); a Date compares by its instant
 *   (`getTime()`), so two Date objects of one instant are equal and a Date never equals its ISO string.
 * - Anything else (`null`, `undefined`, objects, arrays) is *missing*.
 * - NaN is a value that equals and orders against nothing; a rule's operand treats it as missing
 *   ({@link comparableOperand}).
 *
 * @module
 */

/** A value in the form comparisons use: a Date became its instant in milliseconds. */
export type ComparableValue = string | number | boolean;

/** Ordered comparisons: `<`, `<=`, `>`, `>=`. */
export type ComparisonOperator = 'lt' | 'lte' | 'gt' | 'gte';

/**
 * A value as comparisons see it: strings, numbers and booleans as they are, a Date as its instant, anything
 * else `null` (missing). Pure.
 *
 * @example
 * ```ts
 * import { comparable } from 'polity';
 *
 * comparable(new Date('2026-01-01T00:00:00Z')) === comparable(new Date(1767225600000)); // true
 * comparable({ id: 'x' }); // null
 * ```
 */
export function comparable(value: unknown): ComparableValue | null {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      return value instanceof Date ? value.getTime() : null;
    default:
      return null;
  }
}

/**
 * A rule condition's operand: {@link comparable}, with NaN (a number, or an invalid Date) missing too, since
 * it can never equal or order against anything. Pure.
 */
export function comparableOperand(value: unknown): ComparableValue | null {
  const c = comparable(value);
  return typeof c === 'number' && Number.isNaN(c) ? null : c;
}

/** Ordered comparison of two comparable values, with JavaScript's semantics (texts by UTF-16 code unit). Pure. */
export function compareValues(left: ComparableValue, right: ComparableValue, op: ComparisonOperator): boolean {
  switch (op) {
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
  }
}
