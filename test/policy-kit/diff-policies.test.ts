// diffPolicies and expectNoNewAccess: changes show up with witnesses, and every witness is real (re-asked
// of both policies here, never taken on trust).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPolicy, extendProfile, profiles, when, type Policy, type Profile, type Rule } from 'polity';
import { describeChange, diffPolicies, expectNoNewAccess, formatPolicyDiff, NewAccessError, type PolicyDiff } from 'polity/testing';
import { inheritsArb, profileWith, ruleArb, rulesArb } from './random-policies';

/** Re-asks every witness: `a` and `b` must answer it differently, in the direction the change says. */
function expectRealWitnesses(diff: PolicyDiff, a: Profile, b: Profile): void {
  const before: Policy = createPolicy(a);
  const after: Policy = createPolicy(b);
  const ask = (policy: Policy, action: string, w: PolicyDiff['changes'][number]['witness']) => policy.hasAction(action) && policy.check(w.principal, action, w.resource);
  for (const change of diff.changes) {
    const was = ask(before, change.action, change.witness);
    const now = ask(after, change.action, change.witness);
    expect({ change: describeChange(change), was, now }).toEqual({ change: describeChange(change), was: change.change === 'lost', now: change.change === 'gained' });
  }
}

const oursUnitUsers: Rule = {
  id: 'ours-unit-users',
  source: 'OURS-1',
  effect: 'allow',
  roles: ['unit_coordinator'],
  actions: ['user.read_profile'],
  resource: 'user',
  when: when.eq('resource.role', 'user'),
};

describe('diffPolicies on e:Presence', () => {
  it('identical policies: no change, and nothing even needs comparing', () => {
    const diff = diffPolicies(profiles.ePresence, createPolicy(profiles.ePresence));
    expect(diff).toMatchObject({ changes: [], gained: [], lost: [], actionsCompared: [], questions: 0, truncated: false });
    expect(formatPolicyDiff(diff)).toBe('e-presence → e-presence: no change in 0 actions compared.');
  });

  it('identical policies compared question by question (exhaustive): still no change', () => {
    const diff = diffPolicies(profiles.ePresence, profiles.ePresence, { exhaustive: true });
    expect(diff.changes).toEqual([]);
    expect(diff.actionsCompared).toHaveLength(profiles.ePresence.actions.length);
    expect(diff.questions).toBeGreaterThan(1000);
  });

  it('OURS-1: an added allow shows up as gained, per role that reaches it, with a witness', () => {
    const ours = extendProfile(profiles.ePresence, { id: 'our-presence', rules: [oursUnitUsers] });
    const diff = diffPolicies(profiles.ePresence, ours);
    expect(diff.actionsCompared).toEqual(['user.read_profile']);
    expect(diff.lost).toEqual([]);
    expect(diff.gained.map((c) => c.roles)).toEqual([[{ role: 'unit_coordinator', scopeType: 'unit' }], [{ role: 'organisation_coordinator', scopeType: 'organisation' }]]);
    for (const change of diff.gained) {
      expect(change).toMatchObject({ action: 'user.read_profile', before: { outcome: 'not_permitted', rules: [] }, after: { outcome: 'allowed' } });
      expect(change.after.rules).toEqual([{ ruleId: 'ours-unit-users', source: 'OURS-1', condition: 'the user\'s role is "user"' }]);
      expect(change.witness.resource).toMatchObject({ kind: 'user', role: 'user', organisationId: 'org_1' });
      expect(change.witnesses).toBeGreaterThan(0);
    }
    expectRealWitnesses(diff, profiles.ePresence, ours);
    expect(formatPolicyDiff(diff)).toMatch(/^e-presence → our-presence: 2 gained, 0 lost \(\d+ questions\):\n- gained: unit_coordinator at unit may now user\.read_profile \(allowed by OURS-1 \(rule ours-unit-users, when the user's role is "user"\); before: not permitted\); witness: p_1 \[unit_coordinator at unit unit_1 of org_1\] on user \S+ \{/);
  });

  it('EP-5: a removed rule shows up as lost on every action it covered that nothing else allows', () => {
    const without = extendProfile(profiles.ePresence, { removeRules: ['ep-5-manage-own-meetings'] });
    const diff = diffPolicies(profiles.ePresence, without);
    expect(diff.gained).toEqual([]);
    expect(new Set(diff.lost.map((c) => c.action))).toEqual(new Set(['meeting.manage', 'meeting.invite']));
    for (const change of diff.lost) {
      expect(change.before.rules.map((r) => r.ruleId)).toEqual(['ep-5-manage-own-meetings']);
      expect(change.after.outcome).toBe('not_permitted');
      expect(change.witness.resource['organiserId']).toBe(change.witness.principal.id);
    }
    // meeting.read stays: EP-3 lets an organiser read their meeting anyway.
    expect(diff.lost.some((c) => c.action === 'meeting.read')).toBe(false);
    expectRealWitnesses(diff, profiles.ePresence, without);
  });

  it('OURS-3: an added forbid removes access, and expectNoNewAccess passes', () => {
    const stricter = extendProfile(profiles.ePresence, {
      rules: [{ id: 'no-org-level-meetings', source: 'OURS-3', effect: 'forbid', roles: ['unit_coordinator'], actions: ['meeting.manage'], resource: 'meeting', when: when.isNull('resource.unitId') }],
    });
    const diff = expectNoNewAccess(profiles.ePresence, stricter);
    expect(diff.gained).toEqual([]);
    expect(diff.lost.length).toBeGreaterThan(0);
    for (const change of diff.lost) {
      expect(change.after).toMatchObject({ outcome: 'forbidden', rules: [{ ruleId: 'no-org-level-meetings', source: 'OURS-3', condition: "the meeting's unitId is missing" }] });
      expect(change.witness.resource['unitId']).toBeUndefined();
    }
    expectRealWitnesses(diff, profiles.ePresence, stricter);
  });

  it('OURS-1: expectNoNewAccess fails on an added allow, listing each gain with its witness', () => {
    const ours = extendProfile(profiles.ePresence, { id: 'our-presence', rules: [oursUnitUsers] });
    expect(() => expectNoNewAccess(profiles.ePresence, ours)).toThrow(NewAccessError);
    expect(() => expectNoNewAccess(profiles.ePresence, ours)).toThrow(
      /^our-presence allows 2 things e-presence denied:\n {2}- gained: unit_coordinator at unit may now user\.read_profile .*witness: p_1 \[unit_coordinator at unit unit_1 of org_1\] on user \S+ \{.*"role":"user"/,
    );
    // The other way round, the same change is a loss, which passes.
    expect(expectNoNewAccess(ours, profiles.ePresence).lost).toHaveLength(2);
  });
});

describe('diffPolicies finds what needs more than one role or a shared value', () => {
  const reader = { name: 'reader', labels: { el: 'r', it: 'r', sl: 'r', fr: 'r', en: 'r' }, assignableAt: ['organisation' as const, 'unit' as const] };
  const auditor = { name: 'auditor', labels: { el: 'a', it: 'a', sl: 'a', fr: 'a', en: 'a' }, assignableAt: ['organisation' as const] };
  const base = extendProfile(profiles.megalis, {
    id: 'with-auditors',
    roles: [reader, auditor],
    rules: [
      { id: 'readers-read-recordings', source: 'X-1', effect: 'allow', roles: ['reader'], actions: ['recording.manage'], resource: 'recording' },
      { id: 'auditors-never-touch-recordings', source: 'X-2', effect: 'forbid', roles: ['auditor'], actions: ['recording.manage'], resource: 'recording' },
    ],
  });

  it('X-2: dropping a role-scoped forbid only matters to someone holding both roles, and the witness holds both', () => {
    const relaxed = extendProfile(base, { id: 'relaxed', removeRules: ['auditors-never-touch-recordings'] });
    const diff = diffPolicies(base, relaxed);
    expect(diff.gained.length).toBeGreaterThan(0);
    for (const change of diff.gained) {
      expect(change.roles.map((r) => r.role).sort()).toContain('auditor');
      expect(change.before.rules.map((r) => r.ruleId)).toEqual(['auditors-never-touch-recordings']);
    }
    expectRealWitnesses(diff, base, relaxed);
  });

  it('an inheritance change is compared on every action, and its witnesses are real', () => {
    const flat = extendProfile(profiles.megalis, {
      id: 'flat-concierge',
      roles: [{ ...profiles.megalis.roles.find((r) => r.name === 'concierge')!, inherits: [] }],
    });
    const diff = diffPolicies(profiles.megalis, flat);
    expect(diff.actionsCompared).toHaveLength(profiles.megalis.actions.length);
    expect(diff.gained).toEqual([]);
    expect(diff.lost.some((c) => c.action === 'user.create' && c.roles.some((r) => r.role === 'concierge'))).toBe(true);
    expectRealWitnesses(diff, profiles.megalis, flat);
  });

  it('MB-8: values compared with the scope (organiserOrganisationId) are tried from the candidate scopes', () => {
    const without = extendProfile(profiles.megalis, { removeRules: ['mb-8-book-for-licensed-colleague'] });
    const diff = diffPolicies(profiles.megalis, without);
    const lost = diff.lost.find((c) => c.roles.some((r) => r.role === 'delegated_organiser'));
    expect(lost?.witness.resource).toMatchObject({ organiserLicensed: true, organiserOrganisationId: 'org_1' });
    expectRealWitnesses(diff, profiles.megalis, without);
  });
});

describe('properties over random policies', () => {
  // Random conditions read many attributes at once, far more than real rules; a small budget keeps each
  // diff quick (and exercises the sampling) without weakening what is checked: every witness is real.
  const budget = { maxQuestionsPerAction: 800 };

  it('every witness is real, whatever the two policies', () => {
    fc.assert(
      fc.property(rulesArb, rulesArb, inheritsArb, (rulesA, rulesB, inherits) => {
        const a = profileWith(rulesA, inherits);
        const b = profileWith(rulesB.map((rule) => ({ ...rule, id: `b-${rule.id}` })), inherits);
        expectRealWitnesses(diffPolicies(a, b, budget), a, b);
      }),
      { numRuns: 40 },
    );
  });

  it('adding an allow rule never shows a loss, and expectNoNewAccess holds the other way round', () => {
    fc.assert(
      fc.property(rulesArb, ruleArb(99, 'added-'), inheritsArb, (rules, added, inherits) => {
        const a = profileWith(rules, inherits);
        const b = profileWith([...rules, { ...added, effect: 'allow' }], inherits);
        const diff = diffPolicies(a, b, budget);
        expect(diff.lost).toEqual([]);
        for (const change of diff.gained) expect(change.after.rules.map((r) => r.ruleId)).toContain('added-99');
        expectRealWitnesses(diff, a, b);
        expectNoNewAccess(b, a, budget);
      }),
      { numRuns: 40 },
    );
  });
});

describe('a rule changed in place', () => {
  it('EP-9: a condition edited under the same id gains some questions and loses others, as separate changes', () => {
    const edited = extendProfile(profiles.ePresence, {
      removeRules: ['ep-9-resend-activation'],
      rules: [{ ...profiles.ePresence.rules.find((r) => r.id === 'ep-9-resend-activation')!, when: when.eq('resource.emailConfirmed', true) }],
    });
    const diff = diffPolicies(profiles.ePresence, edited);
    expect(diff.actionsCompared).toEqual(['user.resend_activation']);
    const organisationCoordinator = (changes: PolicyDiff['changes']) => changes.filter((c) => c.roles.length === 1 && c.roles[0]!.role === 'organisation_coordinator');
    expect(organisationCoordinator(diff.gained)).toHaveLength(1);
    expect(organisationCoordinator(diff.lost)).toHaveLength(1);
    expect(organisationCoordinator(diff.gained)[0]!.witness.resource['emailConfirmed']).toBe(true);
    expect(organisationCoordinator(diff.lost)[0]!.witness.resource['emailConfirmed']).toBe(false);
    expectRealWitnesses(diff, profiles.ePresence, edited);
  });
});
