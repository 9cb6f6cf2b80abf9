/**
 * The one act no role authorises: giving an empty platform its first administrator.
 *
 * @module
 */
import { where } from '../../domain/filter';
import { conflict } from '../../errors';
import { defineSystemCommand } from '../kernel/define';
import { bootstrapInputSchema, type BootstrapResult } from './inputs';
import { insertAccount } from './new-account';

/**
 * `bootstrapPlatformAdmin`: creates the first platform administrator of an empty platform: an account and
 * the profile's platform admin role at platform scope, with an audit event whose actor is the system. The
 * operator who runs it vouches for the address, so it counts as confirmed (the account does not start
 * pending, so it does not enter the account machine through its creation); the terms are accepted by the
 * admin at first sign-in (EP-8). Refused once the platform has an active platform administrator: from then
 * on, administrators are appointed through the policy like every other role.
 *
 * SERIALIZABLE: "no active platform admin yet" is a predicate over assignments no row lock can hold (there
 * is no row to lock while there is none); two bootstraps at once must not both find it true.
 */
export const bootstrapPlatformAdmin = defineSystemCommand({
  name: 'bootstrapPlatformAdmin',
  input: bootstrapInputSchema,
  isolation: 'serializable',
  async run({ tx, work, input, context }): Promise<BootstrapResult> {
    const role = context.profile.platformAdminRole;
    const existing = await tx.assignments.count(where.and(where.eq('role', role), where.eq('scopeType', 'platform'), where.eq('status', 'active')));
    if (existing > 0) throw conflict('platform.bootstrap', 'the platform already has an administrator; appoint others through the policy');
    const user = await insertAccount(work, {
      organisationId: null,
      email: input.email,
      givenName: input.givenName,
      familyName: input.familyName,
      taxCode: input.taxCode,
      timeZone: input.timeZone,
      language: input.language,
      identitySource: input.identitySource,
      // The operator vouches for the address (see above).
      emailConfirmedAt: work.now,
    });
    const assignment = await tx.assignments.insert({
      id: work.id('assignment'),
      userId: user.id,
      role,
      scopeType: 'platform',
      organisationId: null,
      unitId: null,
      productId: null,
      status: 'active',
      grantedById: null,
      createdAt: work.now,
      updatedAt: work.now,
    });
    return { user, assignment };
  },
  audit: ({ context }, { user }) => ({
    organisationId: null,
    actorId: null,
    action: 'platform.bootstrap',
    targetType: 'user',
    targetId: user.id,
    summary: `${user.givenName} ${user.familyName} <${user.email}> became the first ${context.profile.platformAdminRole} of the platform`,
    changes: { role: context.profile.platformAdminRole, email: user.email },
  }),
});
