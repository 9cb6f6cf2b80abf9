/**
 * `actor.rooms`: permanent virtual meeting rooms and their aliases (MB-10). A concierge creates rooms for an
 * organisation; each room has one or more aliases, unique on the platform whatever their case, and an
 * optional participant limit; the profile may cap the rooms per organisation
 * (`limits.maxRoomsPerOrganisation`). A room needs no booking: the host resolves the alias dialled with
 * {@link RoomsApi.findByAlias}, and the organisation's members list its rooms.
 *
 * @module
 */
import type { Page } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { bindAll } from '../kernel/pipeline';
import { addRoomAlias, removeRoomAlias } from './aliases';
import type { CreateRoomInput, DeleteRoomInput, FindRoomByAliasInput, ListRoomsInput, RoomAliasInput, RoomView, UpdateRoomInput } from './inputs';
import { createRoom, deleteRoom, findRoomByAlias, listRooms, updateRoom } from './rooms';

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
  type RoomView,
  type UpdateRoomInput,
} from './inputs';

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

/** The namespaces of this area, as an actor carries them. */
export interface RoomNamespaces {
  readonly rooms: RoomsApi;
}

/** Builds `actor.rooms` for one acting user. */
export function roomsArea(context: ServiceContext, actorId: string): RoomNamespaces {
  return {
    rooms: bindAll(context, actorId, {
      create: createRoom,
      addAlias: addRoomAlias,
      removeAlias: removeRoomAlias,
      update: updateRoom,
      delete: deleteRoom,
      list: listRooms,
      findByAlias: findRoomByAlias,
    }),
  };
}
