/**
 * Permanent rooms (MB-10): a concierge creates them for an organisation, renames them, changes or lifts
 * their participant limit and deletes them; the organisation's members list them, and the host resolves the
 * alias dialled to its room.
 *
 * Isolation (READ COMMITTED): `create` locks the organisation when the profile caps its rooms (the cap is a
 * count over rows nobody locks: with the organisation locked, creates in one organisation count one after
 * the other; SERIALIZABLE would abort and retry all but one of them instead); `update` and `delete` lock the
 * room they decide on; aliases are unique by the store's constraint (`roomAliases.alias`).
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { Room } from '../../domain/room';
import { limitExceeded, notFound } from '../../errors';
import type { ServiceContext } from '../kernel/context';
import { defineCommand, defineQuery } from '../kernel/define';
import { collectAll, listQuery } from '../kernel/paging';
import { assertNotSuspended, lockOrganisation } from '../organisations/guards';
import { createRoomInputSchema, deleteRoomInputSchema, findRoomByAliasInputSchema, listRoomsInputSchema, updateRoomInputSchema, type RoomView } from './inputs';
import { assertRoomCap, insertAlias, loadRoom, roomEvent, roomResource, roomView } from './records';
import { detachPastMeetings, lowerMeetingLimits } from './room-meetings';

/** Refuses a room limit above what one meeting may hold on this platform (EP-2-style limit, MB-10 room). */
function assertLimitWithinProfile(participantLimit: number | null | undefined, context: ServiceContext): void {
  const max = context.profile.limits.meetingMaxParticipants;
  if (participantLimit === undefined || participantLimit === null || participantLimit <= max) return;
  throw limitExceeded({ limit: 'participants', max, actual: participantLimit, source: 'EP-2' }, `a room holds at most ${max} participants on ${context.profile.name}`);
}

/** `rooms.create`: a permanent room with its aliases, within the profile's cap of rooms per organisation. */
export const createRoom = defineCommand({
  name: 'rooms.create',
  input: createRoomInputSchema,
  action: 'room.create',
  precheck: (input, context) => assertLimitWithinProfile(input.participantLimit, context),
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: ({ loaded }) => ({ kind: 'room', organisationId: loaded.id }),
  async run({ tx, work, context, actor, input, loaded }): Promise<RoomView> {
    // With a cap, the organisation is locked (and read fresh) so concurrent creates count one at a time.
    const capped = (context.profile.limits.maxRoomsPerOrganisation ?? null) !== null;
    const organisation = capped ? await lockOrganisation(tx, loaded.id) : loaded;
    assertNotSuspended(organisation);
    await assertRoomCap(tx, context, organisation.id);
    const room = await tx.rooms.insert({
      id: work.id('room'),
      organisationId: organisation.id,
      name: input.name,
      participantLimit: input.participantLimit ?? null,
      createdById: actor.user.id,
      createdAt: work.now,
      updatedAt: work.now,
    });
    for (const alias of input.aliases) await insertAlias(work, room, alias);
    return { ...room, aliases: [...input.aliases].sort() };
  },
  audit: ({ input, loaded: organisation }, room) => ({
    organisationId: organisation.id,
    action: 'room.create',
    targetType: 'room',
    targetId: room.id,
    summary: `created permanent room ${room.name} (${input.aliases.join(', ')}) for organisation ${organisation.name}`,
    changes: { name: room.name, aliases: input.aliases, participantLimit: room.participantLimit },
  }),
});

/** What an update changes: only the fields that differ. */
function changedFields(room: Room, input: { readonly name?: string | undefined; readonly participantLimit?: number | null | undefined }): Partial<Pick<Room, 'name' | 'participantLimit'>> {
  const changes: { name?: string; participantLimit?: number | null } = {};
  if (input.name !== undefined && input.name !== room.name) changes.name = input.name;
  if (input.participantLimit !== undefined && input.participantLimit !== room.participantLimit) changes.participantLimit = input.participantLimit;
  return changes;
}

/** Whether a change of limit lowers it (to a number below the old one, or from none). */
function lowers(room: Room, changes: Partial<Pick<Room, 'participantLimit'>>): changes is { participantLimit: number } {
  const next = changes.participantLimit;
  return next !== undefined && next !== null && (room.participantLimit === null || next < room.participantLimit);
}

/**
 * `rooms.update`: a new name or participant limit. MB-10: a lower limit applies to the meetings booked in the
 * room too (refused if one is already fuller). The room is locked: no booking in it meanwhile.
 */
export const updateRoom = defineCommand({
  name: 'rooms.update',
  input: updateRoomInputSchema,
  action: 'room.manage',
  precheck: (input, context) => assertLimitWithinProfile(input.participantLimit, context),
  load: ({ tx, input }) => loadRoom(tx, input.roomId, { lock: 'update' }),
  resource: ({ loaded }) => roomResource(loaded),
  async run({ tx, work, input, loaded: room }): Promise<RoomView> {
    const changes = changedFields(room, input);
    if (Object.keys(changes).length === 0) return roomView(tx, room);
    const meetingsLowered = lowers(room, changes) ? await lowerMeetingLimits(work, room, changes.participantLimit) : null;
    const updated = await tx.rooms.update(room.id, { ...changes, updatedAt: work.now });
    work.audit(
      roomEvent(updated, 'room.update', `changed ${Object.keys(changes).join(' and ')} of room ${updated.name}`, {
        ...changes,
        ...(changes.name === undefined ? {} : { previousName: room.name }),
        ...(changes.participantLimit === undefined ? {} : { previousParticipantLimit: room.participantLimit }),
        ...(meetingsLowered === null ? {} : { meetingsLowered }),
      }),
    );
    return roomView(tx, updated);
  },
});

/**
 * `rooms.delete`: the room and its aliases (which become free again); refused while a meeting in it is live
 * or still to come; past meetings keep their history without the room. The room is locked.
 */
export const deleteRoom = defineCommand({
  name: 'rooms.delete',
  input: deleteRoomInputSchema,
  action: 'room.manage',
  load: ({ tx, input }) => loadRoom(tx, input.roomId, { lock: 'update' }),
  resource: ({ loaded }) => roomResource(loaded),
  async run({ tx, work, loaded: room }): Promise<RoomView> {
    const view = await roomView(tx, room);
    const detached = await detachPastMeetings(work, room);
    await tx.roomAliases.deleteWhere(where.eq('roomId', room.id));
    await tx.rooms.delete(room.id);
    work.audit(roomEvent(room, 'room.delete', `deleted permanent room ${room.name} (${view.aliases.join(', ')})`, { name: room.name, aliases: view.aliases, detachedMeetings: detached }));
    return view;
  },
});

/** `rooms.list`: an organisation's rooms by name, with their aliases. */
export const listRooms = defineQuery({
  name: 'rooms.list',
  input: listRoomsInputSchema,
  action: 'room.read',
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: ({ loaded }) => ({ kind: 'room', organisationId: loaded.id }),
  async run({ tx, input, loaded: organisation }) {
    const page = await tx.rooms.list(listQuery(where.eq('organisationId', organisation.id), [{ field: 'name' }], input));
    // The aliases of the whole page in one query rather than one per room.
    const byRoom = new Map<string, string[]>();
    const ids = page.items.map((room) => room.id);
    for (const alias of await collectAll(tx.roomAliases, where.in('roomId', ids), (a) => a)) byRoom.set(alias.roomId, [...(byRoom.get(alias.roomId) ?? []), alias.alias]);
    return { items: page.items.map((room): RoomView => ({ ...room, aliases: (byRoom.get(room.id) ?? []).sort() })), nextCursor: page.nextCursor };
  },
});

/** `rooms.findByAlias`: the room an alias dialled (in any case) reaches. */
export const findRoomByAlias = defineQuery({
  name: 'rooms.findByAlias',
  input: findRoomByAliasInputSchema,
  action: 'room.read',
  async load({ tx, input }) {
    const alias = await tx.roomAliases.findOne(where.eq('alias', input.alias));
    if (alias === null) throw notFound('room_alias', undefined, { alias: input.alias });
    return loadRoom(tx, alias.roomId);
  },
  resource: ({ loaded }) => roomResource(loaded),
  run: ({ tx, loaded }) => roomView(tx, loaded),
});
