// What the tenant-isolation properties share: picking by index, the organisations a result mentions, ids
// that cannot clash with a seeded world, and the check made after every random command.
import { expect } from 'vitest';
import type { MemoryStoreSeed } from 'polity/adapters/memory';
import { testClock } from 'polity/testing';
import { createPolity, isPolityError, type Ids, type Polity, type Profile, type Store } from 'polity';
import { copyOf } from './world';

/** A record of some organisation, known by id. */
export interface Owned {
  readonly id: string;
  readonly organisationId: string;
}

/** The `index`-th element, wrapping around. */
export function pick<T>(list: readonly T[], index: number): T {
  return list[index % list.length]!;
}

/** Every `organisationId` in what a command returned (records, views, pages …). */
export function organisationsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => organisationsIn(item, found));
  else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'organisationId' && typeof item === 'string') found.add(item);
      else organisationsIn(item, found);
    }
  }
  return found;
}

let runs = 0;

/** Ids for one run that cannot clash with the seeded ones (`<kind>_<prefix><run>_<n>`). */
function runIds(prefix: string): Ids {
  runs += 1;
  const run = runs;
  let n = 0;
  return { id: (kind) => `${kind}_${prefix}${run}_${(n += 1)}`, secret: () => `secret_${prefix}${run}_${(n += 1)}_padding` };
}

/** How many commands ran and succeeded, so a property is known not to hold vacuously. */
export interface Tally {
  ok: number;
  all: number;
}

/** One random command's outcome: what it answered (or the error) and the organisation it aimed at. */
export interface Outcome {
  readonly targetOrganisation: string;
  readonly result: unknown;
  readonly error: unknown;
}

/** Runs a command's promise and keeps its outcome, errors included. */
export async function outcomeOf(targetOrganisation: string, promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { targetOrganisation, result: await promise, error: undefined };
  } catch (error) {
    return { targetOrganisation, result: undefined, error };
  }
}

/** What {@link checkEachCommand} plays, on what, and how it checks. */
export interface CheckOptions<C extends { readonly actor: number; readonly kind: string }> {
  /** The base world: its store, and its snapshot (what a memory copy is seeded with). */
  readonly base: { readonly store: Store; readonly seed: MemoryStoreSeed };
  readonly profile: Profile;
  /** Tells this property's generated ids from another's. */
  readonly idPrefix: string;
  readonly members: readonly Owned[];
  readonly commands: readonly C[];
  readonly run: (polity: Polity, command: C, step: number) => Promise<Outcome>;
  readonly othersOf: (store: Store, organisationId: string) => Promise<unknown>;
  readonly tally: Tally;
}

/**
 * Plays the commands on a fresh store holding a copy of the base world (on the base's store target), one by
 * one, and checks after each: reading or changing another organisation is refused, nothing another
 * organisation holds is returned, and nothing another organisation holds changes. The copy is closed (its
 * schema dropped on Postgres) when the run ends.
 */
export async function checkEachCommand<C extends { readonly actor: number; readonly kind: string }>(options: CheckOptions<C>): Promise<void> {
  const store = await copyOf(options.base);
  try {
    await playEach(store, options);
  } finally {
    await store.close();
  }
}

async function playEach<C extends { readonly actor: number; readonly kind: string }>(store: Store, options: CheckOptions<C>): Promise<void> {
  const polity = createPolity({ store, profile: options.profile, clock: testClock('2026-02-01T09:00:00.000Z'), ids: runIds(options.idPrefix) });
  for (const [step, command] of options.commands.entries()) {
    const actor = pick(options.members, command.actor);
    const before = await options.othersOf(store, actor.organisationId);
    const { targetOrganisation, result, error } = await options.run(polity, command, step);
    if (error !== undefined && !isPolityError(error)) throw error;
    options.tally.all += 1;
    if (error === undefined) options.tally.ok += 1;
    const label = `${command.kind} by ${actor.id} (${actor.organisationId}) on ${targetOrganisation}`;
    // Reading or changing another organisation is always refused …
    if (targetOrganisation !== actor.organisationId) expect(error, label).toBeDefined();
    // … nothing another organisation holds is ever returned …
    for (const organisationId of organisationsIn(result)) expect(organisationId, label).toBe(actor.organisationId);
    // … and nothing another organisation holds ever changes.
    expect(await options.othersOf(store, actor.organisationId), label).toEqual(before);
  }
}
