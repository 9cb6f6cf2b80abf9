/**
 * Rules as data: `{ id, source, effect, roles, actions, resource, reach?, when? }`. No functions, so a rule
 * can be validated, stored, printed, explained and compiled to SQL.
 *
 * @module
 */
import { z } from 'zod';
import { conditionRefs, ruleConditionSchema, type RuleCondition } from './condition';

/** Whether a matching rule allows or forbids. A matching `forbid` beats every `allow`. */
export type RuleEffect = 'allow' | 'forbid';

/**
 * How far a role assignment reaches for one rule.
 *
 * - `scope` (default): the resource lies inside the assignment's scope (platform ⊃ organisation ⊃ unit;
 *   a product inside its organisation).
 * - `organisation`: the resource lies in the assignment's organisation, even outside its unit or product
 *   (SC-16: an admin of one product sees the users of every product of the institution).
 * - `anywhere`: any resource; the condition alone decides (joining a meeting one was invited to, whatever
 *   its organisation).
 */
export type RuleReach = 'scope' | 'organisation' | 'anywhere';

/**
 * One rule.
 *
 * @example
 * ```ts
 * import { when, type Rule } from 'polity';
 *
 * const ep5: Rule = {
 *   id: 'ep-5-manage-own-meetings',
 *   source: 'EP-5',
 *   effect: 'allow',
 *   roles: ['unit_coordinator'],
 *   actions: ['meeting.manage'],
 *   resource: 'meeting',
 *   when: when.eq('resource.organiserId', when.ref('principal.id')),
 * };
 * ```
 */
export interface Rule {
  /** Unique within a profile; kebab-case, e.g. `ep-5-manage-own-meetings`. */
  readonly id: string;
  /** Where the rule comes from: a RULES.md ID (`EP-5`) or the integrator's own reference. */
  readonly source: string;
  readonly effect: RuleEffect;
  /**
   * The roles it applies to (and every role that inherits one of them), or `'*'` for any principal, with
   * or without an assignment. A `'*'` rule has no scope: its condition may not read `scope.*`.
   */
  readonly roles: readonly string[] | '*';
  /** Actions, each `<resource>.<verb>`. */
  readonly actions: readonly string[];
  /** The resource kind the actions act on. */
  readonly resource: string;
  /** How far an assignment reaches for this rule (default `scope`). Not allowed with `roles: '*'`. */
  readonly reach?: RuleReach;
  /** Extra condition; absent means "always, within reach". */
  readonly when?: RuleCondition;
  /** A sentence for people; the permission matrix prints the condition itself. */
  readonly description?: string;
}

/** Schema of a resource kind: lower snake case (`meeting`, `role_request`). */
export const resourceKindSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a resource kind is lower snake case, e.g. "meeting"');

/** Schema of an action name: `<kind>.<verb>`, both lower snake case (`meeting.manage`, `user.read_profile`). */
export const actionNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}\.[a-z][a-z0-9_]{0,63}$/, 'an action is "<kind>.<verb>" in lower snake case, e.g. "meeting.manage"');

/** The resource kind an action acts on: the part before the dot. */
export function actionKind(action: string): string {
  const dot = action.indexOf('.');
  return dot < 0 ? action : action.slice(0, dot);
}

const roleRefSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a role name is lower snake case');

/** Schema of a {@link Rule}, with the checks that need no profile (known roles and actions come later). */
export const ruleSchema: z.ZodType<Rule> = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._:-]{0,99}$/, 'a rule id is kebab-case: lower-case letters, digits, ".", "_", ":" and "-"'),
    source: z.string().trim().min(1, 'a rule needs a source (a RULES.md ID such as "EP-5", or your own)').max(100),
    effect: z.enum(['allow', 'forbid']),
    roles: z.union([z.literal('*'), z.array(roleRefSchema).min(1, 'a rule names at least one role, or "*"')]),
    actions: z.array(actionNameSchema).min(1, 'a rule names at least one action'),
    resource: resourceKindSchema,
    reach: z.enum(['scope', 'organisation', 'anywhere']).optional(),
    when: ruleConditionSchema.optional(),
    description: z.string().max(1000).optional(),
  })
  .superRefine((rule, ctx) => {
    rule.actions.forEach((action, index) => {
      if (actionKind(action) !== rule.resource) {
        ctx.addIssue({
          code: 'custom',
          path: ['actions', index],
          message: `action ${action} does not act on a ${rule.resource}`,
          params: { reason: 'action_kind_mismatch' },
        });
      }
    });
    if (rule.roles === '*') {
      if (rule.reach !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['reach'], message: 'a rule for any principal ("*") has no scope, so no reach', params: { reason: 'reach_without_role' } });
      }
      if (rule.when !== undefined && conditionRefs(rule.when).some((ref) => ref.startsWith('scope.'))) {
        ctx.addIssue({ code: 'custom', path: ['when'], message: 'a rule for any principal ("*") has no scope to read', params: { reason: 'scope_without_role' } });
      }
    }
  }) as unknown as z.ZodType<Rule>;
