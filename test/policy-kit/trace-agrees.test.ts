// The kit's coverage rests on its own evaluator of rule conditions (the engine exposes no per-branch
// trace). These properties hold it to the engine: per node, per rule, per decision.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPolicy, evaluateCondition, type Principal, type RuleCondition, type ScopeView } from 'polity';
import { traceCondition, traceDecision, trackCoverage } from 'polity/testing';
import { actions, anyValue, conditionArb, principalArb, profileArb, resourceArb } from './random-policies';

const scopeArb: fc.Arbitrary<ScopeView | null> = fc.option(
  fc.record({
    type: fc.constantFrom('platform' as const, 'organisation' as const, 'unit' as const, 'product' as const),
    organisationId: fc.constantFrom<string | null>('o1', 'o2', null),
    unitId: fc.constantFrom<string | null>('u1', null),
    productId: fc.constantFrom<string | null>('p1', null),
    role: fc.constantFrom('ra', 'rb'),
  }),
  { nil: null },
);

/** The node at a trace path (`when.all.0.condition` …). */
function nodeAt(root: RuleCondition, path: string): RuleCondition {
  const parts = path.split('.').slice(1);
  let node: unknown = root;
  for (const part of parts) node = (node as Record<string, unknown>)[part];
  return node as RuleCondition;
}

describe('the kit-side evaluator agrees with the engine', () => {
  it('every node it records has the outcome evaluateCondition gives that node', () => {
    fc.assert(
      fc.property(conditionArb(true), principalArb, scopeArb, fc.dictionary(fc.constantFrom('ownerId', 'status', 'level', 'flag', 'organisationId', 'unitId'), anyValue), (condition, principal, scope, fields) => {
        const resource = { kind: 'doc', organisationId: null, ...fields };
        const recorded: [string, boolean][] = [];
        const outcome = traceCondition(condition, { principal, scope, resource }, (path, value) => recorded.push([path, value]));
        expect(outcome).toBe(evaluateCondition(condition, principal, scope, resource));
        expect(recorded.at(-1)).toEqual(['when', outcome]);
        for (const [path, value] of recorded) expect(value, path).toBe(evaluateCondition(nodeAt(condition, path), principal, scope, resource));
      }),
      { numRuns: 1500 },
    );
  });

  it('decisions: same answer as check, same outcome and the same matching rules as explain', () => {
    fc.assert(
      fc.property(profileArb, fc.array(principalArb, { minLength: 1, maxLength: 3 }), fc.array(resourceArb, { minLength: 1, maxLength: 6 }), (profile, principals, resources) => {
        const policy = createPolicy(profile);
        for (const principal of principals as Principal[]) {
          for (const action of actions) {
            for (const resource of resources) {
              const trace = traceDecision(policy, principal, action, resource);
              const explanation = policy.explain(principal, action, resource);
              expect(trace.allowed).toBe(policy.check(principal, action, resource));
              expect(trace.outcome).toBe(explanation.outcome);
              const traced = new Set(trace.evaluations.filter((e) => e.matched).map((e) => `${e.effect}:${e.ruleId}`));
              const explained = new Set([...explanation.allowedBy, ...explanation.forbiddenBy].map((m) => `${m.effect}:${m.ruleId}`));
              expect(traced).toEqual(explained);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a coverage tracker never disagrees with the engine it wraps, through every entry point', () => {
    fc.assert(
      fc.property(profileArb, principalArb, fc.array(resourceArb, { minLength: 1, maxLength: 4 }), (profile, principal, resources) => {
        const tracked = trackCoverage(profile);
        const bound = tracked.forPrincipal(principal);
        for (const resource of resources) {
          tracked.check(principal, 'doc.read', resource);
          tracked.decide(principal, 'doc.edit', resource);
          bound.checker('doc.read')(resource);
          bound.explain('doc.edit', resource);
        }
        const report = tracked.report();
        expect(report.mismatches).toEqual([]);
        expect(report.questions).toBe(resources.length * 4);
      }),
      { numRuns: 200 },
    );
  });
});
