/**
 * Commands and queries are declared, not hand-rolled: {@link defineCommand} takes a command's input
 * schema, the policy action it needs, how to load and present the resource the policy decides on, and a
 * body that checks invariants and writes; the kernel (`pipeline.ts`) does the rest the same way every time.
 * {@link defineQuery} is the read-only twin; {@link defineSystemCommand} is a command no user acts in (the
 * host's reports, an activation link, housekeeping).
 *
 * @module
 */
import type { z } from 'zod';
import type { PolicyResource } from '../../policy/index';
import type { StoreSession } from '../../ports/store';
import type { LoadedPrincipal } from './acting-user';
import type { Decider, ResourceVariants } from './authorise';
import type { ServiceContext } from './context';
import type { AuditEntry, Work } from './work';

/** What every step of a command sees once the acting user is loaded. */
export interface CommandSteps<I> {
  /** The parsed input. */
  readonly input: I;
  /** The acting user, checked (exists, may sign in, past the e-mail gate, organisation not suspended). */
  readonly actor: LoadedPrincipal;
  /** The command's unit of work: its instant, its audit events and outbox messages. */
  readonly work: Work;
  /** The command's transaction (also `work.tx`). */
  readonly tx: StoreSession;
  /** What every service works with. */
  readonly context: ServiceContext;
  /** The policy's answers for the actor: further decisions a body needs (`authorise`, `allows`, `plan`). */
  readonly policy: Decider;
}

/** What `resource` sees: the steps and what `load` loaded. */
export interface LoadedSteps<I, L> extends CommandSteps<I> {
  readonly loaded: L;
}

/** What the body sees: the loaded data and the resource variant the kernel authorised. */
export interface RunSteps<I, L> extends LoadedSteps<I, L> {
  /** The variant the policy allowed, or `null` for a `self` or `plan` command. */
  readonly resource: PolicyResource | null;
}

/**
 * How a command is authorised:
 *
 * - a function: the resource (or its variants) the kernel asks the policy about, with `action`, before the body;
 * - `'plan'`: a list whose authorisation is the query plan of `action` (the body asks `policy.plan`);
 * - `'view'`: a read whose answer depends on several decisions per record (the full profile or the reduced
 *   view of a user, EP-14): the body asks `policy` for each and refuses (`forbidden`) what it may not show;
 * - `'self'`: an act on the actor's own account that needs no role (accepting the terms, one's contacts).
 */
export type Authorisation<I, L> = ((steps: LoadedSteps<I, L>) => ResourceVariants | Promise<ResourceVariants>) | 'plan' | 'view' | 'self';

/** What commands and queries declare alike. */
interface SpecBase<S extends z.ZodType, L, R> {
  /** The public name, `<namespace>.<method>` (`units.create`): named in `invalid_input` messages. */
  readonly name: string;
  /** The input schema: bad input never reaches the store. */
  readonly input: S;
  /**
   * The policy action the command needs, named in `forbidden` refusals; a function of the input where the
   * input names it (`oversight.resources` reads `<kind>.read`).
   */
  readonly action: string | ((input: z.output<S>) => string);
  /**
   * Whether the e-mail gate applies (EP-8).
   * @defaultValue true
   */
  readonly gate?: boolean;
  /**
   * Whether the acting user's account is checked at all (deactivated, e-mail gate, suspended organisation):
   * off only for reading one's own account and principal, which show a pending or blocked person what is
   * left to do. An unknown or deleted account is refused either way.
   * @defaultValue true
   */
  readonly accountChecks?: boolean;
  /** Checks on the input that need the profile but no store (a generic mailbox, a workflow the profile runs). */
  readonly precheck?: (input: z.output<S>, context: ServiceContext) => void;
  /** Loads what the policy decides on (`not_found` for a missing target). */
  readonly load?: (steps: CommandSteps<z.output<S>>) => Promise<L>;
  /** How the command is authorised (see {@link Authorisation}). */
  readonly resource: Authorisation<z.output<S>, L>;
  /**
   * The actions the kernel asks about the resource, each of which must be allowed, in order, when they
   * depend on what was loaded (`users.update`: `user.update_name` for a change of names, `user.update` for
   * the rest, SC-9). Default: `[action]`.
   */
  readonly actions?: (steps: LoadedSteps<z.output<S>, L>) => readonly string[];
  /** The body: invariants and writes (a command), or reads (a query). */
  readonly run: (steps: RunSteps<z.output<S>, L>) => Promise<R>;
}

/** A command's declaration; see {@link defineCommand}. */
export interface CommandSpec<S extends z.ZodType, L, R> extends SpecBase<S, L, R> {
  /**
   * `serializable` for a command that must hold a predicate over records it does not lock ("fewer than N
   * rooms"); every other command runs at READ COMMITTED and holds its invariants with guarded writes,
   * unique constraints and locking reads (docs/adapters.md lists which do what).
   */
  readonly isolation?: 'serializable';
  /** The audit event(s) of what the body did; `null` when it changed nothing. Helpers may add more through `work.audit`. */
  readonly audit?: (steps: RunSteps<z.output<S>, L>, result: R) => AuditEntry | readonly AuditEntry[] | null;
}

/** A query's declaration; see {@link defineQuery}. */
export interface QuerySpec<S extends z.ZodType, L, R> extends SpecBase<S, L, R> {
  /**
   * Access-trail entries for what was read (the one write a query may make): inserted after the read, in a
   * transaction of their own at READ COMMITTED, insert-only.
   */
  readonly record?: (steps: RunSteps<z.output<S>, L>, result: R) => readonly AuditEntry[];
}

/** What a system command's body sees: no acting user. */
export interface SystemSteps<I> {
  readonly input: I;
  readonly work: Work;
  readonly tx: StoreSession;
  readonly context: ServiceContext;
}

/** A system command's declaration; see {@link defineSystemCommand}. */
export interface SystemCommandSpec<S extends z.ZodType, R> {
  readonly name: string;
  readonly input: S;
  /** As {@link CommandSpec.isolation}. */
  readonly isolation?: 'serializable';
  /** Checks on the input before anything is read (a time not in the future). */
  readonly precheck?: (input: z.output<S>, context: ServiceContext) => void;
  readonly run: (steps: SystemSteps<z.output<S>>) => Promise<R>;
  readonly audit?: (steps: SystemSteps<z.output<S>>, result: R) => AuditEntry | readonly AuditEntry[] | null;
}

/** A declared command, query or system command: a value the kernel runs. */
export type Operation<S extends z.ZodType = z.ZodType, R = unknown> =
  | { readonly kind: 'command'; readonly spec: CommandSpec<S, any, R> }
  | { readonly kind: 'query'; readonly spec: QuerySpec<S, any, R> }
  | { readonly kind: 'system'; readonly spec: SystemCommandSpec<S, R> };

/** A declared command or query, run as an acting user. */
export type ActorOperation<S extends z.ZodType = z.ZodType, R = unknown> = Extract<Operation<S, R>, { kind: 'command' | 'query' }>;

/** The input an operation takes, before parsing. */
export type InputOf<O> = O extends Operation<infer S, unknown> ? z.input<S> : never;
/** What an operation resolves to. */
export type ResultOf<O> = O extends Operation<z.ZodType, infer R> ? R : never;

/**
 * Declares a command. The kernel, for every call: parses the input (`invalid_input`, nothing read), runs
 * `precheck`, then in one transaction loads and checks the acting user, `load`s, authorises `action` on
 * `resource` (`forbidden` with the explanation), runs the body, writes the audit events and outbox messages
 * it collected, and commits; anything thrown rolls everything back.
 *
 * @example
 * ```ts
 * const renameUnit = defineCommand({
 *   name: 'units.rename',
 *   input: renameUnitInputSchema,
 *   action: 'unit.update',
 *   load: ({ tx, input }) => loadUnit(tx, input.unitId),
 *   resource: ({ loaded }) => unitResource(loaded),
 *   run: ({ tx, work, input, loaded }) => tx.units.update(loaded.id, { name: input.name, updatedAt: work.now }),
 *   audit: ({ loaded }, unit) => ({ organisationId: unit.organisationId, action: 'unit.rename', targetType: 'unit', targetId: unit.id, summary: 'renamed a unit' }),
 * });
 * ```
 */
export function defineCommand<S extends z.ZodType, L = undefined, R = unknown>(spec: CommandSpec<S, L, R>): Operation<S, R> & { readonly kind: 'command' } {
  return Object.freeze({ kind: 'command' as const, spec });
}

/**
 * Declares a query: the same steps as a command, in a read-only REPEATABLE READ transaction (one snapshot,
 * the actor's load included, never run again as SERIALIZABLE), with no audit event and no outbox message.
 */
export function defineQuery<S extends z.ZodType, L = undefined, R = unknown>(spec: QuerySpec<S, L, R>): Operation<S, R> & { readonly kind: 'query' } {
  return Object.freeze({ kind: 'query' as const, spec });
}

/**
 * Declares a command no user acts in: what the host reports, what a link proves, what housekeeping does.
 * The kernel parses, runs the body in one transaction, and writes its audit events (actor: the system) and
 * outbox messages with it.
 */
export function defineSystemCommand<S extends z.ZodType, R>(spec: SystemCommandSpec<S, R>): Operation<S, R> & { readonly kind: 'system' } {
  return Object.freeze({ kind: 'system' as const, spec });
}
