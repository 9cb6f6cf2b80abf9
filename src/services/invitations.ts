/**
 * Adding a user by e-mail (EP-4, EP-9, EP-13, EP-17, KA-3, KA-8, KA-10, MB-1, MB-6, SC-4): the address must
 * not be registered ("e-mail in use" changes nothing); the account is created pending with its role, and
 * an activation e-mail goes out. The role is checked against the profile's grant rules: nobody grants a
 * role at or above their own (no escalation), and an unknown role is `invalid_input`.
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../domain/filter';
import { idSchema } from '../domain/primitives';
import { roleNameSchema, type RoleAssignment } from '../domain/role-assignment';
import type { Scope } from '../domain/scope';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import { assertMailboxAllowed, createPendingAccount, newAccountShape } from './accounts';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { notifyUser } from './notify';
import { addPlatformStaff } from './platform-staff';
import { assertNotSuspended, loadOrganisation, loadUnit } from './organisation-guards';
import { assertAssignableRole, assertGrantableByAdding, isOrdinaryRole, managerRole } from './profile-roles';

/** Input of {@link UsersApi.add}. */
export const addUserInputSchema = z
  .strictObject({
    /**
     * The organisation the account belongs to. Left out only for platform staff: a role held at platform
     * scope (a Mégalis concierge, MB-10), whose account belongs to no organisation.
     */
    organisationId: idSchema.optional(),
    ...newAccountShape,
    /** The role the person gets at creation (MB-6: every new person gets one), at organisation scope unless a unit or product is named. */
    role: roleNameSchema,
    /** For a unit role (a unit coordinator, EP-4): the unit. */
    unitId: idSchema.optional(),
    /** For a product role (SC-4): the product of the organisation. */
    productId: idSchema.optional(),
    /**
     * The manager who will oversee the user (1KA, KA-3). Only those allowed `user.assign_manager` (platform
     * admins, KA-4) may name one; a manager's new users are assigned to that manager.
     */
    managerId: idSchema.optional(),
  })
  .refine((input) => input.unitId === undefined || input.productId === undefined, {
    path: ['productId'],
    message: 'a role is held at a unit or at a product, not both',
    params: { reason: 'two_scopes' },
  })
  .refine((input) => input.organisationId !== undefined || (input.unitId === undefined && input.productId === undefined && input.managerId === undefined), {
    path: ['organisationId'],
    message: 'a unit, a product or a manager belongs to an organisation: name it',
    params: { reason: 'organisation_required' },
  });

/** Input of {@link UsersApi.add}. */
export type AddUserInput = z.input<typeof addUserInputSchema>;

/** What {@link UsersApi.add} created. */
export interface AddUserResult {
  /** The new, pending account. */
  readonly user: User;
  /** Its role. */
  readonly assignment: RoleAssignment;
  /** Where the activation e-mail goes, or `null` when none was written. */
  readonly activationSentTo: string | null;
}

function scopeOf(organisationId: string, unitId: string | undefined, productId: string | undefined): Scope {
  if (unitId !== undefined) return { type: 'unit', organisationId, unitId };
  if (productId !== undefined) return { type: 'product', organisationId, productId };
  return { type: 'organisation', organisationId };
}

function invalid(path: string, message: string, code: string): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code }] } });
}

/**
 * Adds a user by e-mail. See {@link UsersApi.add}.
 *
 * @throws {@link PolityError} as {@link UsersApi.add}.
 */
export async function addUser(context: ServiceContext, actorId: string, input: AddUserInput): Promise<AddUserResult> {
  const data = parseWith(addUserInputSchema, input, 'input of users.add');
  // Every new account, staff included, follows the profile's mailbox rule (SC-15, KA-13).
  assertMailboxAllowed(context.profile, data.email, 'email');
  if (data.organisationId === undefined) return addPlatformStaff(context, actorId, data);
  const organisationId = data.organisationId;
  const scope = scopeOf(organisationId, data.unitId, data.productId);
  assertAssignableRole(context.profile, data.role, scope.type, 'role', 'role');

  return runCommand(context, actorId, { action: 'user.create' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, organisationId);
    if (data.unitId !== undefined) await loadUnit(tx, data.unitId, organisation.id);
    if (data.productId !== undefined) {
      const product = await tx.products.get(data.productId);
      if (product === null || product.organisationId !== organisation.id) {
        throw new PolityError('not_found', `no product ${data.productId} in organisation ${organisation.id}`, { details: { productId: data.productId } });
      }
    }
    const target = { kind: 'user', organisationId: organisation.id, unitId: data.unitId ?? null, productId: data.productId ?? null };
    authorise(context, actor, 'user.create', target);
    // No escalation (DESIGN "guards every command shares"): the grant rules say who gives which role.
    assertGrantableByAdding(context, actor, data.role, scope);
    assertNotSuspended(organisation);

    // Oversight (KA-3, KA-4, KA-10): who will oversee the new user.
    const manager = managerRole(context.profile);
    let managerId: string | null = null;
    if (data.managerId !== undefined) {
      authorise(context, actor, 'user.assign_manager', target);
      managerId = data.managerId;
    } else if (manager !== null && actor.assignments.some((a) => a.role === manager && a.organisationId === organisation.id)) {
      managerId = actor.user.id;
    }
    if (manager !== null) {
      if (managerId === null && isOrdinaryRole(context.profile, data.role)) {
        throw invalid('managerId', `every ordinary user is assigned to a manager (KA-3): name one`, 'required');
      }
      if (managerId !== null && managerId !== actor.user.id) {
        const holds = await tx.assignments.count(
          where.and(where.eq('userId', managerId), where.eq('role', manager), where.eq('organisationId', organisation.id), where.eq('status', 'active')),
        );
        if (holds === 0) throw invalid('managerId', `user ${managerId} is not a ${manager} of organisation ${organisation.id}`, 'not_a_manager');
      }
    } else if (managerId !== null) {
      throw invalid('managerId', `${context.profile.name} has no managers overseeing users`, 'no_oversight');
    }

    const created = await createPendingAccount(tx, context, {
      account: data,
      organisationId: organisation.id,
      role: data.role,
      scope,
      managerId,
      grantedById: actor.user.id,
      payload: { organisationName: organisation.name, role: data.role, invitedBy: `${actor.user.givenName} ${actor.user.familyName}` },
    });
    await appendAudit(tx, context, {
      organisationId: organisation.id,
      actorId: actor.user.id,
      action: 'user.add',
      targetType: 'user',
      targetId: created.user.id,
      summary: `added ${created.user.email} to organisation ${organisation.name} as ${data.role}${managerId === null ? '' : `, overseen by ${managerId}`}; activation e-mail sent`,
      changes: { email: created.user.email, role: data.role, scope: scope.type, unitId: data.unitId ?? null, productId: data.productId ?? null, managerId },
    });
    // KA-8: when a manager's user is added, both are told (the user by the activation e-mail).
    if (managerId !== null) {
      const managerUser = managerId === actor.user.id ? actor.user : await tx.users.get(managerId);
      if (managerUser !== null) {
        await notifyUser(tx, context, managerUser, 'oversight.user_added', {
          userId: created.user.id,
          email: created.user.email,
          givenName: created.user.givenName,
          familyName: created.user.familyName,
          organisationName: organisation.name,
        });
      }
    }
    return created;
  });
}
