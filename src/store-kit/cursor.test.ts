import { describe, expect, it } from 'vitest';
import { isPolityError } from 'polity';
import { compareOrderKeys, compareOrderValues, decodeCursor, encodeCursor, orderKeys, orderValues } from './cursor';
import { pageLimit } from './page-limit';

describe('orderKeys', () => {
  it('appends id in the direction of the last key, and stops at an explicit id', () => {
    expect(orderKeys()).toEqual([{ field: 'id', direction: 'asc' }]);
    expect(orderKeys([{ field: 'createdAt', direction: 'desc' }])).toEqual([
      { field: 'createdAt', direction: 'desc' },
      { field: 'id', direction: 'desc' },
    ]);
    expect(orderKeys([{ field: 'id', direction: 'desc' }, { field: 'name' }])).toEqual([{ field: 'id', direction: 'desc' }]);
  });
});

describe('compareOrderValues', () => {
  it('puts null after every value and compares dates by instant', () => {
    expect(compareOrderValues(null, 'a')).toBeGreaterThan(0);
    expect(compareOrderValues(3, null)).toBeLessThan(0);
    expect(compareOrderValues(null, null)).toBe(0);
    expect(compareOrderValues(new Date(5), new Date(5))).toBe(0);
    expect(compareOrderValues(new Date(4), new Date(5))).toBeLessThan(0);
    expect(compareOrderValues('B', 'a')).toBeLessThan(0);
  });

  it('reverses descending keys, so nulls come first there', () => {
    const keys = orderKeys([{ field: 'at', direction: 'desc' }]);
    expect(compareOrderKeys([null, 'x'], [new Date(1), 'a'], keys)).toBeLessThan(0);
  });
});

describe('cursors', () => {
  const keys = orderKeys([{ field: 'at' }, { field: 'rank', direction: 'desc' }]);

  it('round-trip order values, dates and nulls included, as base64url', () => {
    const values = orderValues({ id: 'user_1', at: new Date('2025-03-03T09:00:00.123Z'), rank: null }, keys);
    const cursor = encodeCursor(keys, values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, keys)).toEqual(values);
  });

  it('are refused under another ordering, or when malformed', () => {
    const cursor = encodeCursor(keys, [new Date(0), 1, 'user_1']);
    for (const [bad, order] of [
      [cursor, orderKeys([{ field: 'at' }])],
      ['!!', keys],
      [encodeCursor(keys, [new Date(0), 1, 2]), keys],
    ] as const) {
      let error: unknown;
      try {
        decodeCursor(bad, order);
      } catch (caught) {
        error = caught;
      }
      expect(isPolityError(error, 'invalid_input')).toBe(true);
    }
  });
});

describe('pageLimit', () => {
  it('defaults to 50 and refuses sizes outside 1–1000', () => {
    expect(pageLimit(undefined)).toBe(50);
    expect(pageLimit(1000)).toBe(1000);
    expect(() => pageLimit(0)).toThrowError(/1 to 1000/);
    expect(() => pageLimit(1.5)).toThrowError(/1 to 1000/);
  });
});
