/**
 * The contract between main.ts and an adapter.
 *
 * Every timed loop lives in the adapter's own file (`pass`), so each library gets its own monomorphic call site
 * that V8 can inline, as the application's code would; main.ts never calls a library through a shared
 * `fn(query)` indirection while timing whole passes.
 *
 * @module
 */
import type { Query, Scenario } from './scenario';

/** One way of answering "may U manage M" with a boolean. */
export interface SyncCheck {
  /** Short key used on the command line and in the ratio columns. */
  readonly key: string;
  readonly lib: string;
  /** The call, as an application would write it. */
  readonly call: string;
  readonly async?: false;
  /** One answer (verification, per-call timing). */
  check(q: Query): boolean;
  /** Answers `qs[from..to)` in the adapter's own loop; returns how many were allowed. */
  pass(qs: readonly Query[], from: number, to: number): number;
}

export interface AsyncCheck {
  readonly key: string;
  readonly lib: string;
  readonly call: string;
  readonly async: true;
  check(q: Query): Promise<boolean>;
  pass(qs: readonly Query[], from: number, to: number): Promise<number>;
}

export type Check = SyncCheck | AsyncCheck;

/** A warm check over a round-robin question list (round-robin.ts). */
export interface CacheCheck extends SyncCheck {
  /** The questions its pass answers (instead of the anchor's 10,000). */
  readonly questions: readonly Query[];
  /** How many distinct principals the list visits in turn. */
  readonly principals: number;
}

/** A decision with the reasons the engine gives for it, flattened to one string for tallying. */
export interface Explained {
  readonly allowed: boolean;
  /** The rule / policy ids that decided, `+`-joined; '' for a default deny. */
  readonly reasons: string;
}

/** A call that returns the decision together with the rule(s) that made it. */
export interface Explainer {
  readonly lib: string;
  readonly call: string;
  explain(q: Query): Explained;
  /** `qs[from..to)` in the adapter's own loop; returns how many were allowed. */
  pass(qs: readonly Query[], from: number, to: number): number;
}

/** "First check for an unseen principal": load the user's roles, build whatever the library needs, check once. */
export interface FirstCheck {
  readonly lib: string;
  readonly call: string;
  check(q: Query): boolean;
  pass(qs: readonly Query[], from: number, to: number): number;
}

export interface AdapterSetup {
  /** Whatever must stay alive: it is what the heap figure counts. */
  readonly retained: unknown;
  /** Reported instead of setup()'s wall time when set (e.g. when setup also builds test fixtures). */
  readonly setupMs?: number;
  /** Retained memory that is not part of the implementation's setup proper (weighed by the adapter, subtracted, shown in the note). */
  readonly heapExcluded?: { readonly bytes: number; readonly what: string };
  readonly note: string;
  /** What the heap figure is mostly made of, to report it per item (per ability, per principal …). */
  readonly perItem?: { readonly count: number; readonly what: string };
  readonly checks: readonly Check[];
  /**
   * The principal-cache rows (round-robin.ts): warm checks over their own question list, a set of users
   * visited in turn. Verified and timed like `checks`, reported apart.
   */
  readonly cacheChecks?: readonly CacheCheck[];
  readonly explainer?: Explainer;
  readonly firstCheck?: FirstCheck;
}

export interface Adapter {
  readonly key: string;
  readonly lib: string;
  setup(s: Scenario): AdapterSetup | Promise<AdapterSetup>;
}
