/**
 * The one act no role authorises: giving an empty platform its first administrator.
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../domain/filter';
import { emailSchema, languageSchema, nameSchema, timeZoneSchema } from '../domain/primitives';
import type { RoleAssignment } from '../domain/role-assignment';
import { taxCodeSchema, type User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import { appendAudit } from './audit';
import type { ServiceContext } from './context';
import { newUserRecord } from './user-record';

/** Input of {@link Polity.bootstrapPlatformAdmin}. */
export const bootstrapInputSchema = z.strictObject({
  email: emailSchema,
  givenName: nameSchema,
  familyName: nameSchema,
  taxCode: taxCodeSchema.optional(),
  /** Defaults to the profile's language. */
  language: languageSchema.optional(),
  /** @defaultValue `UTC` */
  timeZone: timeZoneSchema.optional(),
  identitySource: z.enum(['local', 'sso']).optional(),
});

/** Input of {@link Polity.bootstrapPlatformAdmin}. */
export type BootstrapInput = z.input<typeof bootstrapInputSchema>;

/** What {@link Polity.bootstrapPlatformAdmin} created. */
export interface BootstrapResult {
  readonly user: User;
  readonly assignment: RoleAssignment;
}

/**
 * Creates the first platform administrator of an empty platform: an account and the profile's platform
 * admin role at platform scope, with an audit event whose actor is the system. The operator who runs it
 * vouches for the address, so it counts as confirmed; the terms are accepted by the admin at first
 * sign-in (EP-8). Refused once the platform has an active platform administrator: from then on,
 * administrators are appointed through the policy like every other role.
 *
 * @throws {@link PolityError} `invalid_input` for a malformed input; `conflict` when the platform already
 * has an administrator or the e-mail is in use.
 */
export async function bootstrapPlatformAdmin(context: ServiceContext, input: BootstrapInput): Promise<BootstrapResult> {
  const data = parseWith(bootstrapInputSchema, input, 'input of bootstrapPlatformAdmin');
  const role = context.profile.platformAdminRole;
  return context.store.transaction(async (tx) => {
    const existing = await tx.assignments.count(
      where.and(where.eq('role', role), where.eq('scopeType', 'platform'), where.eq('status', 'active')),
    );
    if (existing > 0) {
      throw new PolityError('conflict', 'the platform already has an administrator; appoint others through the policy', {
        details: { constraint: 'platform.bootstrap' },
      });
    }
    const now = context.clock.now();
    const user = await tx.users.insert(
      newUserRecord(context, {
        organisationId: null,
        email: data.email,
        givenName: data.givenName,
        familyName: data.familyName,
        taxCode: data.taxCode,
        timeZone: data.timeZone,
        language: data.language,
        identitySource: data.identitySource,
        // The operator vouches for the address (see the module's TSDoc).
        emailConfirmedAt: now,
      }),
    );
    const assignment = await tx.assignments.insert({
      id: context.ids.id('assignment'),
      userId: user.id,
      role,
      scopeType: 'platform',
      organisationId: null,
      unitId: null,
      productId: null,
      status: 'active',
      grantedById: null,
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(tx, context, {
      organisationId: null,
      actorId: null,
      action: 'platform.bootstrap',
      targetType: 'user',
      targetId: user.id,
      summary: `${user.givenName} ${user.familyName} <${user.email}> became the first ${role} of the platform`,
      changes: { role, email: user.email },
    });
    return { user, assignment };
  });
}
