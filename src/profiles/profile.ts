/**
 * The {@link Profile}: one platform as plain data, a {@link PolicyDefinition} (roles with labels in every
 * language, actions, rules, grants) plus the limits, account settings and workflows the services read.
 * {@link defineProfile} validates one; {@link extendProfile} derives a new one from another.
 *
 * @module
 */
import { z } from 'zod';
import { PolityError, type InputIssue, type InputIssueCode } from '../errors';
import { languageSchema, languages, type Language } from '../domain/primitives';
import { toInputIssues } from '../domain/validate';
import {
  checkPolicyDefinition,
  invalidDefinition,
  labelSchema,
  policyDefinitionShape,
  roleDefinitionShape,
  roleNameSchema,
  type ActionDefinition,
  type GrantPolicy,
  type GrantRule,
  type PolicyDefinition,
  type RoleDefinition,
} from '../policy/definition';
import { deepFreeze } from '../policy/freeze';
import type { RelationDefinition } from '../policy/relations';
import type { RoleGraph } from '../policy/role-graph';
import type { Rule } from '../policy/rule';

// The engine's part of a profile lives with the engine; re-exported so a profile's types read from one place.
export type { ActionDefinition, GrantPolicy, GrantRule, RoleDefinition } from '../policy/definition';

/** A role of a profile: a {@link RoleDefinition} with its label in every language polity ships. */
export interface ProfileRoleDefinition extends RoleDefinition {
  /** What people read, in every language polity ships (el, it, sl, fr, en). */
  readonly labels: Readonly<Record<Language, string>>;
}

/** Platform limits on meetings (EP-1, EP-2). */
export interface ProfileLimits {
  /** Longest meeting, in minutes (EP-1: 12 h = 720). */
  readonly meetingMaxMinutes: number;
  /** Most participants in one meeting, the organiser included (EP-2: 300). */
  readonly meetingMaxParticipants: number;
  /** Roles exempt from the duration limit (the e:Presence super admin). */
  readonly durationExemptRoles: readonly string[];
  /**
   * Most permanent rooms one organisation may have (MB-10: "optional cap on rooms per organisation"); `null`
   * or absent for no cap. Creating a room at the cap is `limit_exceeded` (`limit: 'rooms'`).
   * @defaultValue null
   */
  readonly maxRoomsPerOrganisation?: number | null;
}

/** Account behaviour that differs between platforms. */
export interface AccountSettings {
  /** Whether a deactivated account can no longer sign in (EP-11: yes; MB-12: no, it only frees the licence). */
  readonly deactivationBlocksSignIn: boolean;
  /** Whether generic or role mailboxes (info@…) may hold accounts (KA-13: allowed; SC-15: forbidden). */
  readonly genericMailboxes: 'allowed' | 'forbidden';
  /** Whether a user must confirm their e-mail address before any action (EP-8). */
  readonly requireConfirmedEmail?: boolean;
  /** Whether a user must accept the terms and privacy statement before any action (EP-8). */
  readonly requireTermsAcceptance?: boolean;
}

/** Roles a user may not hold together at one scope (SC-11: never both admin and operator on a product). */
export interface ExclusiveRoles {
  readonly roles: readonly string[];
  readonly source: string;
}

/**
 * A platform, as data: the {@link PolicyDefinition} the engine compiles ({@link createPolicy}), with every
 * role labelled in all five languages, plus what the services read (the bootstrap and founder roles, limits,
 * accounts, workflows, exclusive roles).
 */
export interface Profile extends PolicyDefinition {
  /** Kebab-case id, e.g. `e-presence` (names the permission matrix file). */
  readonly id: string;
  /** The platform's name. */
  readonly name: string;
  /** The language labels, templates and messages default to. */
  readonly defaultLanguage: Language;
  readonly roles: readonly ProfileRoleDefinition[];
  /** The role the bootstrap grants the first platform admin, at platform scope. */
  readonly platformAdminRole: string;
  /** The role the person responsible for a new organisation receives automatically (KA-1), if any. */
  readonly organisationFounderRole?: string;
  readonly limits: ProfileLimits;
  readonly accounts: AccountSettings;
  /**
   * Which workflows are on: `account`, `roleChangeRequest` (EP-6), `adminNomination` (SC-5),
   * `roleAssignment`, `datasetPublication` (DG-4), `meeting`, `licenceRequest` (MB-3), `monthlyDigest` (SC-15).
   */
  readonly workflows: Readonly<Record<string, boolean>>;
  /** Role combinations a user may not hold at one scope. */
  readonly exclusiveRoles?: readonly ExclusiveRoles[];
}

const labelsSchema = z.strictObject(Object.fromEntries(languages.map((language) => [language, labelSchema])) as Record<Language, typeof labelSchema>);

/** Schema of a {@link Profile}'s shape: the definition's, stricter labels, and the services' settings; {@link defineProfile} adds the checks across fields. */
export const profileSchema = z.strictObject({
  ...policyDefinitionShape,
  id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'a profile id is kebab-case, e.g. "e-presence"'),
  name: z.string().trim().min(1).max(200),
  defaultLanguage: languageSchema,
  roles: z.array(z.strictObject({ ...roleDefinitionShape, labels: labelsSchema })).min(1, 'a profile has at least one role'),
  platformAdminRole: roleNameSchema,
  organisationFounderRole: roleNameSchema.optional(),
  limits: z.strictObject({
    meetingMaxMinutes: z.number().int().min(1, 'a meeting lasts at least a minute'),
    meetingMaxParticipants: z.number().int().min(1, 'a meeting has at least one participant'),
    durationExemptRoles: z.array(roleNameSchema),
    // A cap of 0 would be a profile without rooms: leave the room.create rule out instead.
    maxRoomsPerOrganisation: z.number().int('a room cap is a whole number').min(1, 'a room cap is at least 1 (null for no cap)').nullable().optional(),
  }),
  accounts: z.strictObject({
    deactivationBlocksSignIn: z.boolean(),
    genericMailboxes: z.enum(['allowed', 'forbidden']),
    requireConfirmedEmail: z.boolean().optional(),
    requireTermsAcceptance: z.boolean().optional(),
  }),
  workflows: z.record(z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, 'a workflow name is camelCase'), z.boolean()),
  exclusiveRoles: z.array(z.strictObject({ roles: z.array(roleNameSchema).min(2), source: z.string().trim().min(1).max(100) })).optional(),
});

/**
 * The cross-field checks: the definition's (every name a rule or grant uses is declared, ids are unique,
 * grants never escalate), then the profile's own roles (bootstrap, founder, exempt, exclusive).
 */
function crossCheck(profile: Profile): { issues: InputIssue[]; graph: RoleGraph | null } {
  const { issues, graph } = checkPolicyDefinition(profile);
  const issue = (path: string, message: string, code: InputIssueCode) => issues.push({ path, message, code });
  const roles = new Map(profile.roles.map((role) => [role.name, role]));
  const knownRole = (name: string, path: string, what: string) => {
    if (!roles.has(name)) issue(path, `${what} names unknown role ${name}`, 'unknown_role');
  };

  const admin = roles.get(profile.platformAdminRole);
  if (!admin) knownRole(profile.platformAdminRole, 'platformAdminRole', 'platformAdminRole');
  else if (!admin.assignableAt.includes('platform')) {
    issue('platformAdminRole', `platform admin role ${admin.name} is not assignable at platform scope`, 'not_assignable');
  }
  if (profile.organisationFounderRole !== undefined) {
    const founder = roles.get(profile.organisationFounderRole);
    if (!founder) knownRole(profile.organisationFounderRole, 'organisationFounderRole', 'organisationFounderRole');
    else if (!founder.assignableAt.includes('organisation')) {
      issue('organisationFounderRole', `founder role ${founder.name} is not assignable at organisation scope`, 'not_assignable');
    }
  }

  profile.limits.durationExemptRoles.forEach((role, i) => knownRole(role, `limits.durationExemptRoles.${i}`, 'durationExemptRoles'));
  (profile.exclusiveRoles ?? []).forEach((group, i) => group.roles.forEach((role, j) => knownRole(role, `exclusiveRoles.${i}.roles.${j}`, 'exclusiveRoles')));
  return { issues, graph };
}

/**
 * Validates a profile and returns it deeply frozen. {@link createPolicy} runs the same checks, so a
 * profile written by hand is checked too.
 *
 * @param input - The profile, as data.
 * @throws {@link PolityError} `invalid_input` naming every problem: a malformed field, an unknown role or
 *   action in a rule, a duplicate rule id, a role-inheritance cycle, an escalating grant rule, a platform
 *   admin role not assignable at platform scope.
 *
 * @example
 * ```ts
 * import { defineProfile, when } from 'polity';
 *
 * const tiny = defineProfile({
 *   id: 'tiny', name: 'Tiny', defaultLanguage: 'en',
 *   roles: [
 *     { name: 'admin', labels: { el: 'Διαχειριστής', it: 'Amministratore', sl: 'Skrbnik', fr: 'Administrateur', en: 'Administrator' }, assignableAt: ['platform'] },
 *   ],
 *   actions: [{ name: 'meeting.manage', description: 'change or cancel a meeting' }],
 *   platformAdminRole: 'admin',
 *   rules: [{ id: 'admin-meetings', source: 'tiny-1', effect: 'allow', roles: ['admin'], actions: ['meeting.manage'], resource: 'meeting' }],
 *   grants: { allowEqualLevel: false, rules: [] },
 *   limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 300, durationExemptRoles: [] },
 *   accounts: { deactivationBlocksSignIn: true, genericMailboxes: 'forbidden' },
 *   workflows: {},
 * });
 * ```
 */
export function defineProfile(input: Profile): Profile {
  return validateProfile(input).profile;
}

/**
 * Validates a profile and builds its role graph (what {@link createPolicy} needs).
 *
 * @throws {@link PolityError} `invalid_input` as {@link defineProfile}.
 */
export function validateProfile(input: unknown): { profile: Profile; graph: RoleGraph } {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) throw invalidDefinition('profile', input, toInputIssues(parsed.error.issues), parsed.error);
  const profile = parsed.data as Profile;
  const { issues, graph } = crossCheck(profile);
  if (issues.length > 0 || graph === null) throw invalidDefinition('profile', input, issues);
  return { profile: deepFreeze(profile), graph };
}

/**
 * What {@link extendProfile} adds to or changes in a base profile. Lists add; an entry with the name of an
 * existing role or action replaces it; a rule id already in the base is a duplicate unless that rule is
 * removed in the same extension.
 */
export interface ProfileExtension {
  readonly id?: string;
  readonly name?: string;
  readonly defaultLanguage?: Language;
  readonly platformAdminRole?: string;
  readonly organisationFounderRole?: string;
  readonly roles?: readonly ProfileRoleDefinition[];
  readonly actions?: readonly ActionDefinition[];
  readonly rules?: readonly Rule[];
  /** Ids of base rules to drop. */
  readonly removeRules?: readonly string[];
  readonly grants?: {
    readonly allowEqualLevel?: boolean;
    readonly rules?: readonly GrantRule[];
    /** Ids of base grant rules to drop. */
    readonly removeRules?: readonly string[];
  };
  readonly limits?: Partial<ProfileLimits>;
  readonly accounts?: Partial<AccountSettings>;
  readonly workflows?: Readonly<Record<string, boolean>>;
  readonly exclusiveRoles?: readonly ExclusiveRoles[];
  /** Relations to add (a name the base declares is replaced). */
  readonly relations?: Readonly<Record<string, RelationDefinition>>;
}

function replaceByName<T extends { readonly name: string }>(base: readonly T[], additions: readonly T[] | undefined): T[] {
  if (!additions) return [...base];
  const replaced = new Map(additions.map((item) => [item.name, item]));
  const merged = base.map((item) => replaced.get(item.name) ?? item);
  const baseNames = new Set(base.map((item) => item.name));
  return [...merged, ...additions.filter((item) => !baseNames.has(item.name))];
}

function removeByIds<T extends { readonly id: string }>(base: readonly T[], ids: readonly string[] | undefined, path: string): T[] {
  if (!ids) return [...base];
  const known = new Set(base.map((item) => item.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const message = `cannot remove unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path, message, code: 'unknown_rule' }] } });
  }
  const drop = new Set(ids);
  return base.filter((item) => !drop.has(item.id));
}

/**
 * Derives a profile from another: add roles, actions and rules, relabel or replace roles, drop rules,
 * change limits, accounts and workflows. The result is validated like {@link defineProfile}.
 *
 * @param base - The profile to start from (left unchanged).
 * @param extension - What to add or change.
 * @throws {@link PolityError} `invalid_input` when the result is not a valid profile, or when
 *   `removeRules` names a rule the base does not have.
 *
 * @example
 * ```ts
 * import { extendProfile, profiles, when } from 'polity';
 *
 * // Our e:Presence also lets unit coordinators read the profiles of plain users of their unit.
 * const ours = extendProfile(profiles.ePresence, {
 *   id: 'our-presence',
 *   rules: [{
 *     id: 'ours-unit-users', source: 'OURS-1', effect: 'allow', roles: ['unit_coordinator'],
 *     actions: ['user.read_profile'], resource: 'user', when: when.eq('resource.role', 'user'),
 *   }],
 * });
 * ```
 */
export function extendProfile(base: Profile, extension: ProfileExtension): Profile {
  const rules = [...removeByIds(base.rules, extension.removeRules, 'removeRules'), ...(extension.rules ?? [])];
  const grantRules = [...removeByIds(base.grants.rules, extension.grants?.removeRules, 'grants.removeRules'), ...(extension.grants?.rules ?? [])];
  const organisationFounderRole = extension.organisationFounderRole ?? base.organisationFounderRole;
  const exclusiveRoles = [...(base.exclusiveRoles ?? []), ...(extension.exclusiveRoles ?? [])];
  const relations = { ...base.relations, ...extension.relations };
  const merged: Profile = {
    id: extension.id ?? base.id,
    name: extension.name ?? base.name,
    defaultLanguage: extension.defaultLanguage ?? base.defaultLanguage,
    roles: replaceByName(base.roles, extension.roles),
    actions: replaceByName(base.actions, extension.actions),
    platformAdminRole: extension.platformAdminRole ?? base.platformAdminRole,
    ...(organisationFounderRole === undefined ? {} : { organisationFounderRole }),
    rules,
    grants: { allowEqualLevel: extension.grants?.allowEqualLevel ?? base.grants.allowEqualLevel, rules: grantRules },
    limits: { ...base.limits, ...stripUndefined(extension.limits) },
    accounts: { ...base.accounts, ...stripUndefined(extension.accounts) },
    workflows: { ...base.workflows, ...extension.workflows },
    ...(exclusiveRoles.length > 0 ? { exclusiveRoles } : {}),
    ...(Object.keys(relations).length > 0 ? { relations } : {}),
  };
  return defineProfile(merged);
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
