/**
 * Role-change requests (EP-6, EP-7): a user who can sign in asks to become organisation or unit
 * coordinator; only platform admins list all requests and decide, once. Approval grants the role (creating
 * the unit the request names, if new) and tells the requester by e-mail; the organisation's coordinators are
 * told of new requests.
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../domain/filter';
import { idSchema, nameSchema, phoneSchema } from '../domain/primitives';
import { roleNameSchema, type RoleAssignment } from '../domain/role-assignment';
import { roleChangeRequestStatuses, type RoleChangeRequest } from '../domain/role-change-request';
import type { Scope } from '../domain/scope';
import type { Unit } from '../domain/unit';
import { parseWith } from '../domain/validate';
import { isPolityError, PolityError } from '../errors';
import type { PolicyResource } from '../policy/index';
import type { Page, StoreSession } from '../ports/store';
import { transitionOrThrow } from '../workflows/machine';
import { roleRequestMachine, type RoleRequestContext } from '../workflows/role-request-machine';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { settleSeat } from './licence-seats';
import { notifyUser } from './notify';
import { assertNotSuspended, loadOrganisation, loadUnit } from './organisation-guards';
import { collectIds, listQuery, pageInputShape } from './paging';
import { assignableScopes, requestableRoles } from './profile-roles';

/** Input of {@link RoleRequestsApi.file}. */
export const fileRoleRequestInputSchema = z
  .strictObject({
    /** The role asked for: one the profile grants through role-change requests (e:Presence: organisation or unit coordinator). */
    role: roleNameSchema,
    /** The organisation; may be left out when the identity registry knows the requester's organisation (EP-7). */
    organisationId: idSchema.optional(),
    /** An existing unit of the organisation (optional for an organisation role, EP-6). */
    unitId: idSchema.optional(),
    /** A unit that does not exist yet, created on approval. */
    newUnitName: nameSchema.optional(),
    /** A phone number to reach the requester. */
    phone: phoneSchema,
    /** What the role is for, in a few words. */
    purpose: z.string().trim().min(1, 'say what the role is for').max(1000, 'a purpose has at most 1000 characters'),
  })
  .refine((input) => input.unitId === undefined || input.newUnitName === undefined, {
    path: ['newUnitName'],
    message: 'name an existing unit or a new one, not both',
    params: { reason: 'two_units' },
  });
/** Input of {@link RoleRequestsApi.file}. */
export type FileRoleRequestInput = z.input<typeof fileRoleRequestInputSchema>;

/** Input of {@link RoleRequestsApi.list}. */
export const listRoleRequestsInputSchema = z
  .strictObject({ status: z.enum(roleChangeRequestStatuses).optional(), ...pageInputShape })
  .optional();
/** Input of {@link RoleRequestsApi.list}. */
export type ListRoleRequestsInput = z.input<typeof listRoleRequestsInputSchema>;

/** Input of {@link RoleRequestsApi.get}. */
export const getRoleRequestInputSchema = z.strictObject({ requestId: idSchema });
/** Input of {@link RoleRequestsApi.get}. */
export type GetRoleRequestInput = z.input<typeof getRoleRequestInputSchema>;

/** Input of {@link RoleRequestsApi.approve} and {@link RoleRequestsApi.reject}. */
export const decideRoleRequestInputSchema = z.strictObject({
  requestId: idSchema,
  /** A note for the requester and the trail. */
  note: z.string().trim().min(1, 'a note cannot be empty').max(1000, 'a note has at most 1000 characters').optional(),
});
/** Input of {@link RoleRequestsApi.approve} and {@link RoleRequestsApi.reject}. */
export type DecideRoleRequestInput = z.input<typeof decideRoleRequestInputSchema>;

/** What {@link RoleRequestsApi.approve} did. */
export interface ApproveRoleRequestResult {
  readonly request: RoleChangeRequest;
  /** The role now held. */
  readonly assignment: RoleAssignment;
  /** The unit created for the request, or `null`. */
  readonly createdUnit: Unit | null;
}

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

function invalid(path: string, message: string, code: string): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code }] } });
}

function requestResource(request: Pick<RoleChangeRequest, 'id' | 'requesterId' | 'organisationId' | 'unitId' | 'status'>): PolicyResource {
  return { kind: 'role_request', id: request.id, organisationId: request.organisationId, unitId: request.unitId, requesterId: request.requesterId, status: request.status };
}

/** Whether a role is held at unit scope (only there: a unit coordinator). */
function roleNeedsUnit(context: ServiceContext, role: string): boolean {
  const scopes = assignableScopes(context.profile, role) ?? [];
  return scopes.includes('unit') && !scopes.includes('organisation');
}

/** Users holding, in the organisation, a coordinator role at organisation scope: told of new requests. */
async function organisationCoordinators(tx: StoreSession, context: ServiceContext, organisationId: string) {
  const requestable = requestableRoles(context.profile);
  const organisationRoles = requestable.filter((role) => (assignableScopes(context.profile, role) ?? []).includes('organisation'));
  if (organisationRoles.length === 0) return [];
  const ids = await collectIds(
    tx.assignments,
    where.and(where.eq('organisationId', organisationId), where.eq('scopeType', 'organisation'), where.in('role', organisationRoles), where.eq('status', 'active')),
    (a) => a.userId,
  );
  return ids.length === 0 ? [] : collectIds(tx.users, where.and(where.in('id', [...new Set(ids)]), where.isNull('deletedAt')), (u) => u);
}

async function file(context: ServiceContext, actorId: string, input: FileRoleRequestInput): Promise<RoleChangeRequest> {
  const data = parseWith(fileRoleRequestInputSchema, input, 'input of roleRequests.file');
  if (context.profile.workflows['roleChangeRequest'] !== true) {
    throw new PolityError('forbidden', `${context.profile.name} has no role-change requests`, {
      details: { action: 'role_request.create', explanation: { reason: 'workflow_off', workflow: 'roleChangeRequest' } },
    });
  }
  const requestable = requestableRoles(context.profile);
  if (!requestable.includes(data.role)) {
    const known = context.profile.roles.some((r) => r.name === data.role);
    throw invalid('role', known ? `${data.role} is not given through role-change requests (ask for ${requestable.join(' or ')})` : `unknown role ${data.role}`, known ? 'not_requestable' : 'unknown_role');
  }
  const needsUnit = roleNeedsUnit(context, data.role);
  if (needsUnit && data.unitId === undefined && data.newUnitName === undefined) {
    throw invalid('unitId', 'a request to become unit coordinator names a unit, existing or new (EP-6)', 'required');
  }
  // EP-7: the registry may give the organisation. Asked before the transaction: it is outside I/O.
  let organisationCode: string | null = null;
  if (data.organisationId === undefined) {
    const me = await context.store.users.get(actorId);
    const entry = me?.taxCode == null || context.identityRegistry === undefined ? null : await context.identityRegistry.lookup(me.taxCode);
    organisationCode = entry?.organisationCode ?? null;
    if (organisationCode === null) throw invalid('organisationId', 'give the organisation: the identity registry does not know yours (EP-7)', 'required');
  }

  return runCommand(context, actorId, { action: 'role_request.create' }, async (tx, actor) => {
    const organisation =
      data.organisationId !== undefined
        ? await loadOrganisation(tx, data.organisationId)
        : // Codes are unique whatever their case: the registry may spell it differently than the platform.
          await tx.organisations.findUnique('organisations.code', { code: organisationCode ?? '' }).then((found) => {
            if (found === null) throw invalid('organisationId', `the registry names organisation ${organisationCode}, which is not on the platform`, 'unknown_organisation');
            return found;
          });
    const now = context.clock.now();
    const draft = { id: context.ids.id('request'), requesterId: actor.user.id, organisationId: organisation.id, unitId: data.unitId ?? null, status: 'new' as const };
    authorise(context, actor, 'role_request.create', requestResource(draft));
    assertNotSuspended(organisation);
    if (data.unitId !== undefined) {
      try {
        await loadUnit(tx, data.unitId, organisation.id);
      } catch (error) {
        if (isPolityError(error, 'not_found')) throw invalid('unitId', `no unit ${data.unitId} in organisation ${organisation.name}`, 'unknown_unit');
        throw error;
      }
    }
    // "Only users who are not already organisation coordinators … may ask" (EP-6, the real system).
    const graph = context.policy.roles;
    const top = requestable.filter((role) => !requestable.some((other) => other !== role && graph.includes(other, role)));
    const already = actor.assignments.find((a) => top.some((role) => graph.includes(a.role, role)) || (a.role === data.role && a.organisationId === organisation.id && a.unitId === (data.unitId ?? null)));
    if (already !== undefined) {
      throw new PolityError('conflict', `you already hold ${already.role}: no request needed`, { details: { constraint: 'role_request.already_coordinator', role: already.role } });
    }
    const open = await tx.roleChangeRequests.count(where.and(where.eq('requesterId', actor.user.id), where.eq('status', 'new')));
    if (open > 0) throw new PolityError('conflict', 'you already have an open request: wait for its decision', { details: { constraint: 'roleChangeRequests.open' } });
    const request = await tx.roleChangeRequests.insert({
      ...draft,
      newUnitName: data.newUnitName ?? null,
      phone: data.phone,
      purpose: data.purpose,
      requestedRole: data.role,
      decidedById: null,
      decidedAt: null,
      decisionNote: null,
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(tx, context, {
      organisationId: organisation.id,
      actorId: actor.user.id,
      action: 'role_request.file',
      targetType: 'role_request',
      targetId: request.id,
      summary: `asked to become ${data.role} of ${organisation.name}${data.newUnitName === undefined ? '' : ` (new unit ${data.newUnitName})`}`,
      changes: { role: data.role, organisationId: organisation.id, unitId: request.unitId, newUnitName: request.newUnitName, registry: data.organisationId === undefined },
    });
    // The organisation's coordinators are told of new requests.
    for (const coordinator of await organisationCoordinators(tx, context, organisation.id)) {
      await notifyUser(tx, context, coordinator, 'role_request.filed', {
        requestId: request.id,
        requester: `${actor.user.givenName} ${actor.user.familyName}`,
        role: data.role,
        organisationName: organisation.name,
      });
    }
    return request;
  });
}

async function list(context: ServiceContext, actorId: string, input: ListRoleRequestsInput): Promise<Page<RoleChangeRequest>> {
  const data = parseWith(listRoleRequestsInputSchema, input, 'input of roleRequests.list') ?? {};
  return runCommand(context, actorId, { action: 'role_request.read' }, async (tx, actor) => {
    const plan = context.policy.plan(actor.principal, 'role_request.read', 'role_request');
    const filter = data.status === undefined ? plan : where.and(plan, where.eq('status', data.status));
    return tx.roleChangeRequests.list(listQuery(filter, [{ field: 'createdAt', direction: 'desc' }], data));
  });
}

async function loadRequest(tx: StoreSession, requestId: string): Promise<RoleChangeRequest> {
  const request = await tx.roleChangeRequests.get(requestId);
  if (request === null) throw new PolityError('not_found', `no role-change request ${requestId}`, { details: { requestId } });
  return request;
}

async function get(context: ServiceContext, actorId: string, input: GetRoleRequestInput): Promise<RoleChangeRequest> {
  const data = parseWith(getRoleRequestInputSchema, input, 'input of roleRequests.get');
  return runCommand(context, actorId, { action: 'role_request.read' }, async (tx, actor) => {
    const request = await loadRequest(tx, data.requestId);
    authorise(context, actor, 'role_request.read', requestResource(request));
    return request;
  });
}

async function decide(context: ServiceContext, actorId: string, input: DecideRoleRequestInput, event: 'approve' | 'reject'): Promise<{ request: RoleChangeRequest; assignment: RoleAssignment | null; createdUnit: Unit | null }> {
  const data = parseWith(decideRoleRequestInputSchema, input, `input of roleRequests.${event}`);
  return runCommand(context, actorId, { action: 'role_request.decide' }, async (tx, actor) => {
    const request = await loadRequest(tx, data.requestId);
    authorise(context, actor, 'role_request.decide', requestResource(request));
    const machineContext: RoleRequestContext = {
      roleNeedsUnit: roleNeedsUnit(context, request.requestedRole),
      namesExistingUnit: request.unitId !== null,
      namesNewUnit: request.newUnitName !== null,
    };
    const { state, effects } = transitionOrThrow(roleRequestMachine, request.status, { type: event }, { context: machineContext, roles: ['platform_admin'] });
    const now = context.clock.now();
    const requester = await tx.users.get(request.requesterId);
    let createdUnit: Unit | null = null;
    let assignment: RoleAssignment | null = null;
    let unitId = request.unitId;
    for (const effect of effects) {
      switch (effect.type) {
        case 'create_unit': {
          const organisation = await loadOrganisation(tx, request.organisationId);
          assertNotSuspended(organisation);
          createdUnit = await tx.units.insert({ id: context.ids.id('unit'), organisationId: organisation.id, parentId: null, name: request.newUnitName ?? 'Unit', createdAt: now, updatedAt: now });
          unitId = createdUnit.id;
          break;
        }
        case 'grant_role': {
          if (requester === null || requester.deletedAt !== null) {
            throw new PolityError('conflict', `the requester's account no longer exists`, { details: { constraint: 'role_request.requester_gone', requestId: request.id } });
          }
          const scope: Scope = machineContext.roleNeedsUnit && unitId !== null ? { type: 'unit', organisationId: request.organisationId, unitId } : { type: 'organisation', organisationId: request.organisationId };
          // No escalation: the approver must be able to give the role, through this very workflow (or directly).
          const grant = context.policy.assertGrant(actor.principal, request.requestedRole, scope);
          if (grant.workflow !== null && grant.workflow !== 'roleChangeRequest') {
            throw new PolityError('forbidden', `${request.requestedRole} is given through the ${grant.workflow} workflow`, { details: { action: 'role.grant', explanation: grant } });
          }
          // A role already held there (granted meanwhile by another path) is reused, never duplicated.
          const held = await tx.assignments.findOne(
            where.and(
              where.eq('userId', requester.id),
              where.eq('role', request.requestedRole),
              where.eq('scopeType', scope.type),
              where.eq('organisationId', request.organisationId),
              scope.type === 'unit' ? where.eq('unitId', scope.unitId) : where.isNull('unitId'),
              where.not(where.eq('status', 'removed')),
            ),
          );
          if (held !== null) {
            assignment = held.status === 'active' ? held : await tx.assignments.update(held.id, { status: 'active', grantedById: actor.user.id, updatedAt: now });
          } else {
            assignment = await tx.assignments.insert({
              id: context.ids.id('assignment'),
              userId: requester.id,
              role: request.requestedRole,
              scopeType: scope.type,
              organisationId: request.organisationId,
              unitId: scope.type === 'unit' ? scope.unitId : null,
              productId: null,
              status: 'active',
              grantedById: actor.user.id,
              createdAt: now,
              updatedAt: now,
            });
          }
          // The requester now works for this organisation; their phone is how coordinators reach them (EP-14).
          const patch = { ...(requester.organisationId === null ? { organisationId: request.organisationId } : {}), ...(requester.phone === null ? { phone: request.phone } : {}) };
          const settled = Object.keys(patch).length > 0 ? await tx.users.update(requester.id, { ...patch, updatedAt: now }) : requester;
          // MB-12: a role that takes a named licence takes it now, in this transaction (limit_exceeded at the cap).
          await settleSeat(tx, context, settled, actor.user.id);
          break;
        }
        case 'notify_requester':
          if (requester !== null) {
            await notifyUser(tx, context, requester, 'role_request.decided', {
              requestId: request.id,
              decision: state,
              role: request.requestedRole,
              ...(data.note === undefined ? {} : { note: data.note }),
            });
          }
          break;
      }
    }
    const updated = await tx.roleChangeRequests.update(request.id, {
      status: state,
      unitId,
      decidedById: actor.user.id,
      decidedAt: now,
      decisionNote: data.note ?? null,
      updatedAt: now,
    });
    await appendAudit(tx, context, {
      organisationId: request.organisationId,
      actorId: actor.user.id,
      action: `role_request.${event}`,
      targetType: 'role_request',
      targetId: request.id,
      summary: `${state} the request of ${request.requesterId} to become ${request.requestedRole}${createdUnit === null ? '' : `; created unit ${createdUnit.name}`}`,
      changes: {
        status: state,
        // Narrowed by hand: TypeScript does not follow the assignments made inside the switch above.
        ...(assignment === null ? {} : { assignmentId: (assignment as RoleAssignment).id }),
        ...(createdUnit === null ? {} : { unitId: (createdUnit as Unit).id }),
        ...(data.note === undefined ? {} : { note: data.note }),
      },
    });
    return { request: updated, assignment, createdUnit };
  });
}

/** Builds `actor.roleRequests` for one acting user. */
export function roleRequestsApi(context: ServiceContext, actorId: string): RoleRequestsApi {
  return {
    file: (input) => file(context, actorId, input),
    list: (input) => list(context, actorId, input),
    get: (input) => get(context, actorId, input),
    approve: async (input) => {
      const { request, assignment, createdUnit } = await decide(context, actorId, input, 'approve');
      if (assignment === null) throw new PolityError('internal', 'an approval granted no role', { details: { requestId: request.id } });
      return { request, assignment, createdUnit };
    },
    reject: async (input) => (await decide(context, actorId, input, 'reject')).request,
  };
}
