/**
 * Filing and reading role-change requests (EP-6, EP-7): a user who can sign in asks to become
 * organisation or unit coordinator, and the organisation's coordinators are told; platform admins read
 * every request, anyone else their own.
 *
 * @module
 */
import type { z } from 'zod';
import { where } from '../../domain/filter';
import type { Organisation } from '../../domain/organisation';
import type { RoleChangeRequest } from '../../domain/role-change-request';
import type { User } from '../../domain/user';
import { conflict, forbidden, invalidInput, isPolityError } from '../../errors';
import { actionOf, enterOrThrow } from '../../workflows/machine';
import { roleRequestMachine } from '../../workflows/role-request-machine';
import type { LoadedPrincipal } from '../kernel/acting-user';
import type { ServiceContext } from '../kernel/context';
import { defineCommand, defineQuery, type CommandSteps } from '../kernel/define';
import { collectAll, listQuery } from '../kernel/paging';
import type { Work } from '../kernel/work';
import { assertNotSuspended, loadUnit } from '../organisations/guards';
import { fileRoleRequestInputSchema, getRoleRequestInputSchema, listRoleRequestsInputSchema } from './inputs';
import { assignableScopes, requestableRoles } from './profile-roles';
import { loadRequest, machineContextOf, requestResource, roleNeedsUnit } from './request-facts';

/** What the steps of `roleRequests.file` see. */
type FileSteps = CommandSteps<z.output<typeof fileRoleRequestInputSchema>>;

/**
 * The checks on a request that need only the profile: the workflow runs, the role is one given through
 * requests, and a unit-coordinator request names a unit (EP-6).
 *
 * @throws {@link PolityError} `forbidden` (`workflow_off`); `invalid_input` (`unknown_role`, `not_requestable`, `required`).
 */
function assertFileable(input: FileSteps['input'], context: ServiceContext): void {
  if (context.profile.workflows['roleChangeRequest'] !== true) {
    throw forbidden('role_request.create', 'workflow_off', { summary: `${context.profile.name} has no role-change requests.`, reason: 'workflow_off', workflow: 'roleChangeRequest' });
  }
  const requestable = requestableRoles(context.profile);
  if (!requestable.includes(input.role)) {
    if (!context.profile.roles.some((r) => r.name === input.role)) throw invalidInput('role', `unknown role: the profile declares ${context.profile.roles.map((r) => r.name).join(', ')}`, 'unknown_role');
    throw invalidInput('role', `this role is not given through role-change requests (ask for ${requestable.join(' or ')})`, 'not_requestable');
  }
  if (roleNeedsUnit(context, input.role) && input.unitId === undefined && input.newUnitName === undefined) {
    throw invalidInput('unitId', 'a request to become unit coordinator names a unit, existing or new (EP-6)', 'required');
  }
}

/**
 * The organisation a request is for: the one given, or the one the identity registry names for the
 * requester (EP-7). The registry is asked inside the command's transaction, which holds no lock yet.
 *
 * @throws {@link PolityError} `not_found` for an organisation given that does not exist; `invalid_input` on
 *   `organisationId` when none is given and the registry names none (`required`) or one not on the platform
 *   (`unknown_organisation`).
 */
async function requestedOrganisation({ tx, work, context, actor, input }: FileSteps): Promise<Organisation> {
  if (input.organisationId !== undefined) return work.organisation(input.organisationId);
  const { taxCode } = actor.user;
  const entry = taxCode === null || context.identityRegistry === undefined ? null : await context.identityRegistry.lookup(taxCode);
  const code = entry?.organisationCode ?? null;
  if (code === null) throw invalidInput('organisationId', 'give the organisation: the identity registry does not know yours (EP-7)', 'required');
  // Codes are unique whatever their case: the registry may spell it differently than the platform.
  const found = await tx.organisations.findUnique('organisations.code', { code });
  if (found === null) throw invalidInput('organisationId', 'the identity registry names an organisation that is not on the platform', 'unknown_organisation');
  work.remember(found);
  return found;
}

/** The unit a request names exists in the request's organisation (`invalid_input`, `unknown_unit`, otherwise). */
async function assertUnitOf(tx: Work['tx'], unitId: string, organisation: Organisation): Promise<void> {
  try {
    await loadUnit(tx, unitId, organisation.id);
  } catch (error) {
    if (isPolityError(error, 'not_found')) throw invalidInput('unitId', 'no such unit in the organisation', 'unknown_unit');
    throw error;
  }
}

/**
 * "Only users who are not already organisation coordinators … may ask" (EP-6, the real system): refused to
 * a holder of the highest requestable role (or one above it), or of the very role asked for there.
 *
 * @throws {@link PolityError} `conflict` (`role_request.already_coordinator`, with the `role` held).
 */
function assertNotCoordinator(context: ServiceContext, actor: LoadedPrincipal, input: FileSteps['input'], organisationId: string): void {
  const requestable = requestableRoles(context.profile);
  const graph = context.policy.roles;
  const top = requestable.filter((role) => !requestable.some((other) => other !== role && graph.includes(other, role)));
  const already = actor.assignments.find(
    (a) => top.some((role) => graph.includes(a.role, role)) || (a.role === input.role && a.organisationId === organisationId && a.unitId === (input.unitId ?? null)),
  );
  if (already !== undefined) throw conflict('role_request.already_coordinator', 'you already hold this role or one above it: no request needed', { role: already.role });
}

/** Users holding, in the organisation, a requestable role at organisation scope: told of new requests. */
async function organisationCoordinators(work: Work, organisationId: string): Promise<User[]> {
  const { tx, context } = work;
  const organisationRoles = requestableRoles(context.profile).filter((role) => (assignableScopes(context.profile, role) ?? []).includes('organisation'));
  if (organisationRoles.length === 0) return [];
  const holders = where.and(where.eq('organisationId', organisationId), where.eq('scopeType', 'organisation'), where.in('role', organisationRoles), where.eq('status', 'active'));
  const ids = await collectAll(tx.assignments, holders, (a) => a.userId);
  return ids.length === 0 ? [] : collectAll(tx.users, where.and(where.in('id', [...new Set(ids)]), where.isNull('deletedAt')), (u) => u);
}

/**
 * Writes the request. One open request per requester is the partial unique constraint
 * `roleChangeRequests.open`: two requests filed at once by one person give one request and one conflict.
 */
async function insertRequest(tx: Work['tx'], request: RoleChangeRequest): Promise<RoleChangeRequest> {
  try {
    return await tx.roleChangeRequests.insert(request);
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'roleChangeRequests.open') {
      throw conflict('roleChangeRequests.open', 'you already have an open request: wait for its decision', {}, error);
    }
    throw error;
  }
}

/** `roleRequests.file` (EP-6, EP-7). */
export const fileRoleRequest = defineCommand({
  name: 'roleRequests.file',
  input: fileRoleRequestInputSchema,
  action: actionOf(roleRequestMachine, 'create'),
  precheck: assertFileable,
  async load(steps) {
    const organisation = await requestedOrganisation(steps);
    const { input, work, context, actor } = steps;
    const unitId = input.unitId ?? null;
    const { state } = enterOrThrow(roleRequestMachine, { context: machineContextOf(context, { role: input.role, unitId, newUnitName: input.newUnitName ?? null }) });
    return { organisation, draft: { id: work.id('request'), requesterId: actor.user.id, organisationId: organisation.id, unitId, status: state } };
  },
  resource: ({ loaded }) => requestResource(loaded.draft),
  async run({ tx, work, context, input, actor, loaded: { organisation, draft } }) {
    assertNotSuspended(organisation);
    if (input.unitId !== undefined) await assertUnitOf(tx, input.unitId, organisation);
    assertNotCoordinator(context, actor, input, organisation.id);
    const request = await insertRequest(tx, {
      ...draft,
      newUnitName: input.newUnitName ?? null,
      phone: input.phone,
      purpose: input.purpose,
      requestedRole: input.role,
      decidedById: null,
      decidedAt: null,
      decisionNote: null,
      createdAt: work.now,
      updatedAt: work.now,
    });
    const requester = `${actor.user.givenName} ${actor.user.familyName}`;
    for (const coordinator of await organisationCoordinators(work, organisation.id)) {
      work.notify(coordinator, 'role_request.filed', { requestId: request.id, requester, role: input.role, organisationName: organisation.name });
    }
    return request;
  },
  audit: ({ input, loaded: { organisation } }, request) => ({
    organisationId: organisation.id,
    action: 'role_request.file',
    targetType: 'role_request',
    targetId: request.id,
    summary: `asked to become ${input.role} of ${organisation.name}${input.newUnitName === undefined ? '' : ` (new unit ${input.newUnitName})`}`,
    changes: { role: input.role, organisationId: organisation.id, unitId: request.unitId, newUnitName: request.newUnitName, registry: input.organisationId === undefined },
  }),
});

/** `roleRequests.list`: newest first, through the query plan of `role_request.read`. */
export const listRoleRequests = defineQuery({
  name: 'roleRequests.list',
  input: listRoleRequestsInputSchema,
  action: 'role_request.read',
  resource: 'plan',
  async run({ tx, input, policy }) {
    const page = input ?? {};
    const plan = await policy.plan('role_request.read', 'role_request');
    const filter = page.status === undefined ? plan : where.and(plan, where.eq('status', page.status));
    return tx.roleChangeRequests.list(listQuery(filter, [{ field: 'createdAt', direction: 'desc' }], page));
  },
});

/** `roleRequests.get`. */
export const getRoleRequest = defineQuery({
  name: 'roleRequests.get',
  input: getRoleRequestInputSchema,
  action: 'role_request.read',
  load: ({ tx, input }) => loadRequest(tx, input.requestId),
  resource: ({ loaded }) => requestResource(loaded),
  run: async ({ loaded }) => loaded,
});
