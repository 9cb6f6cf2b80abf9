// The command kernel seen from outside: what every command and query gets without writing it (isolation,
// read-only queries, audit and outbox with the change, lazy principal attributes, relations answered for the
// resource at hand, attributes nobody loads refused at start).
import { describe, expect, it } from 'vitest';
import { memoryStore } from 'polity/adapters/memory';
import { sequentialIds, testClock } from 'polity/testing';
import { createPolity, extendProfile, isPolityError, profiles, when, where, type Filter, type Store, type TransactionOptions } from 'polity';
import { activationBase, ePresenceOrganisation, rejects, snapshot, type World } from './world';

/** A memory store that records the options of every top-level transaction and every list over a collection. */
function recordingStore(): { store: Store; transactions: (TransactionOptions | undefined)[]; lists: { collection: string; where: Filter | undefined }[] } {
  const inner = memoryStore();
  const transactions: (TransactionOptions | undefined)[] = [];
  const lists: { collection: string; where: Filter | undefined }[] = [];
  const wrapSession = (session: Store | Parameters<Parameters<Store['transaction']>[0]>[0]) =>
    new Proxy(session, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value === 'function') return (value as (...args: unknown[]) => unknown).bind(target);
        if (key === 'participants' || key === 'users' || key === 'assignments') {
          const repository = value as { list: (query?: { where?: Filter }) => Promise<unknown> };
          return new Proxy(repository, {
            get(repo, name, r) {
              const method = Reflect.get(repo, name, r) as unknown;
              // Repositories keep private fields: their methods must run on the repository itself.
              if (typeof method !== 'function') return method;
              if (name !== 'list') return (method as (...args: unknown[]) => unknown).bind(repo);
              return (query?: { where?: Filter }) => {
                lists.push({ collection: String(key), where: query?.where });
                return (method as (q?: unknown) => Promise<unknown>).call(repo, query);
              };
            },
          });
        }
        return value;
      },
    });
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'transaction') {
        return <R>(fn: (tx: never) => Promise<R>, options?: TransactionOptions) => {
          transactions.push(options);
          return inner.transaction((tx) => fn(wrapSession(tx) as never), options);
        };
      }
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as Store;
  return { store, transactions, lists };
}

function worldOn(store: Store, profile = profiles.ePresence, options: Partial<Parameters<typeof createPolity>[0]> = {}): World {
  const clock = testClock('2026-01-05T09:00:00.000Z');
  const polity = createPolity({ store, profile, clock, ids: sequentialIds(), activationUrl: (token) => `${activationBase}${encodeURIComponent(token)}`, ...options });
  return { polity, store, clock };
}

describe('memory: the command kernel', () => {
  it('commands run at READ COMMITTED, queries in a read-only REPEATABLE READ snapshot, units.move at SERIALIZABLE', async () => {
    const recording = recordingStore();
    const world = worldOn(recording.store);
    const { coordinatorId, organisation, unit } = await ePresenceOrganisation(world, 'a');
    const coordinator = world.polity.as(coordinatorId);
    recording.transactions.length = 0;
    await coordinator.units.create({ organisationId: organisation.id, name: 'Press Office' });
    expect(recording.transactions).toEqual([{ isolation: 'read committed' }]);
    recording.transactions.length = 0;
    await coordinator.units.list({ organisationId: organisation.id });
    expect(recording.transactions).toEqual([{ isolation: 'repeatable read', readOnly: true }]);
    recording.transactions.length = 0;
    const other = await coordinator.units.create({ organisationId: organisation.id, name: 'Legal' });
    await coordinator.units.move({ unitId: other.id, parentId: unit.id });
    expect(recording.transactions).toEqual([{ isolation: 'read committed' }, { isolation: 'serializable' }]);
  });

  it('a command writes its audit event and outbox messages with the change; a refused one writes none of the three', async () => {
    const world = worldOn(memoryStore());
    const { coordinatorId, organisation } = await ePresenceOrganisation(world, 'a');
    const coordinator = world.polity.as(coordinatorId);
    const { user } = await coordinator.users.add({ organisationId: organisation.id, email: 'eleni@gov.test', givenName: 'Eleni', familyName: 'P', role: 'user' });
    expect(await world.store.audit.count(where.and(where.eq('action', 'user.add'), where.eq('targetId', user.id)))).toBe(1);
    expect(await world.store.outbox.count(where.and(where.eq('kind', 'account.activation'), where.eq('recipientUserId', user.id)))).toBe(1);
    const before = await snapshot(world.store);
    // EP-13: the address is in use: the command is refused after it began writing nothing.
    await rejects(coordinator.users.add({ organisationId: organisation.id, email: 'ELENI@gov.test', givenName: 'E', familyName: 'P', role: 'user' }), 'conflict');
    expect(await snapshot(world.store)).toEqual(before);
  });

  it('a query writes nothing: no audit event, no outbox message', async () => {
    const world = worldOn(memoryStore());
    const { coordinatorId, organisation } = await ePresenceOrganisation(world, 'a');
    const before = await snapshot(world.store);
    await world.polity.as(coordinatorId).units.list({ organisationId: organisation.id });
    await world.polity.as(coordinatorId).coordinators.list({ organisationId: organisation.id });
    expect(await snapshot(world.store)).toEqual(before);
  });

  it('createPolity refuses a profile whose rules read a principal attribute nothing loads, and takes a loader for it', () => {
    const reading = extendProfile(profiles.ePresence, {
      id: 'reads-unknown',
      rules: [{ id: 'ours-favourites', source: 'OURS-2', effect: 'allow', roles: '*', actions: ['unit.read'], resource: 'unit', when: when.in('resource.id', when.ref('principal.favouriteUnitIds')) }],
    });
    let refused: unknown;
    try {
      createPolity({ store: memoryStore(), profile: reading });
    } catch (error) {
      refused = error;
    }
    expect(isPolityError(refused, 'invalid_input')).toBe(true);
    expect((refused as { details: { issues: { path: string; code: string }[] } }).details.issues[0]).toMatchObject({ path: 'attributes.favouriteUnitIds', code: 'unknown_attribute' });
    expect(() => createPolity({ store: memoryStore(), profile: reading, attributes: { favouriteUnitIds: async () => [] } })).not.toThrow();
  });

  it('a list attribute is loaded only for actions whose rules read it, once per command', async () => {
    const calls: string[] = [];
    const reading = extendProfile(profiles.ePresence, {
      id: 'reads-favourites',
      rules: [{ id: 'ours-favourites', source: 'OURS-2', effect: 'allow', roles: '*', actions: ['unit.read'], resource: 'unit', when: when.in('resource.organisationId', when.ref('principal.favouriteOrganisationIds')) }],
    });
    const world = worldOn(memoryStore(), reading, {
      attributes: {
        favouriteOrganisationIds: async (_session, subject) => {
          calls.push(subject.user.id);
          return [];
        },
      },
    });
    const { coordinatorId, organisation } = await ePresenceOrganisation(world, 'a');
    calls.length = 0;
    const coordinator = world.polity.as(coordinatorId);
    await coordinator.units.create({ organisationId: organisation.id, name: 'Press Office' });
    expect(calls).toEqual([]);
    await coordinator.units.list({ organisationId: organisation.id });
    expect(calls).toEqual([coordinatorId]);
  });

  it('EP-3: "invited to this meeting" is answered for the meeting at hand, never by reading the actor\'s participations', async () => {
    const recording = recordingStore();
    const world = worldOn(recording.store);
    const { coordinatorId, organisation } = await ePresenceOrganisation(world, 'a');
    const coordinator = world.polity.as(coordinatorId);
    const slot = (day: number) => ({ startsAt: new Date(Date.UTC(2026, 1, day, 9)), endsAt: new Date(Date.UTC(2026, 1, day, 10)) });
    for (let day = 1; day <= 5; day += 1) await coordinator.meetings.schedule({ title: `Review ${day}`, organisationId: organisation.id, ...slot(day) });
    const meeting = await coordinator.meetings.schedule({ title: 'Budget', organisationId: organisation.id, ...slot(9) });
    recording.lists.length = 0;
    await coordinator.meetings.get({ meetingId: meeting.id });
    const byActor = recording.lists.filter((list) => list.collection === 'participants' && JSON.stringify(list.where).includes(coordinatorId));
    // Each read of the actor's participations names the meeting: one point look-up, not the history.
    expect(byActor.length).toBeGreaterThan(0);
    for (const list of byActor) expect(JSON.stringify(list.where)).toContain(meeting.id);
    recording.lists.length = 0;
    await coordinator.meetings.schedule({ title: 'Later', organisationId: organisation.id, ...slot(12) });
    expect(recording.lists.filter((list) => list.collection === 'participants')).toEqual([]);
    // A list carries the relation in its plan (a related filter the store answers, EXISTS in SQL).
    recording.lists.length = 0;
    const page = await coordinator.meetings.list();
    expect(page.items.length).toBe(7);
    expect(recording.lists.filter((list) => list.collection === 'participants')).toEqual([]);
  });
});
