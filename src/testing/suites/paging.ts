/**
 * Conformance topic `paging`: keyset pages with opaque cursors, page sizes, orderings (nulls, dates,
 * several keys), and stability while records are inserted between pages.
 *
 * @module
 */
import { expect } from 'vitest';
import { where, type OrderBy, type Resource, type Store, type User } from 'polity';
import { fixtureAt, makeResource, makeUser, seedFixtureWorld } from '../fixtures';
import { expectPolityError } from './expectations';
import { storeTest, type StoreSuite } from './store-suite';

/** A small deterministic pseudo-random generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const idAlphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Ids in random order relative to creation, of one length and lower-case letters and digits only, so every
 * collation orders them alike.
 */
function randomIds(next: () => number): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      let id = 'r';
      for (let i = 0; i < 10; i += 1) id += idAlphabet[Math.floor(next() * idAlphabet.length)];
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}

/** Every page of a list, following cursors, with a hook run between pages. */
async function allPages<T extends { id: string }>(
  page: (after: string | null) => Promise<{ items: readonly T[]; nextCursor: string | null }>,
  betweenPages: () => Promise<void> = async () => undefined,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const result = await page(after);
    pages += 1;
    items.push(...result.items);
    if (result.nextCursor === null) return { items, pages };
    expect(result.items.length, 'a page that says more follows is not empty').toBeGreaterThan(0);
    after = result.nextCursor;
    await betweenPages();
    expect(pages, 'paging must end').toBeLessThan(10_000);
  }
}

/**
 * Pages through 1,000 resources (many sharing a `createdAt`) 37 at a time, inserting five new ones before and
 * after the current position between pages, and checks that every record that existed when paging began
 * comes exactly once, nothing comes twice, and the order holds across pages.
 */
async function pageWhileInserting(store: Store, orderBy: readonly OrderBy<Resource>[] | undefined, seed: number): Promise<void> {
  await seedFixtureWorld(store);
  const next = random(seed);
  const nextId = randomIds(next);
  const minute = (): number => Math.floor(next() * 400);
  const original = new Set<string>();
  await store.transaction(async (tx) => {
    for (let i = 0; i < 1000; i += 1) {
      const resource = makeResource({ id: nextId(), createdAt: fixtureAt(minute()) });
      await tx.resources.insert(resource);
      original.add(resource.id);
    }
  });
  const { items, pages } = await allPages(
    (after) => store.resources.list({ ...(orderBy === undefined ? {} : { orderBy }), limit: 37, after }),
    async () => {
      for (let i = 0; i < 5; i += 1) await store.resources.insert(makeResource({ id: nextId(), createdAt: fixtureAt(minute()) }));
    },
  );
  const seen = items.map((item) => item.id);
  expect(new Set(seen).size, 'no record comes twice').toBe(seen.length);
  const missing = [...original].filter((id) => !seen.includes(id));
  expect(missing, 'no record that existed when paging began is skipped').toEqual([]);
  expect(pages).toBeGreaterThanOrEqual(Math.ceil(1000 / 37));
  const key = orderBy?.[0];
  for (let i = 1; i < items.length; i += 1) {
    const previous = items[i - 1] as Resource;
    const current = items[i] as Resource;
    if (key === undefined || key.field === 'id') {
      expect(previous.id < current.id, `ids ascend: ${previous.id} < ${current.id}`).toBe(true);
    } else {
      const difference = current.createdAt.getTime() - previous.createdAt.getTime();
      expect(key.direction === 'desc' ? difference <= 0 : difference >= 0, `createdAt ${key.direction ?? 'asc'} at ${i}`).toBe(true);
    }
  }
}

/** The `paging` topic. */
export const pagingSuite: StoreSuite = {
  topic: 'paging',
  tests: [
    storeTest('an empty collection gives an empty last page', async (store) => {
      expect(await store.users.list()).toEqual({ items: [], nextCursor: null });
    }),

    storeTest('a page holds at most `limit` records and says exactly when more follow', async (store) => {
      for (const id of ['user_a', 'user_b', 'user_c', 'user_d', 'user_e']) await store.users.insert(makeUser({ id }));
      const first = await store.users.list({ limit: 2 });
      expect(first.items.map((user) => user.id)).toEqual(['user_a', 'user_b']);
      expect(first.nextCursor).not.toBeNull();
      const second = await store.users.list({ limit: 2, after: first.nextCursor });
      expect(second.items.map((user) => user.id)).toEqual(['user_c', 'user_d']);
      const third = await store.users.list({ limit: 2, after: second.nextCursor });
      expect(third).toEqual({ items: [expect.objectContaining({ id: 'user_e' })], nextCursor: null });
      // A page that ends exactly at the last record has no next cursor.
      expect((await store.users.list({ limit: 5 })).nextCursor).toBeNull();
      expect((await store.users.list({ limit: 4 })).nextCursor).not.toBeNull();
    }),

    storeTest('the page size defaults to 50', async (store) => {
      await store.transaction(async (tx) => {
        for (let i = 0; i < 60; i += 1) await tx.users.insert(makeUser());
      });
      const first = await store.users.list();
      expect(first.items).toHaveLength(50);
      const second = await store.users.list({ after: first.nextCursor });
      expect(second.items).toHaveLength(10);
      expect(second.nextCursor).toBeNull();
    }),

    storeTest('page sizes outside 1–1000, or fractional, are refused rather than clamped', async (store) => {
      await store.users.insert(makeUser());
      for (const limit of [0, -1, 1001, 2.5, Number.NaN]) await expectPolityError(store.users.list({ limit }), 'invalid_input');
      expect((await store.users.list({ limit: 1 })).items).toHaveLength(1);
      expect((await store.users.list({ limit: 1000 })).items).toHaveLength(1);
    }),

    storeTest(
      'pagination over 1,000 records while inserting between pages neither skips nor repeats any record (order by id)',
      (store) => pageWhileInserting(store, undefined, 1),
      60_000,
    ),

    storeTest(
      'pagination over 1,000 records while inserting between pages neither skips nor repeats any record (createdAt asc)',
      (store) => pageWhileInserting(store, [{ field: 'createdAt', direction: 'asc' }], 2),
      60_000,
    ),

    storeTest(
      'pagination over 1,000 records while inserting between pages neither skips nor repeats any record (createdAt desc)',
      (store) => pageWhileInserting(store, [{ field: 'createdAt', direction: 'desc' }], 3),
      60_000,
    ),

    storeTest('nulls sort last ascending and first descending, as in PostgreSQL', async (store) => {
      const signedIn = [fixtureAt(30), fixtureAt(10), null, fixtureAt(20), null];
      const users: User[] = [];
      for (const lastSignInAt of signedIn) users.push(await store.users.insert(makeUser({ lastSignInAt })));
      const nullIds = users.filter((user) => user.lastSignInAt === null).map((user) => user.id).sort();
      const times = (page: readonly User[]) => page.map((user) => user.lastSignInAt?.getTime() ?? null);
      const ascending = (await allPages((after) => store.users.list({ orderBy: [{ field: 'lastSignInAt' }], limit: 2, after }))).items;
      expect(times(ascending)).toEqual([fixtureAt(10), fixtureAt(20), fixtureAt(30), null, null].map((date) => date?.getTime() ?? null));
      expect(ascending.slice(3).map((user) => user.id).sort()).toEqual(nullIds);
      const descending = (
        await allPages((after) => store.users.list({ orderBy: [{ field: 'lastSignInAt', direction: 'desc' }], limit: 2, after }))
      ).items;
      expect(times(descending)).toEqual([null, null, fixtureAt(30), fixtureAt(20), fixtureAt(10)].map((date) => date?.getTime() ?? null));
      expect(descending.slice(0, 2).map((user) => user.id).sort()).toEqual(nullIds);
    }),

    storeTest('dates order by instant, to the millisecond', async (store) => {
      const base = fixtureAt().getTime();
      const offsets = [5, 1, 999, 0, 1000];
      for (const offset of offsets) await store.users.insert(makeUser({ lastSignInAt: new Date(base + offset) }));
      const page = await store.users.list({ orderBy: [{ field: 'lastSignInAt' }], limit: 3 });
      const rest = await store.users.list({ orderBy: [{ field: 'lastSignInAt' }], limit: 3, after: page.nextCursor });
      const order = [...page.items, ...rest.items].map((user) => (user.lastSignInAt?.getTime() ?? 0) - base);
      expect(order).toEqual([0, 1, 5, 999, 1000]);
    }),

    storeTest('several ordering keys apply in turn, each in its own direction', async (store) => {
      await seedFixtureWorld(store);
      const rows: [string, number][] = [
        ['survey', 1],
        ['dataset', 3],
        ['survey', 3],
        ['dataset', 1],
        ['survey', 2],
        ['dataset', 2],
      ];
      for (const [kind, minute] of rows) await store.resources.insert(makeResource({ kind, createdAt: fixtureAt(minute) }));
      const orderBy: OrderBy<Resource>[] = [
        { field: 'kind', direction: 'asc' },
        { field: 'createdAt', direction: 'desc' },
      ];
      const { items } = await allPages((after) => store.resources.list({ orderBy, limit: 4, after }));
      expect(items.map((r) => `${r.kind}@${(r.createdAt.getTime() - fixtureAt().getTime()) / 60_000}`)).toEqual([
        'dataset@3',
        'dataset@2',
        'dataset@1',
        'survey@3',
        'survey@2',
        'survey@1',
      ]);
    }),

    storeTest('a filter applies on every page', async (store) => {
      await store.transaction(async (tx) => {
        for (let i = 0; i < 25; i += 1) await tx.users.insert(makeUser({ active: i % 3 === 0 }));
      });
      const { items } = await allPages((after) => store.users.list({ where: where.eq('active', true), limit: 4, after }));
      expect(items).toHaveLength(9);
      expect(items.every((user) => user.active)).toBe(true);
    }),

    storeTest('a cursor stays valid when its record is deleted', async (store) => {
      for (const id of ['user_a', 'user_b', 'user_c', 'user_d']) await store.users.insert(makeUser({ id }));
      const first = await store.users.list({ limit: 2 });
      await store.users.delete('user_b');
      const second = await store.users.list({ limit: 2, after: first.nextCursor });
      expect(second.items.map((user) => user.id)).toEqual(['user_c', 'user_d']);
    }),

    storeTest('a malformed cursor, or one made for another ordering, is refused (invalid_input)', async (store) => {
      for (let i = 0; i < 3; i += 1) await store.users.insert(makeUser());
      for (const after of ['not a cursor!', 'e30', 'AAAA']) await expectPolityError(store.users.list({ after }), 'invalid_input');
      const byId = await store.users.list({ limit: 1 });
      const cursor = byId.nextCursor ?? '';
      await expectPolityError(store.users.list({ orderBy: [{ field: 'createdAt' }], after: cursor }), 'invalid_input');
      await expectPolityError(store.users.list({ orderBy: [{ field: 'id', direction: 'desc' }], after: cursor }), 'invalid_input');
      expect((await store.users.list({ limit: 1, after: cursor })).items).toHaveLength(1);
    }),

    storeTest('ordering by an unknown field is refused (invalid_input)', async (store) => {
      await expectPolityError(store.users.list({ orderBy: [{ field: 'nickname' as never }] }), 'invalid_input');
    }),
  ],
};
