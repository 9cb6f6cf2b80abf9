/**
 * The transactional outbox: notifications written with the change that causes them and sent later by a
 * dispatcher, so a rolled-back command sends nothing and a mail server that is down loses nothing.
 *
 * @module
 */
import { z } from 'zod';
import { emailSchema, idSchema, jsonRecordSchema, languageSchema, timestampSchema } from './primitives';

/** A message is `pending` until sent, or `failed` after its last retry. */
export const outboxStatuses = ['pending', 'sent', 'failed'] as const;

/** Schema of an {@link OutboxMessage}. */
export const outboxMessageSchema = z.object({
  id: idSchema,
  organisationId: idSchema.nullable(),
  /** The notification kind, e.g. `account.activation`. */
  kind: z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/, 'a kind is lower case, e.g. "account.activation"'),
  recipientUserId: idSchema.nullable(),
  recipientEmail: emailSchema,
  /** The language to render it in. */
  language: languageSchema,
  /** What the template needs. */
  payload: jsonRecordSchema,
  /** Passed on by every notifier so a re-send can be recognised by the receiver. */
  idempotencyKey: z.string().min(1, 'an idempotency key cannot be empty').max(200, 'an idempotency key has at most 200 characters'),
  status: z.enum(outboxStatuses),
  attempts: z.number().int().min(0),
  /** Not sent before this time (backoff). */
  availableAt: timestampSchema,
  /** A dispatcher's claim on the message runs until this time. */
  leaseUntil: timestampSchema.nullable(),
  lastError: z.string().max(2000).nullable(),
  createdAt: timestampSchema,
  sentAt: timestampSchema.nullable(),
});

/** A notification waiting in, or sent from, the outbox. */
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
