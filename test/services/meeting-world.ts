// Set-up shared by the meeting tests: an e:Presence organisation with its coordinators and a plain user, made
// through the public API; a Mégalis platform whose licensed users hold seats written straight into the store
// (the licence service is another issue's: seats and the pool are seeded here, as a held seat is all the
// meeting rules read).
import { profiles, where, type Organisation, type Polity, type Store } from 'polity';
import type { StoreTarget } from '../targets';
import { activate, ePresenceOrganisation, makeWorld, seedAssignment, seedOrganisation, seedUser, worldOf, type World } from './world';

/** A slot on 2 February 2026 (the test clock stands at 5 January), `hours` long from `from` UTC. */
export function slot(hours: number, from = '2026-02-02T08:00:00.000Z'): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(from);
  return { startsAt, endsAt: new Date(startsAt.getTime() + hours * 3_600_000) };
}

/** Adds an account to an e:Presence organisation through its coordinator, and activates it. */
export async function addMember(world: World, coordinatorId: string, organisationId: string, email: string, role: 'user' | 'unit_coordinator', unitId?: string): Promise<string> {
  await world.polity.as(coordinatorId).users.add({ organisationId, email, givenName: email.split('@')[0] ?? 'X', familyName: 'Tester', role, ...(unitId === undefined ? {} : { unitId }) });
  return activate(world, email);
}

/** e:Presence: admin, organisation a with coordinator, unit, unit coordinator and plain user (in a fresh world on a target, or in the world given). */
export async function ePresenceMeetings(on: StoreTarget | World, label = 'a') {
  const world = await worldOf(on);
  const setup = await ePresenceOrganisation(world, label);
  const organisationId = setup.organisation.id;
  const unitCoordinatorId = await addMember(world, setup.coordinatorId, organisationId, `unit.${label}@gov.test`, 'unit_coordinator', setup.unit.id);
  const plainUserId = await addMember(world, setup.coordinatorId, organisationId, `plain.${label}@gov.test`, 'user');
  return { ...setup, world, polity: world.polity, organisationId, unitCoordinatorId, plainUserId };
}

let seeded = 0;

/** Gives a user a held licence seat in their organisation, with the organisation's pool (seeded, see above). */
export async function seedSeat(store: Store, userId: string, organisationId: string): Promise<void> {
  seeded += 1;
  const at = new Date('2026-01-01T00:00:00.000Z');
  const pool = await store.licencePools.findOne(where.eq('organisationId', organisationId));
  if (pool === null) await store.licencePools.insert({ id: `meeting_pool_${seeded}`, organisationId, allocated: 100, used: 1, reserved: 0, updatedAt: at });
  else await store.licencePools.update(pool.id, { used: pool.used + 1 });
  await store.licenceSeats.insert({ id: `meeting_seat_${seeded}`, organisationId, userId, status: 'held', expiresAt: null, createdAt: at, updatedAt: at });
}

/** A Mégalis member: an active account with a role in the organisation and, when licensed, a held seat. */
export async function seedMember(store: Store, organisation: Organisation, email: string, role: string, licensed = true): Promise<string> {
  const user = await seedUser(store, { email, organisationId: organisation.id, timeZone: 'Europe/Paris', language: 'fr', active: licensed });
  await seedAssignment(store, { userId: user.id, role, scopeType: 'organisation', organisationId: organisation.id });
  if (licensed) await seedSeat(store, user.id, organisation.id);
  return user.id;
}

/** Mégalis: two organisations (Rennes, Brest) with users, a delegated organiser, an administrator and a concierge. */
export async function megalisMeetings(target: StoreTarget) {
  const world = await makeWorld(target, profiles.megalis);
  const { store } = world;
  const rennes = await seedOrganisation(store, 'Rennes Métropole');
  const brest = await seedOrganisation(store, 'Brest Métropole');
  const ids = {
    user: await seedMember(store, rennes, 'yann@rennes.test', 'user'),
    colleague: await seedMember(store, rennes, 'maela@rennes.test', 'user'),
    unlicensed: await seedMember(store, rennes, 'gone@rennes.test', 'user', false),
    delegate: await seedMember(store, rennes, 'denis@rennes.test', 'delegated_organiser'),
    administrator: await seedMember(store, rennes, 'anne@rennes.test', 'administrator'),
    brestUser: await seedMember(store, brest, 'bleuenn@brest.test', 'user'),
  };
  const concierge = await seedUser(store, { email: 'concierge@capvisio.test', timeZone: 'Europe/Paris', language: 'fr' });
  await seedAssignment(store, { userId: concierge.id, role: 'concierge', scopeType: 'platform' });
  return { world, polity: world.polity as Polity, store, rennes, brest, ...ids, concierge: concierge.id };
}
