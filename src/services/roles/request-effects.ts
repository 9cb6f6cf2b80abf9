/**
 * What the role-change request machine's effects do (its one typed effect map): create the unit a request
 * names, grant the role asked for (taking a named licence where the role needs one, MB-12), and tell the
 * requester the decision (EP-6).
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { RoleAssignment } from '../../domain/role-assignment';
import type { RoleChangeRequest } from '../../domain/role-change-request';
import type { Scope } from '../../domain/scope';
import type { Unit } from '../../domain/unit';
import type { User } from '../../domain/user';
import { conflict } from '../../errors';
import type { RoleRequestEffect, RoleRequestState } from '../../workflows/role-request-machine';
import type { LoadedPrincipal } from '../kernel/acting-user';
import { runEffects, type EffectHandlers } from '../kernel/effects';
import type { Work } from '../kernel/work';
import { settleSeat } from '../licences/seats';
import { assertNotSuspended } from '../organisations/guards';
import { assertGrantable } from './profile-roles';

/** What the effects of one decision produced, filled in as they run (the grant needs the unit created before it). */
export interface RoleDecisionOutcome {
  /** The unit the request is for: the one it named, or the one created for it. */
  unitId: string | null;
  createdUnit: Unit | null;
  /** The role now held, after `grant_role`. */
  assignment: RoleAssignment | null;
}

/** What the effects act on. */
export interface RoleDecisionArgs {
  readonly work: Work;
  /** The platform admin deciding. */
  readonly actor: LoadedPrincipal;
  /** The request as it was before the decision. */
  readonly request: RoleChangeRequest;
  /** The state the decision moves it to. */
  readonly state: RoleRequestState;
  readonly note: string | undefined;
  /** Whether the role is held at unit scope only (a unit coordinator). */
  readonly roleNeedsUnit: boolean;
  /** The requester's account as read (locked on approval), `null` when it no longer exists. */
  readonly requester: User | null;
  readonly outcome: RoleDecisionOutcome;
}

/** Where the role is granted: the request's unit for a unit role, its organisation otherwise. */
function scopeOf({ request, roleNeedsUnit, outcome }: RoleDecisionArgs): Scope {
  return roleNeedsUnit && outcome.unitId !== null
    ? { type: 'unit', organisationId: request.organisationId, unitId: outcome.unitId }
    : { type: 'organisation', organisationId: request.organisationId };
}

/** Gives the requester the role at the scope: a role already held there (granted meanwhile by another path) is reused, never duplicated. */
async function holdRole(work: Work, requester: User, request: RoleChangeRequest, scope: Scope, grantedById: string): Promise<RoleAssignment> {
  const { tx, now } = work;
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
  if (held !== null) return held.status === 'active' ? held : tx.assignments.update(held.id, { status: 'active', grantedById, updatedAt: now });
  return tx.assignments.insert({
    id: work.id('assignment'),
    userId: requester.id,
    role: request.requestedRole,
    scopeType: scope.type,
    organisationId: request.organisationId,
    unitId: scope.type === 'unit' ? scope.unitId : null,
    productId: null,
    status: 'active',
    grantedById,
    createdAt: now,
    updatedAt: now,
  });
}

/** The requester now works for the request's organisation; their phone is how coordinators reach them (EP-14). */
async function joinOrganisation(work: Work, requester: User, request: RoleChangeRequest): Promise<User> {
  const patch = { ...(requester.organisationId === null ? { organisationId: request.organisationId } : {}), ...(requester.phone === null ? { phone: request.phone } : {}) };
  return Object.keys(patch).length > 0 ? work.tx.users.update(requester.id, { ...patch, updatedAt: work.now }) : requester;
}

/** The handlers, by effect type. */
const roleRequestEffects: EffectHandlers<RoleRequestEffect, RoleDecisionArgs> = {
  async create_unit(_effect, { work, request, outcome }) {
    const organisation = await work.organisation(request.organisationId);
    assertNotSuspended(organisation);
    const unit = await work.tx.units.insert({ id: work.id('unit'), organisationId: organisation.id, parentId: null, name: request.newUnitName ?? 'Unit', createdAt: work.now, updatedAt: work.now });
    outcome.createdUnit = unit;
    outcome.unitId = unit.id;
  },
  async grant_role(_effect, args) {
    const { work, actor, request, requester, outcome } = args;
    if (requester === null || requester.deletedAt !== null) throw conflict('role_request.requester_gone', "the requester's account no longer exists", { requestId: request.id });
    const scope = scopeOf(args);
    // No escalation: the approver must be able to give the role, through this very workflow (or directly).
    assertGrantable(work.context, actor.principal, request.requestedRole, scope, 'roleChangeRequest');
    outcome.assignment = await holdRole(work, requester, request, scope, actor.user.id);
    // MB-12: a role that takes a named licence takes it now, in this transaction (limit_exceeded at the cap).
    await settleSeat(work, await joinOrganisation(work, requester, request));
  },
  async notify_requester(_effect, { work, request, requester, state, note }) {
    if (requester === null) return;
    work.notify(requester, 'role_request.decided', { requestId: request.id, decision: state, role: request.requestedRole, ...(note === undefined ? {} : { note }) });
  },
};

/** Carries out a decision's effects in order; what they produced is in `args.outcome`. */
export async function applyRoleRequestEffects(effects: readonly RoleRequestEffect[], args: RoleDecisionArgs): Promise<void> {
  await runEffects(roleRequestEffects, effects, args);
}
