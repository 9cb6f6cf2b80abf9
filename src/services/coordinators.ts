/**
 * Coordinators of an organisation (EP-10): list and search them, paged, and send them all one
 * informational message. A coordinator is a holder of one of the profile's coordinator roles (admin roles
 * held at organisation or unit scope; in e:Presence organisation and unit coordinators).
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../domain/filter';
import { idSchema } from '../domain/primitives';
import type { RoleAssignment } from '../domain/role-assignment';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import type { Page, StoreSession } from '../ports/store';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { allows, authorise } from './authorise';
import type { ServiceContext } from './context';
import { notifyUser } from './notify';
import { loadOrganisation, organisationResource } from './organisation-guards';
import { collectIds, pageInputShape, pageMatching } from './paging';
import { coordinatorRoles } from './profile-roles';
import { userResources } from './user-facts';

/**
 * A coordinator as their organisation coordinator sees them (EP-10, EP-14): names, e-mail, phone,
 * confirmation status, active flag and coordinator roles; nothing else of the profile.
 */
export interface CoordinatorView {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone: string | null;
  /** Whether the e-mail is confirmed (EP-9: otherwise the account is pending). */
  readonly emailConfirmed: boolean;
  readonly active: boolean;
  /** The coordinator roles held in the organisation, with the unit for unit roles. */
  readonly roles: readonly { readonly role: string; readonly unitId: string | null; readonly status: RoleAssignment['status'] }[];
}

/** Input of {@link CoordinatorsApi.list}. */
export const listCoordinatorsInputSchema = z.strictObject({
  organisationId: idSchema,
  /** Matches names and e-mail addresses containing it, ignoring case. */
  search: z.string().trim().min(1, 'a search cannot be empty').max(200, 'a search has at most 200 characters').optional(),
  ...pageInputShape,
});
/** Input of {@link CoordinatorsApi.list}. */
export type ListCoordinatorsInput = z.input<typeof listCoordinatorsInputSchema>;

/** Input of {@link CoordinatorsApi.message}. */
export const messageCoordinatorsInputSchema = z.strictObject({
  organisationId: idSchema,
  subject: z.string().trim().min(1, 'a subject cannot be empty').max(200, 'a subject has at most 200 characters'),
  body: z.string().trim().min(1, 'a message cannot be empty').max(5000, 'a message has at most 5000 characters'),
});
/** Input of {@link CoordinatorsApi.message}. */
export type MessageCoordinatorsInput = z.input<typeof messageCoordinatorsInputSchema>;

/** What {@link CoordinatorsApi.message} sent. */
export interface MessageCoordinatorsResult {
  /** How many messages were written to the outbox (deactivated accounts get none where deactivation blocks sign-in). */
  readonly recipients: number;
}

/** `actor.coordinators` (EP-10). */
export interface CoordinatorsApi {
  /**
   * Lists the coordinators of an organisation by family and given name, with an optional search, paged.
   * Each row holds only what EP-14 lets the organisation coordinator see.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless the policy lets the actor read the
   *   profiles of the organisation's coordinators (`user.read_profile`, EP-10).
   * @example
   * ```ts
   * const page = await polity.as(coordinatorId).coordinators.list({ organisationId, search: 'papa' });
   * ```
   */
  list(input: ListCoordinatorsInput): Promise<Page<CoordinatorView>>;
  /**
   * Sends one informational message to every coordinator of the organisation but the sender (EP-10).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `organisation.message_coordinators` is allowed.
   */
  message(input: MessageCoordinatorsInput): Promise<MessageCoordinatorsResult>;
}

/** The live coordinator assignments of an organisation, by user. */
async function coordinatorAssignments(tx: StoreSession, context: ServiceContext, organisationId: string): Promise<Map<string, RoleAssignment[]>> {
  const roles = coordinatorRoles(context.profile);
  const all =
    roles.length === 0
      ? []
      : await collectIds(
          tx.assignments,
          where.and(where.eq('organisationId', organisationId), where.in('role', [...roles]), where.in('status', ['invited', 'active', 'suspended'])),
          (a) => a,
        );
  const byUser = new Map<string, RoleAssignment[]>();
  for (const assignment of all) byUser.set(assignment.userId, [...(byUser.get(assignment.userId) ?? []), assignment]);
  return byUser;
}

function toCoordinatorView(user: User, assignments: readonly RoleAssignment[]): CoordinatorView {
  return {
    id: user.id,
    givenName: user.givenName,
    familyName: user.familyName,
    email: user.email,
    phone: user.phone,
    emailConfirmed: user.emailConfirmedAt !== null,
    active: user.active,
    roles: assignments.map((a) => ({ role: a.role, unitId: a.unitId, status: a.status })),
  };
}

async function list(context: ServiceContext, actorId: string, input: ListCoordinatorsInput): Promise<Page<CoordinatorView>> {
  const data = parseWith(listCoordinatorsInputSchema, input, 'input of coordinators.list');
  return runCommand(context, actorId, { action: 'user.read_profile' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    const roles = coordinatorRoles(context.profile);
    // May the actor read a coordinator of this organisation at all? Asked of the policy for each coordinator role.
    const probes = roles.map((role) => ({ kind: 'user', organisationId: organisation.id, unitId: null, productId: null, role }));
    authorise(context, actor, 'user.read_profile', probes.length === 0 ? [{ kind: 'user', organisationId: organisation.id }] : probes);
    const byUser = await coordinatorAssignments(tx, context, organisation.id);
    const needle = data.search?.toLowerCase();
    const page = await pageMatching(
      tx.users,
      where.and(where.in('id', [...byUser.keys()]), where.isNull('deletedAt')),
      [{ field: 'familyName' }, { field: 'givenName' }],
      data,
      (user) => {
        if (needle !== undefined && ![user.givenName, user.familyName, user.email, `${user.givenName} ${user.familyName}`].some((text) => text.toLowerCase().includes(needle))) return false;
        // Each row is still asked of the policy: a coordinator is listed only if their profile may be read.
        return allows(context, actor, 'user.read_profile', userResources(context, user, { assignments: byUser.get(user.id) ?? [] }));
      },
    );
    return { items: page.items.map((user) => toCoordinatorView(user, byUser.get(user.id) ?? [])), nextCursor: page.nextCursor };
  });
}

async function message(context: ServiceContext, actorId: string, input: MessageCoordinatorsInput): Promise<MessageCoordinatorsResult> {
  const data = parseWith(messageCoordinatorsInputSchema, input, 'input of coordinators.message');
  return runCommand(context, actorId, { action: 'organisation.message_coordinators' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    authorise(context, actor, 'organisation.message_coordinators', organisationResource(organisation));
    const byUser = await coordinatorAssignments(tx, context, organisation.id);
    byUser.delete(actor.user.id);
    const users = await collectIds(tx.users, where.and(where.in('id', [...byUser.keys()]), where.isNull('deletedAt')), (u) => u);
    let recipients = 0;
    const batch = context.ids.id('message');
    for (const user of users) {
      const sent = await notifyUser(tx, context, user, 'coordinators.message', {
        organisationName: organisation.name,
        subject: data.subject,
        body: data.body,
        from: `${actor.user.givenName} ${actor.user.familyName}`,
      }, { idempotencyKey: `coordinators.message:${batch}:${user.id}` });
      if (sent !== null) recipients += 1;
    }
    await appendAudit(tx, context, {
      organisationId: organisation.id,
      actorId: actor.user.id,
      action: 'coordinators.message',
      targetType: 'organisation',
      targetId: organisation.id,
      summary: `sent "${data.subject}" to ${recipients} coordinator(s) of ${organisation.name}`,
      changes: { subject: data.subject, recipients },
    });
    return { recipients };
  });
}

/** Builds `actor.coordinators` for one acting user. */
export function coordinatorsApi(context: ServiceContext, actorId: string): CoordinatorsApi {
  return {
    list: (input) => list(context, actorId, input),
    message: (input) => message(context, actorId, input),
  };
}
