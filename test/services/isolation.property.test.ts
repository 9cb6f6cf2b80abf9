// Tenant isolation, as a property: random sequences of commands by random organisation-scoped actors across
// three organisations never let one read or change another organisation's users or units.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryStoreSeed } from 'polity/adapters/memory';
import { collectionNames, profiles, where, type Polity, type Profile, type Store } from 'polity';
import { checkEachCommand, outcomeOf, pick, type Outcome, type Owned as Member, type Tally } from './isolation-kit';
import { activate, bootstrapAdmin, ePresenceOrganisation, makeWorld, snapshot, type World } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

interface Base {
  /** The base world's store, which each run copies. */
  readonly store: Store;
  readonly seed: MemoryStoreSeed;
  readonly profile: Profile;
  readonly members: readonly Member[];
  readonly units: readonly Member[];
  readonly organisationIds: readonly string[];
}

/** Three e:Presence organisations, each with an organisation coordinator, a unit coordinator, a plain user and two units. */
async function ePresenceBase(target: StoreTarget): Promise<Base> {
  const world = await makeWorld(target);
  const members: Member[] = [];
  const units: Member[] = [];
  for (const label of ['a', 'b', 'c']) {
    const { organisation, coordinatorId, unit } = await ePresenceOrganisation(world, label);
    const coordinator = world.polity.as(coordinatorId);
    const second = await coordinator.units.create({ organisationId: organisation.id, name: `Second ${label}` });
    const { user: unitCoordinator } = await coordinator.users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: `uc.${label}@gov.test`, givenName: 'Unit', familyName: label });
    const { user: plain } = await coordinator.users.add({ organisationId: organisation.id, role: 'user', email: `plain.${label}@gov.test`, givenName: 'Plain', familyName: label });
    await activate(world, `uc.${label}@gov.test`);
    await activate(world, `plain.${label}@gov.test`);
    members.push({ id: coordinatorId, organisationId: organisation.id }, { id: unitCoordinator.id, organisationId: organisation.id }, { id: plain.id, organisationId: organisation.id });
    units.push({ id: unit.id, organisationId: organisation.id }, { id: second.id, organisationId: organisation.id });
  }
  return freeze(world, profiles.ePresence, members, units);
}

/** Three 1KA organisations, each with two managers and two users. */
async function oneKaBase(target: StoreTarget): Promise<Base> {
  const world = await makeWorld(target, profiles.oneKa);
  const admin = world.polity.as(await bootstrapAdmin(world));
  const members: Member[] = [];
  for (const label of ['a', 'b', 'c']) {
    const { organisation, responsible } = await admin.organisations.create({ name: `Uni ${label}`, responsible: { email: `manager.${label}@uni.test`, givenName: 'Man', familyName: label } });
    const managerId = responsible?.id ?? '';
    const { user: second } = await admin.users.add({ organisationId: organisation.id, role: 'manager', email: `second.${label}@uni.test`, givenName: 'Second', familyName: label });
    const { user: one } = await world.polity.as(managerId).users.add({ organisationId: organisation.id, role: 'user', email: `one.${label}@uni.test`, givenName: 'One', familyName: label });
    const { user: two } = await world.polity.as(second.id).users.add({ organisationId: organisation.id, role: 'user', email: `two.${label}@uni.test`, givenName: 'Two', familyName: label });
    for (const id of [managerId, second.id, one.id, two.id]) members.push({ id, organisationId: organisation.id });
  }
  return freeze(world, profiles.oneKa, members, []);
}

async function freeze(world: World, profile: Profile, members: Member[], units: Member[]): Promise<Base> {
  const all = await snapshot(world.store);
  return { store: world.store, seed: all as MemoryStoreSeed, profile, members, units, organisationIds: [...new Set(members.map((m) => m.organisationId))] };
}

const commandKinds = [
  'users.get', 'users.list', 'users.update', 'users.changeEmail', 'users.setWorkPhone', 'users.deactivate', 'users.reactivate', 'users.delete',
  'users.resendActivation', 'users.add', 'units.create', 'units.rename', 'units.move', 'units.delete', 'units.list', 'coordinators.list',
  'coordinators.message', 'audit.user', 'audit.unit', 'oversight.remove', 'oversight.myUsers',
] as const;
type Kind = (typeof commandKinds)[number];

// Half the commands aim inside the actor's own organisation, so the property also sees many that succeed.
const commandArb = fc.record({ kind: fc.constantFrom(...commandKinds), actor: fc.nat(), target: fc.nat(), other: fc.nat(), own: fc.boolean() });
type Command = { kind: Kind; actor: number; target: number; other: number; own: boolean };

/** Runs a command; returns what it answered (or the error) and the organisation it aimed at. */
async function run(polity: Polity, base: Base, command: Command, step: number): Promise<Outcome> {
  const actor = pick(base.members, command.actor);
  const as = polity.as(actor.id);
  const scoped = <T extends Member>(list: readonly T[]): readonly T[] => (command.own ? list.filter((m) => m.organisationId === actor.organisationId) : list);
  const user = pick(scoped(base.members), command.target);
  const unit = base.units.length === 0 ? user : pick(scoped(base.units), command.target);
  const otherUnit = base.units.length === 0 ? null : pick(scoped(base.units), command.other);
  const organisationId = command.own ? actor.organisationId : pick(base.organisationIds, command.target);
  const calls: Record<Kind, () => [string, Promise<unknown>]> = {
    'users.get': () => [user.organisationId, as.users.get({ userId: user.id })],
    'users.list': () => [organisationId, as.users.list({ organisationId })],
    'users.update': () => [user.organisationId, as.users.update({ userId: user.id, phone: `+30 210 ${1000000 + step}` })],
    'users.changeEmail': () => [user.organisationId, as.users.changeEmail({ userId: user.id, email: `changed.${step}@gov.test` })],
    'users.setWorkPhone': () => [user.organisationId, as.users.setWorkPhone({ userId: user.id, workPhone: '+30 210 1234567' })],
    'users.deactivate': () => [user.organisationId, as.users.deactivate({ userId: user.id })],
    'users.reactivate': () => [user.organisationId, as.users.reactivate({ userId: user.id })],
    'users.delete': () => [user.organisationId, as.users.delete({ userId: user.id })],
    'users.resendActivation': () => [user.organisationId, as.users.resendActivation({ userId: user.id })],
    'users.add': () => [organisationId, as.users.add({ organisationId, role: 'user', email: `new.${step}@gov.test`, givenName: 'New', familyName: 'User' })],
    'units.create': () => [organisationId, as.units.create({ organisationId, name: `Unit ${step}` })],
    'units.rename': () => [unit.organisationId, as.units.rename({ unitId: unit.id, name: `Renamed ${step}` })],
    'units.move': () => [unit.organisationId, as.units.move({ unitId: unit.id, parentId: otherUnit?.id ?? null })],
    'units.delete': () => [unit.organisationId, as.units.delete({ unitId: unit.id })],
    'units.list': () => [organisationId, as.units.list({ organisationId })],
    'coordinators.list': () => [organisationId, as.coordinators.list({ organisationId })],
    'coordinators.message': () => [organisationId, as.coordinators.message({ organisationId, subject: 'Hello', body: 'A message' })],
    'audit.user': () => [user.organisationId, as.audit.trail({ targetType: 'user', targetId: user.id })],
    'audit.unit': () => [unit.organisationId, as.audit.trail({ targetType: 'unit', targetId: unit.id })],
    'oversight.remove': () => [user.organisationId, as.oversight.remove({ userId: user.id })],
    'oversight.myUsers': () => [actor.organisationId, as.oversight.myUsers()],
  };
  return outcomeOf(...calls[command.kind]());
}

/** The users, units and role assignments of the organisations other than `organisationId`. */
async function othersOf(store: Store, base: Base, organisationId: string) {
  const others = base.organisationIds.filter((id) => id !== organisationId);
  const [users, units, assignments] = await Promise.all([
    store.users.list({ where: where.in('id', base.members.filter((m) => m.organisationId !== organisationId).map((m) => m.id)), limit: 1000 }),
    store.units.list({ where: where.in('organisationId', others), limit: 1000 }),
    store.assignments.list({ where: where.in('organisationId', others), limit: 1000 }),
  ]);
  return { users: users.items, units: units.items, assignments: assignments.items };
}

function checkIsolation(base: Base, commands: readonly Command[], tally: Tally): Promise<void> {
  return checkEachCommand({
    base,
    profile: base.profile,
    idPrefix: 'r',
    members: base.members,
    commands,
    run: (polity, command, step) => run(polity, base, command, step),
    othersOf: (store, organisationId) => othersOf(store, base, organisationId),
    tally,
  });
}

for (const target of storeTargets) {
  describe(`${target.name}: tenant isolation`, () => {
    /** How many commands succeeded on this target, so the property is known not to hold vacuously (everything refused). */
    const tally: Tally = { ok: 0, all: 0 };

    it('an organisation-scoped actor never reads or changes another organisation’s users or units (e:Presence, 3 organisations)', async () => {
      const base = await ePresenceBase(target);
      await fc.assert(fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 25 }), (commands) => checkIsolation(base, commands, tally)), { numRuns: 40 });
    }, 120_000);

    it('a manager or user never reads or changes another organisation’s users (1KA, 3 organisations)', async () => {
      const base = await oneKaBase(target);
      await fc.assert(fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 25 }), (commands) => checkIsolation(base, commands, tally)), { numRuns: 30 });
    }, 120_000);

    it('the property is not vacuous: a good share of the random commands succeed', () => {
      expect(tally.all, JSON.stringify(tally)).toBeGreaterThan(150);
      expect(tally.ok, JSON.stringify(tally)).toBeGreaterThan(30);
    });

    it('the base worlds hold what the property needs', async () => {
      const base = await ePresenceBase(target);
      expect(base.organisationIds).toHaveLength(3);
      expect(base.members).toHaveLength(9);
      expect(collectionNames.every((name) => name in base.seed)).toBe(true);
    });
  });
}
