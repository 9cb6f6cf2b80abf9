/**
 * Paging over a predicate the filter language cannot express (`ListQuery.matching`), for adapters whose
 * `list` runs in the database: read keyset chunks through the filter, keep what the predicate accepts, and
 * cut the page one match early so that `nextCursor` is set exactly when another match follows.
 *
 * @module
 */
import { invalidField, type LooseListQuery } from './repository-input';
import { encodeCursor, orderKeys, orderValues } from './cursor';
import { pageLimit } from './page-limit';

/** One page of records, as an adapter's `list` returns it. */
export interface LoosePage<R> {
  readonly items: readonly R[];
  readonly nextCursor: string | null;
}

/** The smallest chunk read per round trip: a predicate that keeps few records should not cost one read each. */
const minChunk = 50;

/**
 * Fills one page of `query.limit` records that match `query.where` (read through `list`, the adapter's own
 * keyset paging) and `query.matching`. The cursor it returns points just after the last item returned, in the
 * adapter's own cursor format (the same keys `list` orders by), so the next call continues from there.
 *
 * @param list - The adapter's `list` without a predicate.
 * @throws {@link polity!PolityError} `invalid_input` when `matching` is not a function; whatever `list` throws.
 */
export async function listMatching<R extends Record<string, unknown>>(
  list: (query: LooseListQuery) => Promise<LoosePage<R>>,
  query: LooseListQuery,
  matching: unknown,
): Promise<LoosePage<R>> {
  if (typeof matching !== 'function') throw invalidField('matching', 'matching is a function of a record', 'invalid_type');
  const accepts = matching as (record: R) => boolean;
  const limit = pageLimit(query.limit);
  const keys = orderKeys(query.orderBy);
  const found: R[] = [];
  let after = query.after ?? null;
  for (;;) {
    const { matching: _predicate, ...filterOnly } = query;
    const chunk = await list({ ...filterOnly, limit: Math.min(1000, Math.max(limit + 1, minChunk)), after });
    for (const record of chunk.items) {
      if (!accepts(record)) continue;
      found.push(record);
      if (found.length > limit) {
        const items = found.slice(0, limit);
        return { items, nextCursor: encodeCursor(keys, orderValues(items[items.length - 1] as Record<string, unknown>, keys)) };
      }
    }
    if (chunk.nextCursor === null) return { items: found, nextCursor: null };
    after = chunk.nextCursor;
  }
}
