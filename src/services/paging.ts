/**
 * Paging helpers the services share: the page input every list takes, collecting ids across pages, and
 * keyset paging with a predicate the filter language cannot express (a case-insensitive search).
 *
 * @module
 */
import { z } from 'zod';
import type { Filter } from '../domain/filter';
import type { ListQuery, OrderBy, Page, Repository } from '../ports/store';
import { encodeCursor, orderKeys, orderValues } from '../store-kit/cursor';

/** The paging fields of every list input. */
export const pageInputShape = {
  /**
   * Page size, 1–100.
   * @defaultValue 50
   */
  limit: z.number().int('a page size is a whole number').min(1, 'a page holds at least 1 item').max(100, 'a page holds at most 100 items').optional(),
  /** The `nextCursor` of the previous page. */
  after: z.string().min(1, 'a cursor cannot be empty').max(2000, 'a cursor has at most 2000 characters').nullable().optional(),
} as const;

/** The paging fields of a parsed list input. */
export interface PageInput {
  readonly limit?: number | undefined;
  readonly after?: string | null | undefined;
}

/** The default page size of services' lists. */
export const defaultServicePageSize = 50;

/** A list query from a filter, an order and the caller's page input. */
export function listQuery<T>(filter: Filter, orderBy: readonly OrderBy<T>[], page: PageInput): ListQuery<T> {
  return { where: filter, orderBy, limit: page.limit ?? defaultServicePageSize, after: page.after ?? null };
}

/** Reads every record matching a filter, page by page, and maps each to a value (ids, mostly). */
export async function collectIds<T extends { id: string }, V>(repository: Repository<T>, filter: Filter, pick: (record: T) => V): Promise<V[]> {
  const values: V[] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await repository.list({ where: filter, limit: 1000, after });
    for (const record of page.items) values.push(pick(record));
    after = page.nextCursor;
  } while (after !== null);
  return values;
}

/**
 * One page of the records that match a filter (through the store, keyset) and a predicate (in memory). It
 * reads store pages until it holds one match more than the page size, so `nextCursor` is set exactly when
 * another match follows, and points just after the last item returned.
 */
export async function pageMatching<T extends { id: string }>(
  repository: Repository<T>,
  filter: Filter,
  orderBy: readonly OrderBy<T>[],
  page: PageInput,
  predicate: (record: T) => boolean,
): Promise<Page<T>> {
  const limit = page.limit ?? defaultServicePageSize;
  const keys = orderKeys(orderBy);
  const found: T[] = [];
  let after = page.after ?? null;
  for (;;) {
    const chunk: Page<T> = await repository.list({ where: filter, orderBy, limit: Math.max(limit, 50), after });
    for (const record of chunk.items) {
      if (!predicate(record)) continue;
      found.push(record);
      if (found.length > limit) {
        const items = found.slice(0, limit);
        const last = items[items.length - 1]!;
        return { items, nextCursor: encodeCursor(keys, orderValues(last as unknown as Record<string, unknown>, keys)) };
      }
    }
    if (chunk.nextCursor === null) return { items: found, nextCursor: null };
    after = chunk.nextCursor;
  }
}
