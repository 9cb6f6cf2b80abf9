/**
 * An actor: polity as seen by one user. Every call made through it is authorised as that user; each
 * service area (one folder under `src/services`) hangs its namespaces on it.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema } from '../domain/primitives';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import type { Decision, Explanation, PolicyResource } from '../policy/index';
import { accountsArea, type AccountNamespaces } from './accounts/api';
import { auditArea, type AuditNamespaces } from './audit/api';
import { contactsArea, type ContactNamespaces } from './contacts/api';
import type { LoadedPrincipal } from './kernel/acting-user';
import type { ServiceContext } from './kernel/context';
import { defineQuery } from './kernel/define';
import { bindAll } from './kernel/pipeline';
import { licencesArea, type LicenceNamespaces } from './licences/api';
import { meetingsArea, type MeetingNamespaces } from './meetings/api';
import { organisationsArea, type OrganisationNamespaces } from './organisations/api';
import { oversightArea, type OversightNamespaces } from './oversight/api';
import { reportingArea, type ReportingNamespaces } from './reporting/api';
import { rolesArea, type RoleNamespaces } from './roles/api';
import { roomsArea, type RoomNamespaces } from './rooms/api';

/**
 * polity as seen by one user: `account`, `users` (accounts), `organisations`, `units`, `coordinators`,
 * `roleRequests`, `oversight`, `audit`, `licences`, `meetings`, `rooms`, `planning`, `statistics`, `contacts`.
 */
export interface Actor
  extends AccountNamespaces,
    OrganisationNamespaces,
    RoleNamespaces,
    OversightNamespaces,
    AuditNamespaces,
    LicenceNamespaces,
    MeetingNamespaces,
    RoomNamespaces,
    ReportingNamespaces,
    ContactNamespaces {
  /** The acting user's id. */
  readonly userId: string;
  /**
   * The acting user's account. Not behind the e-mail gate, so a host can show a pending person what is left to do.
   * @throws {@link PolityError} `unauthenticated` when the account does not exist or was deleted.
   */
  me(): Promise<User>;
  /**
   * The acting user with their active assignments and the list attributes the profile's rules read
   * (`peerCoordinatorIds` …), as the policy engine sees them. Relation attributes (`invitedMeetingIds`,
   * `overseenUserIds` …) are not listed: they are answered for each resource a question is about.
   * @throws {@link PolityError} `unauthenticated` when the account does not exist or was deleted.
   */
  principal(): Promise<LoadedPrincipal>;
  /**
   * Whether the acting user may do `action` on `resource`, with the rule that decided.
   * @throws {@link PolityError} `invalid_input` for an undeclared action; `unauthenticated`.
   */
  can(action: string, resource: PolicyResource): Promise<Decision>;
  /**
   * The full explanation of that decision: every matching rule, the role and scope it came through.
   * @throws {@link PolityError} `invalid_input` for an undeclared action; `unauthenticated`.
   */
  explain(action: string, resource: PolicyResource): Promise<Explanation>;
}

const questionSchema = z.strictObject({
  action: z.string().min(1, 'name an action').max(200, 'an action has at most 200 characters'),
  resource: z.looseObject({ kind: z.string().min(1, 'a resource names its kind') }),
});

/** Reading one's own account and principal, and asking the policy: no gate, nothing written. */
const own = {
  me: defineQuery({ name: 'me', input: z.undefined(), action: 'user.read_profile', accountChecks: false, resource: 'self', run: async ({ actor }) => actor.user }),
  principal: defineQuery({
    name: 'principal',
    input: z.undefined(),
    action: 'user.read_profile',
    accountChecks: false,
    resource: 'self',
    run: async ({ actor, policy }): Promise<LoadedPrincipal> => ({ ...actor, principal: await policy.principalWithLists() }),
  }),
  decide: defineQuery({
    name: 'can',
    input: questionSchema,
    action: 'user.read_profile',
    accountChecks: false,
    resource: 'self',
    run: ({ input, policy }) => policy.decide(input.action, input.resource as PolicyResource),
  }),
  explain: defineQuery({
    name: 'explain',
    input: questionSchema,
    action: 'user.read_profile',
    accountChecks: false,
    resource: 'self',
    run: ({ input, policy }) => policy.explain(input.action, input.resource as PolicyResource),
  }),
};

/**
 * Makes the {@link Actor} for a user id. Nothing is loaded until a call needs it, so an actor is cheap to
 * make per request.
 *
 * @throws {@link PolityError} `invalid_input` when the id is malformed.
 */
export function createActor(context: ServiceContext, userId: string): Actor {
  const id = parseWith(idSchema, userId, 'user id');
  const self = bindAll(context, id, own);
  return {
    userId: id,
    me: () => self.me(undefined),
    principal: () => self.principal(undefined),
    can: (action, resource) => self.decide({ action, resource }),
    explain: (action, resource) => self.explain({ action, resource }),
    ...accountsArea(context, id),
    ...organisationsArea(context, id),
    ...rolesArea(context, id),
    ...oversightArea(context, id),
    ...auditArea(context, id),
    ...licencesArea(context, id),
    ...meetingsArea(context, id),
    ...roomsArea(context, id),
    ...reportingArea(context, id),
    ...contactsArea(context, id),
  };
}
