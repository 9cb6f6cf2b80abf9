/**
 * The policy engine: a {@link PolicyDefinition} (scoped roles with inheritance, rules as data, grants) compiled
 * into decisions that explain themselves, query plans, and the permission matrix. Pure: no I/O, no clock, no randomness.
 *
 * @module
 */
export { createPolicy } from './policy';
export { validatePolicyDefinition } from './definition';
export type { ActionDefinition, GrantPolicy, GrantRule, PolicyDefinition, RoleDefinition } from './definition';
export { relationRecords } from './relations';
export type { RelationDefinition } from './relations';
export type { Policy, PrincipalPolicy } from './policy';
export { defaultPrincipalCacheSize } from './policy-options';
export type { PolicyOptions } from './policy-options';
export { when, ruleConditionSchema, attributeRefSchema, scopeAttributes, conditionRefs, forEachComparison, type ComparisonCondition } from './condition';
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
export { permissionMatrix } from './matrix';
export type { PermissionMatrixOptions } from './matrix';
export { scopeViewOf } from './principal';
