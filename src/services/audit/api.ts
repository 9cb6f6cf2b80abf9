/**
 * `actor.audit`: reading the audit trail of one target. Every command appended an event (actor, action,
 * target, what changed, when) in the same transaction as its change. Who may read a target's trail is
 * decided by the profile's `audit.read` rules, asked about a resource of kind `audit` that carries the
 * target's attributes and its `targetType`.
 *
 * @module
 */
import { z } from 'zod';
import type { AuditEvent } from '../../domain/audit-event';
import { where } from '../../domain/filter';
import { idSchema } from '../../domain/primitives';
import { notFound } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import type { Page, StoreSession } from '../../ports/store';
import { loadUser, userResources } from '../accounts/user-facts';
import type { ServiceContext } from '../kernel/context';
import { defineQuery } from '../kernel/define';
import { listQuery, pageInputShape } from '../kernel/paging';
import { bindAll } from '../kernel/pipeline';
import { meetingResource, organiserFacts } from '../meetings/facts';
import { organisationResource, unitResource } from '../organisations/guards';

/** The kinds of target whose trail can be read. */
export const auditTargetTypes = ['user', 'organisation', 'unit', 'role_request', 'meeting', 'room'] as const;

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
   * The events about one target, oldest first, paged. Allowed to whoever may `audit.read` a resource of kind
   * `audit` carrying the target's attributes (a user as `user.read_profile` sees them, one variant per unit or
   * product, a deleted one included; an organisation; a unit, a deleted one included; a role-change request; a
   * meeting; a permanent room, a deleted one included) and `targetType` (`user`, `organisation`, `unit`,
   * `role_request`, `meeting`, `room`), so rules can say what trail it is.
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

/** The target as policy resources of kind `audit`, carrying the target's attributes and its type. */
async function guardOf(tx: StoreSession, context: ServiceContext, type: (typeof auditTargetTypes)[number], id: string): Promise<PolicyResource[]> {
  const asAudit = (resources: readonly PolicyResource[]): PolicyResource[] => resources.map((r) => ({ ...r, kind: 'audit', targetType: type }));
  switch (type) {
    case 'user': {
      const { user, facts } = await loadUser(tx, id, { includeDeleted: true });
      return asAudit(userResources(context, user, facts));
    }
    case 'organisation': {
      const organisation = await tx.organisations.get(id);
      if (organisation === null) throw notFound('audit_target', id, { targetType: type, targetId: id });
      return asAudit([organisationResource(organisation)]);
    }
    case 'unit': {
      const unit = await tx.units.get(id);
      if (unit !== null) return asAudit([unitResource(unit)]);
      // A deleted unit's trail stays readable by those who administer its organisation's units.
      const last = await tx.audit.findOne(where.and(where.eq('targetType', 'unit'), where.eq('targetId', id)));
      if (last === null || last.organisationId === null) throw notFound('audit_target', id, { targetType: type, targetId: id });
      return asAudit([{ kind: 'unit', id, organisationId: last.organisationId, unitId: id }]);
    }
    case 'role_request': {
      const request = await tx.roleChangeRequests.get(id);
      if (request === null) throw notFound('audit_target', id, { targetType: type, targetId: id });
      return asAudit([{ kind: 'role_request', id, organisationId: request.organisationId, unitId: request.unitId, requesterId: request.requesterId, status: request.status }]);
    }
    case 'meeting': {
      const meeting = await tx.meetings.get(id);
      if (meeting === null) throw notFound('audit_target', id, { targetType: type, targetId: id });
      return asAudit([meetingResource(meeting, await organiserFacts(tx, context.profile, meeting.organiserId))]);
    }
    case 'room': {
      const room = await tx.rooms.get(id);
      if (room !== null) return asAudit([{ kind: 'room', id, organisationId: room.organisationId }]);
      // A deleted room's trail stays readable by those who read its organisation's trails.
      const last = await tx.audit.findOne(where.and(where.eq('targetType', 'room'), where.eq('targetId', id)));
      if (last === null || last.organisationId === null) throw notFound('audit_target', id, { targetType: type, targetId: id });
      return asAudit([{ kind: 'room', id, organisationId: last.organisationId }]);
    }
  }
}

/** `audit.trail`: the events about one target, oldest first. */
export const auditTrail = defineQuery({
  name: 'audit.trail',
  input: auditTrailInputSchema,
  action: 'audit.read',
  load: ({ tx, context, input }) => guardOf(tx, context, input.targetType, input.targetId),
  resource: ({ loaded }) => loaded,
  run: ({ tx, input }) => tx.audit.list(listQuery(where.and(where.eq('targetType', input.targetType), where.eq('targetId', input.targetId)), [{ field: 'at' }], input)),
});

/** The namespace of this area, as an actor carries it. */
export interface AuditNamespaces {
  readonly audit: AuditTrailApi;
}

/** Builds `actor.audit` for one acting user. */
export function auditArea(context: ServiceContext, actorId: string): AuditNamespaces {
  return { audit: bindAll(context, actorId, { trail: auditTrail }) };
}
