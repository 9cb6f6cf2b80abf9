/**
 * Paging helpers the services share: the page input every list takes, the list query built from it, and
 * reading every record matching a filter across pages. Predicates the filter language cannot express are
 * the Store's to page over (`ListQuery.matching`), so no service mints a cursor.
 *
 * @module
 */
import { z } from 'zod';
import type { Filter } from '../../domain/filter';
import type { ListQuery, OrderBy, Page, Repository } from '../../ports/store';

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

/**
 * A list query from a filter, an order and the caller's page input; with `matching`, a predicate the Store
 * applies while it fills the page (see `ListQuery.matching`).
 */
export function listQuery<T>(filter: Filter, orderBy: readonly OrderBy<T>[], page: PageInput, matching?: (record: T) => boolean): ListQuery<T> {
  return { where: filter, orderBy, limit: page.limit ?? defaultServicePageSize, after: page.after ?? null, ...(matching === undefined ? {} : { matching }) };
}

/** Reads every record matching a filter, page by page, and maps each to a value (ids, mostly). */
export async function collectAll<T extends { id: string }, V>(repository: Repository<T>, filter: Filter, pick: (record: T) => V): Promise<V[]> {
  const values: V[] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await repository.list({ where: filter, limit: 1000, after });
    for (const record of page.items) values.push(pick(record));
    after = page.nextCursor;
  } while (after !== null);
  return values;
}
