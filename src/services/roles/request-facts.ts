/**
 * What the role-change request commands share: a request as the policy sees it, how it is read, and the
 * facts the request machine's guards and effects read.
 *
 * @module
 */
import type { RoleChangeRequest } from '../../domain/role-change-request';
import { notFound } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import type { ReadOptions, StoreSession } from '../../ports/store';
import type { RoleRequestContext } from '../../workflows/role-request-machine';
import type { ServiceContext } from '../kernel/context';
import { assignableScopes } from './profile-roles';

/** A role-change request as a policy resource. */
export function requestResource(request: Pick<RoleChangeRequest, 'id' | 'requesterId' | 'organisationId' | 'unitId' | 'status'>): PolicyResource {
  return { kind: 'role_request', id: request.id, organisationId: request.organisationId, unitId: request.unitId, requesterId: request.requesterId, status: request.status };
}

/** Whether a role is held at unit scope only (a unit coordinator), so a request for it names a unit. */
export function roleNeedsUnit(context: Pick<ServiceContext, 'profile'>, role: string): boolean {
  const scopes = assignableScopes(context.profile, role) ?? [];
  return scopes.includes('unit') && !scopes.includes('organisation');
}

/** The facts the request machine reads about a request (filed or about to be). */
export function machineContextOf(
  context: Pick<ServiceContext, 'profile'>,
  request: { readonly role: string; readonly unitId: string | null; readonly newUnitName: string | null },
): RoleRequestContext {
  return { roleNeedsUnit: roleNeedsUnit(context, request.role), namesExistingUnit: request.unitId !== null, namesNewUnit: request.newUnitName !== null };
}

/**
 * Reads a request; with `{ lock: 'update' }` for the command that decides on it, so two decisions on one
 * request run one after the other and the second finds it decided.
 *
 * @throws {@link PolityError} `not_found` (`details.requestId`) when there is none with this id.
 */
export async function loadRequest(tx: StoreSession, requestId: string, options?: ReadOptions): Promise<RoleChangeRequest> {
  const request = await tx.roleChangeRequests.get(requestId, options);
  if (request === null) throw notFound('role_request', requestId, { requestId });
  return request;
}
