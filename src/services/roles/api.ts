/**
 * `actor.roleRequests`: role-change requests (EP-6, EP-7). A user who can sign in asks to become
 * organisation or unit coordinator; only platform admins list all requests and decide, once. Approval grants
 * the role (creating the unit the request names, if new) and tells the requester by e-mail; the
 * organisation's coordinators are told of new requests.
 *
 * @module
 */
import type { RoleChangeRequest } from '../../domain/role-change-request';
import { internal } from '../../errors';
import type { Page } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { bindAll } from '../kernel/pipeline';
import { approveRoleRequest, rejectRoleRequest } from './decisions';
import type { ApproveRoleRequestResult, DecideRoleRequestInput, FileRoleRequestInput, GetRoleRequestInput, ListRoleRequestsInput } from './inputs';
import { fileRoleRequest, getRoleRequest, listRoleRequests } from './requests';

export {
  decideRoleRequestInputSchema,
  fileRoleRequestInputSchema,
  getRoleRequestInputSchema,
  listRoleRequestsInputSchema,
  type ApproveRoleRequestResult,
  type DecideRoleRequestInput,
  type FileRoleRequestInput,
  type GetRoleRequestInput,
  type ListRoleRequestsInput,
} from './inputs';

/** `actor.roleRequests` (EP-6). */
export interface RoleRequestsApi {
  /**
   * Files a request for the actor. Refused when the actor is already an organisation coordinator (holds the
   * highest requestable role, or one above it) or has an open request. A unit-coordinator request names a
   * unit, existing or new. When `organisationId` is left out, the identity registry gives it (EP-7).
   *
   * @throws {@link PolityError} `invalid_input` (an unknown or unrequestable role, no unit for a unit role, no
   *   organisation and none from the registry, a unit not in the organisation); `forbidden` unless
   *   `role_request.create` is allowed or when the profile has no role-change requests; `not_found` for the
   *   organisation; `conflict` (`role_request.already_coordinator`, `roleChangeRequests.open`, `organisation.suspended`).
   * @example
   * ```ts
   * await polity.as(userId).roleRequests.file({
   *   role: 'unit_coordinator', organisationId, newUnitName: 'Press Office', phone: '+30 210 0000000', purpose: 'press briefings',
   * });
   * ```
   */
  file(input: FileRoleRequestInput): Promise<RoleChangeRequest>;
  /**
   * Lists requests, newest first, through the policy's query plan for `role_request.read`: platform admins
   * see every request, anyone else only their own.
   *
   * @throws {@link PolityError} `invalid_input`.
   */
  list(input?: ListRoleRequestsInput): Promise<Page<RoleChangeRequest>>;
  /**
   * One request.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `role_request.read` is allowed.
   */
  get(input: GetRoleRequestInput): Promise<RoleChangeRequest>;
  /**
   * Approves a new request (EP-6): creates the unit it names if new, grants the role, tells the requester.
   * Where the profile counts named licences and the role takes one (MB-12), the requester's seat is settled
   * in the same transaction: a licence is taken (held, or reserved while the account is pending) in their
   * organisation.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `role_request.decide` is allowed
   *   (platform admins) and the grant rules let the actor give the role; `invalid_transition` when already
   *   decided; `limit_exceeded` (`limit: 'licences'`, with the counts) when the role needs a licence and none
   *   is free, and then nothing is written.
   */
  approve(input: DecideRoleRequestInput): Promise<ApproveRoleRequestResult>;
  /**
   * Rejects a new request and tells the requester.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `role_request.decide` is allowed;
   *   `invalid_transition` when already decided.
   */
  reject(input: DecideRoleRequestInput): Promise<RoleChangeRequest>;
}

/** The namespaces of this area, as an actor carries them. */
export interface RoleNamespaces {
  readonly roleRequests: RoleRequestsApi;
}

/** Builds `actor.roleRequests` for one acting user. */
export function rolesArea(context: ServiceContext, actorId: string): RoleNamespaces {
  const requests = bindAll(context, actorId, { file: fileRoleRequest, list: listRoleRequests, get: getRoleRequest });
  const decisions = bindAll(context, actorId, { approve: approveRoleRequest, reject: rejectRoleRequest });
  return {
    roleRequests: {
      ...requests,
      async approve(input) {
        const { request, assignment, createdUnit } = await decisions.approve(input);
        // The machine's approval always grants the role; this only narrows the type.
        if (assignment === null) throw internal('an approval granted no role', { requestId: request.id });
        return { request, assignment, createdUnit };
      },
      reject: async (input) => (await decisions.reject(input)).request,
    },
  };
}
