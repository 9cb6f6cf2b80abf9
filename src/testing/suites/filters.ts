/**
 * Conformance topic `filters`: the filter language means the same in every adapter: SQL's three-valued
 * logic around `null`, references to other fields, `in` with an empty list, the combinators, and one
 * meaning across list, count, findOne, deleteWhere and guardedUpdate. The reference is `matchesFilter`.
 *
 * @module
 */
import { expect } from 'vitest';
import { matchesFilter, where, type Filter, type Store, type User } from 'polity';
import { fixtureAt, fixtureIds, makeMeeting, makeUser, seedFixtureWorld } from '../fixtures';
import { sortedIds } from './expectations';
import { storeTest, type StoreSuite } from './store-suite';

/**
 * Five users with a mix of nulls:
 *
 * | id | title | country | active | lastSignInAt | postcode | language |
 * | --- | --- | --- | --- | --- | --- | --- |
 * | u1 | Dr | GR | true | +10 min | 10558 | el |
 * | u2 | null | IT | false | null | null | it |
 * | u3 | Mme | null | true | +20 min | 75001 | fr |
 * | u4 | null | null | false | +5 min | null | en |
 * | u5 | Dr | GR | true | null | 54622 | el |
 */
async function seedPeople(store: Store): Promise<User[]> {
  const people = [
    makeUser({ id: 'u1', title: 'Dr', country: 'GR', active: true, lastSignInAt: fixtureAt(10), postcode: '10558', language: 'el' }),
    makeUser({ id: 'u2', title: null, country: 'IT', active: false, lastSignInAt: null, postcode: null, language: 'it' }),
    makeUser({ id: 'u3', title: 'Mme', country: null, active: true, lastSignInAt: fixtureAt(20), postcode: '75001', language: 'fr' }),
    makeUser({ id: 'u4', title: null, country: null, active: false, lastSignInAt: fixtureAt(5), postcode: null, language: 'en' }),
    makeUser({ id: 'u5', title: 'Dr', country: 'GR', active: true, lastSignInAt: null, postcode: '54622', language: 'el' }),
  ];
  for (const person of people) await store.users.insert(person);
  return people;
}

/** The ids of the users a filter selects, through `list` and through `count`, which MUST agree. */
async function selected(store: Store, filter: Filter): Promise<string[]> {
  const { items, nextCursor } = await store.users.list({ where: filter, limit: 1000 });
  expect(nextCursor).toBeNull();
  expect(await store.users.count(filter)).toBe(items.length);
  return sortedIds(items);
}

/** The `filters` topic. */
export const filtersSuite: StoreSuite = {
  topic: 'filters',
  tests: [
    storeTest('eq matches equal values and never a null', async (store) => {
      await seedPeople(store);
      expect(await selected(store, where.eq('title', 'Dr'))).toEqual(['u1', 'u5']);
      expect(await selected(store, where.eq('active', false))).toEqual(['u2', 'u4']);
      expect(await selected(store, where.eq('lastSignInAt', fixtureAt(10)))).toEqual(['u1']);
    }),

    storeTest('eq null is IS NULL and not(eq null) is IS NOT NULL', async (store) => {
      await seedPeople(store);
      expect(await selected(store, where.isNull('title'))).toEqual(['u2', 'u4']);
      expect(await selected(store, where.eq('title', null))).toEqual(['u2', 'u4']);
      expect(await selected(store, where.not(where.isNull('title')))).toEqual(['u1', 'u3', 'u5']);
    }),

    storeTest('not(eq value) does not match a null (three-valued logic)', async (store) => {
      await seedPeople(store);
      expect(await selected(store, where.not(where.eq('title', 'Dr')))).toEqual(['u3']);
      expect(await selected(store, where.not(where.eq('country', 'GR')))).toEqual(['u2']);
    }),

    storeTest('comparisons order texts, dates (by instant) and never match a null', async (store) => {
      await seedPeople(store);
      expect(await selected(store, where.gte('postcode', '54622'))).toEqual(['u3', 'u5']);
      expect(await selected(store, where.lt('postcode', '54622'))).toEqual(['u1']);
      expect(await selected(store, where.gt('lastSignInAt', fixtureAt(7)))).toEqual(['u1', 'u3']);
      expect(await selected(store, where.lte('lastSignInAt', fixtureAt(10)))).toEqual(['u1', 'u4']);
      expect(await selected(store, where.not(where.gt('lastSignInAt', fixtureAt(7))))).toEqual(['u4']);
      expect(await selected(store, where.lt('lastSignInAt', null))).toEqual([]);
    }),

    storeTest('comparisons order numbers and may compare two fields of the record', async (store) => {
      await seedFixtureWorld(store);
      const meetings = [
        makeMeeting({ id: 'm_full', participantCount: 5, participantLimit: 5 }),
        makeMeeting({ id: 'm_room', participantCount: 2, participantLimit: 5 }),
        makeMeeting({ id: 'm_big', participantCount: 40, participantLimit: 50 }),
      ];
      for (const meeting of meetings) await store.meetings.insert(meeting);
      const ids = async (filter: Filter) => sortedIds((await store.meetings.list({ where: filter })).items);
      expect(await ids(where.lt('participantCount', where.field('participantLimit')))).toEqual(['m_big', 'm_room', 'meeting_fixture'].sort());
      expect(await ids(where.eq('participantCount', where.field('participantLimit')))).toEqual(['m_full']);
      expect(await ids(where.gt('participantCount', 4))).toEqual(['m_big', 'm_full']);
      expect(await ids(where.lte('participantLimit', 5))).toEqual(['m_full', 'm_room']);
    }),

    storeTest('a comparison with a field that is null is unknown, on either side', async (store) => {
      await seedFixtureWorld(store);
      await store.meetings.insert(makeMeeting({ id: 'm_nulls', unitId: null, roomId: null }));
      await store.meetings.insert(makeMeeting({ id: 'm_unit', unitId: fixtureIds.unit, roomId: null }));
      const ids = async (filter: Filter) => sortedIds((await store.meetings.list({ where: filter })).items);
      // NULL = NULL is unknown, not true; its negation is unknown too.
      expect(await ids(where.eq('unitId', where.field('roomId')))).toEqual([]);
      expect(await ids(where.not(where.eq('unitId', where.field('roomId'))))).toEqual([]);
      expect(await ids(where.eq('organiserId', where.field('createdById')))).toEqual(['m_nulls', 'm_unit', 'meeting_fixture'].sort());
    }),

    storeTest('in matches listed values; an empty list matches nothing and its negation everything', async (store) => {
      await seedPeople(store);
      expect(await selected(store, where.in('language', ['el', 'fr']))).toEqual(['u1', 'u3', 'u5']);
      expect(await selected(store, where.in('lastSignInAt', [fixtureAt(5), fixtureAt(20)]))).toEqual(['u3', 'u4']);
      expect(await selected(store, where.in('title', []))).toEqual([]);
      expect(await selected(store, where.not(where.in('title', [])))).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
      expect(await selected(store, where.not(where.in('title', ['Dr'])))).toEqual(['u3']);
    }),

    storeTest('in with a null among the values never matches a null, and its negation matches nothing', async (store) => {
      await seedPeople(store);
      expect(await selected(store, where.in('title', ['Dr', null]))).toEqual(['u1', 'u5']);
      expect(await selected(store, where.not(where.in('title', ['Dr', null])))).toEqual([]);
    }),

    storeTest('and, or and not follow three-valued logic', async (store) => {
      await seedPeople(store);
      // u2: unknown AND true = unknown; u4: unknown AND unknown = unknown; neither negation matches.
      expect(await selected(store, where.not(where.and(where.eq('title', 'Dr'), where.eq('country', 'IT'))))).toEqual(['u1', 'u3', 'u5']);
      // u3: false OR unknown = unknown; u4: unknown OR unknown = unknown.
      expect(await selected(store, where.not(where.or(where.eq('title', 'Dr'), where.eq('country', 'IT'))))).toEqual([]);
      expect(await selected(store, where.or(where.eq('title', 'Mme'), where.eq('country', 'IT')))).toEqual(['u2', 'u3']);
      expect(await selected(store, where.and(where.eq('active', true), where.eq('language', 'el')))).toEqual(['u1', 'u5']);
      expect(await selected(store, where.not(where.not(where.eq('country', 'GR'))))).toEqual(['u1', 'u5']);
    }),

    storeTest('always, never, and() and or() are constants', async (store) => {
      await seedPeople(store);
      const everyone = ['u1', 'u2', 'u3', 'u4', 'u5'];
      expect(await selected(store, where.always())).toEqual(everyone);
      expect(await selected(store, where.and())).toEqual(everyone);
      expect(await selected(store, where.never())).toEqual([]);
      expect(await selected(store, where.or())).toEqual([]);
      expect(await selected(store, where.not(where.never()))).toEqual(everyone);
      expect(await selected(store, where.and(where.always(), where.never()))).toEqual([]);
    }),

    storeTest('findOne, deleteWhere and guardedUpdate select exactly as list does', async (store) => {
      await seedPeople(store);
      const notDoctor = where.not(where.eq('title', 'Dr'));
      expect((await store.users.findOne(notDoctor))?.id).toBe('u3');
      const changed = await store.users.guardedUpdate({ where: notDoctor, set: { postcode: '00000' } });
      expect(sortedIds(changed)).toEqual(['u3']);
      expect(await store.users.deleteWhere(where.not(where.eq('country', 'GR')))).toBe(1);
      expect(sortedIds((await store.users.list()).items)).toEqual(['u1', 'u3', 'u4', 'u5']);
    }),

    storeTest('every filter selects exactly the records matchesFilter accepts', async (store) => {
      const people = await seedPeople(store);
      const filters: Filter[] = [
        where.eq('country', 'GR'),
        where.eq('country', null),
        where.not(where.eq('country', 'GR')),
        where.in('country', ['GR', 'IT']),
        where.in('country', ['GR', null]),
        where.not(where.in('country', ['IT'])),
        where.not(where.in('country', [])),
        where.gt('postcode', '20000'),
        where.not(where.lte('postcode', '20000')),
        where.lt('lastSignInAt', fixtureAt(15)),
        where.gte('lastSignInAt', fixtureAt(5)),
        where.eq('title', where.field('title')),
        where.eq('country', where.field('title')),
        where.and(where.eq('active', true), where.not(where.eq('title', 'Dr'))),
        where.or(where.isNull('title'), where.isNull('country')),
        where.not(where.or(where.isNull('title'), where.eq('country', 'GR'))),
        where.not(where.and(where.eq('active', true), where.gt('lastSignInAt', fixtureAt(0)))),
        where.or(where.not(where.eq('language', 'el')), where.eq('postcode', '54622')),
        where.and(where.or(where.eq('title', 'Dr'), where.eq('title', 'Mme')), where.not(where.isNull('lastSignInAt'))),
        where.not(where.and()),
        where.not(where.or()),
      ];
      for (const filter of filters) {
        const expected = sortedIds(people.filter((person) => matchesFilter(filter, person)));
        expect(await selected(store, filter), JSON.stringify(filter)).toEqual(expected);
      }
    }),
  ],
};
