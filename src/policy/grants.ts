/**
 * Who may grant which role at which scope: the definition's grant rules plus the no-escalation guard (nobody
 * grants a role at or above their own at that scope, unless the definition allows equal-level grants).
 *
 * @module
 */
import { PolityError, type InputIssueCode } from '../errors';
import type { Scope } from '../domain/scope';
import type { PolicyDefinition } from './definition';
import { humanise, scopeOfView, scopeWords } from './describe';
import type { Via } from './explain';
import type { Principal, ScopeView } from './principal';
import { scopeViewOf } from './principal';
import type { RoleGraph } from './role-graph';

/** The answer to "may this principal grant this role at this scope?". */
export type GrantDecision =
  | {
      readonly allowed: true;
      readonly source: string;
      readonly ruleId: string;
      readonly via: Via;
      /** The workflow the grant goes through (SC-5 `adminNomination`), if any. */
      readonly workflow: string | null;
    }
  | {
      readonly allowed: false;
      /** `escalation`: a grant rule matched but the role is at or above the granter's; `not_permitted`: none matched. */
      readonly reason: 'not_permitted' | 'escalation';
      /** The roles that may grant it, from the definition's grant rules. */
      readonly grantedBy: readonly { readonly role: string; readonly source: string; readonly ruleId: string }[];
      readonly summary: string;
    };

/** Whether an assignment's scope contains a target scope. */
export function scopeContains(outer: ScopeView, inner: Scope): boolean {
  switch (outer.type) {
    case 'platform':
      return true;
    case 'organisation':
      return inner.type !== 'platform' && inner.organisationId === outer.organisationId;
    case 'unit':
      return inner.type === 'unit' && inner.organisationId === outer.organisationId && inner.unitId === outer.unitId;
    case 'product':
      return inner.type === 'product' && inner.organisationId === outer.organisationId && inner.productId === outer.productId;
  }
}

function invalid(message: string, path: string, code: InputIssueCode): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code }] } });
}

/**
 * Decides a grant.
 *
 * @throws {@link PolityError} `invalid_input` when the role is unknown or not assignable at the scope's type.
 */
export function decideGrant(definition: PolicyDefinition, graph: RoleGraph, principal: Principal, role: string, scope: Scope): GrantDecision {
  const declared = definition.roles.find((r) => r.name === role);
  if (!declared) throw invalid(`unknown role ${String(role)} (${definition.id} does not declare it)`, 'role', 'unknown_role');
  if (!declared.assignableAt.includes(scope.type)) {
    throw invalid(`role ${role} is not assignable at ${scope.type} scope (only ${declared.assignableAt.join(', ')})`, 'scope.type', 'not_assignable');
  }
  const rules = definition.grants.rules.filter((rule) => rule.roles.includes(role));
  const grantedBy = rules
    .map((rule) => ({ role: rule.granter, source: rule.source, ruleId: rule.id }))
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  let escalation = false;
  const candidates: { rule: (typeof rules)[number]; view: ScopeView }[] = [];
  for (const assignment of principal.assignments) {
    if (assignment.status !== 'active' || !graph.has(assignment.role)) continue;
    const view = scopeViewOf(assignment);
    if (view === null || !scopeContains(view, scope)) continue;
    for (const rule of rules) {
      if (!graph.includes(view.role, rule.granter)) continue;
      // Defence in depth: definition validation already refuses escalating grant rules, but a held role that
      // inherits the granter could still sit below the granted role in a hand-made graph.
      const atOrAbove = role === view.role ? !definition.grants.allowEqualLevel : graph.includes(role, view.role);
      if (atOrAbove) {
        escalation = true;
        continue;
      }
      candidates.push({ rule, view });
    }
  }
  if (candidates.length > 0) {
    candidates.sort((a, b) => (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0));
    const { rule, view } = candidates[0]!;
    const asRole = rule.granter;
    const text = `${humanise(view.role)} of ${scopeWords(scopeOfView(view))}${asRole === view.role ? '' : `, with the powers of ${humanise(asRole)}`}`;
    return {
      allowed: true,
      source: rule.source,
      ruleId: rule.id,
      via: { role: view.role, asRole, scope: scopeOfView(view), text },
      workflow: rule.workflow ?? null,
    };
  }
  const who = grantedBy.length === 0 ? 'nobody may grant it' : `it may be granted by ${grantedBy.map((g) => `${humanise(g.role)} (${g.source})`).join(', ')}`;
  return {
    allowed: false,
    reason: escalation ? 'escalation' : 'not_permitted',
    grantedBy,
    summary: escalation
      ? `Not permitted: ${humanise(role)} is at or above the granter's own role at ${scopeWords(scope)}.`
      : `Not permitted: ${principal.id} may not grant ${humanise(role)} at ${scopeWords(scope)}; ${who}.`,
  };
}
