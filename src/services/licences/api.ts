/**
 * `actor.licences`: named licences of an organisation (MB-2…MB-5, MB-12) and requests for more (MB-3).
 *
 * Each organisation has a pool: `allocated` is a hard cap, `used` counts active users holding a licence and
 * `reserved` the pending invitations to a licensed role that hold one until their link expires; `used +
 * reserved` never passes `allocated`. A missing pool is one with nothing allocated. The seats themselves are
 * taken and given back by the account commands (`users.add`, `activation.confirm`, `users.deactivate`,
 * `users.reactivate`, `users.delete`, `users.resendActivation`) and by `housekeeping.run`; this namespace
 * shows the counts, sets the allocation and runs the requests for more.
 *
 * In a profile without a licensed role every call here is `forbidden` (`explanation.reason: 'no_licences'`).
 *
 * @module
 */
import { z } from 'zod';
import type { LicenceRequest } from '../domain/licence-request';
import { idSchema } from '../domain/primitives';
import { parseWith } from '../domain/validate';
import type { Page } from '../ports/store';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { assertCountsLicences, maxAllocated, readSummary, setAllocation, type LicenceSummary } from './licence-pool';
import {
  decideLicenceRequest,
  listLicenceRequests,
  requestLicences,
  type GrantLicenceRequestInput,
  type GrantLicenceRequestResult,
  type ListLicenceRequestsInput,
  type RefuseLicenceRequestInput,
  type RequestLicencesInput,
} from './licence-requests';
import { loadOrganisation } from './organisation-guards';

export type { LicenceSummary } from './licence-pool';
export {
  grantLicenceRequestInputSchema,
  listLicenceRequestsInputSchema,
  refuseLicenceRequestInputSchema,
  requestLicencesInputSchema,
  type GrantLicenceRequestInput,
  type GrantLicenceRequestResult,
  type ListLicenceRequestsInput,
  type RefuseLicenceRequestInput,
  type RequestLicencesInput,
} from './licence-requests';

/** Input of {@link LicencesApi.summary}. */
export const licenceSummaryInputSchema = z.strictObject({ organisationId: idSchema });
/** Input of {@link LicencesApi.summary}. */
export type LicenceSummaryInput = z.input<typeof licenceSummaryInputSchema>;

/** Input of {@link LicencesApi.allocate}. */
export const allocateLicencesInputSchema = z.strictObject({
  organisationId: idSchema,
  /** The new number of named licences, 0–1000000 (`maxAllocated`); never below those in use and reserved. */
  allocated: z.number().int('a count is a whole number').min(0, 'a count cannot be negative').max(maxAllocated, `at most ${maxAllocated} licences`),
});
/** Input of {@link LicencesApi.allocate}. */
export type AllocateLicencesInput = z.input<typeof allocateLicencesInputSchema>;

/** `actor.licences`: named licences of an organisation (MB-2…MB-5, MB-12) and requests for more (MB-3). */
export interface LicencesApi {
  /**
   * Licensed users against allocated licences (MB-2): `{ allocated, used, reserved, free }`, where `used`
   * counts active users holding a licence (MB-12) and `reserved` pending invitations holding one. The same
   * counts come with `users.list`. A reservation whose activation link has expired still counts here until
   * `housekeeping.run()` lapses it, or until a take that finds no licence free lapses it on the way (an
   * invitation, activation, resend or reactivation never fails because of one).
   *
   * @throws {@link PolityError} `invalid_input`; `forbidden` unless `licence_pool.read` is allowed (Mégalis:
   *   the organisation's administrators, the concierge, the operator) or when the profile counts no licences;
   *   `not_found` for the organisation.
   * @example
   * ```ts
   * const { allocated, used, reserved, free } = await polity.as(administratorId).licences.summary({ organisationId });
   * ```
   */
  summary(input: LicenceSummaryInput): Promise<LicenceSummary>;
  /**
   * Sets how many named licences an organisation has (MB-3, the operator's act), creating its pool if it has
   * none. Never below what is in use: `allocated` must be at least `used + reserved`.
   *
   * @throws {@link PolityError} `invalid_input`; `forbidden` unless `licence_pool.allocate` is allowed (Mégalis:
   *   the platform admin); `not_found` for the organisation; `conflict` (`constraint: 'licence_pool.below_in_use'`,
   *   with `allocated`, `requested`, `used`, `reserved`, `inUse` in `details`) below what is in use.
   * @example
   * ```ts
   * await polity.as(operatorId).licences.allocate({ organisationId, allocated: 25 });
   * ```
   */
  allocate(input: AllocateLicencesInput): Promise<LicenceSummary>;
  /**
   * Asks the platform operator for more licences (MB-3): a request in state `requested`.
   *
   * @throws {@link PolityError} `invalid_input`; `forbidden` unless `licence_request.create` is allowed (Mégalis:
   *   the organisation's administrators) or when the profile has no licence requests; `not_found` for the organisation.
   * @example
   * ```ts
   * const request = await polity.as(administratorId).licences.request({ organisationId, count: 5, reason: 'new service' });
   * ```
   */
  request(input: RequestLicencesInput): Promise<LicenceRequest>;
  /**
   * Lists the requests the actor may see (`licence_request.read`: administrators their organisation's, the
   * operator and the concierge all), newest first, optionally of one organisation or in one state.
   *
   * @throws {@link PolityError} `invalid_input`; `forbidden` when the profile has no licence requests, or when
   *   `organisationId` names an organisation whose requests the actor may not read; `not_found` for it.
   */
  requests(input?: ListLicenceRequestsInput): Promise<Page<LicenceRequest>>;
  /**
   * Grants an open request (MB-3): the organisation's allocation grows by the number asked for, in the same
   * transaction, and the requester is told by e-mail (`licence.granted`).
   *
   * An organisation holds at most 1,000,000 licences, the bound of {@link LicencesApi.allocate}: a grant that
   * would pass it is refused with nothing written, and the request stays `requested` (refuse it, or lower
   * the count through a new request).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `licence_request.decide` is
   *   allowed (Mégalis: the operator and the concierge); `invalid_transition` when already decided;
   *   `limit_exceeded` (`limit: 'allocation'`, `max`, `actual`, `allocated`, `requested`, `organisationId`)
   *   when the allocation would pass 1,000,000.
   * @example
   * ```ts
   * const { request, licences } = await polity.as(conciergeId).licences.grant({ requestId });
   * ```
   */
  grant(input: GrantLicenceRequestInput): Promise<GrantLicenceRequestResult>;
  /**
   * Refuses an open request, saying why; the requester is told by e-mail (`licence.refused`).
   *
   * @throws {@link PolityError} `invalid_input` (no note); `not_found`; `forbidden` unless `licence_request.decide`
   *   is allowed; `invalid_transition` when already decided.
   */
  refuse(input: RefuseLicenceRequestInput): Promise<LicenceRequest>;
}

async function summary(context: ServiceContext, actorId: string, input: LicenceSummaryInput): Promise<LicenceSummary> {
  const data = parseWith(licenceSummaryInputSchema, input, 'input of licences.summary');
  assertCountsLicences(context, 'licence_pool.read');
  return runCommand(context, actorId, { action: 'licence_pool.read' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    authorise(context, actor, 'licence_pool.read', { kind: 'licence_pool', organisationId: organisation.id });
    return readSummary(tx, organisation.id);
  });
}

async function allocate(context: ServiceContext, actorId: string, input: AllocateLicencesInput): Promise<LicenceSummary> {
  const data = parseWith(allocateLicencesInputSchema, input, 'input of licences.allocate');
  assertCountsLicences(context, 'licence_pool.allocate');
  return runCommand(context, actorId, { action: 'licence_pool.allocate' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    authorise(context, actor, 'licence_pool.allocate', { kind: 'licence_pool', organisationId: organisation.id });
    const { before, after } = await setAllocation(tx, context, organisation.id, data.allocated);
    // Setting the allocation it already has changes nothing, and says so by writing nothing to the trail.
    if (before.allocated !== after.allocated) {
      await appendAudit(tx, context, {
        organisationId: organisation.id,
        actorId: actor.user.id,
        action: 'licence_pool.allocate',
        targetType: 'organisation',
        targetId: organisation.id,
        summary: `allocated ${after.allocated} named licences to ${organisation.name} (was ${before.allocated}; ${after.used} in use, ${after.reserved} reserved)`,
        changes: { allocated: after.allocated, previousAllocated: before.allocated, used: after.used, reserved: after.reserved },
      });
    }
    return after;
  });
}

/** Builds `actor.licences` for one acting user. */
export function licencesApi(context: ServiceContext, actorId: string): LicencesApi {
  return {
    summary: (input) => summary(context, actorId, input),
    allocate: (input) => allocate(context, actorId, input),
    request: (input) => requestLicences(context, actorId, input),
    requests: (input) => listLicenceRequests(context, actorId, input),
    grant: (input) => decideLicenceRequest(context, actorId, input, 'grant'),
    refuse: async (input) => (await decideLicenceRequest(context, actorId, input, 'refuse')).request,
  };
}
