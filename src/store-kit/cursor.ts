/**
 * Keyset ordering and opaque cursors, shared by every Store adapter so they order and page alike: the
 * total order of a list (its ordering keys plus the `id` tie-breaker), how two rows compare under it
 * (PostgreSQL's default null placement: `NULLS LAST` ascending, `NULLS FIRST` descending), and the cursor
 * that names the last row of a page. Pure: no I/O, no Node-only APIs (web-standard `btoa`/`TextEncoder`).
 *
 * @module
 */
import { PolityError } from 'polity';

/** A value a list can be ordered by. Dates compare by instant. */
export type OrderValue = string | number | boolean | Date | null;

/** One ordering key with its direction made explicit. */
export interface OrderKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/** An ordering as callers give it (the shape of the Store port's `OrderBy`). */
export interface OrderInput {
  readonly field: string;
  readonly direction?: 'asc' | 'desc';
}

/**
 * The total order of a list: the given keys (ascending by default) followed by `id`, so no two rows ever
 * tie. The `id` tie-breaker takes the direction of the last key, so one index on `(field DESC, id DESC)`
 * can serve a descending list. When `id` is already among the keys nothing is appended (it is unique, so
 * the keys before it already decide), and keys after `id` are dropped as they can never decide anything.
 *
 * @param orderBy - The caller's ordering; by `id` ascending when absent or empty.
 */
export function orderKeys(orderBy?: readonly OrderInput[]): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const key of orderBy ?? []) {
    keys.push({ field: key.field, direction: key.direction ?? 'asc' });
    if (key.field === 'id') return keys;
  }
  keys.push({ field: 'id', direction: keys.at(-1)?.direction ?? 'asc' });
  return keys;
}

/**
 * The value of one ordering field of a row (`undefined` counts as `null`).
 *
 * @throws {@link polity!PolityError} `invalid_input` when the field holds something that has no order (an array,
 *   an object): such fields cannot be ordered by.
 */
export function orderValue(record: Readonly<Record<string, unknown>>, field: string): OrderValue {
  const value = record[field];
  if (value === undefined || value === null) return null;
  if (value instanceof Date || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  const message = `cannot order by "${field}": it does not hold a text, number, boolean or date`;
  throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'orderBy', message, code: 'unorderable_field' }] } });
}

/** The values of a row under an ordering, in key order (the last one is the row's `id`). */
export function orderValues(record: Readonly<Record<string, unknown>>, keys: readonly OrderKey[]): OrderValue[] {
  return keys.map((key) => orderValue(record, key.field));
}

/** Rank of a value's type, so values of different types still compare consistently (never in honest use). */
function typeRank(value: Exclude<OrderValue, null>): number {
  if (typeof value === 'boolean') return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  return 3;
}

/**
 * Compares two values in ascending order, with `null` after every value, as PostgreSQL does (null sorts as
 * if larger than any value). Texts compare by UTF-16 code unit, i.e. like a binary (`"C"`) collation, so an
 * SQL adapter must order text columns with `COLLATE "C"` to agree. Returns a negative number, zero or a
 * positive number.
 */
export function compareOrderValues(left: OrderValue, right: OrderValue): number {
  if (left === null || right === null) return left === right ? 0 : left === null ? 1 : -1;
  const rank = typeRank(left) - typeRank(right);
  if (rank !== 0) return rank;
  const a = left instanceof Date ? left.getTime() : left;
  const b = right instanceof Date ? right.getTime() : right;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares two rows' order values under an ordering: the first key that differs decides, descending keys
 * reversed (so nulls come first in a descending key). Zero only for the same row, since `id` is a key.
 */
export function compareOrderKeys(left: readonly OrderValue[], right: readonly OrderValue[], keys: readonly OrderKey[]): number {
  for (const [index, key] of keys.entries()) {
    const order = compareOrderValues(left[index] ?? null, right[index] ?? null);
    if (order !== 0) return key.direction === 'desc' ? -order : order;
  }
  return 0;
}

/** The ordering a cursor belongs to, e.g. `createdAt:desc,id:desc`; a cursor is refused under any other. */
function orderSignature(keys: readonly OrderKey[]): string {
  return keys.map((key) => `${key.field}:${key.direction}`).join(',');
}

type EncodedValue = string | number | boolean | null | { readonly $date: number };

interface CursorBody {
  readonly o: string;
  readonly v: readonly EncodedValue[];
}

function encodeValue(value: OrderValue): EncodedValue {
  return value instanceof Date ? { $date: value.getTime() } : value;
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * The opaque cursor naming a row's position in an ordering: base64url of JSON holding the ordering's
 * signature and the row's order values (its `id` last). Callers MUST treat it as opaque.
 *
 * @param keys - The ordering, from {@link orderKeys}.
 * @param values - The last row's values, from {@link orderValues}.
 */
export function encodeCursor(keys: readonly OrderKey[], values: readonly OrderValue[]): string {
  const body: CursorBody = { o: orderSignature(keys), v: values.map(encodeValue) };
  return toBase64Url(JSON.stringify(body));
}

function decodeValue(value: unknown): OrderValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'object' && Object.keys(value).length === 1) {
    const time = (value as { $date?: unknown }).$date;
    if (typeof time === 'number' && Number.isFinite(time) && !Number.isNaN(new Date(time).getTime())) return new Date(time);
  }
  return undefined;
}

function invalidCursor(reason: string): PolityError<'invalid_input'> {
  const message = `invalid cursor: ${reason}`;
  return new PolityError('invalid_input', message, { details: { issues: [{ path: 'after', message, code: 'invalid_cursor' }] } });
}

/**
 * Reads a cursor made by {@link encodeCursor} back into order values, checking it belongs to this ordering.
 *
 * @throws {@link polity!PolityError} `invalid_input` (issue code `invalid_cursor`, path `after`) when the cursor is
 *   malformed, or was made for another ordering.
 */
export function decodeCursor(cursor: string, keys: readonly OrderKey[]): OrderValue[] {
  let body: unknown;
  try {
    body = JSON.parse(fromBase64Url(cursor));
  } catch {
    throw invalidCursor('not a cursor this store made');
  }
  if (typeof body !== 'object' || body === null) throw invalidCursor('not a cursor this store made');
  const { o, v } = body as { o?: unknown; v?: unknown };
  if (typeof o !== 'string' || !Array.isArray(v)) throw invalidCursor('not a cursor this store made');
  if (o !== orderSignature(keys)) throw invalidCursor('it belongs to a list in another order');
  if (v.length !== keys.length) throw invalidCursor('it does not match the ordering');
  const values = v.map(decodeValue);
  if (values.some((value) => value === undefined)) throw invalidCursor('it holds a value of an unknown kind');
  if (typeof values.at(-1) !== 'string') throw invalidCursor('it does not end with a row id');
  return values as OrderValue[];
}
