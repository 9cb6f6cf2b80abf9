/**
 * The pipeline every command and query runs through, the same way every time: validate the input, load
 * and check the acting user, load the resource, authorise with the explanation, run the body, write the
 * audit events and outbox messages with the change, commit. Commands run at READ COMMITTED (or
 * SERIALIZABLE where they declare it); queries in a read-only REPEATABLE READ snapshot.
 *
 * @module
 */
import type { z } from 'zod';
import { parseWith } from '../../domain/validate';
import type { PolicyResource } from '../../policy/index';
import type { TransactionOptions } from '../../ports/store';
import { loadActing } from './acting-user';
import { decider } from './authorise';
import type { ServiceContext } from './context';
import type { ActorOperation, CommandSteps, Operation, RunSteps } from './define';
import { startWork, type AuditEntry, type FlushableWork } from './work';

/** The transaction of a command: READ COMMITTED unless it declares SERIALIZABLE. */
function commandTransaction(isolation: 'serializable' | undefined): TransactionOptions {
  return { isolation: isolation ?? 'read committed' };
}

/** The transaction of a query: one read-only snapshot. */
const queryTransaction: TransactionOptions = { isolation: 'repeatable read', readOnly: true };

function recordAudit(work: FlushableWork, entries: AuditEntry | readonly AuditEntry[] | null | undefined): void {
  if (entries === null || entries === undefined) return;
  for (const entry of Array.isArray(entries) ? (entries as readonly AuditEntry[]) : [entries as AuditEntry]) work.audit(entry);
}

/**
 * Runs a command or query as an acting user.
 *
 * @throws {@link PolityError} whatever a step refuses: `invalid_input` before anything is read;
 *   `unauthenticated`, `email_unconfirmed`, `forbidden` for the acting user; `not_found`, `forbidden`,
 *   `conflict`, `limit_exceeded` … from loading, authorising and the body; `unavailable` when the store
 *   cannot be reached.
 */
export async function runAsActor<S extends z.ZodType, R>(context: ServiceContext, operation: ActorOperation<S, R>, actorId: string, raw: unknown): Promise<R> {
  const { spec } = operation;
  const input = parseWith(spec.input, raw, `input of ${spec.name}`) as z.output<S>;
  spec.precheck?.(input, context);
  const action = typeof spec.action === 'function' ? spec.action(input) : spec.action;
  const query = operation.kind === 'query';
  const read = async (work: FlushableWork): Promise<{ result: R; steps: RunSteps<z.output<S>, unknown> }> => {
    const actor = await loadActing(work, actorId, {
      action,
      ...(spec.gate === undefined ? {} : { gate: spec.gate }),
      ...(spec.accountChecks === undefined ? {} : { checks: spec.accountChecks }),
    });
    const policy = decider(work, actor, context.attributes);
    const steps: CommandSteps<z.output<S>> = { input, actor, work, tx: work.tx, context, policy };
    const loaded = spec.load === undefined ? undefined : await spec.load(steps);
    let resource: PolicyResource | null = null;
    if (typeof spec.resource === 'function') {
      const variants = await spec.resource({ ...steps, loaded });
      for (const needed of spec.actions?.({ ...steps, loaded }) ?? [action]) {
        const allowed = await policy.authorise(needed, variants);
        resource ??= allowed;
      }
    }
    const runSteps: RunSteps<z.output<S>, unknown> = { ...steps, loaded, resource };
    return { result: await spec.run(runSteps), steps: runSteps };
  };
  if (query) {
    const { result, steps } = await context.store.transaction((tx) => read(startWork(tx, context, actorId, true)), queryTransaction);
    const trail = operation.spec.record?.(steps, result) ?? [];
    if (trail.length > 0) {
      // The one write a query makes: insert-only, after the read, at READ COMMITTED.
      await context.store.transaction(async (tx) => {
        const work = startWork(tx, context, actorId);
        recordAudit(work, trail);
        await work.flush();
      }, { isolation: 'read committed' });
    }
    return result;
  }
  const command = operation.spec as Extract<Operation<S, R>, { kind: 'command' }>['spec'];
  return context.store.transaction(async (tx) => {
    const work = startWork(tx, context, actorId);
    const { result, steps } = await read(work);
    recordAudit(work, command.audit?.(steps, result));
    await work.flush();
    return result;
  }, commandTransaction(command.isolation));
}

/**
 * Runs a system command: no acting user; the audit events it records name the system as actor unless they
 * say otherwise.
 *
 * @throws {@link PolityError} `invalid_input` before anything is read; whatever the body refuses.
 */
export async function runAsSystem<S extends z.ZodType, R>(context: ServiceContext, operation: Extract<Operation<S, R>, { kind: 'system' }>, raw: unknown): Promise<R> {
  const { spec } = operation;
  const input = parseWith(spec.input, raw, `input of ${spec.name}`) as z.output<S>;
  spec.precheck?.(input, context);
  return context.store.transaction(async (tx) => {
    const work = startWork(tx, context, null);
    const steps = { input, work, tx, context };
    const result = await spec.run(steps);
    recordAudit(work, spec.audit?.(steps, result));
    await work.flush();
    return result;
  }, commandTransaction(spec.isolation));
}

/** Binds commands and queries to one acting user: `{ create: createUnit }` → `{ create(input) }`. */
export type Bound<T extends Record<string, ActorOperation<any, any>>> = {
  readonly [K in keyof T]: (input: z.input<T[K]['spec']['input']>) => Promise<T[K] extends ActorOperation<any, infer R> ? R : never>;
};

/** Binds a record of operations to one acting user (the namespace an `api.ts` builds). */
export function bindAll<T extends Record<string, ActorOperation<any, any>>>(context: ServiceContext, actorId: string, operations: T): Bound<T> {
  const bound: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, operation] of Object.entries(operations)) bound[name] = (input) => runAsActor(context, operation, actorId, input);
  return bound as Bound<T>;
}
