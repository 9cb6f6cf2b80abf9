/**
 * Adding platform staff by e-mail: a person whose role is held at platform scope (a Mégalis concierge, MB-6,
 * MB-10; another platform admin) belongs to no organisation. Same path as any new account (a pending account,
 * its role, an activation e-mail), authorised by `user.create` on an account of no organisation and by the
 * grant rules (MB-6: the operator appoints the concierges).
 *
 * @module
 */
import type { Scope } from '../domain/scope';
import { PolityError } from '../errors';
import { createPendingAccount, type NewAccount } from './accounts';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import type { AddUserResult } from './invitations';
import { assertAssignableRole, assertGrantableByAdding, assignableScopes } from './profile-roles';

/** What {@link addPlatformStaff} needs: the personal fields and a platform-scope role. */
export interface PlatformStaffInput extends NewAccount {
  readonly role: string;
}

const platform: Scope = { type: 'platform' };

/**
 * Adds a member of the platform's staff. Called by `users.add` when no organisation is named.
 *
 * @throws {@link PolityError} `invalid_input` on `organisationId` when the role is held in organisations (name
 *   one); `forbidden` unless the policy allows `user.create` and the grant rules let the actor give the role;
 *   `conflict` "e-mail in use".
 */
export async function addPlatformStaff(context: ServiceContext, actorId: string, data: PlatformStaffInput): Promise<AddUserResult> {
  const scopes = assignableScopes(context.profile, data.role);
  if (scopes === null) assertAssignableRole(context.profile, data.role, 'platform');
  else if (!scopes.includes('platform')) {
    const message = `role ${data.role} is held in an organisation (${scopes.join(' or ')} scope): name the organisation`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'organisationId', message, code: 'required' }] } });
  }
  return runCommand(context, actorId, { action: 'user.create' }, async (tx, actor) => {
    authorise(context, actor, 'user.create', { kind: 'user', organisationId: null, unitId: null, productId: null });
    assertGrantableByAdding(context, actor, data.role, platform);
    const created = await createPendingAccount(tx, context, {
      account: data,
      organisationId: null,
      role: data.role,
      scope: platform,
      managerId: null,
      grantedById: actor.user.id,
      payload: { organisationName: context.profile.name, role: data.role, invitedBy: `${actor.user.givenName} ${actor.user.familyName}` },
    });
    await appendAudit(tx, context, {
      organisationId: null,
      actorId: actor.user.id,
      action: 'user.add',
      targetType: 'user',
      targetId: created.user.id,
      summary: `added ${created.user.email} to the platform staff as ${data.role}; activation e-mail sent`,
      changes: { email: created.user.email, role: data.role, scope: 'platform' },
    });
    return created;
  });
}
