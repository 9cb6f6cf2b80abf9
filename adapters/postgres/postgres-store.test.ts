/**
 * What the Postgres store does beyond the conformance suite (on PGlite; the same code runs on the server):
 * joining a running transaction through its async context, refused writes caught inside a transaction,
 * writes the database refuses ending it, the isolation a transaction runs at, a closed store, and refused
 * queries.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolityError, isPolityError, where, type Store } from 'polity';
import { fixtureIds, makeGroup, makeLicencePool, makeMeeting, makeOutboxMessage, makeUser, seedFixtureWorld } from 'polity/testing';
import { postgresStore } from './postgres-store';
import { storeInFreshSchema } from '../../test/conformance/pg-targets';

const lite = PGlite.create();

// Starting PGlite takes seconds on a busy machine: before the first test's clock starts.
beforeAll(() => lite.then(() => undefined), 120_000);

afterAll(async () => {
  await (await lite).close();
});

async function withStore(run: (store: Store) => Promise<void>): Promise<void> {
  const store = await storeInFreshSchema(await lite);
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<PolityError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isPolityError(error)) throw new Error(`expected a PolityError, got ${String(error)}`);
  return error;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('postgresStore: joining a running transaction', () => {
  it('store.* calls made inside a transaction join it, and roll back with it', () =>
    withStore(async (store) => {
      const joined = makeUser();
      const failed = store.transaction(async () => {
        await store.users.insert(joined);
        expect(await store.users.count()).toBe(1);
        throw new Error('undo all');
      });
      await expect(failed).rejects.toThrow('undo all');
      expect(await store.users.count()).toBe(0);
    }));

  it('direct calls wait for a running transaction on a single connection, so they never read its uncommitted writes', () =>
    withStore(async (store) => {
      const user = makeUser();
      const events: string[] = [];
      const running = store.transaction(async (tx) => {
        await tx.users.insert(user);
        await delay(20);
        events.push('commit');
      });
      await delay(1);
      const seen = await store.users.get(user.id);
      events.push('read');
      await running;
      expect(events).toEqual(['commit', 'read']);
      expect(seen).toEqual(user);
    }));

  it('a session kept after its transaction ended refuses work', () =>
    withStore(async (store) => {
      let kept: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
      await store.transaction(async (tx) => {
        kept = tx;
      });
      expect((await rejection(kept?.users.insert(makeUser()) ?? Promise.resolve())).code).toBe('internal');
    }));
});

describe('postgresStore: refused writes inside a transaction', () => {
  it('a unique clash on insert, enqueue or update is refused without harming the transaction: caught, it goes on', () =>
    withStore(async (store) => {
      const kept = makeUser({ email: 'kept@example.test' });
      const other = makeUser({ email: 'other@example.test' });
      await store.transaction(async (tx) => {
        await tx.users.insert(kept);
        await tx.users.insert(other);
        const clash = [makeOutboxMessage({ idempotencyKey: 'k' }), makeOutboxMessage({ idempotencyKey: 'k' })];
        expect((await rejection(tx.enqueue(clash))).code).toBe('conflict');
        await tx.enqueue(makeOutboxMessage({ idempotencyKey: 'taken' }));
        expect(await rejection(tx.enqueue([makeOutboxMessage(), makeOutboxMessage({ idempotencyKey: 'taken' })]))).toMatchObject({ details: { constraint: 'outbox.idempotencyKey' } });
        expect(await rejection(store.users.insert(makeUser({ email: 'KEPT@example.test' })))).toMatchObject({ details: { constraint: 'users.email' } });
        expect(await rejection(tx.users.update(other.id, { email: 'Kept@Example.test' }))).toMatchObject({ details: { constraint: 'users.email' } });
        expect(await tx.outbox.count()).toBe(1);
      });
      expect(await store.users.get(kept.id)).toEqual(kept);
      expect((await store.users.get(other.id))?.email).toBe('other@example.test');
      expect(await store.outbox.count()).toBe(1);
    }));

  it('a write the database refuses otherwise (a foreign key) ends the transaction, which rolls back with that error', () =>
    withStore(async (store) => {
      const user = makeUser();
      const failed = store.transaction(async (tx) => {
        await tx.users.insert(user);
        const refused = await rejection(tx.meetings.insert(makeMeeting({ organisationId: 'org_missing' })));
        expect(refused).toMatchObject({ code: 'invalid_input', details: { issues: [{ path: 'organisationId', code: 'unknown_reference' }] } });
        // Going on after it cannot work: PostgreSQL aborted the transaction.
        await tx.users.count().catch(() => undefined);
      });
      expect((await rejection(failed)).code).toBe('invalid_input');
      expect(await store.users.get(user.id)).toBeNull();
    }));

  it('wrapped in a nested transaction (a savepoint), such a refusal can be caught and the transaction goes on', () =>
    withStore(async (store) => {
      const user = makeUser();
      await store.transaction(async (tx) => {
        await tx.users.insert(user);
        const refused = await rejection(tx.transaction((inner) => inner.meetings.insert(makeMeeting({ organisationId: 'org_missing' }))));
        expect(refused.code).toBe('invalid_input');
        await tx.users.update(user.id, { givenName: 'Went on' });
      });
      expect((await store.users.get(user.id))?.givenName).toBe('Went on');
    }));

  it('deleting a record others still reference is a conflict naming the reference', () =>
    withStore(async (store) => {
      await seedFixtureWorld(store);
      expect(await rejection(store.organisations.delete(fixtureIds.organisation))).toMatchObject({ code: 'conflict', details: { constraint: 'units.organisationId.ref' } });
    }));
});

describe('postgresStore: the isolation a transaction runs at', () => {
  it('a transaction that only writes records by id runs once; one that reads after writing runs again from the start', () =>
    withStore(async (store) => {
      await seedFixtureWorld(store);
      const seeded = await store.users.count();
      const pool = await store.licencePools.insert(makeLicencePool({ allocated: 5 }));
      let writeOnly = 0;
      await store.transaction(async (tx) => {
        writeOnly += 1;
        await tx.licencePools.guardedUpdate({ where: where.and(where.eq('id', pool.id), where.lt('used', where.field('allocated'))), increment: { used: 1 } });
        await tx.users.insert(makeUser());
        await tx.enqueue(makeOutboxMessage());
      });
      expect(writeOnly).toBe(1);
      let readAfterWrite = 0;
      const counted = await store.transaction(async (tx) => {
        readAfterWrite += 1;
        await tx.users.insert(makeUser());
        return tx.users.count();
      });
      expect(readAfterWrite).toBe(2);
      expect(counted).toBe(seeded + 2);
      expect(await store.users.count()).toBe(seeded + 2);
      let readFirst = 0;
      await store.transaction(async (tx) => {
        readFirst += 1;
        await tx.users.count();
        await tx.users.insert(makeUser());
      });
      expect(readFirst).toBe(1);
    }));
});

describe('postgresStore: closed', () => {
  it('every call rejects with internal "store is closed", including in-flight and queued transactions; close stays idempotent', () =>
    withStore(async (store) => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const running = store.transaction(async (tx) => {
        await tx.users.insert(makeUser());
        await gate;
        await tx.users.insert(makeUser());
      });
      await delay(5);
      const queued = store.transaction(async () => 'never runs');
      await store.close();
      release();
      for (const call of [running, queued, store.users.get('x'), store.enqueue([]), store.licencePools.guardedUpdate({ where: where.always(), increment: { used: 1 } })]) {
        const error = await rejection(call);
        expect(error.code).toBe('internal');
        expect(error.message).toBe('store is closed');
      }
      await expect(store.close()).resolves.toBeUndefined();
    }));

  it('ends the client only with closeClient', async () => {
    const db = await PGlite.create();
    const store = postgresStore(db, { closeClient: true });
    await store.close();
    expect(db.closed).toBe(true);
  });
});

describe('postgresStore: refused queries and options', () => {
  it('a bad cursor is invalid_input, whatever is wrong with it', () =>
    withStore(async (store) => {
      await store.users.insert(makeUser());
      const forge = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');
      for (const after of ['', '%%%', 'AAAA', forge({ o: 'id:asc', v: [42] }), forge({ o: 'lastSignInAt:asc,id:asc', v: ['not a date', 'u'] })]) {
        const orderBy = after.startsWith('eyJvIjoibGFzdFNpZ25JbkF0') ? [{ field: 'lastSignInAt' as const }] : undefined;
        const error = await rejection(store.users.list({ after, ...(orderBy === undefined ? {} : { orderBy }) }));
        expect(error.code, after).toBe('invalid_input');
      }
    }));

  it('ordering by a JSON or array field, incrementing by a fraction, or changing nothing is invalid_input', () =>
    withStore(async (store) => {
      await seedFixtureWorld(store);
      await store.groups.insert(makeGroup());
      expect((await rejection(store.groups.list({ orderBy: [{ field: 'memberIds' }] }))).code).toBe('invalid_input');
      const pool = await store.licencePools.insert(makeLicencePool());
      expect((await rejection(store.licencePools.guardedUpdate({ where: where.eq('id', pool.id), increment: { used: 0.5 } }))).code).toBe('invalid_input');
      expect((await rejection(store.licencePools.guardedUpdate({ where: where.always() }))).code).toBe('invalid_input');
      expect(await store.licencePools.get(pool.id)).toEqual(pool);
    }));

  it('refuses a schema name that is not a plain lower-case identifier, and reports its adapter name', async () => {
    const db = await lite;
    expect(() => postgresStore(db, { schema: 'x"; DROP SCHEMA public; --' })).toThrow(/schema must be/);
    expect(postgresStore(db, { name: 'pglite' }).adapter).toBe('pglite');
    expect(postgresStore(db).adapter).toBe('postgres');
  });
});
