/**
 * Carrying out a machine's effects: one typed map per machine, from each effect type to its handler, so
 * the effects of a lifecycle are handled in one place and a new effect without a handler is a compile
 * error, not a `switch` case forgotten in some service.
 *
 * @module
 */
import type { MachineEffect } from '../../workflows/machine';

/**
 * A handler for every effect type of a machine. `A` is what every handler is given besides the effect
 * (the work, the account …); a handler returns nothing, or a value the caller collects.
 */
export type EffectHandlers<Eff extends MachineEffect, A, V = void> = {
  readonly [K in Eff['type']]: (effect: Extract<Eff, { readonly type: K }>, args: A) => Promise<V>;
};

/** Carries out effects in order, each through its handler, and returns what the handlers returned. */
export async function runEffects<Eff extends MachineEffect, A, V>(handlers: EffectHandlers<Eff, A, V>, effects: readonly Eff[], args: A): Promise<V[]> {
  const results: V[] = [];
  for (const effect of effects) {
    const handle = handlers[effect.type as Eff['type']] as (effect: Eff, args: A) => Promise<V>;
    results.push(await handle(effect, args));
  }
  return results;
}
