/**
 * `users.add`: adding a person by e-mail (EP-4, EP-9, EP-13, EP-17, KA-3, KA-8, KA-10, MB-1, MB-6, SC-4),
 * to an organisation, or to the platform's staff when no organisation is named (a role held at platform
 * scope: a Mégalis concierge, MB-6, MB-10). The address must not be registered ("e-mail in use" changes
 * nothing); the account enters the account machine through its creation (pending, with its role and an
 * activation e-mail). The role is checked against the profile's grant rules: nobody grants a role at or
 * above their own (no escalation), and an unknown role is `invalid_input`.
 *
 * @module
 */
import type { z } from 'zod';
import { where } from '../../domain/filter';
import type { Organisation } from '../../domain/organisation';
import type { Scope } from '../../domain/scope';
import { invalidInput, notFound } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import type { ServiceContext } from '../kernel/context';
import { defineCommand, type CommandSteps, type RunSteps } from '../kernel/define';
import type { AuditEntry } from '../kernel/work';
import { licensedRoles } from '../licences/pool';
import { poolWithFreeLicence } from '../licences/take';
import { assertNotSuspended, loadUnit } from '../organisations/guards';
import { assertAssignableRole, assertGrantable, assignableScopes, isOrdinaryRole, managerRole } from '../roles/profile-roles';
import { addUserInputSchema, type AddUserResult } from './inputs';
import { assertMailboxAllowed, createPendingAccount } from './new-account';

/** What every step of `users.add` sees. */
type AddUser = RunSteps<z.output<typeof addUserInputSchema>, AddTarget>;

/** Where the person is added: an organisation (with the scope of the role), or the platform's staff. */
interface AddTarget {
  /** `null` for platform staff. */
  readonly organisation: Organisation | null;
  readonly scope: Scope;
}

const platform: Scope = { type: 'platform' };

function scopeOf(organisationId: string, unitId: string | undefined, productId: string | undefined): Scope {
  if (unitId !== undefined) return { type: 'unit', organisationId, unitId };
  if (productId !== undefined) return { type: 'product', organisationId, productId };
  return { type: 'organisation', organisationId };
}

/**
 * What is checked before anything is read: every new account, staff included, follows the profile's
 * mailbox rule (SC-15, KA-13); the role is declared and held at the scope asked for. A role held in
 * organisations needs one named.
 */
function checkRole(input: AddUser['input'], context: ServiceContext): void {
  assertMailboxAllowed(context.profile, input.email, 'email');
  if (input.organisationId !== undefined) {
    assertAssignableRole(context.profile, input.role, scopeOf(input.organisationId, input.unitId, input.productId).type, 'role', 'role');
    return;
  }
  const scopes = assignableScopes(context.profile, input.role);
  if (scopes === null) assertAssignableRole(context.profile, input.role, 'platform');
  else if (!scopes.includes('platform')) throw invalidInput('organisationId', `this role is held in an organisation (${scopes.join(' or ')} scope): name the organisation`, 'required');
}

/** The organisation, and the unit or product the role is held at: each must exist in it (`not_found`). */
async function loadTarget({ tx, work, input }: CommandSteps<AddUser['input']>): Promise<AddTarget> {
  if (input.organisationId === undefined) return { organisation: null, scope: platform };
  const organisation = await work.organisation(input.organisationId);
  if (input.unitId !== undefined) await loadUnit(tx, input.unitId, organisation.id);
  if (input.productId !== undefined) {
    const product = await tx.products.get(input.productId);
    if (product === null || product.organisationId !== organisation.id) throw notFound('product', input.productId, { productId: input.productId });
  }
  return { organisation, scope: scopeOf(organisation.id, input.unitId, input.productId) };
}

/** The account the person will be, as the policy sees it before it exists. */
function targetResource({ input, loaded }: { readonly input: AddUser['input']; readonly loaded: AddTarget }): PolicyResource {
  return { kind: 'user', organisationId: loaded.organisation?.id ?? null, unitId: input.unitId ?? null, productId: input.productId ?? null };
}

/**
 * Oversight (KA-3, KA-4, KA-10): who will oversee the new user. A named manager needs `user.assign_manager`
 * (platform admins, KA-4) and must hold the manager role in the organisation: that assignment is locked
 * (share) until the command commits, so the role cannot be taken away meanwhile. A manager adding a user
 * oversees them; an ordinary user is never left without a manager.
 *
 * @throws {@link PolityError} `forbidden` (`user.assign_manager`); `invalid_input` on `managerId`
 *   (`required`, `not_a_manager`, `no_oversight`).
 */
async function managerFor(steps: AddUser, organisation: Organisation): Promise<string | null> {
  const { tx, input, actor, context, policy } = steps;
  const manager = managerRole(context.profile);
  let managerId: string | null = null;
  if (input.managerId !== undefined) {
    await policy.authorise('user.assign_manager', targetResource(steps));
    managerId = input.managerId;
  } else if (manager !== null && actor.assignments.some((a) => a.role === manager && a.organisationId === organisation.id)) {
    managerId = actor.user.id;
  }
  if (manager === null) {
    if (managerId !== null) throw invalidInput('managerId', `${context.profile.name} has no managers overseeing users`, 'no_oversight');
    return null;
  }
  if (managerId === null && isOrdinaryRole(context.profile, input.role)) throw invalidInput('managerId', 'every ordinary user is assigned to a manager (KA-3): name one', 'required');
  if (managerId !== null && managerId !== actor.user.id) {
    const holds = await tx.assignments.findOne(
      where.and(where.eq('userId', managerId), where.eq('role', manager), where.eq('organisationId', organisation.id), where.eq('status', 'active')),
      { lock: 'share' },
    );
    if (holds === null) throw invalidInput('managerId', 'the named person is not a manager of this organisation', 'not_a_manager');
  }
  return managerId;
}

/** KA-8: when a manager's user is added, the manager is told too (the user by the activation e-mail). */
async function tellManager(steps: AddUser, organisation: Organisation, created: AddUserResult): Promise<void> {
  const { tx, work, actor } = steps;
  const managerId = created.user.managerId;
  if (managerId === null) return;
  const manager = managerId === actor.user.id ? actor.user : await tx.users.get(managerId);
  if (manager === null) return;
  const { user } = created;
  work.notify(manager, 'oversight.user_added', { userId: user.id, email: user.email, givenName: user.givenName, familyName: user.familyName, organisationName: organisation.name });
}

/** The body: no escalation, nothing added to a suspended organisation, the manager, then the account. */
async function add(steps: AddUser): Promise<AddUserResult> {
  const { work, input, actor, context, loaded } = steps;
  // No escalation (DESIGN "guards every command shares"): the grant rules say who gives which role, and a
  // role given only through a workflow is not given by adding a person.
  assertGrantable(context, actor.principal, input.role, loaded.scope);
  const { organisation } = loaded;
  if (organisation !== null) assertNotSuspended(organisation);
  const managerId = organisation === null ? null : await managerFor(steps, organisation);
  // A role that takes a licence, in a pool with none free: refused before anything is written (MB-3, MB-12).
  if (organisation !== null && licensedRoles(context.profile).includes(input.role)) await poolWithFreeLicence(work, organisation.id);
  const created = await createPendingAccount(work, {
    account: input,
    organisationId: organisation?.id ?? null,
    role: input.role,
    scope: loaded.scope,
    managerId,
    grantedById: actor.user.id,
    payload: { organisationName: organisation?.name ?? context.profile.name, role: input.role, invitedBy: `${actor.user.givenName} ${actor.user.familyName}` },
  });
  if (organisation !== null) await tellManager(steps, organisation, created);
  return created;
}

function addAudit({ input, loaded }: AddUser, { user }: AddUserResult): AuditEntry {
  const base = { action: 'user.add', targetType: 'user', targetId: user.id } as const;
  if (loaded.organisation === null) {
    return { ...base, organisationId: null, summary: `added ${user.email} to the platform staff as ${input.role}; activation e-mail sent`, changes: { email: user.email, role: input.role, scope: 'platform' } };
  }
  const { managerId } = user;
  return {
    ...base,
    organisationId: loaded.organisation.id,
    summary: `added ${user.email} to organisation ${loaded.organisation.name} as ${input.role}${managerId === null ? '' : `, overseen by ${managerId}`}; activation e-mail sent`,
    changes: { email: user.email, role: input.role, scope: loaded.scope.type, unitId: input.unitId ?? null, productId: input.productId ?? null, managerId },
  };
}

/**
 * `users.add`. Held at READ COMMITTED by the `users.email` unique constraint (one account per address),
 * the guarded write on the licence pool (MB-3), and a share lock on a named manager's assignment.
 */
export const addUser = defineCommand({
  name: 'users.add',
  input: addUserInputSchema,
  action: 'user.create',
  precheck: checkRole,
  load: loadTarget,
  resource: targetResource,
  run: add,
  audit: addAudit,
});
