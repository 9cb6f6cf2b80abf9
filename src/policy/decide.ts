/**
 * Decisions: the result-returning answer to "may this principal do this?", with the rule that decided.
 * Deny by default; a matching forbid beats every allow; the answer never depends on rule order.
 *
 * @module
 */
import type { Explanation, RuleMatch, Via, WouldAllow } from './explain';

/**
 * A decision. Allowed: the deciding rule's `source` (a direct role's rule first, then the lowest source in
 * natural order), every matching source, and the role and scope it came through. Denied: the forbidding
 * rule, if a forbid matched, else who would have been allowed.
 */
export type Decision =
  | {
      readonly allowed: true;
      readonly source: string;
      readonly sources: readonly string[];
      readonly ruleId: string;
      readonly via: Via;
    }
  | {
      readonly allowed: false;
      readonly forbiddenBy?: RuleMatch;
      readonly wouldAllow: readonly WouldAllow[];
    };

/** The decision an explanation supports. */
export function decisionOf(explanation: Explanation): Decision {
  if (explanation.allowed) {
    const first = explanation.allowedBy[0]!;
    return { allowed: true, source: first.source, sources: explanation.sources, ruleId: first.ruleId, via: first.via };
  }
  const forbiddenBy = explanation.forbiddenBy[0];
  return forbiddenBy === undefined ? { allowed: false, wouldAllow: explanation.wouldAllow } : { allowed: false, forbiddenBy, wouldAllow: [] };
}
