/**
 * The unit of work of one command: its transaction, its instant, and what it will leave behind besides
 * its own writes: audit events and outbox messages, collected while the command runs and written by the
 * kernel in the same transaction just before it commits. So no command can forget either, and a rolled
 * back command leaves neither.
 *
 * @module
 */
import type { AuditEvent } from '../../domain/audit-event';
import type { Organisation } from '../../domain/organisation';
import type { OutboxMessage } from '../../domain/outbox-message';
import type { Language } from '../../domain/primitives';
import type { User } from '../../domain/user';
import { internal, notFound } from '../../errors';
import type { StoreSession } from '../../ports/store';
import type { ServiceContext } from './context';

/** What a command says about what it did; the time, the id and (by default) the actor are filled in. */
export type AuditEntry = Omit<AuditEvent, 'id' | 'at' | 'changes' | 'actorId'> & {
  readonly changes?: AuditEvent['changes'];
  /** Who acted; the command's acting user when left out (`null` for the system). */
  readonly actorId?: string | null;
};

/** A notification to send once the command commits. */
export interface NotificationRequest {
  /** The notification kind, e.g. `account.activation`. */
  readonly kind: string;
  readonly organisationId: string | null;
  readonly recipient: { readonly userId: string | null; readonly email: string; readonly language: Language };
  readonly payload: Readonly<Record<string, unknown>>;
  /**
   * Identifies this notification across re-sends; defaults to `<kind>:<message id>`. Pass a stable key
   * when the same logical notification could be requested twice.
   */
  readonly idempotencyKey?: string;
}

/** Options of {@link Work.notify}. */
export interface NotifyOptions {
  /** Another address than the account's (a changed address awaiting confirmation). */
  readonly email?: string;
  readonly idempotencyKey?: string;
}

/** The unit of work a command body, and every helper it calls, writes through. */
export interface Work {
  /** The command's transaction. */
  readonly tx: StoreSession;
  /** What every service works with. */
  readonly context: ServiceContext;
  /** The command's instant: read once from the clock, so everything it writes agrees on the time. */
  readonly now: Date;
  /** Who acts, for audit events (`null` for the system). */
  readonly actorId: string | null;
  /**
   * Names who acts, for a system command that learns it on the way (the owner of an activation link, the
   * person signing in): audit events recorded from then on name them.
   */
  actAs(userId: string): void;
  /** A new id of a kind (`user`, `meeting` …). */
  id(kind: string): string;
  /**
   * Records an audit event, written with the change. Its id is taken now, so events keep the order the
   * command recorded them in.
   * @throws {@link PolityError} `internal` in a query, which writes no trail.
   */
  audit(entry: AuditEntry): void;
  /**
   * Queues a notification for one user in their language, written to the outbox with the change. Nothing is
   * queued (and `null` returned) for a deleted account, or a deactivated one where the profile makes
   * deactivation block sign-in (e:Presence: "gets no mail", EP-11).
   */
  notify(user: User, kind: string, payload: Readonly<Record<string, unknown>>, options?: NotifyOptions): OutboxMessage | null;
  /** Queues a notification to anyone (an address without an account). */
  enqueue(request: NotificationRequest): OutboxMessage;
  /**
   * An organisation, read at most once per command (the acting user's load reads theirs already).
   * @throws {@link PolityError} `not_found` when there is none with this id.
   */
  organisation(id: string): Promise<Organisation>;
  /** Keeps an organisation read elsewhere, so {@link Work.organisation} does not read it again. */
  remember(organisation: Organisation): void;
}

/** A {@link Work} the kernel can flush. */
export interface FlushableWork extends Work {
  /** Writes the collected audit events and outbox messages into the transaction. */
  flush(): Promise<void>;
}

/**
 * Starts the unit of work of a command (or, with `readOnly`, of a query: recording anything is then a bug).
 */
export function startWork(tx: StoreSession, context: ServiceContext, actorId: string | null, readOnly = false): FlushableWork {
  const now = context.clock.now();
  const events: AuditEvent[] = [];
  const messages: OutboxMessage[] = [];
  const organisations = new Map<string, Organisation>();
  let acting = actorId;
  const refuseInQuery = (what: string): void => {
    if (readOnly) throw internal(`a query cannot write ${what}`);
  };
  const enqueue = (request: NotificationRequest): OutboxMessage => {
    refuseInQuery('to the outbox');
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
    messages.push(message);
    return message;
  };
  return {
    tx,
    context,
    now,
    get actorId() {
      return acting;
    },
    actAs(userId) {
      acting = userId;
    },
    id: (kind) => context.ids.id(kind),
    audit(entry) {
      refuseInQuery('an audit event');
      const { actorId: given, changes, ...rest } = entry;
      events.push({ ...rest, actorId: given === undefined ? acting : given, changes: changes ?? {}, id: context.ids.id('audit'), at: now });
    },
    notify(user, kind, payload, options = {}) {
      if (user.deletedAt !== null) return null;
      if (!user.active && context.profile.accounts.deactivationBlocksSignIn) return null;
      return enqueue({
        kind,
        organisationId: user.organisationId,
        recipient: { userId: user.id, email: options.email ?? user.email, language: user.language },
        payload,
        ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
      });
    },
    enqueue,
    async organisation(id) {
      const known = organisations.get(id);
      if (known !== undefined) return known;
      const found = await tx.organisations.get(id);
      if (found === null) throw notFound('organisation', id);
      organisations.set(id, found);
      return found;
    },
    remember(organisation) {
      organisations.set(organisation.id, organisation);
    },
    async flush() {
      for (const event of events.splice(0)) await tx.audit.insert(event);
      if (messages.length > 0) await tx.enqueue(messages.splice(0));
    },
  };
}
