/**
 * The {@link PolicyDefinition}: everything the engine compiles (roles with their inheritance, the action
 * catalogue, rules and grant rules), as plain data, and {@link validatePolicyDefinition}, which checks it.
 * A profile (`src/profiles`) is a definition plus what the services read (limits, accounts, workflows …);
 * the engine never needs more than this, so it depends on no layer above it.
 *
 * @module
 */
import { z } from 'zod';
import { languages, type Language } from '../domain/primitives';
import { scopeTypes, type ScopeType } from '../domain/scope';
import { toInputIssues } from '../domain/validate';
import { isPolityError, PolityError, type InputIssue, type InputIssueCode } from '../errors';
import { deepFreeze } from './freeze';
import { relationIssues, relationsSchema, type RelationDefinition } from './relations';
import { createRoleGraph, type RoleGraph } from './role-graph';
import { actionNameSchema, ruleSchema, type Rule } from './rule';

/** A role of a definition. */
export interface RoleDefinition {
  /** Lower snake case, e.g. `organisation_coordinator`: what assignments store. */
  readonly name: string;
  /**
   * What people read, by language. The permission matrix prints them; a profile must give all five languages
   * polity ships (el, it, sl, fr, en), a bare definition any of them or none.
   */
  readonly labels?: Readonly<Partial<Record<Language, string>>>;
  /** Roles whose every power this role has (concierge inherits administrator, MB-10). */
  readonly inherits?: readonly string[];
  /** The scope types at which the role may be assigned. */
  readonly assignableAt: readonly ScopeType[];
  /** Whether holding it (active) takes one of the organisation's named licences (MB-3, MB-12). */
  readonly licensed?: boolean;
  /** What the role is for, in English. */
  readonly description?: string;
}

/** An action of the catalogue. Rules may name only declared actions. */
export interface ActionDefinition {
  /** `<kind>.<verb>`, e.g. `meeting.manage`. */
  readonly name: string;
  /** What it lets one do, in English (printed in the permission matrix). */
  readonly description: string;
}

/** "Holders of `granter` (or a role inheriting it) may grant `roles`." */
export interface GrantRule {
  /** Unique within the definition's grant rules. */
  readonly id: string;
  /** A RULES.md ID or the integrator's own reference. */
  readonly source: string;
  readonly granter: string;
  readonly roles: readonly string[];
  /** The workflow the grant goes through rather than taking effect at once (SC-5: `adminNomination`). */
  readonly workflow?: string;
}

/**
 * Who may grant which roles. No escalation: a grant rule may never let a role grant a role at or above
 * itself, except its own role when `allowEqualLevel` is true (MB-6: administrators appoint
 * administrators; KA-2: a manager cannot make a manager).
 */
export interface GrantPolicy {
  readonly allowEqualLevel: boolean;
  readonly rules: readonly GrantRule[];
}

/**
 * What the policy engine compiles ({@link createPolicy}): roles, actions, rules and grant rules. A `Profile`
 * extends it with what the services read, so a profile can be given wherever a definition is asked for.
 */
export interface PolicyDefinition {
  /** Kebab-case id, e.g. `e-presence`: named in error messages and explanations. */
  readonly id: string;
  /** A name for people (the permission matrix's title); the id when absent. */
  readonly name?: string;
  /** The language the permission matrix prints labels in, beside English. @defaultValue `'en'` */
  readonly defaultLanguage?: Language;
  readonly roles: readonly RoleDefinition[];
  /** The action catalogue; an action outside it is `invalid_input` everywhere. */
  readonly actions: readonly ActionDefinition[];
  readonly rules: readonly Rule[];
  readonly grants: GrantPolicy;
  /**
   * Principal attributes held by a Store collection rather than by the principal, keyed by the attribute's
   * name (`invitedMeetingIds`), each read by rules only as `resource.<field> in principal.<name>`. A
   * principal that carries the attribute (a list) is checked against it as against any list; one that does
   * not is planned with a `related` filter (an `EXISTS` in SQL), and checked as not related (see
   * {@link Principal}).
   */
  readonly relations?: Readonly<Record<string, RelationDefinition>>;
}

/** Schema of a role name: lower snake case, starting with a letter. */
export const roleNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a role name is lower snake case, starting with a letter');

/** Schema of one label: trimmed, 1–200 characters. */
export const labelSchema = z.string().trim().min(1, 'a label cannot be empty').max(200);

/** The fields of a {@link RoleDefinition}'s schema, for a profile to reuse with its stricter labels. */
export const roleDefinitionShape = {
  name: roleNameSchema,
  labels: z.strictObject(Object.fromEntries(languages.map((language) => [language, labelSchema.optional()])) as Record<Language, z.ZodOptional<typeof labelSchema>>).optional(),
  inherits: z.array(roleNameSchema).optional(),
  assignableAt: z.array(z.enum(scopeTypes)).min(1, 'a role is assignable at one scope type at least'),
  licensed: z.boolean().optional(),
  description: z.string().max(1000).optional(),
};

const grantRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._:-]{0,99}$/, 'a grant rule id is kebab-case'),
  source: z.string().trim().min(1).max(100),
  granter: roleNameSchema,
  roles: z.array(roleNameSchema).min(1, 'a grant rule names at least one role'),
  workflow: z.string().min(1).max(64).optional(),
});

/**
 * The fields of a {@link PolicyDefinition}'s schema. {@link validatePolicyDefinition} reads them with keys
 * beyond these ignored (a profile carries more); a profile's schema spreads them into its own strict one.
 */
export const policyDefinitionShape = {
  id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'an id is kebab-case, e.g. "e-presence"'),
  name: z.string().trim().min(1).max(200).optional(),
  defaultLanguage: z.enum(languages, { error: 'language must be one of el, it, sl, fr, en' }).optional(),
  roles: z.array(z.strictObject(roleDefinitionShape)).min(1, 'a definition has at least one role'),
  actions: z.array(z.strictObject({ name: actionNameSchema, description: z.string().trim().min(1).max(500) })),
  rules: z.array(ruleSchema),
  grants: z.strictObject({ allowEqualLevel: z.boolean(), rules: z.array(grantRuleSchema) }),
  relations: relationsSchema.optional(),
};

const policyDefinitionSchema = z.object(policyDefinitionShape);

/**
 * The checks across fields of a definition whose shape is valid: every role and action a rule or grant rule
 * names is declared, ids are unique, roles inherit without a cycle, grants never escalate. Returns the issues
 * (empty when valid) and the role graph (`null` when the roles do not form one). Relations name stored
 * collections and fields, and rules read them only as `resource.<field> in principal.<relation>`.
 */
export function checkPolicyDefinition(definition: PolicyDefinition): { issues: InputIssue[]; graph: RoleGraph | null } {
  const issues: InputIssue[] = [];
  const issue = (path: string, message: string, code: InputIssueCode) => issues.push({ path, message, code });

  let graph: RoleGraph | null = null;
  try {
    graph = createRoleGraph(definition.roles);
  } catch (error) {
    if (!isPolityError(error, 'invalid_input')) throw error;
    issues.push(...(error.details?.issues ?? []));
  }
  const roles = new Set(definition.roles.map((role) => role.name));
  const knownRole = (name: string, path: string, what: string) => {
    if (!roles.has(name)) issue(path, `${what} names unknown role ${name}`, 'unknown_role');
  };

  const actions = new Set<string>();
  definition.actions.forEach((action, i) => {
    if (actions.has(action.name)) issue(`actions.${i}.name`, `action ${action.name} is declared twice`, 'duplicate_action');
    actions.add(action.name);
  });

  const ruleIds = new Set<string>();
  definition.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) issue(`rules.${i}.id`, `rule id ${rule.id} is used twice`, 'duplicate_rule');
    ruleIds.add(rule.id);
    if (rule.roles !== '*') rule.roles.forEach((role, j) => knownRole(role, `rules.${i}.roles.${j}`, `rule ${rule.id}`));
    rule.actions.forEach((action, j) => {
      if (!actions.has(action)) issue(`rules.${i}.actions.${j}`, `rule ${rule.id} names unknown action ${action}`, 'unknown_action');
    });
  });

  const grantIds = new Set<string>();
  definition.grants.rules.forEach((grant, i) => {
    if (grantIds.has(grant.id)) issue(`grants.rules.${i}.id`, `grant rule id ${grant.id} is used twice`, 'duplicate_rule');
    grantIds.add(grant.id);
    knownRole(grant.granter, `grants.rules.${i}.granter`, `grant rule ${grant.id}`);
    grant.roles.forEach((role, j) => {
      knownRole(role, `grants.rules.${i}.roles.${j}`, `grant rule ${grant.id}`);
      if (!graph || !roles.has(role) || !roles.has(grant.granter)) return;
      // No escalation: a role at or above the granter's may not be granted, save the granter's own role
      // when the definition allows equal-level grants (MB-6).
      if (role === grant.granter ? !definition.grants.allowEqualLevel : graph.includes(role, grant.granter)) {
        issue(
          `grants.rules.${i}.roles.${j}`,
          `grant rule ${grant.id} lets ${grant.granter} grant ${role}, which is at or above it${role === grant.granter ? ' (equal-level grants are off)' : ''}`,
          'escalation',
        );
      }
    });
  });
  issues.push(...relationIssues(definition.relations, definition.rules));
  return { issues, graph };
}

/**
 * The `invalid_input` error for a refused definition or profile: the first three problems in the message,
 * every one in `details.issues`.
 *
 * @param what - `policy definition`, `profile` …, for the message.
 */
export function invalidDefinition(what: string, input: unknown, issues: readonly InputIssue[], cause?: unknown): PolityError<'invalid_input'> {
  const id = typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : undefined;
  const name = typeof id === 'string' ? id : '(unnamed)';
  const listed = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return new PolityError('invalid_input', `invalid ${what} ${name}: ${listed.join('; ')}${more}`, {
    details: { issues: [...issues] },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Validates a policy definition and builds its role graph: what {@link createPolicy} and
 * {@link permissionMatrix} do first. Keys beyond a definition's (a profile's limits, accounts …) are left
 * out of the result and not checked here (`validateProfile` checks a whole profile); inside roles, actions,
 * rules and grants an unknown key is refused, so a typo never passes silently.
 *
 * @param input - The definition, as data (a profile will do).
 * @returns the definition (the validated copy, deeply frozen) and its role graph.
 * @throws {@link PolityError} `invalid_input` naming every problem: a malformed field, an unknown role or
 *   action in a rule, a duplicate rule id, a role-inheritance cycle, an escalating grant rule.
 *
 * @example
 * ```ts
 * import { validatePolicyDefinition } from 'polity';
 *
 * const { definition, graph } = validatePolicyDefinition({
 *   id: 'docs',
 *   roles: [{ name: 'reader', assignableAt: ['organisation'] }, { name: 'editor', inherits: ['reader'], assignableAt: ['organisation'] }],
 *   actions: [{ name: 'doc.read', description: 'read a document' }],
 *   rules: [{ id: 'readers-read', source: 'DOC-1', effect: 'allow', roles: ['reader'], actions: ['doc.read'], resource: 'doc' }],
 *   grants: { allowEqualLevel: false, rules: [] },
 * });
 * graph.includes('editor', 'reader'); // true
 * ```
 */
export function validatePolicyDefinition(input: unknown): { definition: PolicyDefinition; graph: RoleGraph } {
  const parsed = policyDefinitionSchema.safeParse(input);
  if (!parsed.success) throw invalidDefinition('policy definition', input, toInputIssues(parsed.error.issues), parsed.error);
  const definition = parsed.data as PolicyDefinition;
  const { issues, graph } = checkPolicyDefinition(definition);
  if (issues.length > 0 || graph === null) throw invalidDefinition('policy definition', input, issues);
  return { definition: deepFreeze(definition), graph };
}
