/**
 * An actor: polity as seen by one user. Every call made through it is authorised as that user, and
 * service areas hang on it as namespaces: `organisations`, `units`, `users`, `account`, `coordinators`,
 * `roleRequests`, `oversight`, `audit`, `licences`, `meetings`, `rooms`, `planning`, `statistics`, `contacts`.
 *
 * @module
 */
import { idSchema } from '../domain/primitives';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import type { Decision, Explanation, PolicyResource } from '../policy/index';
import { accountApi, type AccountApi } from './account';
import { auditTrailApi, type AuditTrailApi } from './audit-trail';
import type { ServiceContext } from './context';
import { coordinatorsApi, type CoordinatorsApi } from './coordinators';
import { organisationsApi, type OrganisationsApi } from './organisations';
import { oversightApi, type OversightApi } from './oversight';
import { loadPrincipal, type LoadedPrincipal } from './principal';
import { roleRequestsApi, type RoleRequestsApi } from './role-requests';
import { unitsApi, type UnitsApi } from './units';
import { usersApi, type UsersApi } from './users-api';
import { licencesApi, type LicencesApi } from './licences';
import { meetingsApi, type MeetingsApi } from './meetings';
import { roomsApi, type RoomsApi } from './rooms';
import { planningApi, type PlanningApi } from './planning';
import { statisticsApi, type StatisticsApi } from './statistics';
import { contactsApi, type ContactsApi } from './contacts';

/** polity as seen by one user. */
export interface Actor {
  /** The acting user's id. */
  readonly userId: string;
  /**
   * The acting user's account. Not behind the e-mail gate, so a host can show a pending person what is left to do.
   * @throws {@link PolityError} `unauthenticated` when the account does not exist or was deleted.
   */
  me(): Promise<User>;
  /** The acting user with their active assignments and the attributes the profile's rules read, as the policy engine sees them. */
  principal(): Promise<LoadedPrincipal>;
  /** Whether the acting user may do `action` on `resource`, with the rule that decided. */
  can(action: string, resource: PolicyResource): Promise<Decision>;
  /** The full explanation of that decision: every matching rule, the role and scope it came through. */
  explain(action: string, resource: PolicyResource): Promise<Explanation>;
  /** The actor's own account before the e-mail gate opens: accept the terms, ask for a new link (EP-8, EP-9). */
  readonly account: AccountApi;
  /** Creating and running organisations (platform admins; KA-1 founders). */
  readonly organisations: OrganisationsApi;
  /** Units of an organisation over time (EP-4). */
  readonly units: UnitsApi;
  /** Accounts: add by e-mail, read (EP-14), edit, deactivate, delete (EP-9 … EP-17, MB-1, MB-11, SC-7, SC-9). */
  readonly users: UsersApi;
  /** Coordinators of an organisation: list, search, message (EP-10). */
  readonly coordinators: CoordinatorsApi;
  /** Role-change requests (EP-6). */
  readonly roleRequests: RoleRequestsApi;
  /** Manager oversight (KA-3 … KA-11). */
  readonly oversight: OversightApi;
  /** The audit trail of a target. */
  readonly audit: AuditTrailApi;
  /** Named licences: the pool, seats, requests for more (MB-2…MB-5, MB-12). */
  readonly licences: LicencesApi;
  /** Meetings under the profile's limits (EP-1…EP-5, EP-15, EP-17, MB-7…MB-10). */
  readonly meetings: MeetingsApi;
  /** Permanent rooms and their aliases (MB-10). */
  readonly rooms: RoomsApi;
  /** An organisation's planning of meetings (MB-10). */
  readonly planning: PlanningApi;
  /** Statistics per organisation and period (MB-9, MB-10). */
  readonly statistics: StatisticsApi;
  /** The acting user's contact directory (MB-7). */
  readonly contacts: ContactsApi;
}

/**
 * Makes the {@link Actor} for a user id. Nothing is loaded until a call needs it, so an actor is cheap to
 * make per request.
 *
 * @throws {@link PolityError} `invalid_input` when the id is malformed.
 */
export function createActor(context: ServiceContext, userId: string): Actor {
  const id = parseWith(idSchema, userId, 'user id');
  const principal = () => loadPrincipal(context.store, id, context.profile);
  return {
    userId: id,
    me: async () => (await principal()).user,
    principal,
    can: async (action, resource) => context.policy.decide((await principal()).principal, action, resource),
    explain: async (action, resource) => context.policy.explain((await principal()).principal, action, resource),
    account: accountApi(context, id),
    organisations: organisationsApi(context, id),
    units: unitsApi(context, id),
    users: usersApi(context, id),
    coordinators: coordinatorsApi(context, id),
    roleRequests: roleRequestsApi(context, id),
    oversight: oversightApi(context, id),
    audit: auditTrailApi(context, id),
    licences: licencesApi(context, id),
    meetings: meetingsApi(context, id),
    rooms: roomsApi(context, id),
    planning: planningApi(context, id),
    statistics: statisticsApi(context, id),
    contacts: contactsApi(context, id),
  };
}
