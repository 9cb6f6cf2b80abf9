/**
 * Deciding role-change requests (EP-6): a platform admin approves (the unit it names is created if new,
 * the role granted, the requester told) or rejects (the requester told), once, through
 * {@link roleRequestMachine}.
 *
 * @module
 */
import type { RoleAssignment } from '../../domain/role-assignment';
import type { RoleChangeRequest } from '../../domain/role-change-request';
import type { Unit } from '../../domain/unit';
import { actionOf, transitionOrThrow } from '../../workflows/machine';
import { roleRequestMachine } from '../../workflows/role-request-machine';
import { defineCommand } from '../kernel/define';
import { decideRoleRequestInputSchema } from './inputs';
import { loadRequest, machineContextOf, requestResource } from './request-facts';
import { applyRoleRequestEffects, type RoleDecisionOutcome } from './request-effects';

/** What a decision did: the request as decided, and for an approval the role granted and the unit created. */
export interface RoleDecision {
  readonly request: RoleChangeRequest;
  readonly assignment: RoleAssignment | null;
  readonly createdUnit: Unit | null;
}

/**
 * `roleRequests.approve` / `roleRequests.reject`. The request is locked: two decisions on one request run
 * one after the other, and the second finds it decided (`invalid_transition`). On approval the requester's
 * account is locked too, so a deletion or deactivation running meanwhile waits, or is seen.
 */
function decide(event: 'approve' | 'reject') {
  return defineCommand({
    name: `roleRequests.${event}`,
    input: decideRoleRequestInputSchema,
    action: actionOf(roleRequestMachine, event),
    load: ({ tx, input }) => loadRequest(tx, input.requestId, { lock: 'update' }),
    resource: ({ loaded }) => requestResource(loaded),
    async run({ tx, work, context, input, actor, loaded: request }): Promise<RoleDecision> {
      const machineContext = machineContextOf(context, { role: request.requestedRole, unitId: request.unitId, newUnitName: request.newUnitName });
      const { state, effects } = transitionOrThrow(roleRequestMachine, request.status, { type: event }, { context: machineContext, roles: ['platform_admin'] });
      const requester = await tx.users.get(request.requesterId, event === 'approve' ? { lock: 'update' } : undefined);
      const outcome: RoleDecisionOutcome = { unitId: request.unitId, createdUnit: null, assignment: null };
      await applyRoleRequestEffects(effects, { work, actor, request, state, note: input.note, roleNeedsUnit: machineContext.roleNeedsUnit, requester, outcome });
      const updated = await tx.roleChangeRequests.update(request.id, {
        status: state,
        unitId: outcome.unitId,
        decidedById: actor.user.id,
        decidedAt: work.now,
        decisionNote: input.note ?? null,
        updatedAt: work.now,
      });
      return { request: updated, assignment: outcome.assignment, createdUnit: outcome.createdUnit };
    },
    audit: ({ input, loaded: request }, { request: decided, assignment, createdUnit }) => ({
      organisationId: request.organisationId,
      action: `role_request.${event}`,
      targetType: 'role_request',
      targetId: request.id,
      summary: `${decided.status} the request of ${request.requesterId} to become ${request.requestedRole}${createdUnit === null ? '' : `; created unit ${createdUnit.name}`}`,
      changes: {
        status: decided.status,
        ...(assignment === null ? {} : { assignmentId: assignment.id }),
        ...(createdUnit === null ? {} : { unitId: createdUnit.id }),
        ...(input.note === undefined ? {} : { note: input.note }),
      },
    }),
  });
}

/** `roleRequests.approve` (EP-6, MB-12). */
export const approveRoleRequest = decide('approve');
/** `roleRequests.reject` (EP-6). */
export const rejectRoleRequest = decide('reject');
