/**
 * Reading the audit trail of one target: every command appended an event (actor, action, target, what
 * changed, when) in the same transaction as its change. Who may read a target's trail is who may read or
 * administer the target itself.
 *
 * @module
 */
import { z } from 'zod';
import type { AuditEvent } from '../domain/audit-event';
import { where } from '../domain/filter';
import { idSchema } from '../domain/primitives';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import type { PolicyResource } from '../policy/index';
import type { Page, StoreSession } from '../ports/store';
import { runCommand } from './acting';
import { actionOr, authorise } from './authorise';
import type { ServiceContext } from './context';
import { organisationResource, unitResource } from './organisation-guards';
import { listQuery, pageInputShape } from './paging';
import { loadUser, userResources } from './user-facts';

/** The kinds of target whose trail can be read, with the action that guards each. */
export const auditTargetTypes = ['user', 'organisation', 'unit', 'role_request'] as const;

/** Input of {@link AuditTrailApi.trail}. */
export const auditTrailInputSchema = z.strictObject({
  targetType: z.enum(auditTargetTypes),
  targetId: idSchema,
  ...pageInputShape,
});
/** Input of {@link AuditTrailApi.trail}. */
export type AuditTrailInput = z.input<typeof auditTrailInputSchema>;

/** `actor.audit`. */
export interface AuditTrailApi {
  /**
   * The events about one target, oldest first, paged. Allowed to whoever may `user.read_profile` a user
   * (a deleted one included), `organisation.update` an organisation, `unit.update` a unit, `role_request.read`
   * a request (or `audit.read` on the target, where the profile declares that action).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found` for an unknown target; `forbidden`.
   * @example
   * ```ts
   * const { items } = await polity.as(adminId).audit.trail({ targetType: 'user', targetId: userId });
   * for (const event of items) console.log(event.at.toISOString(), event.action, event.summary);
   * ```
   */
  trail(input: AuditTrailInput): Promise<Page<AuditEvent>>;
}

function notFound(type: string, id: string): PolityError<'not_found'> {
  return new PolityError('not_found', `no ${type} ${id}`, { details: { targetType: type, targetId: id } });
}

/** The target as policy resources, and the action that guards its trail. */
async function guardOf(tx: StoreSession, context: ServiceContext, type: (typeof auditTargetTypes)[number], id: string): Promise<{ action: string; resources: PolicyResource[] }> {
  switch (type) {
    case 'user': {
      const { user, facts } = await loadUser(tx, id, { includeDeleted: true });
      return { action: 'user.read_profile', resources: userResources(context, user, facts) };
    }
    case 'organisation': {
      const organisation = await tx.organisations.get(id);
      if (organisation === null) throw notFound(type, id);
      return { action: 'organisation.update', resources: [organisationResource(organisation)] };
    }
    case 'unit': {
      const unit = await tx.units.get(id);
      if (unit !== null) return { action: 'unit.update', resources: [unitResource(unit)] };
      // A deleted unit's trail stays readable by those who administer its organisation's units.
      const last = await tx.audit.findOne(where.and(where.eq('targetType', 'unit'), where.eq('targetId', id)));
      if (last === null || last.organisationId === null) throw notFound(type, id);
      return { action: 'unit.update', resources: [{ kind: 'unit', id, organisationId: last.organisationId, unitId: id }] };
    }
    case 'role_request': {
      const request = await tx.roleChangeRequests.get(id);
      if (request === null) throw notFound(type, id);
      return {
        action: 'role_request.read',
        resources: [{ kind: 'role_request', id, organisationId: request.organisationId, unitId: request.unitId, requesterId: request.requesterId, status: request.status }],
      };
    }
  }
}

async function trail(context: ServiceContext, actorId: string, input: AuditTrailInput): Promise<Page<AuditEvent>> {
  const data = parseWith(auditTrailInputSchema, input, 'input of audit.trail');
  return runCommand(context, actorId, { action: 'audit.read' }, async (tx, actor) => {
    const guard = await guardOf(tx, context, data.targetType, data.targetId);
    const action = actionOr(context, 'audit.read', guard.action);
    authorise(context, actor, action, action === guard.action ? guard.resources : guard.resources.map((r) => ({ ...r, kind: 'audit' })));
    return tx.audit.list(listQuery(where.and(where.eq('targetType', data.targetType), where.eq('targetId', data.targetId)), [{ field: 'at' }], data));
  });
}

/** Builds `actor.audit` for one acting user. */
export function auditTrailApi(context: ServiceContext, actorId: string): AuditTrailApi {
  return { trail: (input) => trail(context, actorId, input) };
}
