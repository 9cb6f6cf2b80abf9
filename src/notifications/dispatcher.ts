/**
 * The outbox dispatcher: claims pending messages in batches, renders them, sends them through the
 * Notifier, and records the outcome. Usable once per job run (`runOnce`, `runUntilIdle`) or as a loop
 * (`start` / `stop`), in as many processes as you like.
 *
 * @module
 */
import type { OutboxMessage } from '../domain/outbox-message';
import { PolityError } from '../errors';
import type { Clock } from '../ports/clock';
import type { Notification, Notifier } from '../ports/notifier';
import type { OutboxSettlement } from '../ports/store';
import type { Profile } from '../profiles/index';
import { systemClock } from '../runtime/system-clock';
import { backoffDelay, type BackoffOptions } from './backoff';
import { outboxQueueOf, type OutboxStore } from './generic-queue';
import { PoisonMessageError, renderMessage } from './render-message';
import { defaultTemplates } from './templates/index';
import { redactedValue, type TemplateRegistry } from './templates/template';

/** Options of {@link createDispatcher}. */
export interface DispatcherOptions {
  /**
   * Where the outbox is: a `Store`. Its `outboxQueue` capability is used when it has one (one statement per
   * claim and per settlement on PostgreSQL), its `outbox` repository otherwise (see {@link outboxQueueOf}).
   */
  readonly store: OutboxStore;
  /** How notifications leave. */
  readonly notifier: Notifier;
  /**
   * Where the time comes from (due times, leases, backoff). Use the same clock as `createPolity`.
   * @defaultValue the system clock
   */
  readonly clock?: Clock;
  /**
   * Templates by kind.
   * @defaultValue {@link defaultTemplates}
   */
  readonly templates?: TemplateRegistry;
  /** The profile, so templates show role labels in the reader's language; role names otherwise. */
  readonly profile?: Pick<Profile, 'roles'>;
  /**
   * Messages claimed per batch (1–1000).
   * @defaultValue 50
   */
  readonly batchSize?: number;
  /**
   * How long a claim lasts, in milliseconds. A dispatcher that dies mid-batch holds its messages this long;
   * then another one sends them again with the same idempotency key. Keep it well above the notifier's own
   * timeout times the batch's share per sender.
   * @defaultValue 60 000 (one minute)
   */
  readonly leaseMs?: number;
  /**
   * Delivery attempts before a message is parked as `failed`.
   * @defaultValue 8
   */
  readonly maxAttempts?: number;
  /**
   * Delay before retrying a failed delivery: `baseMs · 2^(failures − 1)`, at most `maxMs`.
   * @defaultValue `{ baseMs: 30_000, maxMs: 3_600_000 }`
   */
  readonly backoff?: BackoffOptions;
  /**
   * Notifications of one batch in flight at once.
   * @defaultValue 8
   */
  readonly concurrency?: number;
  /**
   * How long the loop waits when the outbox had nothing more to claim, in milliseconds (real time, not the clock).
   * @defaultValue 1000
   */
  readonly pollIntervalMs?: number;
  /** A name for this dispatcher, written in front of the errors it records (`worker-2: …`). */
  readonly owner?: string;
  /**
   * Told of a batch that failed as a whole (the store is unreachable …) while looping; the loop waits
   * `pollIntervalMs` and goes on.
   * @defaultValue logs with `console.error`
   */
  readonly onError?: (error: unknown) => void;
}

/** What one batch did. */
export interface DispatchReport {
  /** Messages this dispatcher leased. */
  readonly claimed: number;
  /** Messages the notifier accepted. */
  readonly sent: number;
  /** Messages whose delivery failed and that will be tried again after a backoff. */
  readonly retried: number;
  /** Messages parked as `failed`: out of attempts, or poison (unknown kind, payload that does not render). */
  readonly failed: number;
}

/** A dispatcher. See {@link createDispatcher}. */
export interface Dispatcher {
  /**
   * Claims one batch, sends it and records each outcome. Resolves once every message of the batch is
   * sent and marked, retried or parked.
   * @throws what the store throws (the batch's leases then run out and another run takes the messages).
   */
  runOnce(): Promise<DispatchReport>;
  /**
   * Runs batches until one claims nothing (what is due is done), for a scheduled job.
   * @param maxBatches - Stop after this many batches even if more is due. @defaultValue unlimited
   */
  runUntilIdle(maxBatches?: number): Promise<DispatchReport>;
  /** Starts the loop in the background; calling it while running does nothing. */
  start(): void;
  /**
   * Stops the loop gracefully: no new batch is claimed, and the promise resolves once the batch in
   * flight is finished and marked.
   */
  stop(): Promise<void>;
  /** Whether the loop is running. */
  readonly running: boolean;
}

type Outcome =
  | { readonly type: 'sent'; readonly message: OutboxMessage; readonly secretFields: readonly string[] }
  | { readonly type: 'retry'; readonly message: OutboxMessage; readonly error: string }
  | { readonly type: 'poison'; readonly message: OutboxMessage; readonly error: string };

function positiveInteger(value: number | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    const message = `${name} must be an integer from 1 to ${max}`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: name, message, code: 'out_of_range' }] } });
  }
  return value;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.length > 0 ? error.message : error.name;
  return String(error);
}

async function pool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/**
 * Creates an outbox dispatcher.
 *
 * How it keeps its promises:
 *
 * - **Claims** lease up to `batchSize` pending, due messages whose lease is absent or ran out, the longest
 *   due first, through the store's `OutboxQueue` (on PostgreSQL one `UPDATE … FOR UPDATE SKIP LOCKED`
 *   statement) or, without one, a list and a guarded update repeating that condition. Concurrent
 *   dispatchers, in one process or many, lease disjoint sets. No transaction or row lock is held while the
 *   notifier works: the lease is what protects a message until its outcome is recorded.
 * - **Outcomes** of a batch are recorded together: one statement on PostgreSQL, one guarded update per
 *   distinct change otherwise.
 * - **Sent** is recorded only while the message still carries this dispatcher's lease. A dispatcher that
 *   dies between sending and marking leaves the lease to run out; another one then sends the message again,
 *   with the same idempotency key (Message-ID, `Idempotency-Key` header) so the receiver can drop it.
 *   Secret payload fields (the activation link) are redacted when the message is marked sent.
 * - **Failures** count an attempt and make the message due again after an exponential backoff, keeping the
 *   reason in `lastError`; after `maxAttempts` the message is parked as `failed`, its `availableAt` set to
 *   the time it was parked (what {@link purgeOutbox} ages failed messages by).
 * - **Poison** (a kind with no template, a payload the template refuses, blank output) is parked as
 *   `failed` at once with the reason: it could never succeed, and it never holds up the others.
 *
 * @throws {@link PolityError} `invalid_input` for a non-integer or out-of-range size, lease or attempt count.
 * @see docs/notifications.md
 * @example
 * ```ts
 * import { createDispatcher, createPolity, profiles } from 'polity';
 * import { memoryStore } from 'polity/adapters/memory';
 * import { consoleNotifier } from 'polity/adapters/notifiers';
 *
 * const store = memoryStore();
 * const polity = createPolity({ store, profile: profiles.ePresence });
 * const dispatcher = createDispatcher({ store, notifier: consoleNotifier(), clock: polity.clock, profile: polity.profile });
 * dispatcher.start();
 * process.once('SIGTERM', () => void dispatcher.stop());
 * ```
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { notifier } = options;
  const queue = outboxQueueOf(options.store);
  const clock = options.clock ?? systemClock();
  const templates = options.templates ?? defaultTemplates;
  const batchSize = positiveInteger(options.batchSize, 'batchSize', 50, 1000);
  const leaseMs = positiveInteger(options.leaseMs, 'leaseMs', 60_000);
  const maxAttempts = positiveInteger(options.maxAttempts, 'maxAttempts', 8);
  const concurrency = positiveInteger(options.concurrency, 'concurrency', 8);
  const pollIntervalMs = positiveInteger(options.pollIntervalMs, 'pollIntervalMs', 1000);
  const backoff = options.backoff ?? { baseMs: 30_000, maxMs: 3_600_000 };
  positiveInteger(backoff.baseMs, 'backoff.baseMs', 1);
  positiveInteger(backoff.maxMs, 'backoff.maxMs', 1);
  const onError = options.onError ?? ((error: unknown) => console.error('polity dispatcher:', error));
  const reason = (error: string): string => (options.owner === undefined ? error : `${options.owner}: ${error}`).slice(0, 2000);

  async function deliver(message: OutboxMessage): Promise<Outcome> {
    let notification: Notification;
    try {
      notification = renderMessage(message, templates, options.profile);
    } catch (error) {
      if (error instanceof PoisonMessageError) return { type: 'poison', message, error: error.message };
      throw error;
    }
    try {
      await notifier.send(notification);
    } catch (error) {
      return { type: 'retry', message, error: describe(error) };
    }
    return { type: 'sent', message, secretFields: templates.get(message.kind)?.secretFields ?? [] };
  }

  /** An outcome as the settlement the queue records. */
  function settlement(outcome: Outcome, now: Date): OutboxSettlement {
    const { message } = outcome;
    if (outcome.type === 'sent') {
      const secret = outcome.secretFields.filter((field) => field in message.payload);
      if (secret.length === 0) return { type: 'sent', id: message.id, at: now };
      // Why redact: the token is stored only hashed, and a usable link left in the outbox would undo that.
      const payload = { ...message.payload };
      for (const field of secret) payload[field] = redactedValue;
      return { type: 'sent', id: message.id, at: now, payload };
    }
    const attempts = message.attempts + 1;
    if (outcome.type === 'poison') return { type: 'failed', id: message.id, at: now, error: reason(`poison message: ${outcome.error}`) };
    if (attempts >= maxAttempts) return { type: 'failed', id: message.id, at: now, error: reason(`gave up after ${attempts} attempts: ${outcome.error}`) };
    return { type: 'retry', id: message.id, availableAt: new Date(now.getTime() + backoffDelay(attempts, backoff)), error: reason(outcome.error) };
  }

  async function record(outcomes: readonly Outcome[], lease: Date): Promise<{ retried: number; failed: number }> {
    const now = clock.now();
    const settlements = outcomes.map((outcome) => settlement(outcome, now));
    const recorded = new Set(await queue.settle(lease, settlements));
    // Only outcomes recorded under this lease count: a late one, after another dispatcher took over, does not.
    let retried = 0;
    let failed = 0;
    for (const s of settlements) {
      if (!recorded.has(s.id)) continue;
      if (s.type === 'retry') retried += 1;
      else if (s.type === 'failed') failed += 1;
    }
    return { retried, failed };
  }

  async function runOnce(): Promise<DispatchReport> {
    const now = clock.now();
    const lease = new Date(now.getTime() + leaseMs);
    const claimed = await queue.claim({ now, leaseUntil: lease, limit: batchSize });
    if (claimed.length === 0) return { claimed: 0, sent: 0, retried: 0, failed: 0 };
    const outcomes = await pool(claimed, concurrency, deliver);
    const { retried, failed } = await record(outcomes, lease);
    return { claimed: claimed.length, sent: outcomes.filter((o) => o.type === 'sent').length, retried, failed };
  }

  async function runUntilIdle(maxBatches = Number.POSITIVE_INFINITY): Promise<DispatchReport> {
    const total = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const report = await runOnce();
      if (report.claimed === 0) break;
      total.claimed += report.claimed;
      total.sent += report.sent;
      total.retried += report.retried;
      total.failed += report.failed;
    }
    return total;
  }

  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;

  async function run(): Promise<void> {
    while (!stopping) {
      let full = false;
      try {
        full = (await runOnce()).claimed === batchSize;
      } catch (error) {
        onError(error);
      }
      // A full batch suggests more is due: go straight on. Otherwise wait, unless asked to stop.
      if (full || stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  return {
    runOnce,
    runUntilIdle,
    start() {
      if (loop !== null) return;
      stopping = false;
      loop = run();
    },
    async stop() {
      if (loop === null) return;
      stopping = true;
      wake?.();
      await loop;
      loop = null;
    },
    get running() {
      return loop !== null;
    },
  };
}
