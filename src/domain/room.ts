/**
 * Permanent virtual meeting rooms (MB-10) and their aliases, unique on the platform.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, timestampSchema } from './primitives';

/** Schema of a {@link Room}. */
export const roomSchema = z.object({
  id: idSchema,
  organisationId: idSchema,
  name: nameSchema,
  /** The most participants at once, if limited. */
  participantLimit: z.number().int('a limit is a whole number').min(1, 'a limit is at least 1').nullable(),
  createdById: idSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** A permanent room, usable without a booking. */
export type Room = z.infer<typeof roomSchema>;

/** An alias dialled to reach a room: 2–64 letters, digits, `.`, `_` or `-`, unique case-insensitively. */
export const roomAliasValueSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'an alias has 2–64 letters, digits, ".", "_" or "-"');

/** Schema of a {@link RoomAlias}. */
export const roomAliasSchema = z.object({
  id: idSchema,
  roomId: idSchema,
  organisationId: idSchema,
  alias: roomAliasValueSchema,
  createdAt: timestampSchema,
});

/** One alias of a room. */
export type RoomAlias = z.infer<typeof roomAliasSchema>;
