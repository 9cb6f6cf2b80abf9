/**
 * The inputs of `actor.rooms` (MB-10), as strict zod schemas (bad input is refused before the store is
 * touched), and the room as its commands answer it.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema } from '../../domain/primitives';
import { roomAliasValueSchema, type Room } from '../../domain/room';
import { pageInputShape } from '../kernel/paging';

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

/** The most aliases one room may have (MB-10: "1–20 aliases per room"). */
export const maxAliasesPerRoom = 20;

/** The most aliases one call may give a room: as many as a room may have ({@link maxAliasesPerRoom}). */
export const maxAliasesPerCall = maxAliasesPerRoom;

/** An alias as typed, stored lower-cased (see {@link normaliseAlias}). */
const aliasField = roomAliasValueSchema.transform(normaliseAlias);

/** A room's participant limit: a whole number ≥ 1, or `null` for none. */
const participantLimitField = z.number().int('a limit is a whole number').min(1, 'a limit is at least 1').nullable();

/** Input of {@link RoomsApi.create}. */
export const createRoomInputSchema = z
  .strictObject({
    organisationId: idSchema,
    name: nameSchema,
    /** What the room is dialled by: one or more aliases, unique on the platform (compared ignoring case). */
    aliases: z.array(aliasField).min(1, 'a room has at least one alias').max(maxAliasesPerCall, `give at most ${maxAliasesPerCall} aliases at once`),
    /** The most participants at once; none when absent or `null`. */
    participantLimit: participantLimitField.optional(),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.aliases.forEach((alias, index) => {
      if (seen.has(alias)) ctx.addIssue({ code: 'custom', path: ['aliases', index], message: `alias ${alias} is given twice`, params: { reason: 'duplicate_alias' } });
      seen.add(alias);
    });
  });
/** Input of {@link RoomsApi.create}. */
export type CreateRoomInput = z.input<typeof createRoomInputSchema>;

/** Input of {@link RoomsApi.addAlias} and {@link RoomsApi.removeAlias}. */
export const roomAliasInputSchema = z.strictObject({ roomId: idSchema, alias: aliasField });
/** Input of {@link RoomsApi.addAlias} and {@link RoomsApi.removeAlias}. */
export type RoomAliasInput = z.input<typeof roomAliasInputSchema>;

/** Input of {@link RoomsApi.update}. */
export const updateRoomInputSchema = z
  .strictObject({
    roomId: idSchema,
    name: nameSchema.optional(),
    /** The new limit, or `null` to lift it. */
    participantLimit: participantLimitField.optional(),
  })
  .refine((input) => input.name !== undefined || input.participantLimit !== undefined, {
    path: ['name'],
    message: 'give a new name or participant limit',
    params: { reason: 'nothing_to_change' },
  });
/** Input of {@link RoomsApi.update}. */
export type UpdateRoomInput = z.input<typeof updateRoomInputSchema>;

/** Input of {@link RoomsApi.delete}. */
export const deleteRoomInputSchema = z.strictObject({ roomId: idSchema });
/** Input of {@link RoomsApi.delete}. */
export type DeleteRoomInput = z.input<typeof deleteRoomInputSchema>;

/** Input of {@link RoomsApi.list}. */
export const listRoomsInputSchema = z.strictObject({ organisationId: idSchema, ...pageInputShape });
/** Input of {@link RoomsApi.list}. */
export type ListRoomsInput = z.input<typeof listRoomsInputSchema>;

/** Input of {@link RoomsApi.findByAlias}. */
export const findRoomByAliasInputSchema = z.strictObject({
  /** The alias dialled, in any case. */
  alias: aliasField,
});
/** Input of {@link RoomsApi.findByAlias}. */
export type FindRoomByAliasInput = z.input<typeof findRoomByAliasInputSchema>;
