/**
 * The branches of a rule's condition that coverage reports: every node of the tree, each with a true and a
 * false outcome, except the node directly under a `not` (its outcomes are the `not`'s, flipped, so
 * reporting both would name every gap twice).
 *
 * @module
 */
import { describeCondition, type Rule, type RuleCondition } from 'polity';

/** One reported node of a rule's condition. */
export interface ConditionBranch {
  /** From the rule: `when`, `when.all.0`, `when.any.1` … */
  readonly path: string;
  /** The node in words, as explanations print conditions: `the meeting's organiserId is them`. */
  readonly condition: string;
  /** Whether any data can make it true (`or` of nothing, `in` an empty list cannot). */
  readonly canBeTrue: boolean;
  /** Whether any data can make it false (`and` of nothing cannot). */
  readonly canBeFalse: boolean;
}

interface Possible {
  readonly t: boolean;
  readonly f: boolean;
}

/** Which outcomes a node can have. Leaves can have both, save `in` of an empty literal list. */
function possible(node: RuleCondition): Possible {
  switch (node.op) {
    case 'and': {
      const parts = node.all.map(possible);
      return { t: parts.every((p) => p.t), f: parts.some((p) => p.f) };
    }
    case 'or': {
      const parts = node.any.map(possible);
      return { t: parts.some((p) => p.t), f: parts.every((p) => p.f) };
    }
    case 'not': {
      const inner = possible(node.condition);
      return { t: inner.f, f: inner.t };
    }
    case 'in':
      return Array.isArray(node.values) && node.values.length === 0 ? { t: false, f: true } : { t: true, f: true };
    default:
      return { t: true, f: true };
  }
}

/**
 * The branches of a rule's condition, root first, in the order the engine evaluates them. A rule without a
 * condition has none.
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 * import { conditionBranches } from 'polity/testing';
 *
 * const join = profiles.ePresence.rules.find((r) => r.id === 'ep-3-join-own-or-invited')!;
 * conditionBranches(join).map((b) => b.path); // ['when', 'when.any.0', 'when.any.1']
 * ```
 */
export function conditionBranches(rule: Rule): ConditionBranch[] {
  const out: ConditionBranch[] = [];
  const visit = (node: RuleCondition, path: string, reported: boolean): void => {
    if (reported) {
      const can = possible(node);
      out.push({ path, condition: describeCondition(node, rule.resource), canBeTrue: can.t, canBeFalse: can.f });
    }
    switch (node.op) {
      case 'and':
        node.all.forEach((part, i) => visit(part, `${path}.all.${i}`, true));
        return;
      case 'or':
        node.any.forEach((part, i) => visit(part, `${path}.any.${i}`, true));
        return;
      case 'not':
        visit(node.condition, `${path}.condition`, false);
        return;
      default:
        return;
    }
  };
  if (rule.when !== undefined) visit(rule.when, 'when', true);
  return out;
}
