// Permanent rooms (MB-10) through the public API, on the Mégalis profile: a concierge creates them for an
// organisation, with aliases unique on the platform and an optional participant limit; the profile may cap
// the rooms per organisation; members list them and the host resolves a dialled alias without a booking.
// Meetings are written straight into the store (the meetings service is being built alongside).
import { describe, expect, it } from 'vitest';
import { defineProfile, extendProfile, isPolityError, profiles, where, type Meeting, type Profile, type Store } from 'polity';
import { makeWorld, rejects, seedAssignment, seedOrganisation, seedUser, snapshot, type World } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

/** A Mégalis world: organisations A and B, a concierge, an administrator and a user of A, a user of B. */
async function megalisWorld(target: StoreTarget, profile: Profile = profiles.megalis) {
  const world = await makeWorld(target, profile);
  const { store } = world;
  const a = await seedOrganisation(store, 'Rennes Métropole');
  const b = await seedOrganisation(store, 'Brest Métropole');
  const person = async (email: string, role: string, organisationId: string | null) => {
    const user = await seedUser(store, { email, organisationId });
    await seedAssignment(store, { userId: user.id, role, scopeType: organisationId === null ? 'platform' : 'organisation', organisationId });
    return user.id;
  };
  return {
    world,
    a,
    b,
    conciergeId: await person('concierge@capvisio.test', 'concierge', null),
    adminId: await person('admin@rennes.test', 'administrator', a.id),
    userId: await person('agent@rennes.test', 'user', a.id),
    outsiderId: await person('agent@brest.test', 'user', b.id),
  };
}

/** A meeting in a room, written straight into the store (set-up until `actor.meetings` lands). */
async function seedRoomMeeting(
  store: Store,
  fields: Pick<Meeting, 'id' | 'organisationId' | 'organiserId' | 'roomId' | 'status' | 'startsAt' | 'endsAt'> & Partial<Pick<Meeting, 'participantCount' | 'participantLimit'>>,
): Promise<Meeting> {
  return store.meetings.insert({
    unitId: null,
    createdById: fields.organiserId,
    title: `Meeting ${fields.id}`,
    description: null,
    timeZone: 'Europe/Paris',
    participantCount: 1,
    participantLimit: 300,
    startedAt: null,
    endedAt: null,
    createdAt: fields.startsAt,
    updatedAt: fields.startsAt,
    ...fields,
  });
}

const counts = async (world: World) => ({ rooms: await world.store.rooms.count(), aliases: await world.store.roomAliases.count(), audit: await world.store.audit.count() });

for (const target of storeTargets) {
  describe(`${target.name}: permanent rooms (MB-10)`, () => {
    it('MB-10: a concierge creates a permanent room for an organisation, with its aliases and participant limit, audited', async () => {
      const { world, a, conciergeId } = await megalisWorld(target);
      const room = await world.polity.as(conciergeId).rooms.create({ organisationId: a.id, name: 'Salle du conseil', aliases: ['Conseil.Rennes', 'visio-42'], participantLimit: 40 });
      expect(room).toMatchObject({ organisationId: a.id, name: 'Salle du conseil', participantLimit: 40, createdById: conciergeId, aliases: ['conseil.rennes', 'visio-42'] });
      expect((await world.store.roomAliases.list({ where: where.eq('roomId', room.id) })).items.map((x) => x.alias).sort()).toEqual(['conseil.rennes', 'visio-42']);
      const [event] = (await world.store.audit.list({ where: where.eq('targetId', room.id) })).items;
      expect(event).toMatchObject({ action: 'room.create', targetType: 'room', organisationId: a.id, actorId: conciergeId });
      const noLimit = await world.polity.as(conciergeId).rooms.create({ organisationId: a.id, name: 'Salle libre', aliases: ['libre'] });
      expect(noLimit.participantLimit).toBeNull();
    });

    it('MB-10: only the concierge creates and manages rooms: an administrator or a user is forbidden, and nothing is written', async () => {
      const { world, a, conciergeId, adminId, userId } = await megalisWorld(target);
      const room = await world.polity.as(conciergeId).rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['salle'] });
      const before = await snapshot(world.store);
      for (const id of [adminId, userId]) {
        const actor = world.polity.as(id);
        expect((await rejects(actor.rooms.create({ organisationId: a.id, name: 'Mine', aliases: ['mine'] }), 'forbidden')).details?.action).toBe('room.create');
        await rejects(actor.rooms.addAlias({ roomId: room.id, alias: 'extra' }), 'forbidden');
        await rejects(actor.rooms.update({ roomId: room.id, name: 'Renamed' }), 'forbidden');
        await rejects(actor.rooms.delete({ roomId: room.id }), 'forbidden');
      }
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('MB-10: an alias is unique on the platform whatever its case: a clash is conflict roomAliases.alias and writes nothing', async () => {
      const { world, a, b, conciergeId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      await concierge.rooms.create({ organisationId: a.id, name: 'Conseil', aliases: ['conseil'] });
      const before = await counts(world);
      const clash = await rejects(concierge.rooms.create({ organisationId: b.id, name: 'Autre', aliases: ['autre', 'CONSEIL'] }), 'conflict');
      expect(clash.details).toMatchObject({ constraint: 'roomAliases.alias', alias: 'conseil' });
      expect(await counts(world)).toEqual(before);
      const twice = await rejects(concierge.rooms.create({ organisationId: b.id, name: 'Autre', aliases: ['autre', 'Autre'] }), 'invalid_input');
      expect(twice.details?.issues).toEqual([expect.objectContaining({ path: 'aliases.1', code: 'duplicate_alias' })]);
    });

    it('MB-10: a room gains and loses aliases, and always keeps at least one', async () => {
      const { world, a, conciergeId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['salle'] });
      const other = await concierge.rooms.create({ organisationId: a.id, name: 'Autre', aliases: ['autre'] });
      expect((await concierge.rooms.addAlias({ roomId: room.id, alias: 'Salle-2' })).aliases).toEqual(['salle', 'salle-2']);
      expect((await rejects(concierge.rooms.addAlias({ roomId: room.id, alias: 'AUTRE' }), 'conflict')).details).toMatchObject({ constraint: 'roomAliases.alias' });
      await rejects(concierge.rooms.removeAlias({ roomId: room.id, alias: 'autre' }), 'not_found');
      expect((await concierge.rooms.removeAlias({ roomId: room.id, alias: 'SALLE' })).aliases).toEqual(['salle-2']);
      const last = await rejects(concierge.rooms.removeAlias({ roomId: room.id, alias: 'salle-2' }), 'conflict');
      expect(last.details).toMatchObject({ constraint: 'room.last_alias' });
      expect(await world.store.roomAliases.count(where.eq('roomId', room.id))).toBe(1);
      expect(await world.store.roomAliases.count(where.eq('roomId', other.id))).toBe(1);
      const actions = (await world.store.audit.list({ where: where.eq('targetId', room.id) })).items.map((e) => e.action);
      expect(actions).toEqual(['room.create', 'room.add_alias', 'room.remove_alias']);
    });

    it("MB-10: a room's name and participant limit change; null lifts the limit; no limit above the platform's per-meeting limit", async () => {
      const { world, a, conciergeId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['salle'], participantLimit: 10 });
      expect(await concierge.rooms.update({ roomId: room.id, name: 'Grande salle', participantLimit: 50 })).toMatchObject({ name: 'Grande salle', participantLimit: 50, aliases: ['salle'] });
      expect((await concierge.rooms.update({ roomId: room.id, participantLimit: null })).participantLimit).toBeNull();
      const tooMany = await rejects(concierge.rooms.update({ roomId: room.id, participantLimit: 301 }), 'limit_exceeded');
      expect(tooMany.details).toEqual({ limit: 'participants', max: 300, actual: 301, source: 'EP-2' });
      await rejects(concierge.rooms.create({ organisationId: a.id, name: 'Stade', aliases: ['stade'], participantLimit: 1000 }), 'limit_exceeded');
      expect((await world.store.rooms.get(room.id))?.participantLimit).toBeNull();
      const update = (await world.store.audit.list({ where: where.and(where.eq('targetId', room.id), where.eq('action', 'room.update')) })).items;
      expect(update[0]?.changes).toMatchObject({ name: 'Grande salle', previousName: 'Salle', participantLimit: 50, previousParticipantLimit: 10 });
    });

    it('EP-2, MB-10: a room limit above the per-meeting limit is limit_exceeded with the shape the meetings service uses ({ limit, max, actual, source }), on create and update', async () => {
      const { world, a, conciergeId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      const onCreate = await rejects(concierge.rooms.create({ organisationId: a.id, name: 'Stade', aliases: ['stade'], participantLimit: 1000 }), 'limit_exceeded');
      expect(onCreate.details).toEqual({ limit: 'participants', max: 300, actual: 1000, source: 'EP-2' });
      const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['salle'] });
      expect((await rejects(concierge.rooms.update({ roomId: room.id, participantLimit: 301 }), 'limit_exceeded')).details).toEqual({ limit: 'participants', max: 300, actual: 301, source: 'EP-2' });
    });

    it("MB-10: lowering a room's participant limit lowers its scheduled and live meetings' limits in the same act; ended and cancelled ones, and meetings already lower, keep theirs", async () => {
      const { world, a, conciergeId, adminId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['salle'], participantLimit: 40 });
      const other = await concierge.rooms.create({ organisationId: a.id, name: 'Autre', aliases: ['autre'], participantLimit: 40 });
      const now = world.clock.now().getTime();
      const at = (hours: number) => new Date(now + hours * 3_600_000);
      const base = { organisationId: a.id, organiserId: adminId, roomId: room.id, participantLimit: 40 };
      await seedRoomMeeting(world.store, { ...base, id: 'm_next', status: 'scheduled', startsAt: at(24), endsAt: at(25), participantCount: 12 });
      await seedRoomMeeting(world.store, { ...base, id: 'm_live', status: 'live', startsAt: at(-1), endsAt: at(1), participantCount: 20 });
      await seedRoomMeeting(world.store, { ...base, id: 'm_small', status: 'scheduled', startsAt: at(48), endsAt: at(49), participantLimit: 10 });
      await seedRoomMeeting(world.store, { ...base, id: 'm_ended', status: 'ended', startsAt: at(-48), endsAt: at(-47), participantCount: 30 });
      await seedRoomMeeting(world.store, { ...base, id: 'm_cancelled', status: 'cancelled', startsAt: at(72), endsAt: at(73), participantCount: 25 });
      await seedRoomMeeting(world.store, { ...base, roomId: other.id, id: 'm_elsewhere', status: 'scheduled', startsAt: at(24), endsAt: at(25) });

      expect((await concierge.rooms.update({ roomId: room.id, participantLimit: 20 })).participantLimit).toBe(20);
      const limits = async () => Object.fromEntries((await world.store.meetings.list({ limit: 100 })).items.map((m) => [m.id, m.participantLimit]));
      expect(await limits()).toEqual({ m_next: 20, m_live: 20, m_small: 10, m_ended: 40, m_cancelled: 40, m_elsewhere: 40 });
      // The meetings service now refuses the 21st participant of the live meeting: the guard reads the new limit.
      const [refused] = await world.store.meetings.guardedUpdate({ where: where.and(where.eq('id', 'm_live'), where.lt('participantCount', where.field('participantLimit'))), increment: { participantCount: 1 } });
      expect(refused).toBeUndefined();
      const [event] = (await world.store.audit.list({ where: where.and(where.eq('targetId', room.id), where.eq('action', 'room.update')) })).items;
      expect(event?.changes).toMatchObject({ participantLimit: 20, previousParticipantLimit: 40, meetingsLowered: 2 });

      // A room with no limit that gets one lowers its meetings from the platform's limit.
      const open = await concierge.rooms.create({ organisationId: a.id, name: 'Libre', aliases: ['libre'] });
      await seedRoomMeeting(world.store, { ...base, roomId: open.id, id: 'm_open', status: 'scheduled', startsAt: at(24), endsAt: at(25), participantLimit: 300 });
      await concierge.rooms.update({ roomId: open.id, participantLimit: 50 });
      expect((await world.store.meetings.get('m_open'))?.participantLimit).toBe(50);
    });

    it('MB-10: lowering a room limit below the participants a scheduled or live meeting already has is conflict naming the meeting, its count and the new limit; nothing changes', async () => {
      const { world, a, conciergeId, adminId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['salle'], participantLimit: 40 });
      const now = world.clock.now().getTime();
      const at = (hours: number) => new Date(now + hours * 3_600_000);
      const base = { organisationId: a.id, organiserId: adminId, roomId: room.id, participantLimit: 40 };
      await seedRoomMeeting(world.store, { ...base, id: 'm_a', status: 'scheduled', startsAt: at(24), endsAt: at(25), participantCount: 10 });
      await seedRoomMeeting(world.store, { ...base, id: 'm_b', status: 'live', startsAt: at(-1), endsAt: at(1), participantCount: 16 });
      // An ended meeting with more people is history: it does not stand in the way.
      await seedRoomMeeting(world.store, { ...base, id: 'm_c', status: 'ended', startsAt: at(-48), endsAt: at(-47), participantCount: 35 });

      const before = await snapshot(world.store);
      const full = await rejects(concierge.rooms.update({ roomId: room.id, name: 'Petite salle', participantLimit: 15 }), 'conflict');
      expect(full.details).toEqual({ constraint: 'room.meeting_over_limit', roomId: room.id, meetingId: 'm_b', participantCount: 16, participantLimit: 15 });
      expect(await snapshot(world.store)).toEqual(before);
      // Exactly the participants a meeting has passes.
      await concierge.rooms.update({ roomId: room.id, participantLimit: 16 });
      expect((await world.store.meetings.get('m_b'))?.participantLimit).toBe(16);
    });

    it('MB-10: raising or lifting a room limit leaves the limits its meetings were booked with', async () => {
      const { world, a, conciergeId, adminId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['salle'], participantLimit: 10 });
      const now = world.clock.now().getTime();
      await seedRoomMeeting(world.store, { organisationId: a.id, organiserId: adminId, roomId: room.id, id: 'm_a', status: 'scheduled', startsAt: new Date(now + 3_600_000), endsAt: new Date(now + 7_200_000), participantLimit: 10 });
      await concierge.rooms.update({ roomId: room.id, participantLimit: 60 });
      expect((await world.store.meetings.get('m_a'))?.participantLimit).toBe(10);
      await concierge.rooms.update({ roomId: room.id, participantLimit: null });
      expect((await world.store.meetings.get('m_a'))?.participantLimit).toBe(10);
    });

    it('MB-10: a room has at most 20 aliases: the 21st is limit_exceeded ({ limit: aliases, max: 20, actual }) and writes nothing; removing one makes room again', async () => {
      const { world, a, conciergeId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      const aliases = Array.from({ length: 20 }, (_, n) => `salle-${n}`);
      const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases });
      expect(room.aliases).toHaveLength(20);
      const before = await snapshot(world.store);
      const tooMany = await rejects(concierge.rooms.addAlias({ roomId: room.id, alias: 'salle-20' }), 'limit_exceeded');
      expect(tooMany.details).toMatchObject({ limit: 'aliases', max: 20, actual: 20, roomId: room.id });
      expect(await snapshot(world.store)).toEqual(before);
      await concierge.rooms.removeAlias({ roomId: room.id, alias: 'salle-0' });
      expect((await concierge.rooms.addAlias({ roomId: room.id, alias: 'salle-20' })).aliases).toHaveLength(20);
      // Create takes at most 20 at once, so no room starts above the cap.
      const more = await rejects(concierge.rooms.create({ organisationId: a.id, name: 'Trop', aliases: Array.from({ length: 21 }, (_, n) => `trop-${n}`) }), 'invalid_input');
      expect(more.details?.issues.map((i) => i.path)).toEqual(['aliases']);
    });

    it('MB-10: usable without a booking: the host resolves the alias dialled, in any case, for members and the concierge', async () => {
      const { world, a, conciergeId, adminId, userId, outsiderId } = await megalisWorld(target);
      const room = await world.polity.as(conciergeId).rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['conseil.rennes'] });
      for (const id of [userId, adminId, conciergeId]) {
        expect((await world.polity.as(id).rooms.findByAlias({ alias: ' Conseil.RENNES ' })).id).toBe(room.id);
      }
      // A member of another organisation may not resolve it (a host that lets outsiders dial in grants them room.read).
      expect((await rejects(world.polity.as(outsiderId).rooms.findByAlias({ alias: 'conseil.rennes' }), 'forbidden')).details?.action).toBe('room.read');
      await rejects(world.polity.as(userId).rooms.findByAlias({ alias: 'nowhere' }), 'not_found');
    });

    it("MB-10: an organisation's rooms are listed for its members (by name, with aliases, paged), never for another's", async () => {
      const { world, a, b, conciergeId, userId, outsiderId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      for (const name of ['Salle C', 'Salle A', 'Salle B']) await concierge.rooms.create({ organisationId: a.id, name, aliases: [name.replace(' ', '-').toLowerCase()] });
      await concierge.rooms.create({ organisationId: b.id, name: 'Brest', aliases: ['brest'] });
      const first = await world.polity.as(userId).rooms.list({ organisationId: a.id, limit: 2 });
      expect(first.items.map((r) => [r.name, r.aliases])).toEqual([['Salle A', ['salle-a']], ['Salle B', ['salle-b']]]);
      const rest = await world.polity.as(userId).rooms.list({ organisationId: a.id, limit: 2, after: first.nextCursor });
      expect(rest.items.map((r) => r.name)).toEqual(['Salle C']);
      expect(rest.nextCursor).toBeNull();
      expect((await concierge.rooms.list({ organisationId: b.id })).items.map((r) => r.name)).toEqual(['Brest']);
      await rejects(world.polity.as(outsiderId).rooms.list({ organisationId: a.id }), 'forbidden');
      await rejects(world.polity.as(userId).rooms.list({ organisationId: 'org_none' }), 'not_found');
    });

    it('MB-10: the optional cap on rooms per organisation refuses the room past it, per organisation; no cap by default', async () => {
      const capped = extendProfile(profiles.megalis, { id: 'megalis-capped', limits: { maxRoomsPerOrganisation: 2 } });
      const { world, a, b, conciergeId } = await megalisWorld(target, capped);
      const concierge = world.polity.as(conciergeId);
      await concierge.rooms.create({ organisationId: a.id, name: 'Un', aliases: ['un'] });
      await concierge.rooms.create({ organisationId: a.id, name: 'Deux', aliases: ['deux'] });
      const before = await counts(world);
      const error = await rejects(concierge.rooms.create({ organisationId: a.id, name: 'Trois', aliases: ['trois'] }), 'limit_exceeded');
      expect(error.details).toMatchObject({ limit: 'rooms', max: 2, actual: 2 });
      expect(await counts(world)).toEqual(before);
      await concierge.rooms.create({ organisationId: b.id, name: 'Trois', aliases: ['trois'] });

      expect(profiles.megalis.limits.maxRoomsPerOrganisation ?? null).toBeNull();
      const free = await megalisWorld(target);
      for (let n = 0; n < 5; n += 1) await free.world.polity.as(free.conciergeId).rooms.create({ organisationId: free.a.id, name: `Salle ${n}`, aliases: [`salle-${n}`] });
      expect(await free.world.store.rooms.count()).toBe(5);
    });

    it('MB-10: the rooms cap is validated with the profile: a whole number of at least 1, or null to lift it', () => {
      for (const bad of [0, -1, 2.5]) {
        let error: unknown;
        try {
          extendProfile(profiles.megalis, { limits: { maxRoomsPerOrganisation: bad } });
        } catch (caught) {
          error = caught;
        }
        expect(isPolityError(error, 'invalid_input') && error.details?.issues.map((i) => i.path)).toEqual(['limits.maxRoomsPerOrganisation']);
      }
      const capped = extendProfile(profiles.megalis, { limits: { maxRoomsPerOrganisation: 3 } });
      expect(capped.limits.maxRoomsPerOrganisation).toBe(3);
      expect(extendProfile(capped, { limits: { maxRoomsPerOrganisation: null } }).limits.maxRoomsPerOrganisation).toBeNull();
      expect(defineProfile({ ...profiles.megalis, limits: { ...profiles.megalis.limits, maxRoomsPerOrganisation: 7 } }).limits.maxRoomsPerOrganisation).toBe(7);
    });

    it('MB-10: deleting a room frees its aliases; refused while a meeting in it is live or to come; past meetings lose only the room', async () => {
      const { world, a, conciergeId, adminId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['salle', 'salle-bis'] });
      const now = world.clock.now().getTime();
      const at = (hours: number) => new Date(now + hours * 3_600_000);
      const base = { organisationId: a.id, organiserId: adminId, roomId: room.id };
      await seedRoomMeeting(world.store, { ...base, id: 'm_past', status: 'ended', startsAt: at(-48), endsAt: at(-47) });
      await seedRoomMeeting(world.store, { ...base, id: 'm_stale', status: 'scheduled', startsAt: at(-24), endsAt: at(-23) });
      await seedRoomMeeting(world.store, { ...base, id: 'm_next', status: 'scheduled', startsAt: at(24), endsAt: at(25) });

      const inUse = await rejects(concierge.rooms.delete({ roomId: room.id }), 'conflict');
      expect(inUse.details).toMatchObject({ constraint: 'room.in_use', meetings: 1 });
      expect(await world.store.rooms.get(room.id)).not.toBeNull();
      expect((await world.store.meetings.get('m_past'))?.roomId).toBe(room.id);

      await world.store.meetings.update('m_next', { status: 'cancelled' });
      expect((await concierge.rooms.delete({ roomId: room.id })).aliases).toEqual(['salle', 'salle-bis']);
      expect(await world.store.rooms.get(room.id)).toBeNull();
      expect(await world.store.roomAliases.count(where.eq('roomId', room.id))).toBe(0);
      for (const id of ['m_past', 'm_stale', 'm_next']) expect((await world.store.meetings.get(id))?.roomId).toBeNull();
      const [event] = (await world.store.audit.list({ where: where.eq('action', 'room.delete') })).items;
      expect(event?.changes).toMatchObject({ aliases: ['salle', 'salle-bis'], detachedMeetings: 3 });
      // The aliases are free again.
      expect((await concierge.rooms.create({ organisationId: a.id, name: 'Nouvelle', aliases: ['SALLE'] })).aliases).toEqual(['salle']);
    });

    it('MB-10: a suspended organisation gets no new room, nor a new alias', async () => {
      const { world, a, conciergeId } = await megalisWorld(target);
      const concierge = world.polity.as(conciergeId);
      const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases: ['salle'] });
      await world.store.organisations.update(a.id, { status: 'suspended' });
      expect((await rejects(concierge.rooms.create({ organisationId: a.id, name: 'Autre', aliases: ['autre'] }), 'conflict')).details).toMatchObject({ constraint: 'organisation.suspended' });
      await rejects(concierge.rooms.addAlias({ roomId: room.id, alias: 'autre' }), 'conflict');
      expect(await world.store.rooms.count()).toBe(1);
    });

    it('malformed room input is invalid_input naming the field, refused before the store is touched', async () => {
      const { world, a } = await megalisWorld(target);
      // An actor that does not exist: had the store been reached, the answer would be `unauthenticated`.
      const ghost = world.polity.as('ghost');
      const cases: [() => Promise<unknown>, string][] = [
        [() => ghost.rooms.create({ organisationId: a.id, name: 'X', aliases: [] }), 'aliases'],
        [() => ghost.rooms.create({ organisationId: a.id, name: 'X', aliases: ['a'] }), 'aliases.0'],
        [() => ghost.rooms.create({ organisationId: a.id, name: 'X', aliases: ['has space'] }), 'aliases.0'],
        [() => ghost.rooms.create({ organisationId: a.id, name: 'X', aliases: ['ok'], participantLimit: 0 }), 'participantLimit'],
        [() => ghost.rooms.create({ organisationId: a.id, name: '', aliases: ['ok'] }), 'name'],
        [() => ghost.rooms.create({ organisationId: a.id, name: 'X', aliases: ['ok'], colour: 'red' } as never), ''],
        [() => ghost.rooms.addAlias({ roomId: 'room_1', alias: '-dash-first' }), 'alias'],
        [() => ghost.rooms.removeAlias({ roomId: '', alias: 'ok' }), 'roomId'],
        [() => ghost.rooms.update({ roomId: 'room_1' }), 'name'],
        [() => ghost.rooms.update({ roomId: 'room_1', participantLimit: 1.5 }), 'participantLimit'],
        [() => ghost.rooms.delete({} as never), 'roomId'],
        [() => ghost.rooms.list({ organisationId: a.id, limit: 0 }), 'limit'],
        [() => ghost.rooms.findByAlias({ alias: 'x'.repeat(65) }), 'alias'],
      ];
      const before = await snapshot(world.store);
      for (const [call, path] of cases) {
        const error = await rejects(call(), 'invalid_input');
        expect(error.details?.issues.map((i) => i.path)).toContain(path);
      }
      expect(await snapshot(world.store)).toEqual(before);
    });
  });
}
