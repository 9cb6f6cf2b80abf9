/**
 * The policy testing kit: declarative fixtures, matchers, coverage per rule ID and condition branch, and
 * policy diffs with witnesses. Re-exported by `polity/testing`.
 *
 * @module
 */
export { policyOf } from './subject';
export type { PolicySubject } from './subject';
export { describePolicy, expectationTitle } from './describe-policy';
export type { PolicyExpectation, PolicyExpectationBase, PolicyFixtures, PolicySuite } from './describe-policy';
export { installPolicyMatchers, policyMatchers } from './matchers';
export type { AcceptsPolicyMatchers, PolicyMatcher, PolicyMatcherResult, PolicyMatchers } from './matchers';
export { trackCoverage } from './coverage';
export type { BranchCoverage, BranchGap, CoveragePolicy, CoverageRecorder, CoverageReport, CoverageTotal, RuleCoverage } from './coverage';
export { conditionBranches } from './condition-branches';
export type { ConditionBranch } from './condition-branches';
export { formatCoverage } from './format-coverage';
export type { FormatCoverageOptions } from './format-coverage';
export { expectFullCoverage, PolicyCoverageError } from './expect-full-coverage';
export type { ExpectFullCoverageOptions } from './expect-full-coverage';
export { traceCondition } from './condition-trace';
export type { BranchRecorder } from './condition-trace';
export { traceDecision } from './trace-decision';
export type { BranchOutcome, DecisionTrace, RuleEvaluation } from './trace-decision';
export { diffPolicies, describeChange, formatPolicyDiff } from './diff-policies';
export type { DecidingRule, DiffPoliciesOptions, DiffSide, HeldRole, PolicyChange, PolicyDiff } from './diff-policies';
export { expectNoNewAccess, NewAccessError } from './expect-no-new-access';
