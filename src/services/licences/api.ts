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
 * In a profile without a licensed role every call here is `forbidden` (`reason: 'no_licences'`).
 *
 * @module
 */
import type { LicenceRequest } from '../../domain/licence-request';
import type { Page } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { bindAll } from '../kernel/pipeline';
import type {
  AllocateLicencesInput,
  GrantLicenceRequestInput,
  GrantLicenceRequestResult,
  ListLicenceRequestsInput,
  LicenceSummaryInput,
  RefuseLicenceRequestInput,
  RequestLicencesInput,
} from './inputs';
import type { LicenceSummary } from './pool';
import { allocateLicences, licenceSummary } from './pool-commands';
import { grantLicenceRequest, listLicenceRequests, refuseLicenceRequest, requestLicences } from './requests';

export type { LicenceSummary } from './pool';
export {
  allocateLicencesInputSchema,
  grantLicenceRequestInputSchema,
  licenceSummaryInputSchema,
  listLicenceRequestsInputSchema,
  refuseLicenceRequestInputSchema,
  requestLicencesInputSchema,
  type AllocateLicencesInput,
  type GrantLicenceRequestInput,
  type GrantLicenceRequestResult,
  type LicenceSummaryInput,
  type ListLicenceRequestsInput,
  type RefuseLicenceRequestInput,
  type RequestLicencesInput,
} from './inputs';

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


/** The namespace of this area, as an actor carries it. */
export interface LicenceNamespaces {
  readonly licences: LicencesApi;
}

/** Builds `actor.licences` for one acting user. */
export function licencesArea(context: ServiceContext, actorId: string): LicenceNamespaces {
  const bound = bindAll(context, actorId, {
    summary: licenceSummary,
    allocate: allocateLicences,
    request: requestLicences,
    requests: listLicenceRequests,
    grant: grantLicenceRequest,
    refuse: refuseLicenceRequest,
  });
  return { licences: { ...bound, refuse: async (input) => (await bound.refuse(input)).request } };
}
