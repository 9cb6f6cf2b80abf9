/**
 * The one function through which every command asks for a notification: it writes an outbox message in
 * the command's transaction. A dispatcher sends it later through the Notifier.
 *
 * @module
 */
import type { OutboxMessage } from '../domain/outbox-message';
import type { User } from '../domain/user';
import type { Language } from '../domain/primitives';
import type { StoreSession } from '../ports/store';
import type { ServiceContext } from './context';

/** A notification to send once the command commits. */
export interface NotificationRequest {
  /** The notification kind, e.g. `account.activation`. */
  readonly kind: string;
  readonly organisationId: string | null;
  readonly recipient: { readonly userId: string | null; readonly email: string; readonly language: Language };
  readonly payload: Readonly<Record<string, unknown>>;
  /**
   * Identifies this notification across re-sends; defaults to `<kind>:<message id>`.
   * Pass a stable key when the same logical notification could be requested twice.
   */
  readonly idempotencyKey?: string;
}

/** Writes a notification into the outbox of the current transaction and returns the stored message. */
export async function enqueueNotification(
  tx: StoreSession,
  context: Pick<ServiceContext, 'clock' | 'ids'>,
  request: NotificationRequest,
): Promise<OutboxMessage> {
  const now = context.clock.now();
  const id = context.ids.id('msg');
  const message: OutboxMessage = {
    id,
    organisationId: request.organisationId,
    kind: request.kind,
    recipientUserId: request.recipient.userId,
    recipientEmail: request.recipient.email,
    language: request.recipient.language,
    payload: { ...request.payload },
    idempotencyKey: request.idempotencyKey ?? `${request.kind}:${id}`,
    status: 'pending',
    attempts: 0,
    availableAt: now,
    leaseUntil: null,
    lastError: null,
    createdAt: now,
    sentAt: null,
  };
  await tx.enqueue(message);
  return message;
}

/**
 * Writes a notification for one user through {@link enqueueNotification}, in the user's language. Nothing
 * is written (and `null` returned) for a deleted account, or for a deactivated one where the profile makes
 * deactivation block sign-in (e:Presence: "gets no mail", EP-11).
 */
export async function notifyUser(
  tx: StoreSession,
  context: Pick<ServiceContext, 'clock' | 'ids' | 'profile'>,
  user: User,
  kind: string,
  payload: Readonly<Record<string, unknown>>,
  options: { readonly email?: string; readonly idempotencyKey?: string } = {},
): Promise<OutboxMessage | null> {
  if (user.deletedAt !== null) return null;
  if (!user.active && context.profile.accounts.deactivationBlocksSignIn) return null;
  return enqueueNotification(tx, context, {
    kind,
    organisationId: user.organisationId,
    recipient: { userId: user.id, email: options.email ?? user.email, language: user.language },
    payload,
    ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
  });
}
