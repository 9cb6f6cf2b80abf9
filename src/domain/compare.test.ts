import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparable, comparableOperand, compareValues } from './compare';
import { matchesFilter, where } from './filter';

describe('comparison semantics (shared by filters, rule conditions and the testing kit)', () => {
  it('keeps strings, numbers and booleans, turns a Date into its instant, and calls anything else missing', () => {
    expect([comparable('a'), comparable(3), comparable(false)]).toEqual(['a', 3, false]);
    expect(comparable(new Date(5))).toBe(5);
    for (const missing of [null, undefined, {}, [], ['a'], () => 1, Symbol('s'), 10n]) expect(comparable(missing)).toBeNull();
  });

  it('treats NaN as a value for filters and as missing for a rule operand', () => {
    expect(Number.isNaN(comparable(Number.NaN))).toBe(true);
    expect(comparableOperand(Number.NaN)).toBeNull();
    expect(comparableOperand(new Date(Number.NaN))).toBeNull();
    expect(comparableOperand(new Date(7))).toBe(7);
  });

  it('orders as JavaScript does, Dates by instant, and a Date never equals its ISO string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), fc.oneof(fc.integer(), fc.string()), (a, b) => {
        expect(compareValues(a, b, 'lt')).toBe(a < b);
        expect(compareValues(a, b, 'lte')).toBe(a <= b);
        expect(compareValues(a, b, 'gt')).toBe(a > b);
        expect(compareValues(a, b, 'gte')).toBe(a >= b);
      }),
    );
    const instant = new Date('2026-03-01T10:00:00Z');
    expect(matchesFilter(where.eq('at', new Date(instant.getTime())), { at: instant })).toBe(true);
    expect(matchesFilter(where.eq('at', instant.toISOString()), { at: instant })).toBe(false);
  });
});
