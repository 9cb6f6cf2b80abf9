/**
 * A room's aliases (MB-10): one more, up to 20; one fewer, never the last. Both lock the room, so calls on
 * one room run one after the other at READ COMMITTED and each counts what the previous one left; an alias
 * stays unique on the platform by the store's constraint (`roomAliases.alias`).
 *
 * @module
 */
import { where } from '../../domain/filter';
import { conflict, notFound } from '../../errors';
import { defineCommand } from '../kernel/define';
import { collectAll } from '../kernel/paging';
import { assertNotSuspended } from '../organisations/guards';
import { roomAliasInputSchema, type RoomView } from './inputs';
import { assertAliasCap, insertAlias, loadRoom, roomEvent, roomResource, roomView } from './records';

/** `rooms.addAlias`: one more alias, unless the room has 20. */
export const addRoomAlias = defineCommand({
  name: 'rooms.addAlias',
  input: roomAliasInputSchema,
  action: 'room.manage',
  load: ({ tx, input }) => loadRoom(tx, input.roomId, { lock: 'update' }),
  resource: ({ loaded }) => roomResource(loaded),
  async run({ tx, work, input, loaded: room }) {
    assertNotSuspended(await work.organisation(room.organisationId));
    await assertAliasCap(tx, room);
    await insertAlias(work, room, input.alias);
    return roomView(tx, room);
  },
  audit: ({ input, loaded: room }) => roomEvent(room, 'room.add_alias', `added alias ${input.alias} to room ${room.name}`, { alias: input.alias }),
});

/** `rooms.removeAlias`: one alias fewer; a room keeps at least one. */
export const removeRoomAlias = defineCommand({
  name: 'rooms.removeAlias',
  input: roomAliasInputSchema,
  action: 'room.manage',
  load: ({ tx, input }) => loadRoom(tx, input.roomId, { lock: 'update' }),
  resource: ({ loaded }) => roomResource(loaded),
  async run({ tx, input, loaded: room }): Promise<RoomView> {
    // Every alias of the room, not just this one: the "keeps one" check sees the whole set (the room is locked).
    const aliases = await collectAll(tx.roomAliases, where.eq('roomId', room.id), (a) => a);
    const target = aliases.find((a) => a.alias === input.alias);
    if (target === undefined) throw notFound('room_alias', undefined, { roomId: room.id, alias: input.alias });
    if (aliases.length === 1) throw conflict('room.last_alias', `${input.alias} is the last alias of room ${room.name}: a room keeps at least one`, { roomId: room.id, alias: input.alias });
    await tx.roomAliases.delete(target.id);
    return { ...room, aliases: aliases.filter((a) => a.id !== target.id).map((a) => a.alias).sort() };
  },
  audit: ({ input, loaded: room }) => roomEvent(room, 'room.remove_alias', `removed alias ${input.alias} from room ${room.name}`, { alias: input.alias }),
});
