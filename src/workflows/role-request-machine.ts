/**
 * The role-change request lifecycle (EP-6): a user asks to become organisation or unit coordinator; a
 * platform admin approves or rejects, once. In the real e:Presence the states are `new → finalised`
 * (accepted) or `notVerified` (declined); polity names them `approved` and `rejected`.
 *
 * The state is stored on the request (`RoleChangeRequest.status`). Services load the facts, call
 * {@link transition}, then write the new status and carry out the effects in one transaction.
 *
 * @module
 */
import type { RoleChangeRequest } from '../domain/role-change-request';
import { defineMachine } from './machine';

/** The request states, in the order docs list them. */
export const roleRequestStates = ['new', 'approved', 'rejected'] as const satisfies readonly RoleChangeRequest['status'][];

/** Where a request is: `new` until decided; `approved` and `rejected` are final. */
export type RoleRequestState = (typeof roleRequestStates)[number];

/** The abstract roles that fire request events: only platform staff decide (EP-6, "What the real systems do"). */
export const roleRequestRoles = ['platform_admin'] as const;

/** One of {@link roleRequestRoles}. */
export type RoleRequestRole = (typeof roleRequestRoles)[number];

/** The request events; the decision note is written by the service, the machine only decides the state. */
export type RoleRequestEvent =
  | {
      /** Grant the role asked for (EP-6). */
      readonly type: 'approve';
    }
  | {
      /** Decline the request (EP-6). */
      readonly type: 'reject';
    };

/**
 * What a service does after a request transition, in the same transaction.
 *
 * - `create_unit`: the request names a unit that does not exist yet: create it in the request's organisation.
 * - `grant_role`: assign the role asked for at the request's organisation (or unit) scope.
 * - `notify_requester`: tell the requester by e-mail (EP-6: "on approval the user … is told by e-mail").
 */
export type RoleRequestEffect =
  | {
      /** Create the unit the request names by name. */
      readonly type: 'create_unit';
    }
  | {
      /** Assign the role asked for. */
      readonly type: 'grant_role';
    }
  | {
      /** E-mail the requester the decision. */
      readonly type: 'notify_requester';
    };

/** The facts the request guards and effects read; the service loads them before calling `transition`. */
export interface RoleRequestContext {
  /** Whether the role asked for is held at unit scope (a unit coordinator), so the request must name a unit. */
  readonly roleNeedsUnit: boolean;
  /** Whether the request names an existing unit (`unitId`). */
  readonly namesExistingUnit: boolean;
  /** Whether the request names a unit to create (`newUnitName`). */
  readonly namesNewUnit: boolean;
}

/** Guard of `approve`: a unit-coordinator request names a unit, existing or new (EP-6). */
const unitNamed = {
  name: 'unit_named',
  source: 'EP-6',
  description: 'a request to become unit coordinator must name a unit, existing or new',
  check: (context: RoleRequestContext) => !context.roleNeedsUnit || context.namesExistingUnit || context.namesNewUnit,
} as const;

/**
 * The role-change request machine. Choices, and why:
 *
 * - **Only `platform_admin` decides.** The guide says only "once approved"; in the real system only the super
 *   admin accepts or declines (RULES.md, EP-6). The policy (`role_request.decide`) says who is platform staff.
 * - **`approve` and `reject` leave `new` only.** Deciding twice is `invalid_transition`, so a double click
 *   grants nothing twice.
 * - **Guard `unit_named`** on approval repeats the filing check (a unit-coordinator request names a unit), so a
 *   request written by another path cannot grant a unit role without a unit.
 * - **Effects of `approve`** are computed: `create_unit` only when the request names a new unit, then
 *   `grant_role`, then `notify_requester`. `reject` only notifies.
 *
 * @example
 * ```ts
 * import { roleRequestMachine, transition } from 'polity';
 *
 * const result = transition(roleRequestMachine, 'new', { type: 'approve' }, {
 *   context: { roleNeedsUnit: true, namesExistingUnit: false, namesNewUnit: true },
 *   roles: ['platform_admin'],
 * });
 * // → { ok: true, state: 'approved', effects: [{ type: 'create_unit' }, { type: 'grant_role' }, { type: 'notify_requester' }] }
 * ```
 */
export const roleRequestMachine = defineMachine({
  id: 'role_request',
  states: roleRequestStates,
  initial: 'new',
  final: ['approved', 'rejected'],
  roles: roleRequestRoles,
  types: {} as { context: RoleRequestContext; events: RoleRequestEvent; effects: RoleRequestEffect },
  creation: {
    action: 'role_request.create',
    sources: ['EP-6'],
    description: 'A user who can sign in files a request.',
  },
  events: {
    approve: {
      from: 'new',
      to: 'approved',
      guard: unitNamed,
      roles: ['platform_admin'],
      action: 'role_request.decide',
      effects: (context) => [
        ...(context.roleNeedsUnit && !context.namesExistingUnit && context.namesNewUnit ? [{ type: 'create_unit' } as const] : []),
        { type: 'grant_role' },
        { type: 'notify_requester' },
      ],
      sources: ['EP-6'],
      description: 'The requester gets the role (and the unit it names, created if new) and is told by e-mail.',
    },
    reject: {
      from: 'new',
      to: 'rejected',
      roles: ['platform_admin'],
      action: 'role_request.decide',
      effects: [{ type: 'notify_requester' }],
      sources: ['EP-6'],
      description: 'The requester is told by e-mail; nothing else changes.',
    },
  },
});
