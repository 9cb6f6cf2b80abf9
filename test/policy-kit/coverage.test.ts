// Coverage on a hand-made profile, where every count can be worked out by hand.
import { describe, expect, it } from 'vitest';
import { defineProfile, profiles, when, type PolicyResource, type Principal, type Profile } from 'polity';
import { conditionBranches, expectFullCoverage, formatCoverage, PolicyCoverageError, trackCoverage } from 'polity/testing';

const labels = (en: string) => ({ el: en, it: en, sl: en, fr: en, en });

const docs: Profile = defineProfile({
  id: 'docs',
  name: 'Docs',
  defaultLanguage: 'en',
  roles: [
    { name: 'reader', labels: labels('Reader'), assignableAt: ['organisation'] },
    { name: 'editor', labels: labels('Editor'), inherits: ['reader'], assignableAt: ['platform', 'organisation'] },
  ],
  actions: [
    { name: 'doc.read', description: 'read a document' },
    { name: 'doc.edit', description: 'edit a document' },
    { name: 'doc.purge', description: 'purge a document' },
  ],
  platformAdminRole: 'editor',
  rules: [
    { id: 'read-published-or-own', source: 'D-1', effect: 'allow', roles: ['reader'], actions: ['doc.read'], resource: 'doc', when: when.or(when.eq('resource.status', 'published'), when.eq('resource.ownerId', when.ref('principal.id'))) },
    { id: 'edit-own-drafts', source: 'D-2', effect: 'allow', roles: ['editor'], actions: ['doc.edit'], resource: 'doc', when: when.and(when.eq('resource.ownerId', when.ref('principal.id')), when.ne('resource.status', 'published')) },
    { id: 'never-edit-locked', source: 'D-3', effect: 'forbid', roles: '*', actions: ['doc.edit'], resource: 'doc', when: when.not(when.or(when.eq('resource.locked', false), when.isNull('resource.ownerId'))) },
    { id: 'purge-nothing', source: 'D-4', effect: 'allow', roles: ['editor'], actions: ['doc.purge'], resource: 'doc', when: when.in('resource.status', []) },
    { id: 'edit-anything', source: 'D-5', effect: 'allow', roles: ['editor'], actions: ['doc.edit'], resource: 'doc', when: when.and() },
  ],
  grants: { allowEqualLevel: false, rules: [] },
  limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 300, durationExemptRoles: [] },
  accounts: { deactivationBlocksSignIn: true, genericMailboxes: 'forbidden' },
  workflows: {},
});

const editor: Principal = { id: 'e1', assignments: [{ role: 'editor', scopeType: 'organisation', organisationId: 'o1', status: 'active' }] };
const reader: Principal = { id: 'r1', assignments: [{ role: 'reader', scopeType: 'organisation', organisationId: 'o1', status: 'active' }] };
const doc = (fields: Record<string, unknown>): PolicyResource => ({ kind: 'doc', organisationId: 'o1', ...fields });

describe('conditionBranches', () => {
  it('lists every node root first, folding the node under a `not` into the `not`', () => {
    const rule = (id: string) => docs.rules.find((r) => r.id === id)!;
    expect(conditionBranches(rule('edit-own-drafts')).map((b) => [b.path, b.condition])).toEqual([
      ['when', 'the doc\'s ownerId is them and the doc\'s status is not "published"'],
      ['when.all.0', "the doc's ownerId is them"],
      ['when.all.1', 'the doc\'s status is not "published"'],
    ]);
    // not(or(a, b)): the `or` is the `not` flipped, so only its parts are listed besides the root.
    expect(conditionBranches(rule('never-edit-locked')).map((b) => b.path)).toEqual(['when', 'when.condition.any.0', 'when.condition.any.1']);
    expect(conditionBranches(docs.rules.find((r) => r.id === 'edit-anything')!)).toEqual([{ path: 'when', condition: 'always', canBeTrue: true, canBeFalse: false }]);
    expect(conditionBranches(rule('purge-nothing'))[0]).toMatchObject({ canBeTrue: false, canBeFalse: true });
  });
});

describe('trackCoverage', () => {
  it('counts matches, near misses and branch outcomes, following the engine’s short-circuits', () => {
    const policy = trackCoverage(docs);
    expect(policy.check(reader, 'doc.read', doc({ status: 'published' }))).toBe(true); // any.0 true: any.1 not evaluated
    expect(policy.check(reader, 'doc.read', doc({ status: 'draft', ownerId: 'x' }))).toBe(false); // both false
    const report = policy.report();
    expect(report.questions).toBe(2);
    expect(report.rules.find((r) => r.ruleId === 'read-published-or-own')).toMatchObject({ matched: 1, nearMisses: 1, covered: true, canMatch: true });
    expect(report.branches.filter((b) => b.ruleId === 'read-published-or-own').map((b) => [b.path, b.whenTrue, b.whenFalse])).toEqual([
      ['when', 1, 1],
      ['when.any.0', 1, 1],
      ['when.any.1', 0, 1],
    ]);
    expect(report.uncovered.branches.filter((g) => g.ruleId === 'read-published-or-own')).toEqual([
      { ruleId: 'read-published-or-own', source: 'D-1', path: 'when.any.1', condition: "the doc's ownerId is them", outcome: true },
    ]);
  });

  it('leaves impossible outcomes out of the totals but names a rule that can never match', () => {
    const policy = trackCoverage(docs);
    policy.check(editor, 'doc.purge', doc({ status: 'x' }));
    const report = policy.report();
    const purge = report.rules.find((r) => r.ruleId === 'purge-nothing')!;
    expect(purge).toMatchObject({ canMatch: false, covered: false, nearMisses: 1 });
    expect(report.uncovered.branches.some((g) => g.ruleId === 'purge-nothing')).toBe(false);
    expect(report.uncovered.branches.some((g) => g.ruleId === 'edit-anything' && !g.outcome)).toBe(false);
    // Outcomes that can happen: 3 + 3 (D-1) + 3 + 3 (D-2) + 3 + 3 (D-3) + 1 (D-4 false) + 1 (D-5 true).
    expect(report.totals.branches.total).toBe(20);
    expect(formatCoverage(report, { format: 'text' })).toContain('rule purge-nothing (D-4, allow doc.purge) can never match (its condition is never true)');
  });

  it('records through forPrincipal, checker, decide, explain and assert; not plan, not grants, not undeclared actions', () => {
    const policy = trackCoverage(docs);
    const bound = policy.forPrincipal(editor);
    expect(policy.forPrincipal(editor)).toBe(bound);
    bound.checker('doc.edit')(doc({ ownerId: 'e1', status: 'draft', locked: false }));
    bound.check('doc.edit', doc({ ownerId: 'e1', status: 'published', locked: false }));
    policy.decide(editor, 'doc.edit', doc({ ownerId: 'e1', locked: true }));
    policy.explain(reader, 'doc.read', doc({ ownerId: 'r1', status: 'draft' }));
    expect(() => policy.assert(reader, 'doc.edit', doc({ ownerId: 'r1' }))).toThrow(/not allowed to doc\.edit/);
    policy.plan(editor, 'doc.edit', 'doc');
    policy.canGrant(editor, 'reader', { type: 'organisation', organisationId: 'o1' });
    expect(() => policy.check(editor, 'doc.shred', doc({}))).toThrow(/unknown action doc\.shred/);
    const report = policy.report();
    expect(report.questions).toBe(5);
    const rule = (id: string) => report.rules.find((r) => r.ruleId === id)!;
    // The locked draft has no status: "not published" holds, so D-2 matches (and D-3 forbids).
    expect(rule('edit-own-drafts')).toMatchObject({ matched: 2, nearMisses: 1 });
    expect(rule('never-edit-locked')).toMatchObject({ matched: 2, nearMisses: 2 });
    expect(rule('read-published-or-own').matched).toBe(1);
    expect(report.mismatches).toEqual([]);
    policy.reset();
    expect(policy.report()).toMatchObject({ questions: 0, totals: { rules: { covered: 0, total: 5, percent: 0 } } });
  });

  it('wraps a tracker again, recording in both, and keeps the answers of the policy it wraps', () => {
    const inner = trackCoverage(profiles.ePresence);
    const outer = trackCoverage(inner);
    const uc: Principal = { id: 'uc1', assignments: [{ role: 'unit_coordinator', scopeType: 'unit', organisationId: 'org_1', unitId: 'u_2', status: 'active' }] };
    const own: PolicyResource = { kind: 'meeting', id: 'm_1', organisationId: 'org_1', unitId: 'u_2', organiserId: 'uc1' };
    expect(outer.check(uc, 'meeting.manage', own)).toBe(true);
    expect(outer.tracked).toBe(inner);
    expect(outer.definition).toBe(profiles.ePresence);
    expect(outer.report().questions).toBe(1);
    expect(inner.report().questions).toBe(1);
  });
});

describe('expectFullCoverage', () => {
  it('passes once every rule matched and every possible branch outcome was seen, ignoring what it is told to', () => {
    const policy = trackCoverage(docs);
    policy.check(reader, 'doc.read', doc({ status: 'published' }));
    policy.check(reader, 'doc.read', doc({ status: 'draft', ownerId: 'r1' }));
    policy.check(reader, 'doc.read', doc({ status: 'draft', ownerId: 'x' }));
    policy.check(editor, 'doc.edit', doc({ ownerId: 'e1', status: 'draft', locked: false }));
    policy.check(editor, 'doc.edit', doc({ ownerId: 'x', status: 'draft', locked: true }));
    policy.check(editor, 'doc.edit', doc({ ownerId: 'e1', status: 'published' }));
    policy.check(editor, 'doc.edit', doc({ locked: true }));
    policy.check(editor, 'doc.purge', doc({ status: 'draft' }));
    expect(() => expectFullCoverage(policy.report(), { ignore: ['D-4'] })).not.toThrow();
    expect(() => expectFullCoverage(policy.report())).toThrow(PolicyCoverageError);
    expect(() => expectFullCoverage(policy.report())).toThrow(/policy coverage of docs is incomplete \(1 gap\):\n {2}- rule purge-nothing \(D-4, allow doc\.purge\) can never match/);
  });

  it('lists rule gaps and branch gaps, without repeating "never true" for a rule that never matched', () => {
    const policy = trackCoverage(docs);
    policy.check(reader, 'doc.read', doc({ status: 'draft', ownerId: 'x' }));
    let error: PolicyCoverageError | undefined;
    try {
      expectFullCoverage(policy.report(), { ignore: ['purge-nothing', 'never-edit-locked', 'edit-own-drafts', 'edit-anything'] });
    } catch (caught) {
      error = caught as PolicyCoverageError;
    }
    expect(error?.gaps).toEqual([
      'rule read-published-or-own (D-1, allow doc.read) never matched (1 near miss)',
      'rule read-published-or-own (D-1) at when.any.0: the doc\'s status is "published", never true',
      "rule read-published-or-own (D-1) at when.any.1: the doc's ownerId is them, never true",
    ]);
    expect(() => expectFullCoverage(policy.report(), { ignore: ['D-2', 'D-3', 'D-4', 'D-5', 'D-1'] })).not.toThrow();
    expect(() => expectFullCoverage(trackCoverage(docs).report(), { branches: false, ignore: ['D-2', 'D-3', 'D-4', 'D-5'] })).toThrow(/read-published-or-own/);
  });
});
