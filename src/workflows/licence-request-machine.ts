/**
 * The licence request lifecycle (MB-3): an organisation's administrator asks the platform operator for more
 * named licences; the operator (Mégalis services) or the concierge grants or refuses, once. A grant raises
 * the organisation's allocation by the number asked for.
 *
 * The state is stored on the request (`LicenceRequest.status`). Services load the request, call
 * {@link transition}, then write the new status and carry out the effects in one transaction.
 *
 * @module
 */
import type { LicenceRequest } from '../domain/licence-request';
import { defineMachine } from './machine';

/** The request states, in the order docs list them. */
export const licenceRequestStates = ['requested', 'granted', 'refused'] as const satisfies readonly LicenceRequest['status'][];

/** Where a request is: `requested` until decided; `granted` and `refused` are final. */
export type LicenceRequestState = (typeof licenceRequestStates)[number];

/**
 * The abstract roles that fire request events. `operator`: platform staff who decide on licences (in Mégalis
 * the platform admin and the concierge; the policy's `licence_request.decide` says who is one).
 */
export const licenceRequestRoles = ['operator'] as const;

/** One of {@link licenceRequestRoles}. */
export type LicenceRequestRole = (typeof licenceRequestRoles)[number];

/** The request events; the decision note is written by the service, the machine only decides the state. */
export type LicenceRequestEvent =
  | {
      /** Give the organisation the licences asked for (MB-3). */
      readonly type: 'grant';
    }
  | {
      /** Decline the request (MB-3); the note says why. */
      readonly type: 'refuse';
    };

/**
 * What a service does after a request transition, in the same transaction.
 *
 * - `raise_allocation`: add the request's `count` to the organisation's allocated licences (creating the pool
 *   when the organisation has none yet).
 * - `notify_requester`: tell the requester the decision by e-mail.
 */
export type LicenceRequestEffect =
  | {
      /** Add `count` to the pool's `allocated`. */
      readonly type: 'raise_allocation';
    }
  | {
      /** E-mail the requester the decision. */
      readonly type: 'notify_requester';
    };

/** The facts the request guards read; the service loads them before calling `transition`. */
export interface LicenceRequestContext {
  /** Whether the decider wrote a note (the reason of a refusal). */
  readonly noteGiven: boolean;
}

/** Guard of `refuse`: a refusal says why, so the organisation knows what to do next. */
const refusalExplained = {
  name: 'refusal_explained',
  source: 'MB-3',
  description: 'a refused request carries a note saying why',
  check: (context: LicenceRequestContext) => context.noteGiven,
} as const;

/**
 * The licence request machine. Choices, and why:
 *
 * - **The operator or the concierge decides.** MB-3 says "the operator decides"; issue #6 lets the concierge
 *   (CapVisio support, MB-10) decide too. Both map onto the abstract role `operator`; the profile's rule for
 *   `licence_request.decide` says who that is.
 * - **`grant` and `refuse` leave `requested` only.** Deciding twice is `invalid_transition`, so a double click
 *   never raises the allocation twice.
 * - **Guard `refusal_explained`** on `refuse`: a refusal without a reason leaves the administrator guessing.
 *   A grant's note is optional.
 * - **Effects**: `grant` raises the allocation then tells the requester; `refuse` only tells the requester.
 *
 * @example
 * ```ts
 * import { licenceRequestMachine, transition } from 'polity';
 *
 * const result = transition(licenceRequestMachine, 'requested', { type: 'grant' }, { context: { noteGiven: false }, roles: ['operator'] });
 * // → { ok: true, state: 'granted', effects: [{ type: 'raise_allocation' }, { type: 'notify_requester' }] }
 * ```
 */
export const licenceRequestMachine = defineMachine({
  id: 'licence_request',
  states: licenceRequestStates,
  initial: 'requested',
  final: ['granted', 'refused'],
  roles: licenceRequestRoles,
  types: {} as { context: LicenceRequestContext; events: LicenceRequestEvent; effects: LicenceRequestEffect },
  creation: {
    action: 'licence_request.create',
    sources: ['MB-3'],
    description: "An organisation's administrator asks for more licences.",
  },
  events: {
    grant: {
      from: 'requested',
      to: 'granted',
      roles: ['operator'],
      action: 'licence_request.decide',
      effects: [{ type: 'raise_allocation' }, { type: 'notify_requester' }],
      sources: ['MB-3'],
      description: "The organisation's allocated licences grow by the number asked for; the requester is told by e-mail.",
    },
    refuse: {
      from: 'requested',
      to: 'refused',
      guard: refusalExplained,
      roles: ['operator'],
      action: 'licence_request.decide',
      effects: [{ type: 'notify_requester' }],
      sources: ['MB-3'],
      description: 'The requester is told why by e-mail; the allocation does not change.',
    },
  },
});
