/**
 * The policy engine: scoped roles with inheritance, rules as data, decisions that explain themselves, query
 * plans compiled to SQL, and the permission matrix. Pure: no I/O, no clock, no randomness.
 *
 * @module
 */
export { createPolicy } from './policy';
export type { Policy, PrincipalPolicy } from './policy';
export { when, ruleConditionSchema, attributeRefSchema, scopeAttributes, conditionRefs } from './condition';
export type { AttributeRef, AttributeOperand, ComparisonOp, Literal, Operand, RuleCondition, ScopeAttribute } from './condition';
export { ruleSchema, actionNameSchema, resourceKindSchema, actionKind } from './rule';
export type { Rule, RuleEffect, RuleReach } from './rule';
export type { Principal, PrincipalAssignment, PolicyResource, ScopeView } from './principal';
export { createRoleGraph } from './role-graph';
export type { RoleGraph, RoleNode } from './role-graph';
export type { Decision } from './decide';
export type { Explanation, RuleMatch, Via, WouldAllow, IgnoredAssignment, UnmetCondition } from './explain';
export type { GrantDecision } from './grants';
export { evaluateCondition, withinReach } from './evaluate';
export { describeCondition } from './describe';
export { filterToSql } from './filter-to-sql';
export type { FilterToSqlOptions, SqlFragment } from './filter-to-sql';
export { permissionMatrix } from './matrix';
export { scopeViewOf } from './principal';
