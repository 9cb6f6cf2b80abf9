/**
 * Reading and writing permanent rooms (MB-10) the way every room command does: a room with its aliases, the
 * room as a policy resource, alias inserts that name the alias that clashed, the per-room cap on aliases
 * and the per-organisation cap on rooms.
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { Room, RoomAlias } from '../../domain/room';
import { conflict, isPolityError, limitExceeded, notFound } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import type { ReadOptions, StoreSession } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { collectAll } from '../kernel/paging';
import type { AuditEntry, Work } from '../kernel/work';
import { maxAliasesPerRoom, type RoomView } from './inputs';

/** A room as a policy resource: it lies in its organisation. */
export function roomResource(room: Pick<Room, 'id' | 'organisationId'>): PolicyResource {
  return { kind: 'room', id: room.id, organisationId: room.organisationId };
}

/** One audit event about a room, in its organisation. */
export function roomEvent(room: Pick<Room, 'id' | 'organisationId'>, action: string, summary: string, changes: Record<string, unknown>): AuditEntry {
  return { organisationId: room.organisationId, action, targetType: 'room', targetId: room.id, summary, changes };
}

/** The aliases of a room, in alphabetical order. */
export async function aliasesOf(tx: StoreSession, roomId: string): Promise<string[]> {
  const aliases = await collectAll(tx.roomAliases, where.eq('roomId', roomId), (a) => a.alias);
  return aliases.sort();
}

/** A room with its aliases. */
export async function roomView(tx: StoreSession, room: Room): Promise<RoomView> {
  return { ...room, aliases: await aliasesOf(tx, room.id) };
}

/**
 * Loads a room; with a lock, for a command that decides on it (`update`: its aliases, its limit, whether it
 * goes) or relies on it (`share`: a booking in it).
 *
 * @throws {@link PolityError} `not_found` when there is none with this id.
 */
export async function loadRoom(tx: StoreSession, roomId: string, options?: ReadOptions): Promise<Room> {
  const room = await tx.rooms.get(roomId, options);
  if (room === null) throw notFound('room', roomId, { roomId });
  return room;
}

/**
 * Gives a room one more alias. Uniqueness is left to the store's unique constraint (`roomAliases.alias`), the
 * one thing that holds under concurrent callers on every adapter; a clash is reported with the alias.
 *
 * @throws {@link PolityError} `conflict` (`constraint: 'roomAliases.alias'`, `alias`) when the alias is taken.
 */
export async function insertAlias(work: Work, room: Room, alias: string): Promise<RoomAlias> {
  try {
    return await work.tx.roomAliases.insert({ id: work.id('alias'), roomId: room.id, organisationId: room.organisationId, alias, createdAt: work.now });
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'roomAliases.alias') {
      throw conflict('roomAliases.alias', `the alias ${alias} is already in use on the platform`, { alias }, error);
    }
    throw error;
  }
}

/**
 * Refuses one more alias for a room that already has {@link maxAliasesPerRoom}. The caller holds the room
 * locked, so concurrent calls on one room count one after the other, each seeing the aliases the previous
 * one added (READ COMMITTED: the count is a new statement after the lock is granted).
 *
 * @throws {@link PolityError} `limit_exceeded` (`limit: 'aliases'`, `max`, `actual`: the aliases the room has) at the cap.
 */
export async function assertAliasCap(tx: StoreSession, room: Room): Promise<void> {
  const actual = await tx.roomAliases.count(where.eq('roomId', room.id));
  if (actual >= maxAliasesPerRoom) {
    throw limitExceeded({ limit: 'aliases', max: maxAliasesPerRoom, actual, roomId: room.id, source: 'MB-10' }, `the room already has ${actual} aliases, the most a room may have`);
  }
}

/**
 * Refuses a new room when the organisation already has as many as the profile allows (MB-10's optional cap).
 * The caller holds the organisation locked, so concurrent creates in one organisation count one after the
 * other and each sees the rooms the previous one added. test/postgres/rooms-concurrency.test.ts proves it.
 *
 * @throws {@link PolityError} `limit_exceeded` (`limit: 'rooms'`, `max`, `actual`) at the cap.
 */
export async function assertRoomCap(tx: StoreSession, context: Pick<ServiceContext, 'profile'>, organisationId: string): Promise<void> {
  const max = context.profile.limits.maxRoomsPerOrganisation ?? null;
  if (max === null) return;
  const actual = await tx.rooms.count(where.eq('organisationId', organisationId));
  if (actual >= max) {
    throw limitExceeded({ limit: 'rooms', max, actual, organisationId, source: 'MB-10' }, `the organisation already has ${actual} permanent room(s), the most ${context.profile.name} allows`);
  }
}
