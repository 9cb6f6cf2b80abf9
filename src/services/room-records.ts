/**
 * Reading and writing permanent rooms (MB-10) the way every room command does: a room with its aliases, the
 * room as a policy resource, alias inserts that name the alias that clashed, the per-room cap on aliases
 * and the per-organisation cap on rooms.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { Room, RoomAlias } from '../domain/room';
import { isPolityError, PolityError } from '../errors';
import type { PolicyResource } from '../policy/index';
import type { StoreSession } from '../ports/store';
import type { ServiceContext } from './context';
import { collectIds } from './paging';

/** A permanent room with the aliases it is dialled by. */
export interface RoomView extends Room {
  /** Its aliases, lower-cased, in alphabetical order; never empty. */
  readonly aliases: readonly string[];
}

/**
 * The form an alias is stored, compared and resolved in: trimmed and lower-cased. Aliases are dialled
 * identifiers (like the local part of a SIP address), so `Salle.Conseil` and `salle.conseil` reach the same
 * room; storing one form lets the host resolve a dialled alias with one exact look-up.
 */
export function normaliseAlias(alias: string): string {
  return alias.trim().toLowerCase();
}

/** A room as a policy resource: it lies in its organisation. */
export function roomResource(room: Pick<Room, 'id' | 'organisationId'>): PolicyResource {
  return { kind: 'room', id: room.id, organisationId: room.organisationId };
}

/** The aliases of a room, in alphabetical order. */
export async function aliasesOf(tx: StoreSession, roomId: string): Promise<string[]> {
  const aliases = await collectIds(tx.roomAliases, where.eq('roomId', roomId), (a) => a.alias);
  return aliases.sort();
}

/** A room with its aliases. */
export async function roomView(tx: StoreSession, room: Room): Promise<RoomView> {
  return { ...room, aliases: await aliasesOf(tx, room.id) };
}

/**
 * Loads a room.
 *
 * @throws {@link PolityError} `not_found` when there is none with this id.
 */
export async function loadRoom(tx: StoreSession, roomId: string): Promise<Room> {
  const room = await tx.rooms.get(roomId);
  if (room === null) throw new PolityError('not_found', `no room ${roomId}`, { details: { roomId } });
  return room;
}

/**
 * Gives a room one more alias. Uniqueness is left to the store's unique constraint (`roomAliases.alias`), the
 * one thing that holds under concurrent callers on every adapter; a clash is reported with the alias.
 *
 * @throws {@link PolityError} `conflict` (`constraint: 'roomAliases.alias'`, `alias`) when the alias is taken.
 */
export async function insertAlias(tx: StoreSession, context: Pick<ServiceContext, 'clock' | 'ids'>, room: Room, alias: string): Promise<RoomAlias> {
  try {
    return await tx.roomAliases.insert({ id: context.ids.id('alias'), roomId: room.id, organisationId: room.organisationId, alias, createdAt: context.clock.now() });
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'roomAliases.alias') {
      throw new PolityError('conflict', `the alias ${alias} is already in use on the platform`, { details: { constraint: 'roomAliases.alias', alias }, cause: error });
    }
    throw error;
  }
}

/** The most aliases one room may have (MB-10: "1–20 aliases per room"). */
export const maxAliasesPerRoom = 20;

/**
 * Refuses one more alias for a room that already has {@link maxAliasesPerRoom}. Under concurrent calls the
 * count and the insert hold together as the rooms cap's do (see {@link assertRoomCap}): one transaction,
 * run one at a time in memory and at SERIALIZABLE, retried, on Postgres.
 *
 * @throws {@link PolityError} `limit_exceeded` (`limit: 'aliases'`, `max`, `actual`: the aliases the room has) at the cap.
 */
export async function assertAliasCap(tx: StoreSession, room: Room): Promise<void> {
  const actual = await tx.roomAliases.count(where.eq('roomId', room.id));
  if (actual >= maxAliasesPerRoom) {
    throw new PolityError('limit_exceeded', `room ${room.name} already has ${actual} aliases, the most a room may have`, {
      details: { limit: 'aliases', max: maxAliasesPerRoom, actual, roomId: room.id, source: 'MB-10' },
    });
  }
}

/**
 * Refuses a new room when the organisation already has as many as the profile allows (MB-10's optional cap).
 *
 * Why a count is enough under concurrent creates: the count and the insert run in the command's one
 * transaction. The memory store runs top-level transactions one at a time; the Postgres store runs a
 * transaction that reads at SERIALIZABLE, where two creates that both counted the organisation's rooms and
 * then both inserted one form a read–write cycle that PostgreSQL aborts (SQLSTATE 40001); the adapter runs
 * the loser again, and its new count sees the winner's room. test/postgres/rooms-concurrency.test.ts proves it.
 *
 * @throws {@link PolityError} `limit_exceeded` (`limit: 'rooms'`, `max`, `actual`) at the cap.
 */
export async function assertRoomCap(tx: StoreSession, context: Pick<ServiceContext, 'profile'>, organisationId: string): Promise<void> {
  const max = context.profile.limits.maxRoomsPerOrganisation ?? null;
  if (max === null) return;
  const actual = await tx.rooms.count(where.eq('organisationId', organisationId));
  if (actual >= max) {
    throw new PolityError('limit_exceeded', `organisation ${organisationId} already has ${actual} permanent room(s), the most ${context.profile.name} allows`, {
      details: { limit: 'rooms', max, actual, organisationId, source: 'MB-10' },
    });
  }
}
