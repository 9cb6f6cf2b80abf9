/**
 * The one small state-machine helper every polity lifecycle is built on: {@link defineMachine} declares
 * states, events, guards, roles and effects once, with types; {@link transition} computes the next state
 * and the effects to carry out, purely. Nothing here runs an effect, reads a clock or touches a store:
 * services do that with the result.
 *
 * The idea comes from xstate (`setup({ types })` to declare the types once, a pure `transition` that
 * returns the next state and the actions instead of running them); the code is our own and deliberately
 * flat: no nested states, no context updates, no delayed events.
 *
 * @module
 */
import { PolityError, forbidden, type InvalidTransitionDetails } from '../errors';

/** What every event looks like: a union of these, discriminated on `type`. */
export interface MachineEvent {
  /** The event's name, unique within the machine, e.g. `confirm_email`. */
  readonly type: string;
}

/** What every effect looks like: plain data a service carries out (send a mail, free a licence …). */
export interface MachineEffect {
  /** The effect's name, e.g. `send_activation`; services switch on it. */
  readonly type: string;
}

/**
 * A condition a transition needs besides being legal in the current state, with the rule it enforces.
 * When the check fails, {@link transition} answers `invalid_transition` naming the guard and the rule.
 *
 * @typeParam C - The machine's context.
 * @typeParam E - The event the guarded transition reacts to.
 */
export interface Guard<C, E extends MachineEvent> {
  /** A stable snake_case name, shown in errors (`details.guard`), diagrams and docs. */
  readonly name: string;
  /** The RULES.md id the guard enforces, e.g. `EP-11`; reported as `details.source`. */
  readonly source?: string;
  /** Further rules that say the same thing (listed in messages and docs, not in `details.source`). */
  readonly seeAlso?: readonly string[];
  /** One English sentence saying what the guard requires; it ends the error message. */
  readonly description?: string;
  /** `true` lets the transition happen. Must be pure: same context and event, same answer. */
  readonly check: (context: C, event: E) => boolean;
}

/** Effects of a transition: a fixed list, or a pure function of the context and the event. */
export type EffectsConfig<C, E extends MachineEvent, Eff extends MachineEffect> =
  | readonly Eff[]
  | ((context: C, event: E) => readonly Eff[]);

/**
 * One transition as written in {@link defineMachine}: from one or several states to one state, for one event.
 *
 * @typeParam S - The machine's states.
 * @typeParam C - The machine's context.
 * @typeParam E - The one event this transition reacts to.
 * @typeParam Eff - The machine's effects.
 * @typeParam R - The machine's abstract roles.
 */
export interface TransitionConfig<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string> {
  /** The state or states the event is legal in. */
  readonly from: S | readonly S[];
  /** The state the machine moves to (may equal a `from` state: a self-transition that still has effects). */
  readonly to: S;
  /** A condition besides the state; when it fails the event is refused with `invalid_transition`. */
  readonly guard?: Guard<C, E>;
  /**
   * Abstract roles that may fire the event (`'self'`, `'organisation_admin'` …; services map real roles onto
   * them). Omitted: the machine does not restrict who fires it.
   */
  readonly roles?: readonly R[];
  /** What a service must do when the transition happens. @defaultValue `[]` */
  readonly effects?: EffectsConfig<C, E, Eff>;
  /**
   * The policy action a command asks before firing the event (`user.deactivate`): the machine owns which
   * transitions are legal and names the decision each needs, so no command picks its action on its own.
   * Every transition of one event names the same action.
   */
  readonly action?: string;
  /** RULES.md ids this transition implements, for docs and diagrams. */
  readonly sources?: readonly string[];
  /** One English sentence for docs. */
  readonly description?: string;
}

/**
 * How a new instance comes to be: the creation transition into the initial state (an account created by
 * `users.add`), with the action it is checked with and the effects it has, like any transition.
 */
export interface CreationConfig<C, Eff extends MachineEffect, R extends string> {
  /** The name of the creation in diagrams and tables. @defaultValue `create` */
  readonly event?: string;
  /** Who may create one; omitted: anyone the policy allows. */
  readonly roles?: readonly R[];
  /** What a service must do when an instance is created. @defaultValue `[]` */
  readonly effects?: readonly Eff[] | ((context: C) => readonly Eff[]);
  /** The policy action the creating command asks. */
  readonly action?: string;
  /** RULES.md ids the creation implements. */
  readonly sources?: readonly string[];
  /** One English sentence for docs. */
  readonly description?: string;
}

/** The event with a given `type` out of a union. */
export type EventOfType<E extends MachineEvent, K extends E['type']> = Extract<
  E,
  {
    /** The event type picked out of the union. */
    readonly type: K;
  }
>;

/**
 * The `events` map of {@link defineMachine}: every event type of the union, each with one transition or a
 * list of them (one per group of source states). A misspelled or missing event type is a compile error.
 */
export type EventsConfig<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string> = {
  readonly [K in E['type']]:
    | TransitionConfig<S, C, EventOfType<E, K>, Eff, R>
    | readonly TransitionConfig<S, C, EventOfType<E, K>, Eff, R>[];
};

/**
 * The type-only declarations of a machine, written `types: {} as { context: …; events: …; effects?: … }`
 * (the xstate `setup({ types })` idea): nothing is read from this value at run time. Leave `effects` out for a
 * machine without effects; any effect written in a transition is then a compile error.
 */
export interface MachineTypes<C, E extends MachineEvent, Eff extends MachineEffect> {
  /** The facts guards and effect functions read, passed to every {@link transition}. */
  readonly context: C;
  /** The union of events, discriminated on `type`. */
  readonly events: E;
  /** The union of effects, discriminated on `type`. */
  readonly effects?: Eff;
}

/** The argument of {@link defineMachine}. */
export interface MachineConfig<
  S extends string,
  C,
  E extends MachineEvent,
  Eff extends MachineEffect,
  R extends string,
> {
  /** A stable name, reported in errors (`details.machine`) and docs, e.g. `account`. */
  readonly id: string;
  /** Every state, in the order docs and diagrams list them. */
  readonly states: readonly S[];
  /** Where a new instance starts. */
  readonly initial: NoInfer<S>;
  /** States no event leaves. @defaultValue `[]` */
  readonly final?: readonly NoInfer<S>[];
  /** The abstract roles transitions may name; declaring them makes a misspelled role a compile error. */
  readonly roles?: readonly R[];
  /** Type-only: `{} as { context: Ctx; events: Evt; effects?: Eff }`. */
  readonly types: MachineTypes<C, E, Eff>;
  /** The transitions, by event type, in the order docs list them. */
  readonly events: NoInfer<EventsConfig<S, C, E, Eff, R>>;
  /** The creation transition into `initial`, when instances are created through the machine. */
  readonly creation?: NoInfer<CreationConfig<C, Eff, R>>;
}

/** One transition of a defined machine, normalised: `from` is always a list, `event` names the event. */
export type MachineTransition<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string> = {
  [K in E['type']]: {
    /** The event type this transition reacts to. */
    readonly event: K;
    /** The states it is legal in (never empty). */
    readonly from: readonly S[];
    /** The state it leads to. */
    readonly to: S;
    /** The guard, when it has one. */
    readonly guard?: Guard<C, EventOfType<E, K>>;
    /** Who may fire it; absent when anyone may. */
    readonly roles?: readonly R[];
    /** Its effects (`[]` when none were declared). */
    readonly effects: EffectsConfig<C, EventOfType<E, K>, Eff>;
    /** The policy action it is checked with, when the machine names one. */
    readonly action?: string;
    /** The RULES.md ids it implements (`[]` when none were declared). */
    readonly sources: readonly string[];
    /** One English sentence for docs, when given. */
    readonly description?: string;
  };
}[E['type']];

/**
 * A defined machine: frozen data, safe to share between requests. Built by {@link defineMachine}; read it
 * through {@link transition}, {@link can}, {@link eventsFrom} and {@link toMermaid}.
 */
export interface Machine<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string> {
  /** The machine's name, as reported in `details.machine`. */
  readonly id: string;
  /** Every state, in declaration order. */
  readonly states: readonly S[];
  /** Where a new instance starts. */
  readonly initial: S;
  /** The states no event leaves (`[]` when none were declared). */
  readonly final: readonly S[];
  /** The declared roles, or those the transitions name when none were declared (in order of first use). */
  readonly roles: readonly R[];
  /** Every event type, in declaration order. */
  readonly events: readonly E['type'][];
  /** Every transition, in declaration order. */
  readonly transitions: readonly MachineTransition<S, C, E, Eff, R>[];
  /** The creation transition into {@link Machine.initial}, or `null` when instances are not created through the machine. */
  readonly creation: MachineCreation<C, Eff, R> | null;
}

/** The creation transition of a defined machine, normalised. */
export interface MachineCreation<C, Eff extends MachineEffect, R extends string> {
  /** Its name in diagrams and tables (`create`). */
  readonly event: string;
  /** Who may create an instance; absent when anyone may. */
  readonly roles?: readonly R[];
  /** Its effects (`[]` when none were declared). */
  readonly effects: readonly Eff[] | ((context: C) => readonly Eff[]);
  /** The policy action it is checked with, when the machine names one. */
  readonly action?: string;
  /** The RULES.md ids it implements. */
  readonly sources: readonly string[];
  /** One English sentence for docs, when given. */
  readonly description?: string;
}

/**
 * Any machine, whatever its types, for helpers that only read its shape ({@link toMermaid}). `any` because a
 * machine is invariant in its context and events (guards read them), so no narrower top type fits.
 */
export type AnyMachine = Machine<string, any, any, MachineEffect, string>;

/** The states of a machine type. */
export type StateOf<M> = M extends Machine<infer S, infer _C, infer _E, infer _Eff, infer _R> ? S : never;
/** The context of a machine type. */
export type ContextOf<M> = M extends Machine<infer _S, infer C, infer _E, infer _Eff, infer _R> ? C : never;
/** The event union of a machine type. */
export type EventOf<M> = M extends Machine<infer _S, infer _C, infer E, infer _Eff, infer _R> ? E : never;
/** The effect union of a machine type. */
export type EffectOf<M> = M extends Machine<infer _S, infer _C, infer _E, infer Eff, infer _R> ? Eff : never;
/** The abstract roles of a machine type. */
export type RoleOf<M> = M extends Machine<infer _S, infer _C, infer _E, infer _Eff, infer R> ? R : never;

/**
 * Declares a machine. Types are declared once (`types`), so a misspelled state, event or role anywhere in the
 * definition, or later in {@link transition}, is a compile error. The definition is also checked at run time
 * (for JavaScript callers and data built dynamically) and frozen.
 *
 * Each (state, event) pair has at most one transition: which transition applies never depends on guard
 * order, so an error can always name the one guard that refused, and the diagram shows every edge.
 *
 * @param config - States, initial and final states, roles, the type declarations and the transitions by event.
 * @returns The frozen machine.
 * @throws PolityError `internal` when the definition is inconsistent: an unknown state or role, a duplicate
 *   state, two transitions for one (state, event), or a transition leaving a final state. That is a bug in
 *   the definition, never the caller's input.
 *
 * @example
 * ```ts
 * import { defineMachine, transition } from 'polity';
 *
 * type DoorEvent = { type: 'open' } | { type: 'close' };
 * const door = defineMachine({
 *   id: 'door',
 *   states: ['closed', 'opened'],
 *   initial: 'closed',
 *   roles: ['porter'],
 *   types: {} as { context: { locked: boolean }; events: DoorEvent; effects: { type: 'ring' } },
 *   events: {
 *     open: {
 *       from: 'closed',
 *       to: 'opened',
 *       roles: ['porter'],
 *       guard: { name: 'unlocked', check: (context) => !context.locked },
 *       effects: [{ type: 'ring' }],
 *     },
 *     close: { from: 'opened', to: 'closed' },
 *   },
 * });
 *
 * const result = transition(door, 'closed', { type: 'open' }, { context: { locked: false }, roles: ['porter'] });
 * // → { ok: true, state: 'opened', effects: [{ type: 'ring' }] }
 * ```
 */
export function defineMachine<
  const S extends string,
  C,
  E extends MachineEvent,
  Eff extends MachineEffect = never,
  const R extends string = string,
>(config: MachineConfig<S, C, E, Eff, R>): Machine<S, C, E, Eff, R> {
  const { id } = config;
  const states = [...config.states];
  const final = [...(config.final ?? [])];
  const bug = (message: string): PolityError<'internal'> =>
    new PolityError('internal', `machine ${id}: ${message}`, { details: { machine: id } });

  const known = new Set<string>();
  for (const state of states) {
    if (known.has(state)) throw bug(`state "${state}" is declared twice`);
    known.add(state);
  }
  const checkState = (state: string, where: string): void => {
    if (!known.has(state)) throw bug(`${where} names unknown state "${state}"`);
  };
  checkState(config.initial, 'initial');
  for (const state of final) checkState(state, 'final');

  const declaredRoles = config.roles === undefined ? undefined : new Set<string>(config.roles);
  const usedRoles: R[] = [];
  const transitions: MachineTransition<S, C, E, Eff, R>[] = [];
  const taken = new Set<string>();
  const eventTypes = Object.keys(config.events) as E['type'][];
  // Each entry is typed for its own event; read generically here, the per-event typing was checked by the caller.
  const byEvent = config.events as unknown as Record<string, TransitionConfig<S, C, E, Eff, R> | readonly TransitionConfig<S, C, E, Eff, R>[]>;

  const checkRoles = (roles: readonly R[] | undefined, where: string): void => {
    for (const role of roles ?? []) {
      if (declaredRoles !== undefined && !declaredRoles.has(role)) throw bug(`${where} names undeclared role "${role}"`);
      if (!usedRoles.includes(role)) usedRoles.push(role);
    }
  };
  for (const event of eventTypes) {
    const raw = byEvent[event];
    const list = raw === undefined ? [] : isTransitionList(raw) ? raw : [raw];
    if (list.length === 0) throw bug(`event "${event}" has no transition`);
    const actions = new Set(list.map((entry) => entry.action));
    if (actions.size > 1) throw bug(`the transitions of event "${event}" name different actions`);
    for (const entry of list) {
      const from = (typeof entry.from === 'string' ? [entry.from] : [...entry.from]) as S[];
      if (from.length === 0) throw bug(`a transition of "${event}" has no source state`);
      checkState(entry.to, `event "${event}"`);
      for (const state of from) {
        checkState(state, `event "${event}"`);
        if (final.includes(state)) throw bug(`event "${event}" leaves final state "${state}"`);
        const key = `${state}\u0000${event}`;
        if (taken.has(key)) throw bug(`event "${event}" has two transitions from state "${state}"`);
        taken.add(key);
      }
      checkRoles(entry.roles, `event "${event}"`);
      transitions.push(
        Object.freeze({
          event,
          from: Object.freeze(from),
          to: entry.to,
          ...(entry.guard === undefined ? {} : { guard: Object.freeze({ ...entry.guard }) }),
          ...(entry.roles === undefined ? {} : { roles: Object.freeze([...entry.roles]) }),
          effects: typeof entry.effects === 'function' ? entry.effects : Object.freeze([...(entry.effects ?? [])]),
          ...(entry.action === undefined ? {} : { action: entry.action }),
          sources: Object.freeze([...(entry.sources ?? [])]),
          ...(entry.description === undefined ? {} : { description: entry.description }),
        }) as MachineTransition<S, C, E, Eff, R>,
      );
    }
  }
  const creation = config.creation;
  if (creation !== undefined) checkRoles(creation.roles, 'creation');

  return Object.freeze({
    id,
    states: Object.freeze(states),
    initial: config.initial,
    final: Object.freeze(final),
    roles: Object.freeze(config.roles === undefined ? usedRoles : [...config.roles]),
    events: Object.freeze(eventTypes),
    transitions: Object.freeze(transitions),
    creation:
      creation === undefined
        ? null
        : Object.freeze({
            event: creation.event ?? 'create',
            ...(creation.roles === undefined ? {} : { roles: Object.freeze([...creation.roles]) }),
            effects: typeof creation.effects === 'function' ? creation.effects : Object.freeze([...(creation.effects ?? [])]),
            ...(creation.action === undefined ? {} : { action: creation.action }),
            sources: Object.freeze([...(creation.sources ?? [])]),
            ...(creation.description === undefined ? {} : { description: creation.description }),
          }),
  });
}

function isTransitionList<T>(value: T | readonly T[]): value is readonly T[] {
  return Array.isArray(value);
}

/** Options of {@link transition}, {@link transitionOrThrow} and {@link can}. */
export interface TransitionOptions<C, R extends string> {
  /** The facts guards and effect functions read (e.g. whether the account ever joined a meeting). */
  readonly context: C;
  /**
   * The abstract roles the actor holds towards this instance (`'self'` when acting on their own account …).
   * Omitted: roles are not checked, for system jobs and services that already authorised through the policy.
   * Given (even empty): the transition's `roles` must include at least one of them, else `forbidden`.
   */
  readonly roles?: readonly R[];
}

/** A transition that happened: the next state and the effects a service must carry out, in order. */
export interface TransitionSuccess<S extends string, Eff extends MachineEffect> {
  /** The event was accepted. */
  readonly ok: true;
  /** The state after the event (may equal the state before: a self-transition). */
  readonly state: S;
  /** What the service must carry out, in order, in the same transaction as the state change. */
  readonly effects: readonly Eff[];
}

/** A refused event: `invalid_transition` (illegal here, or a guard said no) or `forbidden` (wrong role). */
export interface TransitionFailure {
  /** The event was refused; nothing must change. */
  readonly ok: false;
  /** Why: `invalid_transition` with {@link InvalidTransitionDetails}, or `forbidden` with the roles in `details.explanation`. */
  readonly error: PolityError<'invalid_transition'> | PolityError<'forbidden'>;
}

/** The answer of {@link transition}. */
export type TransitionResult<S extends string, Eff extends MachineEffect> = TransitionSuccess<S, Eff> | TransitionFailure;

/**
 * Computes what an event does to an instance in a given state, without doing it. Checks, in this order:
 *
 * 1. the event is legal in `state` (else `invalid_transition`, naming the events that are legal);
 * 2. when `options.roles` is given, one of them may fire it (else `forbidden`); roles come before the guard
 *    so that an actor without the right cannot probe what the guard reads (e.g. whether someone joined a meeting);
 * 3. the guard, if any (else `invalid_transition` with `details.guard` and `details.source`).
 *
 * An illegal event is always an error, never a silent no-op.
 *
 * @param machine - The machine.
 * @param state - The instance's current state (derive it from the entity, e.g. `accountState(user)`).
 * @param event - The event.
 * @param options - The context guards read and, optionally, the actor's abstract roles.
 * @returns `{ ok: true, state, effects }` or `{ ok: false, error }`.
 *
 * @example
 * ```ts
 * import { accountMachine, transition } from 'polity';
 *
 * const result = transition(accountMachine, 'confirmed_active', { type: 'delete' }, {
 *   context: { hasMeetings: true, identitySource: 'local' },
 *   roles: ['organisation_admin'],
 * });
 * if (!result.ok) console.log(result.error.code, result.error.details); // invalid_transition { guard: 'never_in_a_meeting', source: 'EP-11', … }
 * ```
 */
export function transition<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string>(
  machine: Machine<S, C, E, Eff, R>,
  state: NoInfer<S>,
  event: NoInfer<E>,
  options: TransitionOptions<NoInfer<C>, NoInfer<R>>,
): TransitionResult<S, Eff> {
  const eventType: string = event.type;
  const found = machine.transitions.find((candidate) => candidate.event === eventType && candidate.from.includes(state));
  if (found === undefined) {
    const legal = eventsFrom(machine, state);
    const why = machine.final.includes(state)
      ? `state "${state}" is final: no event leaves it`
      : legal.length === 0
        ? `no event is legal in state "${state}"`
        : `legal in state "${state}": ${legal.join(', ')}`;
    return {
      ok: false,
      error: new PolityError('invalid_transition', `${machine.id}: event "${eventType}" is not allowed in state "${state}" (${why})`, {
        details: { machine: machine.id, state, event: eventType },
      }),
    };
  }

  // The matching transition is found by its event type, so it accepts this very event: the casts below only
  // undo the distribution of MachineTransition over event types.
  const chosen = found as unknown as {
    readonly to: S;
    readonly guard?: Guard<C, E>;
    readonly roles?: readonly R[];
    readonly effects: EffectsConfig<C, E, Eff>;
  };

  if (options.roles !== undefined && chosen.roles !== undefined) {
    const allowed = chosen.roles;
    const held = options.roles;
    if (!held.some((role) => allowed.includes(role))) {
      const heldText = held.length === 0 ? 'an actor with no role' : held.join(', ');
      const summary = `${machine.id}: event "${eventType}" may be fired by ${allowed.join(' or ')}, not by ${heldText}`;
      return {
        ok: false,
        error: forbidden(found.action ?? `${machine.id}.${eventType}`, 'machine_role', { summary, machine: machine.id, state, event: eventType, roles: [...held], allowedRoles: [...allowed] }),
      };
    }
  }

  const guard = chosen.guard;
  if (guard !== undefined && !guard.check(options.context, event)) {
    const rules = guardRules(guard);
    const ruleText = rules.length === 0 ? '' : ` (${rules.join(', ')})`;
    const descriptionText = guard.description === undefined ? '' : `: ${guard.description}`;
    return {
      ok: false,
      error: new PolityError(
        'invalid_transition',
        `${machine.id}: event "${eventType}" refused in state "${state}" by guard "${guard.name}"${ruleText}${descriptionText}`,
        {
          details: {
            machine: machine.id,
            state,
            event: eventType,
            guard: guard.name,
            ...(guard.source === undefined ? {} : { source: guard.source }),
          },
        },
      ),
    };
  }

  const effects = typeof chosen.effects === 'function' ? chosen.effects(options.context, event) : chosen.effects;
  // A copy, so a caller that pushes onto the list cannot change the machine's own effects.
  return { ok: true, state: chosen.to, effects: [...effects] };
}

/**
 * {@link transition} for services, which stop at the first refusal: returns the next state and effects, or
 * throws the error {@link transition} would have returned.
 *
 * @throws PolityError `invalid_transition` when the event is illegal in `state` or a guard refuses
 *   (`details.guard`, `details.source`); `forbidden` when `options.roles` is given and none may fire the event.
 *
 * @example
 * ```ts
 * import { accountMachine, transitionOrThrow } from 'polity';
 *
 * const { state, effects } = transitionOrThrow(accountMachine, 'pending_active', { type: 'resend_activation' }, {
 *   context: { hasMeetings: false, identitySource: 'local' },
 *   roles: ['organisation_admin'],
 * });
 * // state === 'pending_active', effects → [{ type: 'send_activation' }]
 * ```
 */
export function transitionOrThrow<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string>(
  machine: Machine<S, C, E, Eff, R>,
  state: NoInfer<S>,
  event: NoInfer<E>,
  options: TransitionOptions<NoInfer<C>, NoInfer<R>>,
): Omit<TransitionSuccess<S, Eff>, 'ok'> {
  const result = transition(machine, state, event, options);
  if (!result.ok) throw result.error;
  return { state: result.state, effects: result.effects };
}

/**
 * Whether {@link transition} would accept the event (legal in `state`, role allowed, guard passes). For
 * showing or hiding a button; a command still calls {@link transition} to get the reason when it is refused.
 *
 * @example
 * ```ts
 * import { accountMachine, can } from 'polity';
 *
 * can(accountMachine, 'confirmed_active', { type: 'change_email' }, { context: { hasMeetings: false, identitySource: 'sso' } }); // false (EP-12)
 * ```
 */
export function can<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string>(
  machine: Machine<S, C, E, Eff, R>,
  state: NoInfer<S>,
  event: NoInfer<E>,
  options: TransitionOptions<NoInfer<C>, NoInfer<R>>,
): boolean {
  return transition(machine, state, event, options).ok;
}

/**
 * The event types legal in a state, in declaration order, before roles and guards (those need the actor and
 * the context: ask {@link can}). A final state has none.
 *
 * @example
 * ```ts
 * import { accountMachine, eventsFrom } from 'polity';
 *
 * eventsFrom(accountMachine, 'confirmed_active'); // ['deactivate', 'change_email', 'delete']
 * ```
 */
export function eventsFrom<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string>(
  machine: Machine<S, C, E, Eff, R>,
  state: NoInfer<S>,
): readonly E['type'][] {
  return machine.events.filter((event) => machine.transitions.some((t) => t.event === event && t.from.includes(state)));
}

/** The edge label of a transition in diagrams: the event, then the guard in brackets. */
function edgeLabel(t: { readonly event: string; readonly guard?: { readonly name: string } }): string {
  return t.guard === undefined ? t.event : `${t.event} [${t.guard.name}]`;
}

/**
 * The machine as a Mermaid `stateDiagram-v2`: `[*] --> initial`, one edge per (source state, event) labelled
 * `event [guard]`, and `final --> [*]`. The order is fixed (source states in declaration order, then events in
 * declaration order), so the text is stable and can be committed and diffed.
 *
 * @example
 * ```ts
 * import { accountMachine, toMermaid } from 'polity';
 *
 * toMermaid(accountMachine).split('\n')[1]; // '  [*] --> pending_active'
 * ```
 */
export function toMermaid(machine: AnyMachine): string {
  const lines = ['stateDiagram-v2', machine.creation === null ? `  [*] --> ${machine.initial}` : `  [*] --> ${machine.initial}: ${machine.creation.event}`];
  const drawn = new Set<string>([machine.initial]);
  for (const state of machine.states) {
    for (const event of machine.events) {
      for (const t of machine.transitions) {
        if (t.event !== event || !t.from.includes(state)) continue;
        lines.push(`  ${state} --> ${t.to}: ${edgeLabel(t)}`);
        drawn.add(state).add(t.to);
      }
    }
  }
  // A state no edge touches would otherwise vanish from the picture.
  for (const state of machine.states) if (!drawn.has(state)) lines.push(`  ${state}`);
  for (const state of machine.final) lines.push(`  ${state} --> [*]`);
  return lines.join('\n');
}

/**
 * The machine's transitions as a Markdown table (event, from, to, guard with its rules, roles, effects, rules),
 * one row per declared transition in declaration order, for docs pages next to {@link toMermaid}.
 * Effects computed by a function show as `(computed)`; a transition without roles shows `any`. A `note` column
 * with the transitions' descriptions is added when at least one transition has a description.
 */
export function toTransitionTable(machine: AnyMachine): string {
  const code = (values: readonly string[], empty: string): string =>
    values.length === 0 ? empty : values.map((value) => `\`${value}\``).join(', ');
  const creation = machine.creation;
  // The creation, when declared, is the first row: from nothing into the initial state.
  const all = [
    ...(creation === null ? [] : [{ ...creation, from: [] as readonly string[], to: machine.initial, fromText: '(new)' }]),
    ...machine.transitions.map((t) => ({ ...t, fromText: code(t.from, '—') })),
  ];
  // The note and action columns appear only when some transition has one, so terse machines stay narrow.
  const withNotes = all.some((t) => t.description !== undefined);
  const withActions = all.some((t) => t.action !== undefined);
  const rows = all.map((t) => {
    let guard = '—';
    const tGuard = 'guard' in t ? t.guard : undefined;
    if (tGuard !== undefined) {
      const rules = guardRules(tGuard);
      guard = rules.length === 0 ? `\`${tGuard.name}\`` : `\`${tGuard.name}\` (${rules.join(', ')})`;
    }
    const effects = typeof t.effects === 'function' ? '(computed)' : code(t.effects.map((effect: MachineEffect) => effect.type), '—');
    const roles = t.roles === undefined ? 'any' : code(t.roles, 'nobody');
    const sources = t.sources.length === 0 ? '—' : t.sources.join(', ');
    const action = withActions ? ` ${t.action === undefined ? '—' : `\`${t.action}\``} |` : '';
    const note = withNotes ? ` ${t.description ?? '—'} |` : '';
    return `| \`${t.event}\` | ${t.fromText} | \`${t.to}\` | ${guard} | ${roles} |${action} ${effects} | ${sources} |${note}`;
  });
  const columns = ['event', 'from', 'to', 'guard (rules)', 'roles', ...(withActions ? ['action'] : []), 'effects', 'rules', ...(withNotes ? ['note'] : [])];
  const head = [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`];
  return [...head, ...rows].join('\n');
}

/** A guard's rule ids: its `source` first, then `seeAlso`. */
function guardRules(guard: { readonly source?: string; readonly seeAlso?: readonly string[] }): string[] {
  return [...(guard.source === undefined ? [] : [guard.source]), ...(guard.seeAlso ?? [])];
}

/**
 * The policy action a machine names for an event (every transition of an event names the same one).
 *
 * @throws PolityError `internal` when the machine names none for the event: a command asked a machine that
 *   does not say which decision the event needs (a bug in the definition).
 *
 * @example
 * ```ts
 * import { accountMachine, actionOf } from 'polity';
 *
 * actionOf(accountMachine, 'deactivate'); // 'user.deactivate'
 * ```
 */
export function actionOf<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string>(
  machine: Machine<S, C, E, Eff, R>,
  event: NoInfer<E['type']> | 'create',
): string {
  const action = event === 'create' && machine.creation !== null ? machine.creation.action : machine.transitions.find((t) => t.event === event)?.action;
  if (action === undefined) throw new PolityError('internal', `machine ${machine.id} names no action for "${event}"`, { details: { machine: machine.id, event } });
  return action;
}

/**
 * Enters a machine through its creation transition: the initial state and the creation's effects, after
 * checking the roles when `options.roles` is given. The creation's counterpart of {@link transition}.
 *
 * @returns `{ ok: true, state, effects }`, or `{ ok: false, error }` (`forbidden` for a role the creation
 *   does not allow).
 * @throws PolityError `internal` when the machine has no creation transition (a bug in the caller).
 *
 * @example
 * ```ts
 * import { accountMachine, enter } from 'polity';
 *
 * enter(accountMachine, { context: { hasMeetings: false, identitySource: 'local' }, roles: ['organisation_admin'] });
 * // → { ok: true, state: 'pending_active', effects: [{ type: 'send_activation' }, { type: 'claim_licence' }] }
 * ```
 */
export function enter<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string>(
  machine: Machine<S, C, E, Eff, R>,
  options: TransitionOptions<NoInfer<C>, NoInfer<R>>,
): TransitionResult<S, Eff> {
  const creation = machine.creation;
  if (creation === null) throw new PolityError('internal', `machine ${machine.id} has no creation transition`, { details: { machine: machine.id } });
  if (options.roles !== undefined && creation.roles !== undefined && !options.roles.some((role) => creation.roles?.includes(role))) {
    const summary = `${machine.id}: "${creation.event}" may be done by ${creation.roles.join(' or ')}, not by ${options.roles.join(', ') || 'an actor with no role'}`;
    return { ok: false, error: forbidden(creation.action ?? `${machine.id}.${creation.event}`, 'machine_role', { summary, machine: machine.id, event: creation.event }) };
  }
  const effects = typeof creation.effects === 'function' ? creation.effects(options.context) : creation.effects;
  return { ok: true, state: machine.initial, effects: [...effects] };
}

/**
 * {@link enter} for services: returns the initial state and the effects, or throws what {@link enter} would return.
 *
 * @throws PolityError `forbidden` for a role the creation does not allow; `internal` without a creation transition.
 */
export function enterOrThrow<S extends string, C, E extends MachineEvent, Eff extends MachineEffect, R extends string>(
  machine: Machine<S, C, E, Eff, R>,
  options: TransitionOptions<NoInfer<C>, NoInfer<R>>,
): Omit<TransitionSuccess<S, Eff>, 'ok'> {
  const result = enter(machine, options);
  if (!result.ok) throw result.error;
  return { state: result.state, effects: result.effects };
}
