/**
 * The one judgement behind the matchers and the declarative fixtures: does the policy give the expected
 * answer, by the expected rule, and if not, what does it say instead.
 *
 * @module
 */
import type { Explanation, Policy, PolicyResource, Principal, RuleMatch } from 'polity';
import { principalWords, resourceWords } from './question-words';

/**
 * The expected answer: allowed or denied. `by`, a source (`EP-5`) or a rule id, must be among the allowing
 * rules (when allowed) or the forbidding ones (when denied: so a mere "not permitted" does not do).
 */
export interface ExpectedDecision {
  readonly allow: boolean;
  readonly by?: string;
}

/** The verdict on one question. */
export interface Assessment {
  readonly pass: boolean;
  readonly explanation: Explanation;
  /** The failure message; `negated` words it for `.not` (which fails when `pass` is true). */
  message(negated?: boolean): string;
}

/** Whether a match is the expected rule, named by its source or its id. */
function named(match: RuleMatch, by: string): boolean {
  return match.source === by || match.ruleId === by;
}

function rulesWords(matches: readonly RuleMatch[]): string {
  const seen = new Set<string>();
  for (const m of matches) seen.add(`${m.source} (rule ${m.ruleId})`);
  return [...seen].join(', ');
}

function actualWords(explanation: Explanation): string {
  switch (explanation.outcome) {
    case 'allowed':
      return `it is allowed by ${rulesWords(explanation.allowedBy)}`;
    case 'forbidden':
      return `it is forbidden by ${rulesWords(explanation.forbiddenBy)}`;
    default:
      return 'it is not permitted (no allow rule matched)';
  }
}

/**
 * Asks the policy (`check` for the answer, `explain` for the rules) and judges the answer.
 *
 * @throws Error when `check` and `explain` disagree: an engine bug, never a test verdict, so it fails even
 *   under `.not`.
 * @throws {@link polity!PolityError} `invalid_input` for an action the profile does not declare.
 */
export function assessDecision(policy: Policy, principal: Principal, action: string, resource: PolicyResource, expected: ExpectedDecision): Assessment {
  const allowed = policy.check(principal, action, resource);
  const explanation = policy.explain(principal, action, resource);
  if (explanation.allowed !== allowed) {
    throw new Error(`polity: check says ${allowed} but explain says ${explanation.allowed} for ${principalWords(principal)} ${action} on ${resourceWords(resource)}: ${explanation.summary}`);
  }
  const by = expected.by;
  let pass: boolean;
  if (expected.allow) pass = allowed && (by === undefined || explanation.allowedBy.some((m) => named(m, by)));
  else pass = by === undefined ? !allowed : explanation.outcome === 'forbidden' && explanation.forbiddenBy.some((m) => named(m, by));

  const question = `${principalWords(principal)} ${action} on ${resourceWords(resource)}`;
  const verb = expected.allow ? 'allow' : by === undefined ? 'deny' : 'forbid';
  const rule = by === undefined ? '' : ` by ${by}`;
  return {
    pass,
    explanation,
    message: (negated = false) => {
      const wanted = `expected ${policy.definition.id} ${negated ? 'not ' : ''}to ${verb} ${question}${rule}`;
      // Under `.not` the matcher fails only when the expectation held, so say that it did.
      const actual = negated ? actualWords(explanation) : actualWords(explanation) + (explanation.outcome === (expected.allow ? 'allowed' : 'forbidden') && by !== undefined ? `, not ${by}` : '');
      return `${wanted}, but ${actual}.\n${explanation.summary}`;
    },
  };
}
