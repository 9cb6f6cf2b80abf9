/**
 * Conformance topic `predicate paging`: lists with `matching`, a predicate the filter language cannot
 * express, which the Store applies while it fills each page (`ListQuery.matching`): exact pages, a cursor
 * exactly when another match follows, every match once across pages, however few records match.
 *
 * @module
 */
import { expect } from 'vitest';
import { where, type Resource, type Store } from 'polity';
import { fixtureIds, makeResource, seedFixtureWorld } from '../fixtures';
import { expectPolityError } from './expectations';
import { storeTest, type StoreSuite } from './store-suite';

/** `count` surveys titled `Survey 000` … in order, in the fixture organisation. */
async function seedSurveys(store: Store, count: number): Promise<Resource[]> {
  await seedFixtureWorld(store);
  const made: Resource[] = [];
  for (let i = 0; i < count; i += 1) made.push(makeResource({ title: `Survey ${String(i).padStart(3, '0')}` }));
  for (const resource of made) await store.resources.insert(resource);
  return made;
}

const numberOf = (resource: Resource): number => Number(resource.title.slice('Survey '.length));

/** Follows every page of a predicate list and returns the titles, checking no page is empty before the last. */
async function titles(store: Store, matching: (resource: Resource) => boolean, limit: number, direction: 'asc' | 'desc' = 'asc'): Promise<{ titles: string[]; pages: number }> {
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page: { items: readonly Resource[]; nextCursor: string | null } = await store.resources.list({
      where: where.eq('organisationId', fixtureIds.organisation),
      orderBy: [{ field: 'title', direction }],
      limit,
      after,
      matching,
    });
    pages += 1;
    seen.push(...page.items.map((resource) => resource.title));
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (page.nextCursor === null) return { titles: seen, pages };
    expect(page.items.length, 'a page that says more follows is full').toBe(limit);
    after = page.nextCursor;
  }
}

/** The `predicate paging` topic. */
export const predicatePagingSuite: StoreSuite = {
  topic: 'predicate paging',
  tests: [
    storeTest('a page holds only records the predicate accepts, in order, full until the last', async (store) => {
      await seedSurveys(store, 40);
      const { titles: found, pages } = await titles(store, (r) => numberOf(r) % 3 === 0, 5);
      expect(found).toEqual(Array.from({ length: 14 }, (_, i) => `Survey ${String(i * 3).padStart(3, '0')}`));
      expect(pages).toBe(3);
    }),

    storeTest('nextCursor is set exactly when another match follows: a last full page says so', async (store) => {
      await seedSurveys(store, 12);
      const first = await store.resources.list({ orderBy: [{ field: 'title' }], limit: 3, matching: (r) => numberOf(r) >= 6 });
      expect(first.items.map(numberOf)).toEqual([6, 7, 8]);
      expect(first.nextCursor).not.toBeNull();
      const second = await store.resources.list({ orderBy: [{ field: 'title' }], limit: 3, after: first.nextCursor, matching: (r) => numberOf(r) >= 6 });
      expect(second.items.map(numberOf)).toEqual([9, 10, 11]);
      expect(second.nextCursor).toBeNull();
    }),

    storeTest('a predicate that keeps one record in a hundred still fills pages (descending too)', async (store) => {
      await seedSurveys(store, 230);
      const { titles: found } = await titles(store, (r) => numberOf(r) % 100 === 7, 1, 'desc');
      expect(found).toEqual(['Survey 207', 'Survey 107', 'Survey 007']);
    }),

    storeTest('a predicate that keeps nothing gives one empty page with no cursor', async (store) => {
      await seedSurveys(store, 20);
      const page = await store.resources.list({ limit: 5, matching: () => false });
      expect(page).toEqual({ items: [], nextCursor: null });
    }),

    storeTest('the predicate is given copies: changing them changes nothing stored', async (store) => {
      const made = await seedSurveys(store, 3);
      await store.resources.list({
        matching: (r) => {
          (r as { title: string }).title = 'Tampered';
          return true;
        },
      });
      expect((await store.resources.get(made[0]!.id))?.title).toBe(made[0]!.title);
    }),

    storeTest('a predicate list inside a transaction sees the transaction\'s own writes', async (store) => {
      await seedSurveys(store, 4);
      const titlesInside = await store.transaction(async (tx) => {
        await tx.resources.insert(makeResource({ title: 'Survey 999' }));
        const page = await tx.resources.list({ orderBy: [{ field: 'title' }], matching: (r) => numberOf(r) > 2 });
        return page.items.map((r) => r.title);
      });
      expect(titlesInside).toEqual(['Survey 003', 'Survey 999']);
    }),

    storeTest('a matching that is not a function is invalid_input', async (store) => {
      await seedSurveys(store, 1);
      await expectPolityError(store.resources.list({ matching: 'yes' as never }), 'invalid_input');
    }),
  ],
};
