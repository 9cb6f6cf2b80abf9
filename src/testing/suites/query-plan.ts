/**
 * Conformance topic `query-plan`: what a policy's query plan asks of a Store beyond plain filters. A
 * `related` node ("meetings whose participants include me") is a semi-join over another collection: the
 * Store answers it from its own records (an `EXISTS` on SQL stores), never unknown, in every method that
 * takes a filter, inside a transaction with that transaction's writes, and a plan holding one lists exactly
 * what `check` allows once the principal's list is materialised. The reference is `matchesFilter` with a
 * resolver over the records.
 *
 * @module
 */
import { expect } from 'vitest';
import { createPolicy, profiles, where, type Filter, type Principal, type Store } from 'polity';
import { fixtureIds, makeMeeting, makeParticipant, makeUser, seedFixtureWorld } from '../fixtures';
import { expectPolityError, sortedIds } from './expectations';
import { storeTest, type StoreSuite } from './store-suite';

/**
 * Four meetings and who is in them: `guest` in m1 (organiser) and m3, `other` in m2; m4 has nobody.
 */
async function seedInvitations(store: Store): Promise<void> {
  await seedFixtureWorld(store);
  await store.transaction(async (tx) => {
    for (const id of ['guest', 'other']) await tx.users.insert(makeUser({ id, email: `${id}@example.test` }));
    for (const id of ['m1', 'm2', 'm3', 'm4']) await tx.meetings.insert(makeMeeting({ id }));
    await tx.participants.insert(makeParticipant({ id: 'p1', meetingId: 'm1', userId: 'guest', role: 'organiser' }));
    await tx.participants.insert(makeParticipant({ id: 'p2', meetingId: 'm2', userId: 'other' }));
    await tx.participants.insert(makeParticipant({ id: 'p3', meetingId: 'm3', userId: 'guest' }));
  });
}

/** "Meetings `userId` takes part in", as a plan carries EP-3's `invitedMeetingIds`. */
const invitedTo = (userId: string, extra?: Filter): Filter =>
  where.related('id', 'participants', 'meetingId', extra === undefined ? where.eq('userId', userId) : where.and(extra, where.eq('userId', userId)));

/** The ids of the generated meetings a filter selects, through `list` and `count`, which MUST agree. */
async function meetings(store: Store, filter: Filter): Promise<string[]> {
  const mine = where.and(filter, where.in('id', ['m1', 'm2', 'm3', 'm4']));
  const { items } = await store.meetings.list({ where: mine, limit: 100 });
  expect(await store.meetings.count(mine)).toBe(items.length);
  return sortedIds(items);
}

/** The `query-plan` topic. */
export const queryPlanSuite: StoreSuite = {
  topic: 'query-plan',
  tests: [
    storeTest('EP-3: related selects the records some record of another collection points at, with its own filter', async (store) => {
      await seedInvitations(store);
      expect(await meetings(store, invitedTo('guest'))).toEqual(['m1', 'm3']);
      expect(await meetings(store, invitedTo('other'))).toEqual(['m2']);
      expect(await meetings(store, invitedTo('nobody'))).toEqual([]);
      expect(await meetings(store, invitedTo('guest', where.eq('role', 'participant')))).toEqual(['m3']);
      expect(await meetings(store, where.related('id', 'participants', 'meetingId'))).toEqual(['m1', 'm2', 'm3']);
      expect((await store.meetings.findOne(invitedTo('guest')))?.id).toBe('m1');
    }),

    storeTest('EP-3: related is never unknown: its negation is exact, and it combines in and, or and not', async (store) => {
      await seedInvitations(store);
      expect(await meetings(store, where.not(invitedTo('guest')))).toEqual(['m2', 'm4']);
      expect(await meetings(store, where.or(invitedTo('guest'), where.eq('id', 'm4')))).toEqual(['m1', 'm3', 'm4']);
      expect(await meetings(store, where.or(invitedTo('guest'), invitedTo('other')))).toEqual(['m1', 'm2', 'm3']);
      expect(await meetings(store, where.and(invitedTo('guest'), where.not(where.eq('id', 'm1'))))).toEqual(['m3']);
      // A null field is related to nothing, so "not related" holds for it.
      const unitless = where.related('unitId', 'units', 'id');
      expect(await meetings(store, unitless)).toEqual([]);
      expect(await meetings(store, where.not(unitless))).toEqual(['m1', 'm2', 'm3', 'm4']);
    }),

    storeTest('KA-5: related through the same collection (the accounts a manager oversees, deleted ones left out)', async (store) => {
      await seedFixtureWorld(store);
      await store.transaction(async (tx) => {
        await tx.users.insert(makeUser({ id: 'boss', email: 'boss@example.test' }));
        await tx.users.insert(makeUser({ id: 'kept', email: 'kept@example.test', managerId: 'boss' }));
        await tx.users.insert(makeUser({ id: 'gone', email: 'gone@example.test', managerId: 'boss', deletedAt: new Date('2025-03-01T00:00:00Z') }));
      });
      const overseen = where.related('id', 'users', 'id', where.and(where.isNull('deletedAt'), where.eq('managerId', 'boss')));
      expect(sortedIds((await store.users.list({ where: overseen })).items)).toEqual(['kept']);
      expect(await store.users.count(where.and(where.not(overseen), where.in('id', ['boss', 'kept', 'gone'])))).toBe(2);
    }),

    storeTest('EP-3: deleteWhere and guardedUpdate take related filters too', async (store) => {
      await seedInvitations(store);
      const updated = await store.meetings.guardedUpdate({ where: invitedTo('guest'), set: { title: 'Invited' } });
      expect(sortedIds(updated)).toEqual(['m1', 'm3']);
      expect(await store.participants.deleteWhere(where.related('meetingId', 'meetings', 'id', where.eq('title', 'Invited')))).toBe(2);
      expect(await meetings(store, invitedTo('guest'))).toEqual([]);
    }),

    storeTest('EP-3: inside a transaction, related sees that transaction’s writes; after a rollback, nothing of them', async (store) => {
      await seedInvitations(store);
      await expect(
        store.transaction(async (tx) => {
          await tx.participants.insert(makeParticipant({ id: 'p4', meetingId: 'm4', userId: 'guest' }));
          expect(await tx.meetings.count(where.and(invitedTo('guest'), where.in('id', ['m1', 'm2', 'm3', 'm4'])))).toBe(3);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await meetings(store, invitedTo('guest'))).toEqual(['m1', 'm3']);
    }),

    storeTest('EP-3: a policy plan with a relation lists exactly what check allows given the materialised list', async (store) => {
      await seedInvitations(store);
      const policy = createPolicy(profiles.ePresence);
      for (const userId of ['guest', 'other', fixtureIds.user]) {
        const bare: Principal = { id: userId, assignments: [] };
        const invited = (await store.participants.list({ where: where.eq('userId', userId), limit: 100 })).items.map((p) => p.meetingId);
        const listed: Principal = { ...bare, attributes: { invitedMeetingIds: invited } };
        const all = (await store.meetings.list({ where: where.in('id', ['m1', 'm2', 'm3', 'm4', fixtureIds.meeting]), limit: 100 })).items;
        const plan = policy.plan(bare, 'meeting.join', 'meeting');
        const expected = sortedIds(all.filter((m) => policy.check(listed, 'meeting.join', { kind: 'meeting', ...m })));
        expect(sortedIds((await store.meetings.list({ where: where.and(plan, where.in('id', all.map((m) => m.id))), limit: 100 })).items), userId).toEqual(expected);
      }
    }),

    storeTest('refuses a related filter over an unknown collection, key or field (invalid_input)', async (store) => {
      await seedFixtureWorld(store);
      await expectPolityError(store.meetings.count(where.related('id', 'invitations', 'meetingId')), 'invalid_input');
      await expectPolityError(store.meetings.count(where.related('id', 'participants', 'meeting')), 'invalid_input');
      await expectPolityError(store.meetings.list({ where: where.related('id', 'participants', 'meetingId', where.eq('user', 'x')) }), 'invalid_input');
      await expectPolityError(store.meetings.count(where.related('venue', 'participants', 'meetingId')), 'invalid_input');
    }),
  ],
};
