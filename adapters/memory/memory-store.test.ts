import { describe, expect, it } from 'vitest';
import { isPolityError, where, type PolityError } from 'polity';
import { memoryIdentityRegistry, memoryStore } from 'polity/adapters/memory';
import { fixtureIds, makeGroup, makeLicencePool, makeOutboxMessage, makeUser, seedFixtureWorld } from '../../src/testing/fixtures';

async function rejection(promise: Promise<unknown>): Promise<PolityError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isPolityError(error), `expected a PolityError, got ${String(error)}`).toBe(true);
  return error as PolityError;
}

const sortedIdsOf = (records: readonly { id: string }[]) => records.map((record) => record.id).sort();

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('memoryStore: copies in and out', () => {
  it('changing a record after insert, or any returned record, never changes what is stored', async () => {
    const store = memoryStore();
    await seedFixtureWorld(store);
    const group = makeGroup({ memberIds: [fixtureIds.user] });
    await store.groups.insert(group);
    group.memberIds.push('user_x');
    const listed = (await store.groups.list()).items[0];
    listed?.memberIds.push('user_y');
    const found = await store.groups.findOne(where.eq('id', group.id));
    found?.memberIds.push('user_z');
    const [updated] = await store.groups.guardedUpdate({ where: where.eq('id', group.id), set: { description: 'kept' } });
    updated?.memberIds.push('user_w');
    const message = makeOutboxMessage({ payload: { nested: { n: 1 } } });
    await store.enqueue(message);
    (message.payload['nested'] as { n: number }).n = 2;
    expect((await store.groups.get(group.id))?.memberIds).toEqual([fixtureIds.user]);
    expect((await store.outbox.get(message.id))?.payload).toEqual({ nested: { n: 1 } });
  });

  it('seed records are validated, checked for duplicates and copied', async () => {
    const user = makeUser();
    const store = memoryStore({ seed: { users: [user] } });
    user.givenName = 'Changed';
    expect((await store.users.get(user.id))?.givenName).toBe('Ada');
    expect(() => memoryStore({ seed: { users: [user, makeUser({ email: user.email.toUpperCase() })] } })).toThrow(expect.objectContaining({ code: 'conflict', details: { constraint: 'users.email' } }));
    expect(() => memoryStore({ seed: { users: [{ ...makeUser(), email: 'bad' }] } })).toThrowError(/email/);
  });

  it('reports its adapter name', () => {
    expect(memoryStore().adapter).toBe('memory');
  });
});

describe('memoryStore: joining a running transaction through its async context', () => {
  it('store.* calls made inside a transaction join it instead of waiting for it, and roll back with it', async () => {
    const store = memoryStore();
    const joined = makeUser();
    const nested = makeUser();
    const failed = store.transaction(async () => {
      await store.users.insert(joined);
      expect(await store.users.count()).toBe(1);
      await store.transaction(async (tx) => {
        await tx.users.insert(nested);
      });
      expect(await store.users.get(nested.id)).not.toBeNull();
      throw new Error('undo all');
    });
    await expect(failed).rejects.toThrow('undo all');
    expect(await store.users.count()).toBe(0);
  });

  it('a single store call that fails inside a transaction reverts only itself; caught, the transaction goes on', async () => {
    const store = memoryStore();
    const kept = makeUser({ email: 'kept@example.test' });
    await store.transaction(async (tx) => {
      await tx.users.insert(kept);
      // Two messages, the second clashing with the first: the whole enqueue reverts, nothing else.
      const clash = [makeOutboxMessage({ idempotencyKey: 'k' }), makeOutboxMessage({ idempotencyKey: 'k' })];
      expect((await rejection(tx.enqueue(clash))).code).toBe('conflict');
      expect((await rejection(store.users.insert(makeUser({ email: 'KEPT@example.test' })))).code).toBe('conflict');
      expect(await tx.outbox.count()).toBe(0);
    });
    expect(await store.users.get(kept.id)).toEqual(kept);
  });

  it('work scheduled inside a transaction that runs after it ended runs on its own, under the lock', async () => {
    const store = memoryStore();
    const late = makeUser();
    let lateWrite!: Promise<unknown>;
    await expect(
      store.transaction(async (tx) => {
        await tx.users.insert(makeUser());
        // The continuation inherits this transaction's async context but runs after its rollback.
        lateWrite = delay(10).then(() => store.users.insert(late));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await lateWrite;
    expect(sortedIdsOf((await store.users.list()).items)).toEqual([late.id]);
  });

  it('a session kept after its transaction ended refuses work', async () => {
    const store = memoryStore();
    let kept: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      kept = tx;
    });
    const error = await rejection(kept?.users.insert(makeUser()) ?? Promise.resolve());
    expect(error.code).toBe('internal');
    expect(await store.users.count()).toBe(0);
  });

  it('a transaction of one store never captures calls to another store', async () => {
    const first = memoryStore();
    const second = memoryStore();
    const other = makeUser();
    await expect(
      first.transaction(async () => {
        await second.users.insert(other);
        throw new Error('only the first rolls back');
      }),
    ).rejects.toThrow('only the first');
    expect(await second.users.get(other.id)).toEqual(other);
  });

  it('direct calls wait for a running transaction, so they never read its uncommitted writes', async () => {
    const store = memoryStore();
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
  });
});

describe('memoryStore: closed', () => {
  it('every call rejects with internal "store is closed", including in-flight and queued transactions', async () => {
    const store = memoryStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = store.transaction(async (tx) => {
      await gate;
      await tx.users.insert(makeUser());
    });
    const queued = store.transaction(async () => 'never runs');
    await store.close();
    release();
    for (const call of [running, queued, store.users.get('x'), store.enqueue([]), store.licencePools.guardedUpdate({ where: where.always(), increment: { used: 1 } })]) {
      const error = await rejection(call);
      expect(error.code).toBe('internal');
      expect(error.message).toBe('store is closed');
    }
    await expect(store.close()).resolves.toBeUndefined();
  });
});

describe('memoryStore: refused queries', () => {
  it('a bad cursor is invalid_input, whatever is wrong with it', async () => {
    const store = memoryStore();
    await store.users.insert(makeUser());
    await store.users.insert(makeUser());
    const forge = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');
    const bad = ['', '%%%', 'AAAA', forge([1]), forge({ o: 'id:asc', v: [] }), forge({ o: 'id:asc', v: [42] }), forge({ o: 'id:asc', v: [{ x: 1 }] })];
    for (const after of bad) {
      const error = await rejection(store.users.list({ after }));
      expect(error.code, after).toBe('invalid_input');
      expect(error.details).toMatchObject({ issues: [{ path: 'after', code: 'invalid_cursor' }] });
    }
    const good = forge({ o: 'id:asc', v: ['user_0'] });
    expect((await store.users.list({ after: good })).items).toHaveLength(2);
  });

  it('an unknown field is invalid_input naming it, wherever it appears', async () => {
    const store = memoryStore();
    const user = await store.users.insert(makeUser());
    const error = await rejection(store.users.count(where.and(where.eq('nickname', 'x'), where.eq('shoeSize', 42))));
    expect(error.code).toBe('invalid_input');
    expect(error.details).toMatchObject({ issues: [{ path: 'where', code: 'unknown_field' }, { path: 'where', code: 'unknown_field' }] });
    expect(error.message).toContain('nickname');
    expect((await rejection(store.users.update(user.id, { nickname: 'x' } as never))).details).toMatchObject({ issues: [{ path: 'patch' }] });
    expect((await rejection(store.users.list({ orderBy: [{ field: 'nickname' as never }] }))).details).toMatchObject({ issues: [{ path: 'orderBy' }] });
  });

  it('ordering by a field that holds no ordered value (an array) is invalid_input', async () => {
    const store = memoryStore();
    await seedFixtureWorld(store);
    await store.groups.insert(makeGroup());
    expect((await rejection(store.groups.list({ orderBy: [{ field: 'memberIds' }] }))).code).toBe('invalid_input');
  });

  it('a guarded update must change something, and not set and increment one field', async () => {
    const store = memoryStore();
    const pool = await store.licencePools.insert(makeLicencePool());
    expect((await rejection(store.licencePools.guardedUpdate({ where: where.always() }))).code).toBe('invalid_input');
    expect((await rejection(store.licencePools.guardedUpdate({ where: where.always(), set: { used: 1 }, increment: { used: 1 } }))).code).toBe(
      'invalid_input',
    );
    expect((await rejection(store.licencePools.guardedUpdate({ where: where.always(), increment: { used: Number.NaN } }))).code).toBe('invalid_input');
    expect(await store.licencePools.get(pool.id)).toEqual(pool);
  });

  it('incrementing a null number leaves it null, as in SQL', async () => {
    const store = memoryStore();
    await seedFixtureWorld(store);
    const [room] = await store.rooms.guardedUpdate({ where: where.eq('id', fixtureIds.room), increment: { participantLimit: 5 } });
    expect(room?.participantLimit).toBeNull();
  });
});

describe('memoryIdentityRegistry', () => {
  it('returns a copy of the entry for a known tax code, matching case-insensitively, and null otherwise', async () => {
    const entries = { RSSMRA80A01H501U: { civilServant: true, organisationCode: 'c_h501', unitName: 'Finance' } };
    const registry = memoryIdentityRegistry(entries);
    entries.RSSMRA80A01H501U.civilServant = false;
    const found = await registry.lookup(' rssmra80a01h501u ');
    expect(found).toEqual({ civilServant: true, organisationCode: 'c_h501', unitName: 'Finance' });
    if (found !== null) (found as { civilServant: boolean }).civilServant = false;
    expect((await registry.lookup('RSSMRA80A01H501U'))?.civilServant).toBe(true);
    expect(await registry.lookup('UNKNOWN0000')).toBeNull();
  });
});
