/**
 * Issue #7, item 1: on every client type the Postgres adapter takes (a `pg.Pool`, a `pg.Client`, PGlite),
 * two concurrent transactions cannot see or roll back each other's writes. On a pool they run on two
 * connections at once; on a single connection the adapter makes them take turns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Store } from 'polity';
import { makeUser } from 'polity/testing';
import { databaseUrl, endSharedClients, sharedPGlite, storeInFreshSchema } from './pg-targets';

class Boom extends Error {}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs the two-transaction scenario on a store and checks what each saw and what survived. */
async function twoConcurrentTransactions(store: Store): Promise<void> {
  const kept = makeUser();
  const discarded = makeUser();
  let firstWrote!: () => void;
  const wrote = new Promise<void>((resolve) => {
    firstWrote = resolve;
  });
  const seenBySecond: unknown[] = [];
  // The first writes, lets the second run, then commits.
  const first = store.transaction(async (tx) => {
    await tx.users.insert(kept);
    firstWrote();
    await pause(40);
    return tx.users.count();
  });
  // The second starts while the first is open, writes, looks, and rolls back.
  const second = (async () => {
    await wrote;
    return store.transaction(async (tx) => {
      seenBySecond.push(await tx.users.get(kept.id));
      await tx.users.insert(discarded);
      seenBySecond.push(await tx.users.count());
      throw new Boom('roll back the second');
    });
  })();
  const [firstCount, secondResult] = await Promise.allSettled([first, second]);
  expect(secondResult.status).toBe('rejected');
  expect(firstCount).toEqual({ status: 'fulfilled', value: 1 });
  // On a pool the second ran alongside the first and saw nothing of it; on one connection it ran after the
  // first committed. Either way it never saw an uncommitted write, and its rollback took only its own.
  const [sawKept, count] = seenBySecond;
  if (sawKept === null) expect(count).toBe(1);
  else expect([sawKept, count]).toEqual([kept, 2]);
  expect(await store.users.get(kept.id)).toEqual(kept);
  expect(await store.users.get(discarded.id)).toBeNull();
  expect(await store.users.count()).toBe(1);
}

describe('pglite: client isolation', () => {
  it('PGlite: two concurrent transactions cannot see or roll back each other’s writes', async () => {
    const store = await storeInFreshSchema(await sharedPGlite());
    try {
      await twoConcurrentTransactions(store);
    } finally {
      await store.close();
    }
  });
});

if (databaseUrl !== undefined) {
  describe('postgres: client isolation', () => {
    it('pg.Pool: two concurrent transactions cannot see or roll back each other’s writes (they overlap on two connections)', async () => {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
      const store = await storeInFreshSchema(pool);
      try {
        await twoConcurrentTransactions(store);
      } finally {
        await store.close();
        await pool.end();
      }
    });

    it('pg.Client: two concurrent transactions cannot see or roll back each other’s writes (they take turns)', async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const store = await storeInFreshSchema(client);
      try {
        await twoConcurrentTransactions(store);
      } finally {
        await store.close();
        await client.end();
      }
    });
  });
}

beforeAll(() => sharedPGlite().then(() => undefined), 120_000);
afterAll(endSharedClients);
