/**
 * The role graph: which role has every power of which other (concierge ⊇ administrator ⊇ delegated
 * organiser ⊇ user). A profile declares `inherits`; the graph checks it is acyclic and answers in O(1).
 *
 * @module
 */
import { PolityError, type InputIssue } from '../errors';

/** A role as the graph needs it: its name and the roles whose powers it inherits. */
export interface RoleNode {
  readonly name: string;
  readonly inherits?: readonly string[];
}

/** An acyclic role graph. */
export interface RoleGraph {
  /** Every role, in declaration order. */
  readonly roles: readonly string[];
  /** Whether the role is declared. */
  has(role: string): boolean;
  /** Whether `role` has every power of `other`: the same role, or one inheriting it, directly or not. */
  includes(role: string, other: string): boolean;
  /** The roles whose powers `role` has: itself first, then inherited roles, nearest first. */
  powersOf(role: string): readonly string[];
  /** The roles that have every power of `role`: itself and every role inheriting it. */
  holdersOf(role: string): readonly string[];
}

function invalid(message: string, issues: InputIssue[]): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues } });
}

/**
 * Builds a role graph.
 *
 * @param roles - The roles with their `inherits` lists.
 * @param path - Where the roles sit in the caller's input, for error paths (default `roles`).
 * @throws {@link PolityError} `invalid_input` when a role is declared twice, inherits an unknown role, or
 *   roles inherit in a cycle (the message names the cycle: `a → b → a`).
 *
 * @example
 * ```ts
 * import { createRoleGraph } from 'polity';
 *
 * const graph = createRoleGraph([
 *   { name: 'user' },
 *   { name: 'delegated_organiser', inherits: ['user'] },
 *   { name: 'administrator', inherits: ['delegated_organiser'] },
 * ]);
 * graph.includes('administrator', 'user'); // true
 * ```
 */
export function createRoleGraph(roles: readonly RoleNode[], path = 'roles'): RoleGraph {
  const index = new Map<string, number>();
  roles.forEach((role, i) => {
    if (index.has(role.name)) {
      throw invalid(`role ${role.name} is declared twice`, [{ path: `${path}.${i}.name`, message: `role ${role.name} is declared twice`, code: 'duplicate_role' }]);
    }
    index.set(role.name, i);
  });
  roles.forEach((role, i) => {
    (role.inherits ?? []).forEach((parent, j) => {
      if (!index.has(parent)) {
        const message = `role ${role.name} inherits unknown role ${parent}`;
        throw invalid(message, [{ path: `${path}.${i}.inherits.${j}`, message, code: 'unknown_role' }]);
      }
    });
  });

  // Depth-first search with colours; the stack gives the cycle's path for the message.
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const message = `roles inherit in a cycle: ${cycle.join(' → ')}`;
      throw invalid(message, [{ path: `${path}.${index.get(name)}.inherits`, message, code: 'role_cycle' }]);
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const parent of roles[index.get(name)!]!.inherits ?? []) visit(parent);
    stack.pop();
    state.set(name, 'done');
  };
  for (const role of roles) visit(role.name);

  const powers = new Map<string, string[]>();
  for (const role of roles) {
    // Breadth-first, so nearer ancestors come first (explanations name the nearest).
    const order = [role.name];
    const seen = new Set(order);
    for (let k = 0; k < order.length; k++) {
      for (const parent of roles[index.get(order[k]!)!]!.inherits ?? []) {
        if (!seen.has(parent)) {
          seen.add(parent);
          order.push(parent);
        }
      }
    }
    powers.set(role.name, order);
  }
  const holders = new Map<string, string[]>(roles.map((role) => [role.name, []]));
  for (const role of roles) for (const power of powers.get(role.name)!) holders.get(power)!.push(role.name);
  const powerSets = new Map([...powers].map(([name, list]) => [name, new Set(list)]));
  const none: readonly string[] = [];

  return {
    roles: roles.map((role) => role.name),
    has: (role) => index.has(role),
    includes: (role, other) => powerSets.get(role)?.has(other) ?? false,
    powersOf: (role) => powers.get(role) ?? none,
    holdersOf: (role) => holders.get(role) ?? none,
  };
}
