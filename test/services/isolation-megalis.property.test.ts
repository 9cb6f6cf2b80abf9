// Tenant isolation for licences, meetings, rooms, planning, statistics and contacts, as a property: random
// sequences of commands by random members of three Mégalis organisations never let one read or change what
// another organisation holds (its pool, seats, requests, meetings, participants, rooms, planning, statistics).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryStoreSeed } from 'polity/adapters/memory';
import { profiles, where, type Polity, type Store } from 'polity';
import { checkEachCommand, outcomeOf, pick, type Outcome, type Owned, type Tally } from './isolation-kit';
import { activate, makeWorld, seedOrganisation, snapshot } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

interface Base {
  /** The base world's store, which each run copies. */
  readonly store: Store;
  readonly seed: MemoryStoreSeed;
  readonly members: readonly Owned[];
  readonly meetings: readonly Owned[];
  readonly rooms: readonly (Owned & { readonly alias: string })[];
  readonly organisationIds: readonly string[];
}

/** Three organisations, each with an administrator, a delegated organiser and a user, a meeting and a room. */
async function megalisBase(target: StoreTarget): Promise<Base> {
  const world = await makeWorld(target, profiles.megalis);
  const { user: operatorUser } = await world.polity.bootstrapPlatformAdmin({ email: 'ops@megalis.test', givenName: 'Yann', familyName: 'Le Gall' });
  const operator = world.polity.as(operatorUser.id);
  await operator.users.add({ role: 'concierge', email: 'camille@capvisio.test', givenName: 'Camille', familyName: 'Support' });
  const concierge = world.polity.as(await activate(world, 'camille@capvisio.test'));
  const members: Owned[] = [];
  const meetings: Owned[] = [];
  const rooms: (Owned & { alias: string })[] = [];
  for (const label of ['a', 'b', 'c']) {
    const organisation = await seedOrganisation(world.store, `Commune ${label}`);
    await operator.licences.allocate({ organisationId: organisation.id, allocated: 20 });
    const ids: string[] = [];
    for (const role of ['administrator', 'delegated_organiser', 'user'] as const) {
      const email = `${role}.${label}@commune.test`;
      await operator.users.add({ organisationId: organisation.id, role, email, givenName: role, familyName: label });
      ids.push(await activate(world, email));
    }
    for (const id of ids) members.push({ id, organisationId: organisation.id });
    const meeting = await world.polity.as(ids[2]!).meetings.schedule({ title: `Council ${label}`, startsAt: '2026-02-10T09:00:00Z', endsAt: '2026-02-10T10:00:00Z' });
    meetings.push({ id: meeting.id, organisationId: organisation.id });
    const room = await concierge.rooms.create({ organisationId: organisation.id, name: `Room ${label}`, aliases: [`room-${label}`] });
    rooms.push({ id: room.id, organisationId: organisation.id, alias: `room-${label}` });
  }
  const seed = (await snapshot(world.store)) as MemoryStoreSeed;
  return { store: world.store, seed, members, meetings, rooms, organisationIds: [...new Set(members.map((m) => m.organisationId))] };
}

const commandKinds = [
  'licences.summary', 'licences.request', 'licences.requests', 'users.list', 'users.deactivate', 'meetings.schedule', 'meetings.get', 'meetings.list',
  'meetings.invite', 'meetings.cancel', 'rooms.list', 'rooms.findByAlias', 'planning.list', 'statistics.get', 'contacts.add', 'contacts.list',
  'audit.meeting', 'audit.room',
] as const;
type Kind = (typeof commandKinds)[number];

const commandArb = fc.record({ kind: fc.constantFrom(...commandKinds), actor: fc.nat(), target: fc.nat(), own: fc.boolean() });
type Command = { kind: Kind; actor: number; target: number; own: boolean };

const february = { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };

/** Runs a command; returns what it answered (or the error) and the organisation it aimed at. */
async function run(polity: Polity, base: Base, command: Command, step: number): Promise<Outcome> {
  const actor = pick(base.members, command.actor);
  const as = polity.as(actor.id);
  const scoped = <T extends Owned>(list: readonly T[]): readonly T[] => (command.own ? list.filter((m) => m.organisationId === actor.organisationId) : list);
  const user = pick(scoped(base.members), command.target);
  const meeting = pick(scoped(base.meetings), command.target);
  const room = pick(scoped(base.rooms), command.target);
  const organisationId = command.own ? actor.organisationId : pick(base.organisationIds, command.target);
  // Invitations stay within the meeting's organisation: people of any organisation may be invited (EP-4),
  // and would then rightly read that meeting.
  const colleague = pick(
    base.members.filter((m) => m.organisationId === meeting.organisationId),
    command.target + step,
  );
  const calls: Record<Kind, () => [string, Promise<unknown>]> = {
    'licences.summary': () => [organisationId, as.licences.summary({ organisationId })],
    'licences.request': () => [organisationId, as.licences.request({ organisationId, count: 1 })],
    'licences.requests': () => [organisationId, as.licences.requests({ organisationId })],
    'users.list': () => [organisationId, as.users.list({ organisationId })],
    'users.deactivate': () => [user.organisationId, as.users.deactivate({ userId: user.id })],
    'meetings.schedule': () => [user.organisationId, as.meetings.schedule({ organiserId: user.id, title: `Meeting ${step}`, startsAt: '2026-02-12T09:00:00Z', endsAt: '2026-02-12T10:00:00Z' })],
    'meetings.get': () => [meeting.organisationId, as.meetings.get({ meetingId: meeting.id })],
    'meetings.list': () => [actor.organisationId, as.meetings.list()],
    'meetings.invite': () => [meeting.organisationId, as.meetings.invite({ meetingId: meeting.id, invitees: [{ userId: colleague.id }] })],
    'meetings.cancel': () => [meeting.organisationId, as.meetings.cancel({ meetingId: meeting.id })],
    'rooms.list': () => [organisationId, as.rooms.list({ organisationId })],
    'rooms.findByAlias': () => [room.organisationId, as.rooms.findByAlias({ alias: room.alias })],
    'planning.list': () => [organisationId, as.planning.list({ organisationId, ...february })],
    'statistics.get': () => [organisationId, as.statistics.get({ organisationId, ...february })],
    'contacts.add': () => [actor.organisationId, as.contacts.add({ email: `${user.id}.${step}@elsewhere.test`, displayName: 'Someone' })],
    'contacts.list': () => [actor.organisationId, as.contacts.list()],
    'audit.meeting': () => [meeting.organisationId, as.audit.trail({ targetType: 'meeting', targetId: meeting.id })],
    'audit.room': () => [room.organisationId, as.audit.trail({ targetType: 'room', targetId: room.id })],
  };
  return outcomeOf(...calls[command.kind]());
}

/** Everything the organisations other than `organisationId` hold. */
async function othersOf(store: Store, base: Base, organisationId: string) {
  const others = where.in('organisationId', base.organisationIds.filter((id) => id !== organisationId));
  const all = { where: others, limit: 1000 };
  const [users, assignments, pools, seats, requests, meetings, participants, rooms, aliases, contacts] = await Promise.all([
    store.users.list(all),
    store.assignments.list(all),
    store.licencePools.list(all),
    store.licenceSeats.list(all),
    store.licenceRequests.list(all),
    store.meetings.list(all),
    store.participants.list(all),
    store.rooms.list(all),
    store.roomAliases.list(all),
    store.contacts.list(all),
  ]);
  return [users, assignments, pools, seats, requests, meetings, participants, rooms, aliases, contacts].map((page) => page.items);
}

function checkIsolation(base: Base, commands: readonly Command[], tally: Tally): Promise<void> {
  return checkEachCommand({
    base,
    profile: profiles.megalis,
    idPrefix: 'm',
    members: base.members,
    commands,
    run: (polity, command, step) => run(polity, base, command, step),
    othersOf: (store, organisationId) => othersOf(store, base, organisationId),
    tally,
  });
}

for (const target of storeTargets) {
  describe(`${target.name}: tenant isolation: licences, meetings, rooms, planning, statistics, contacts`, () => {
    /** How many commands succeeded on this target, so the property is known not to hold vacuously (everything refused). */
    const tally: Tally = { ok: 0, all: 0 };

    it('a member of one Mégalis organisation never reads or changes what another organisation holds (3 organisations)', async () => {
      const base = await megalisBase(target);
      await fc.assert(fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 20 }), (commands) => checkIsolation(base, commands, tally)), { numRuns: 30 });
      // Not vacuous: a good share of the random commands succeed.
      expect(tally.all, JSON.stringify(tally)).toBeGreaterThan(100);
      expect(tally.ok, JSON.stringify(tally)).toBeGreaterThan(30);
    }, 180_000);
  });
}
