/**
 * `actor.rooms`: permanent virtual meeting rooms and their aliases (MB-10). A concierge creates rooms for an
 * organisation; each room has one or more aliases, unique on the platform whatever their case, and an
 * optional participant limit; the profile may cap the rooms per organisation
 * (`limits.maxRoomsPerOrganisation`). A room needs no booking: the host resolves the alias dialled with
 * {@link RoomsApi.findByAlias}, and the organisation's members list its rooms.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { Room } from '../domain/room';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import type { Page, StoreSession } from '../ports/store';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { assertNotSuspended, loadOrganisation } from './organisation-guards';
import { collectIds, listQuery } from './paging';
import {
  createRoomInputSchema,
  deleteRoomInputSchema,
  findRoomByAliasInputSchema,
  listRoomsInputSchema,
  roomAliasInputSchema,
  updateRoomInputSchema,
  type CreateRoomInput,
  type DeleteRoomInput,
  type FindRoomByAliasInput,
  type ListRoomsInput,
  type RoomAliasInput,
  type UpdateRoomInput,
} from './room-inputs';
import { assertAliasCap, assertRoomCap, insertAlias, loadRoom, roomResource, roomView, type RoomView } from './room-records';
import { detachPastMeetings, lowerMeetingLimits } from './room-meetings';

export {
  createRoomInputSchema,
  deleteRoomInputSchema,
  findRoomByAliasInputSchema,
  listRoomsInputSchema,
  roomAliasInputSchema,
  updateRoomInputSchema,
  type CreateRoomInput,
  type DeleteRoomInput,
  type FindRoomByAliasInput,
  type ListRoomsInput,
  type RoomAliasInput,
  type UpdateRoomInput,
} from './room-inputs';
export type { RoomView } from './room-records';

/** `actor.rooms`: permanent virtual meeting rooms and their aliases (MB-10). */
export interface RoomsApi {
  /**
   * Creates a permanent room for an organisation with its aliases (MB-10).
   *
   * @throws {@link PolityError} `invalid_input` (a malformed or repeated alias, more than 20, a bad limit);
   *   `limit_exceeded` (`limit: 'participants'`, `max`, `actual`, `source`) when the participant limit is
   *   above the profile's per-meeting limit;
   *   `not_found` for the organisation; `forbidden` unless `room.create` is allowed (the concierge);
   *   `conflict` when the organisation is suspended, or (`constraint: 'roomAliases.alias'`, `alias`) when an
   *   alias is in use; `limit_exceeded` (`limit: 'rooms'`, `max`, `actual`) at the profile's cap of rooms per
   *   organisation.
   * @example
   * ```ts
   * const room = await polity.as(conciergeId).rooms.create({ organisationId, name: 'Salle du conseil', aliases: ['conseil.rennes'], participantLimit: 40 });
   * ```
   */
  create(input: CreateRoomInput): Promise<RoomView>;
  /**
   * Gives a room one more alias; a room has at most 20.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `room.manage` is allowed;
   *   `conflict` when the organisation is suspended or the alias is in use (`constraint: 'roomAliases.alias'`);
   *   `limit_exceeded` (`limit: 'aliases'`, `max: 20`, `actual`: the aliases the room has) when it has 20.
   */
  addAlias(input: RoomAliasInput): Promise<RoomView>;
  /**
   * Takes an alias from a room, which keeps at least one.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found` for the room, or an alias it does not have;
   *   `forbidden` unless `room.manage` is allowed; `conflict` (`constraint: 'room.last_alias'`) for its last alias.
   */
  removeAlias(input: RoomAliasInput): Promise<RoomView>;
  /**
   * Renames a room or changes its participant limit (`null` lifts it). Lowering the limit lowers, in the same
   * transaction, the limit of the room's scheduled and live meetings that allow more (they took the room's
   * limit at booking); it is refused, with nothing changed, when one of them already has more participants
   * than the new limit. Raising or lifting it leaves booked meetings with the limit they were booked with:
   * which of the profile's and the room's limits set a meeting's is not recorded, so raising it could give
   * places the platform never allowed.
   *
   * @throws {@link PolityError} `invalid_input`; `limit_exceeded` (`limit: 'participants'`, `max`, `actual`,
   *   `source`) above the profile's per-meeting limit; `not_found`; `forbidden` unless `room.manage` is
   *   allowed; `conflict` (`constraint: 'room.meeting_over_limit'`, `meetingId`, `participantCount`,
   *   `participantLimit`) when a scheduled or live meeting in the room has more participants than the new limit.
   */
  update(input: UpdateRoomInput): Promise<RoomView>;
  /**
   * Deletes a room and its aliases (which become free again). Refused while a meeting in it is live or still
   * to come; meetings in the past keep their history without the room (their `roomId` becomes `null`), since
   * planning and statistics never need it.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `room.manage` is allowed;
   *   `conflict` (`constraint: 'room.in_use'`, `meetings`) while live or upcoming meetings use it.
   */
  delete(input: DeleteRoomInput): Promise<RoomView>;
  /**
   * Lists an organisation's permanent rooms by name, with their aliases, paged.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `room.read` is allowed on the
   *   organisation's rooms (Mégalis: its members, and the concierge).
   */
  list(input: ListRoomsInput): Promise<Page<RoomView>>;
  /**
   * Resolves the alias dialled to its room, whatever its case: how the host opens a permanent room without a
   * booking. The acting user is the person dialling; a profile that lets outsiders dial in grants them
   * `room.read` (e.g. through `extendProfile`).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found` when no room has this alias; `forbidden` unless
   *   `room.read` is allowed on that room.
   * @example
   * ```ts
   * const room = await polity.as(userId).rooms.findByAlias({ alias: 'Conseil.Rennes' });
   * ```
   */
  findByAlias(input: FindRoomByAliasInput): Promise<RoomView>;
}

/** Refuses a room limit above what one meeting may hold on this platform (EP-2-style limit, MB-10 room). */
function assertLimitWithinProfile(context: ServiceContext, participantLimit: number | null | undefined): void {
  const max = context.profile.limits.meetingMaxParticipants;
  if (participantLimit === undefined || participantLimit === null || participantLimit <= max) return;
  throw new PolityError('limit_exceeded', `a room holds at most ${max} participants on ${context.profile.name}`, {
    details: { limit: 'participants', max, actual: participantLimit, source: 'EP-2' },
  });
}

async function create(context: ServiceContext, actorId: string, input: CreateRoomInput): Promise<RoomView> {
  const data = parseWith(createRoomInputSchema, input, 'input of rooms.create');
  assertLimitWithinProfile(context, data.participantLimit);
  return runCommand(context, actorId, { action: 'room.create' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    authorise(context, actor, 'room.create', { kind: 'room', organisationId: organisation.id });
    assertNotSuspended(organisation);
    await assertRoomCap(tx, context, organisation.id);
    const now = context.clock.now();
    const room = await tx.rooms.insert({
      id: context.ids.id('room'),
      organisationId: organisation.id,
      name: data.name,
      participantLimit: data.participantLimit ?? null,
      createdById: actor.user.id,
      createdAt: now,
      updatedAt: now,
    });
    for (const alias of data.aliases) await insertAlias(tx, context, room, alias);
    await appendAudit(tx, context, {
      organisationId: organisation.id,
      actorId: actor.user.id,
      action: 'room.create',
      targetType: 'room',
      targetId: room.id,
      summary: `created permanent room ${room.name} (${data.aliases.join(', ')}) for organisation ${organisation.name}`,
      changes: { name: room.name, aliases: data.aliases, participantLimit: room.participantLimit },
    });
    return { ...room, aliases: [...data.aliases].sort() };
  });
}

async function addAlias(context: ServiceContext, actorId: string, input: RoomAliasInput): Promise<RoomView> {
  const data = parseWith(roomAliasInputSchema, input, 'input of rooms.addAlias');
  return runCommand(context, actorId, { action: 'room.manage' }, async (tx, actor) => {
    const room = await loadRoom(tx, data.roomId);
    authorise(context, actor, 'room.manage', roomResource(room));
    assertNotSuspended(await loadOrganisation(tx, room.organisationId));
    await assertAliasCap(tx, room);
    await insertAlias(tx, context, room, data.alias);
    await audit(tx, context, actor.user.id, room, 'room.add_alias', `added alias ${data.alias} to room ${room.name}`, { alias: data.alias });
    return roomView(tx, room);
  });
}

async function removeAlias(context: ServiceContext, actorId: string, input: RoomAliasInput): Promise<RoomView> {
  const data = parseWith(roomAliasInputSchema, input, 'input of rooms.removeAlias');
  return runCommand(context, actorId, { action: 'room.manage' }, async (tx, actor) => {
    const room = await loadRoom(tx, data.roomId);
    authorise(context, actor, 'room.manage', roomResource(room));
    // Read every alias of the room, not just this one: the "keeps one" check must see the whole set (under
    // SERIALIZABLE this read also makes two removals of the last two aliases conflict).
    const aliases = await collectIds(tx.roomAliases, where.eq('roomId', room.id), (a) => a);
    const target = aliases.find((a) => a.alias === data.alias);
    if (target === undefined) throw new PolityError('not_found', `room ${room.id} has no alias ${data.alias}`, { details: { roomId: room.id, alias: data.alias } });
    if (aliases.length === 1) {
      throw new PolityError('conflict', `${data.alias} is the last alias of room ${room.name}: a room keeps at least one`, {
        details: { constraint: 'room.last_alias', roomId: room.id, alias: data.alias },
      });
    }
    await tx.roomAliases.delete(target.id);
    await audit(tx, context, actor.user.id, room, 'room.remove_alias', `removed alias ${data.alias} from room ${room.name}`, { alias: data.alias });
    return { ...room, aliases: aliases.filter((a) => a.id !== target.id).map((a) => a.alias).sort() };
  });
}

async function update(context: ServiceContext, actorId: string, input: UpdateRoomInput): Promise<RoomView> {
  const data = parseWith(updateRoomInputSchema, input, 'input of rooms.update');
  assertLimitWithinProfile(context, data.participantLimit);
  return runCommand(context, actorId, { action: 'room.manage' }, async (tx, actor) => {
    const room = await loadRoom(tx, data.roomId);
    authorise(context, actor, 'room.manage', roomResource(room));
    const changes: Partial<Pick<Room, 'name' | 'participantLimit'>> = {};
    if (data.name !== undefined && data.name !== room.name) changes.name = data.name;
    if (data.participantLimit !== undefined && data.participantLimit !== room.participantLimit) changes.participantLimit = data.participantLimit;
    if (Object.keys(changes).length === 0) return roomView(tx, room);
    // MB-10: a lower limit applies to the meetings booked in the room too (refused if one is already fuller).
    const newLimit = changes.participantLimit ?? null;
    const lowering = newLimit !== null && (room.participantLimit === null || newLimit < room.participantLimit);
    const meetingsLowered = lowering ? await lowerMeetingLimits(tx, context, room, newLimit) : 0;
    const updated = await tx.rooms.update(room.id, { ...changes, updatedAt: context.clock.now() });
    await audit(tx, context, actor.user.id, updated, 'room.update', `changed ${Object.keys(changes).join(' and ')} of room ${updated.name}`, {
      ...changes,
      ...(changes.name === undefined ? {} : { previousName: room.name }),
      ...(changes.participantLimit === undefined ? {} : { previousParticipantLimit: room.participantLimit }),
      ...(lowering ? { meetingsLowered } : {}),
    });
    return roomView(tx, updated);
  });
}

async function remove(context: ServiceContext, actorId: string, input: DeleteRoomInput): Promise<RoomView> {
  const data = parseWith(deleteRoomInputSchema, input, 'input of rooms.delete');
  return runCommand(context, actorId, { action: 'room.manage' }, async (tx, actor) => {
    const room = await loadRoom(tx, data.roomId);
    authorise(context, actor, 'room.manage', roomResource(room));
    const view = await roomView(tx, room);
    const detached = await detachPastMeetings(tx, context, room);
    await tx.roomAliases.deleteWhere(where.eq('roomId', room.id));
    await tx.rooms.delete(room.id);
    await audit(tx, context, actor.user.id, room, 'room.delete', `deleted permanent room ${room.name} (${view.aliases.join(', ')})`, {
      name: room.name,
      aliases: view.aliases,
      detachedMeetings: detached,
    });
    return view;
  });
}

async function list(context: ServiceContext, actorId: string, input: ListRoomsInput): Promise<Page<RoomView>> {
  const data = parseWith(listRoomsInputSchema, input, 'input of rooms.list');
  return runCommand(context, actorId, { action: 'room.read' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    authorise(context, actor, 'room.read', { kind: 'room', organisationId: organisation.id });
    const page = await tx.rooms.list(listQuery(where.eq('organisationId', organisation.id), [{ field: 'name' }], data));
    // The aliases of the whole page in one query rather than one per room.
    const byRoom = new Map<string, string[]>();
    const ids = page.items.map((room) => room.id);
    for (const alias of await collectIds(tx.roomAliases, where.in('roomId', ids), (a) => a)) {
      byRoom.set(alias.roomId, [...(byRoom.get(alias.roomId) ?? []), alias.alias]);
    }
    return { items: page.items.map((room) => ({ ...room, aliases: (byRoom.get(room.id) ?? []).sort() })), nextCursor: page.nextCursor };
  });
}

async function findByAlias(context: ServiceContext, actorId: string, input: FindRoomByAliasInput): Promise<RoomView> {
  const data = parseWith(findRoomByAliasInputSchema, input, 'input of rooms.findByAlias');
  return runCommand(context, actorId, { action: 'room.read' }, async (tx, actor) => {
    const alias = await tx.roomAliases.findOne(where.eq('alias', data.alias));
    if (alias === null) throw new PolityError('not_found', `no room has the alias ${data.alias}`, { details: { alias: data.alias } });
    const room = await loadRoom(tx, alias.roomId);
    authorise(context, actor, 'room.read', roomResource(room));
    return roomView(tx, room);
  });
}

/** One audit event about a room, in its organisation. */
async function audit(
  tx: StoreSession,
  context: ServiceContext,
  actorId: string,
  room: Room,
  action: string,
  summary: string,
  changes: Record<string, unknown>,
): Promise<void> {
  await appendAudit(tx, context, { organisationId: room.organisationId, actorId, action, targetType: 'room', targetId: room.id, summary, changes });
}

/** Builds `actor.rooms` for one acting user. */
export function roomsApi(context: ServiceContext, actorId: string): RoomsApi {
  return {
    create: (input) => create(context, actorId, input),
    addAlias: (input) => addAlias(context, actorId, input),
    removeAlias: (input) => removeAlias(context, actorId, input),
    update: (input) => update(context, actorId, input),
    delete: (input) => remove(context, actorId, input),
    list: (input) => list(context, actorId, input),
    findByAlias: (input) => findByAlias(context, actorId, input),
  };
}
