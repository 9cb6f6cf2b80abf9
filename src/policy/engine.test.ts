import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../domain/filter';
import { isPolityError, PolityError } from '../errors';
import { defineProfile, extendProfile } from '../profiles/profile';
import { ePresence } from '../profiles/e-presence';
import { at, who } from '../profiles/rule-cases.testkit';
import { when } from './condition';
import { describeCondition } from './describe';
import { createPolicy } from './policy';
import type { Rule } from './rule';
import { createRoleGraph } from './role-graph';
import { role, testProfile } from './test-profile.testkit';

function invalidInput(fn: () => unknown): PolityError<'invalid_input'> {
  try {
    fn();
  } catch (error) {
    if (isPolityError(error, 'invalid_input')) return error;
    throw error;
  }
  throw new Error('expected an invalid_input error');
}

const allow = (id: string, roles: Rule['roles'], actions: readonly string[], extra: Partial<Rule> = {}): Rule => ({
  id,
  source: `T-${id}`,
  effect: 'allow',
  roles,
  actions,
  resource: actions[0]!.split('.')[0]!,
  ...extra,
});
const forbid = (id: string, roles: Rule['roles'], actions: readonly string[], extra: Partial<Rule> = {}): Rule => ({
  ...allow(id, roles, actions, extra),
  effect: 'forbid',
});

const doc = (organisationId: string | null, extra: Record<string, unknown> = {}) => ({ kind: 'doc', id: 'd1', organisationId, ...extra });

describe('building a policy', () => {
  it('refuses a role-inheritance cycle, naming it', () => {
    const error = invalidInput(() => createPolicy(testProfile({ roles: [role('a', ['c']), role('b', ['a']), role('c', ['b'])] })));
    expect(error.message).toMatch(/cycle: a → c → b → a/);
    expect(error.details?.issues[0]).toMatchObject({ code: 'role_cycle' });
  });

  it('refuses a role that inherits an unknown role', () => {
    const error = invalidInput(() => createRoleGraph([{ name: 'a', inherits: ['ghost'] }]));
    expect(error.message).toBe('role a inherits unknown role ghost');
  });

  it('refuses a rule naming an unknown role, naming the rule', () => {
    const error = invalidInput(() => createPolicy(testProfile({ rules: [allow('r1', ['ghost'], ['doc.read'])] })));
    expect(error.message).toContain('rule r1 names unknown role ghost');
    expect(error.details?.issues).toContainEqual({ path: 'rules.0.roles.0', message: 'rule r1 names unknown role ghost', code: 'unknown_role' });
  });

  it('refuses a rule naming an unknown action', () => {
    const error = invalidInput(() => createPolicy(testProfile({ rules: [allow('r1', ['reader'], ['doc.frobnicate'])] })));
    expect(error.message).toContain('rule r1 names unknown action doc.frobnicate');
  });

  it('refuses two rules with one id', () => {
    const error = invalidInput(() => createPolicy(testProfile({ rules: [allow('r1', ['reader'], ['doc.read']), allow('r1', ['editor'], ['doc.edit'])] })));
    expect(error.details?.issues).toContainEqual(expect.objectContaining({ path: 'rules.1.id', code: 'duplicate_rule' }));
  });

  it('refuses an action that does not act on the rule’s resource kind', () => {
    const error = invalidInput(() => createPolicy(testProfile({ rules: [{ ...allow('r1', ['reader'], ['doc.read']), resource: 'meeting' }] })));
    expect(error.details?.issues).toContainEqual(expect.objectContaining({ code: 'action_kind_mismatch' }));
  });

  it('refuses a rule for anyone that reads scope.* or sets a reach', () => {
    expect(invalidInput(() => createPolicy(testProfile({ rules: [allow('r1', '*', ['doc.read'], { when: when.eq('scope.organisationId', 'o1') })] }))).message).toMatch(/no scope/);
    expect(invalidInput(() => createPolicy(testProfile({ rules: [allow('r1', '*', ['doc.read'], { reach: 'organisation' })] }))).message).toMatch(/no reach/);
  });

  it('refuses an "in" whose list comes from the resource (it could not become a query plan)', () => {
    const rule = allow('r1', ['reader'], ['doc.read'], { when: when.in('principal.id', when.ref('resource.editorIds')) });
    expect(invalidInput(() => createPolicy(testProfile({ rules: [rule] }))).message).toMatch(/never from the resource/);
  });

  it('refuses a function, or any unknown key, in a rule (rules are data)', () => {
    const rule = { ...allow('r1', ['reader'], ['doc.read']), when: (() => true) as never };
    invalidInput(() => createPolicy(testProfile({ rules: [rule] })));
    invalidInput(() => createPolicy(testProfile({ rules: [{ ...allow('r1', ['reader'], ['doc.read']), roels: ['x'] } as Rule] })));
  });

  it('refuses a grant rule that escalates, unless equal-level grants are on', () => {
    const grants = { allowEqualLevel: false, rules: [{ id: 'g1', source: 'T', granter: 'editor', roles: ['editor'] }] };
    expect(invalidInput(() => createPolicy(testProfile({ grants }))).message).toMatch(/at or above it \(equal-level grants are off\)/);
    expect(() => createPolicy(testProfile({ grants: { ...grants, allowEqualLevel: true } }))).not.toThrow();
    const up = { allowEqualLevel: true, rules: [{ id: 'g1', source: 'T', granter: 'editor', roles: ['admin'] }] };
    expect(invalidInput(() => createPolicy(testProfile({ grants: up }))).details?.issues[0]).toMatchObject({ code: 'escalation' });
  });

  it('refuses labels missing a language and a platform admin role not assignable at platform scope', () => {
    const base = testProfile({});
    const noGreek = { ...base, roles: base.roles.map((r) => ({ ...r, labels: { ...r.labels, el: undefined } })) } as never;
    invalidInput(() => defineProfile(noGreek));
    const orgOnly = { ...base, roles: base.roles.map((r) => ({ ...r, assignableAt: ['organisation' as const] })) };
    expect(invalidInput(() => defineProfile(orgOnly)).message).toMatch(/not assignable at platform scope/);
  });

  it('accepts a profile that went through JSON (rules are plain data)', () => {
    const copy = JSON.parse(JSON.stringify(ePresence));
    const policy = createPolicy(copy);
    expect(policy.definition.rules).toEqual(ePresence.rules);
  });

  it('refuses an unknown action at check, explain and plan time', () => {
    const policy = createPolicy(testProfile({}));
    const p = who('a');
    for (const call of [() => policy.check(p, 'doc.nope', doc('o1')), () => policy.explain(p, 'doc.nope', doc('o1')), () => policy.plan(p, 'doc.nope', 'doc')]) {
      expect(invalidInput(call).details?.issues[0]).toMatchObject({ code: 'unknown_action' });
    }
  });
});

describe('decisions', () => {
  const rules = [
    allow('read', ['reader'], ['doc.read']),
    allow('edit-own', ['editor'], ['doc.edit'], { when: when.eq('resource.ownerId', when.ref('principal.id')) }),
    allow('admin-delete', ['admin'], ['doc.delete']),
    forbid('no-delete-locked', '*', ['doc.delete'], { when: when.eq('resource.locked', true) }),
  ];
  const policy = createPolicy(testProfile({ rules }));

  it('denies by default', () => {
    const nobody = who('n');
    expect(policy.check(nobody, 'doc.read', doc('o1'))).toBe(false);
    const explanation = policy.explain(nobody, 'doc.read', doc('o1'));
    expect(explanation).toMatchObject({ allowed: false, outcome: 'not_permitted', sources: [], allowedBy: [], forbiddenBy: [] });
    expect(explanation.wouldAllow.map((w) => [w.role, w.scope])).toEqual([['reader', { type: 'organisation', organisationId: 'o1' }]]);
  });

  it('applies an assignment to everything inside its scope: platform ⊃ organisation ⊃ unit, product inside organisation', () => {
    const inUnit = doc('o1', { unitId: 'u1' });
    const inProduct = doc('o1', { productId: 'p1' });
    const platformDoc = doc(null);
    const cases = [
      [who('pl', [at.platform('reader')]), [true, true, true, true]],
      [who('or', [at.organisation('reader', 'o1')]), [true, true, true, false]],
      [who('un', [at.unit('reader', 'o1', 'u1')]), [false, true, false, false]],
      [who('pr', [at.product('reader', 'o1', 'p1')]), [false, false, true, false]],
    ] as const;
    for (const [principal, expected] of cases) {
      expect([doc('o1'), inUnit, inProduct, platformDoc].map((d) => policy.check(principal, 'doc.read', d))).toEqual(expected);
    }
  });

  it('grants nothing through invited, suspended or removed assignments, unknown roles or malformed scopes, and says so', () => {
    const principal = who('x', [
      at.organisation('reader', 'o1', 'invited'),
      at.organisation('reader', 'o1', 'suspended'),
      at.organisation('reader', 'o1', 'removed'),
      at.organisation('ghost', 'o1'),
      { role: 'reader', scopeType: 'organisation', organisationId: null, status: 'active' },
    ]);
    expect(policy.check(principal, 'doc.read', doc('o1'))).toBe(false);
    expect(policy.explain(principal, 'doc.read', doc('o1')).ignored.map((i) => i.reason)).toEqual([
      'not_active',
      'not_active',
      'not_active',
      'unknown_role',
      'malformed_scope',
    ]);
  });

  it('lets a role do what the roles it inherits do, and says through which', () => {
    const admin = who('ad', [at.organisation('admin', 'o1')]);
    expect(policy.decide(admin, 'doc.read', doc('o1', { unitId: 'u2' }))).toMatchObject({
      allowed: true,
      source: 'T-read',
      via: { role: 'admin', asRole: 'reader', text: 'admin of organisation o1, which contains unit u2, with the powers of reader' },
    });
  });

  it('lets a forbid beat every allow', () => {
    const admin = who('ad', [at.platform('admin')]);
    expect(policy.check(admin, 'doc.delete', doc('o1', { locked: false }))).toBe(true);
    const decision = policy.decide(admin, 'doc.delete', doc('o1', { locked: true }));
    expect(decision).toMatchObject({ allowed: false, forbiddenBy: { ruleId: 'no-delete-locked', source: 'T-no-delete-locked' } });
    const explanation = policy.explain(admin, 'doc.delete', doc('o1', { locked: true }));
    expect(explanation.outcome).toBe('forbidden');
    expect(explanation.sources).toEqual(['T-admin-delete', 'T-no-delete-locked']);
  });

  it('applies a role-scoped forbid only where the role is held', () => {
    const p = createPolicy(testProfile({ rules: [allow('read', ['reader'], ['doc.read']), forbid('no', ['editor'], ['doc.read'])] }));
    const both = who('b', [at.platform('reader'), at.organisation('editor', 'o2')]);
    expect(p.check(both, 'doc.read', doc('o1'))).toBe(true);
    expect(p.check(both, 'doc.read', doc('o2'))).toBe(false);
  });

  it('reaches across the organisation or anywhere when a rule says so', () => {
    const p = createPolicy(
      testProfile({
        rules: [
          allow('org-wide', ['reader'], ['doc.read'], { reach: 'organisation' }),
          allow('anywhere', ['editor'], ['doc.edit'], { reach: 'anywhere', when: when.eq('resource.ownerId', when.ref('principal.id')) }),
        ],
      }),
    );
    const productReader = who('r', [at.product('reader', 'o1', 'p1')]);
    expect(p.check(productReader, 'doc.read', doc('o1', { productId: 'p2' }))).toBe(true);
    expect(p.check(productReader, 'doc.read', doc('o2', { productId: 'p1' }))).toBe(false);
    expect(p.explain(productReader, 'doc.read', doc('o1', { productId: 'p2' })).allowedBy[0]?.via.text).toBe(
      'reader on product p1 of organisation o1, reaching all of organisation o1',
    );
    const unitEditor = who('e', [at.unit('editor', 'o1', 'u1')]);
    expect(p.check(unitEditor, 'doc.edit', doc('o9', { ownerId: 'e' }))).toBe(true);
    expect(p.check(unitEditor, 'doc.edit', doc('o9', { ownerId: 'x' }))).toBe(false);
  });

  it('denies a resource of another kind than the action acts on', () => {
    const reader = who('r', [at.platform('reader')]);
    expect(policy.check(reader, 'doc.read', { kind: 'meeting', organisationId: 'o1' })).toBe(false);
    expect(policy.explain(reader, 'doc.read', { kind: 'meeting', organisationId: 'o1' }).summary).toBe(
      'Not permitted: doc.read acts on a doc, and this resource is a meeting.',
    );
    expect(policy.plan(reader, 'doc.read', 'meeting')).toEqual({ kind: 'never' });
  });

  it('throws forbidden with the explanation from assert, and returns quietly when allowed', () => {
    const editor = who('e', [at.organisation('editor', 'o1')]);
    expect(() => policy.assert(editor, 'doc.edit', doc('o1', { ownerId: 'e' }))).not.toThrow();
    try {
      policy.assert(editor, 'doc.edit', doc('o1', { ownerId: 'someone' }));
      expect.unreachable();
    } catch (error) {
      expect(isPolityError(error, 'forbidden')).toBe(true);
      const details = (error as PolityError<'forbidden'>).details!;
      expect(details.action).toBe('doc.edit');
      expect(details.explanation).toMatchObject({ outcome: 'not_permitted', wouldAllow: [expect.objectContaining({ ruleId: 'edit-own', conditionHolds: false })] });
      // The message names no principal, resource or rule; the explanation's summary does.
      expect((error as Error).message).toBe('not allowed to doc.edit: no rule allows it');
      expect(details.reason).toBe('not_permitted');
      expect((details.explanation as { summary: string }).summary).toMatch(/^Not permitted/);
    }
  });

  it('explains a denial by who would have been allowed, those whose condition would hold first', () => {
    const p = createPolicy(ePresence);
    const uc = who('uc', [at.unit('unit_coordinator', 'org_1', 'u_2')]);
    const explanation = p.explain(uc, 'meeting.manage', { kind: 'meeting', id: 'm', organisationId: 'org_1', unitId: 'u_2', organiserId: 'other' });
    expect(explanation.wouldAllow.map((w) => [w.source, w.text, w.conditionHolds])).toEqual([
      ['EP-4', "organisation coordinator of organisation org_1, which contains unit u_2, when the meeting's unitId is set and not (the meeting's organiserId is one of their peerCoordinatorIds)", true],
      ['EP-real', 'platform admin of the platform', true],
      ['EP-5', "unit coordinator of unit u_2 of organisation org_1, when the meeting's organiserId is them", false],
    ]);
    expect(explanation.summary).toBe(
      "Not permitted: uc holds unit coordinator of unit u_2 of organisation org_1; EP-5 (rule ep-5-manage-own-meetings) allows unit coordinator of unit u_2 of organisation org_1 only when the meeting's organiserId is \"uc\"; meeting.manage would be allowed to organisation coordinator of organisation org_1, which contains unit u_2, when the meeting's unitId is set and not (the meeting's organiserId is one of their peerCoordinatorIds) (EP-4); platform admin of the platform (EP-real).",
    );
  });

  describe('near misses: a role the principal holds reaches the resource, but the rule’s condition fails', () => {
    const p = createPolicy(ePresence);
    const meeting = (organiserId: string | null, extra: Record<string, unknown> = {}) => ({ kind: 'meeting', id: 'm_1', organisationId: 'org_1', unitId: 'u_1', organiserId, ...extra });

    it('EP-5: a unit coordinator asking to manage a meeting of their unit that someone else organised is told the condition, with their own id', () => {
      const uc = who('user_2', [at.unit('unit_coordinator', 'org_1', 'u_1')]);
      const explanation = p.explain(uc, 'meeting.manage', meeting('user_7'));
      expect(explanation.outcome).toBe('not_permitted');
      expect(explanation.unmetConditions).toEqual([
        {
          ruleId: 'ep-5-manage-own-meetings',
          source: 'EP-5',
          via: {
            role: 'unit_coordinator',
            asRole: 'unit_coordinator',
            scope: { type: 'unit', organisationId: 'org_1', unitId: 'u_1' },
            text: 'unit coordinator of unit u_1 of organisation org_1',
          },
          condition: "the meeting's organiserId is them",
          required: 'the meeting\'s organiserId is "user_2"',
        },
      ]);
      expect(explanation.summary).toContain(
        'user_2 holds unit coordinator of unit u_1 of organisation org_1; EP-5 (rule ep-5-manage-own-meetings) allows unit coordinator of unit u_1 of organisation org_1 only when the meeting\'s organiserId is "user_2"; ',
      );
      // The rule is still among those who would be allowed, with its condition failing for this principal.
      expect(explanation.wouldAllow).toContainEqual(expect.objectContaining({ ruleId: 'ep-5-manage-own-meetings', conditionHolds: false }));
      // A denied command carries it too.
      try {
        p.assert(uc, 'meeting.manage', meeting('user_7'));
        expect.unreachable();
      } catch (error) {
        expect((error as PolityError<'forbidden'>).details?.explanation).toMatchObject({ unmetConditions: [{ source: 'EP-5' }] });
        expect((error as PolityError<'forbidden'>).details?.explanation?.summary).toContain('only when the meeting\'s organiserId is "user_2"');
      }
    });

    it('EP-5: a near miss needs the role to reach the resource: a meeting of another unit is no near miss', () => {
      const uc = who('user_2', [at.unit('unit_coordinator', 'org_1', 'u_9')]);
      const explanation = p.explain(uc, 'meeting.manage', meeting('user_7'));
      expect(explanation.outcome).toBe('not_permitted');
      expect(explanation.unmetConditions).toEqual([]);
      expect(explanation.summary).not.toContain('only when');
    });

    it('EP-4: an organisation coordinator asking about an organisation-level meeting is told both rules they reach, the inherited one named as such', () => {
      const oc = who('oc_1', [at.organisation('organisation_coordinator', 'org_1')]);
      const explanation = p.explain(oc, 'meeting.manage', meeting('someone', { unitId: null }));
      expect(explanation.unmetConditions.map((u) => [u.source, u.via.text, u.required])).toEqual([
        // No peerCoordinatorIds given: the condition names the list rather than printing it as an empty one.
        ['EP-4', 'organisation coordinator of organisation org_1', "the meeting's unitId is set and not (the meeting's organiserId is one of their peerCoordinatorIds)"],
        ['EP-5', 'organisation coordinator of organisation org_1, with the powers of unit coordinator', 'the meeting\'s organiserId is "oc_1"'],
      ]);
      expect(explanation.summary).toContain(
        "; EP-4 (rule ep-4-manage-unit-meetings) allows organisation coordinator of organisation org_1 only when the meeting's unitId is set and not (the meeting's organiserId is one of their peerCoordinatorIds); EP-5 (rule ep-5-manage-own-meetings) allows organisation coordinator of organisation org_1, with the powers of unit coordinator only when the meeting's organiserId is \"oc_1\";",
      );
    });

    it('EP-3: a rule for any principal is a near miss too, its list read from the principal', () => {
      const member = who('u_5', [], { invitedMeetingIds: ['m_2', 'm_3'] });
      const explanation = p.explain(member, 'meeting.join', meeting('user_7'));
      expect(explanation.unmetConditions.map((u) => [u.source, u.via.text, u.required])).toEqual([
        ['EP-3', 'any principal', 'the meeting\'s organiserId is "u_5" or the meeting is one of "m_2", "m_3"'],
      ]);
      expect(explanation.summary).toBe(
        'Not permitted: u_5 holds no active role; EP-3 (rule ep-3-join-own-or-invited) allows any principal only when the meeting\'s organiserId is "u_5" or the meeting is one of "m_2", "m_3"; meeting.join would be allowed to platform admin of the platform (EP-real).',
      );
    });

    it('EP-5: the condition required is worded exactly as the rule language words it, whatever the id holds', () => {
      for (const id of ['user_2', 'o"brien', 'back\\slash', 'ünï cödé', '', 'm\u0001x']) {
        const uc = who(id, [at.unit('unit_coordinator', 'org_1', 'u_1')]);
        const [unmet] = p.explain(uc, 'meeting.manage', meeting(`${id}-not`)).unmetConditions;
        expect(unmet?.required).toBe(describeCondition(when.eq('resource.organiserId', id), 'meeting'));
      }
    });

    it('EP-5: no near miss is reported when the action is allowed or forbidden, or for a principal holding no role', () => {
      const uc = who('user_2', [at.unit('unit_coordinator', 'org_1', 'u_1')]);
      expect(p.explain(uc, 'meeting.manage', meeting('user_2')).unmetConditions).toEqual([]);
      expect(p.explain(who('nobody'), 'meeting.manage', meeting('user_7')).unmetConditions).toEqual([]);
      expect(p.explain(uc, 'meeting.manage', { kind: 'user', organisationId: 'org_1' }).unmetConditions).toEqual([]);
    });
  });

  it('orders who would be allowed by condition, source in natural order, rule id, then text', () => {
    const p = createPolicy(
      testProfile({
        rules: [
          allow('z-multi', ['reader', 'admin'], ['doc.edit'], { source: 'T-10' }),
          allow('a-owner', ['editor'], ['doc.edit'], { source: 'T-10', when: when.eq('resource.ownerId', when.ref('principal.id')) }),
          allow('m-two', ['editor'], ['doc.edit'], { source: 'T-2' }),
        ],
      }),
    );
    const explanation = p.explain(who('n'), 'doc.edit', doc('o1', { ownerId: 'x' }));
    expect(explanation.wouldAllow.map((w) => [w.ruleId, w.role, w.conditionHolds])).toEqual([
      ['m-two', 'editor', true],
      ['z-multi', 'admin', true],
      ['z-multi', 'reader', true],
      ['a-owner', 'editor', false],
    ]);
  });

  it('lists every matching source, in natural order', () => {
    const p = createPolicy(
      testProfile({ rules: [allow('a', ['reader'], ['doc.read'], { source: 'EP-11' }), allow('b', ['reader'], ['doc.read'], { source: 'EP-4' })] }),
    );
    const decision = p.decide(who('r', [at.platform('reader')]), 'doc.read', doc('o1'));
    expect(decision).toMatchObject({ allowed: true, source: 'EP-4', sources: ['EP-4', 'EP-11'] });
  });

  it('caches per principal object: a changed principal is a new object, and forPrincipal is stable', () => {
    const reader = who('r', [at.organisation('reader', 'o1')]);
    expect(policy.check(reader, 'doc.read', doc('o1'))).toBe(true);
    const moved = { ...reader, assignments: [at.organisation('reader', 'o2')] };
    expect(policy.check(moved, 'doc.read', doc('o1'))).toBe(false);
    const bound = policy.forPrincipal(reader);
    expect(policy.forPrincipal(reader)).toBe(bound);
    expect([bound.check('doc.read', doc('o1')), bound.check('doc.edit', doc('o1')), bound.check('doc.read', doc('o2'))]).toEqual([true, false, false]);
    expect(bound.decide('doc.read', doc('o1')).allowed).toBe(true);
    const canRead = bound.checker('doc.read');
    expect([doc('o1'), doc('o2'), { kind: 'meeting', organisationId: 'o1' }].map(canRead)).toEqual([true, false, false]);
    expect(invalidInput(() => bound.checker('doc.nope')).details?.issues[0]).toMatchObject({ code: 'unknown_action' });
  });

  it('keeps the principals it sees again, up to principalCacheSize: checking 20,000 in turn stays warm from the third round', () => {
    // A compile reads the principal's assignments; a warm check reads nothing of the principal.
    let compiles = 0;
    const principals = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => {
        const assignments = [at.organisation('reader', `o${i % 7}`)];
        return {
          id: `${prefix}${i}`,
          get assignments() {
            compiles++;
            return assignments;
          },
        };
      });
    const round = (p: ReturnType<typeof createPolicy>, people: readonly { id: string }[]) => {
      compiles = 0;
      let allowed = 0;
      for (const [i, person] of people.entries()) if (p.check(person as never, 'doc.read', doc(`o${i % 7}`))) allowed++;
      expect(allowed).toBe(people.length);
      return compiles;
    };
    // Beyond the 16,384 first sightings earlier versions remembered: the default (65,536) keeps them all.
    const many = principals(20_000, 'u');
    const byDefault = createPolicy(testProfile({ rules }));
    expect([round(byDefault, many), round(byDefault, many), round(byDefault, many), round(byDefault, many)]).toEqual([20_000, 20_000, 0, 0]);
    // A smaller memory than the principals checked in turn forgets each before it comes back: compiled every time.
    const few = principals(2_000, 'v');
    const small = createPolicy(testProfile({ rules }), { principalCacheSize: 1_000 });
    expect([round(small, few), round(small, few), round(small, few)]).toEqual([2_000, 2_000, 2_000]);
    // Within it, warm from the third round as by default.
    const roomy = createPolicy(testProfile({ rules }), { principalCacheSize: 2_000 });
    expect([round(roomy, few), round(roomy, few), round(roomy, few)]).toEqual([2_000, 2_000, 0]);
  });

  it('refuses a principalCacheSize that is not a positive whole number', () => {
    for (const size of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10' as never]) {
      const error = invalidInput(() => createPolicy(testProfile({ rules }), { principalCacheSize: size }));
      expect(error.details?.issues[0]).toMatchObject({ path: 'principalCacheSize', code: 'invalid_cache_size' });
    }
    expect(() => createPolicy(testProfile({ rules }), { principalCacheSize: 1 })).not.toThrow();
  });

  it('answers from the right principal object whatever the order: one id in two snapshots, alternating actions, a principal seen once', () => {
    const before = who('r', [at.organisation('reader', 'o1')]);
    const after = who('r', [at.organisation('reader', 'o2')]);
    const asked: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      asked.push(policy.check(before, 'doc.read', doc('o1')), policy.check(after, 'doc.read', doc('o1')), policy.check(before, 'doc.edit', doc('o1')));
      asked.push(policy.check(after, 'doc.read', doc('o2')), policy.check(before, 'doc.read', doc('o2')));
    }
    expect(asked).toEqual([true, false, false, true, false, true, false, false, true, false, true, false, false, true, false]);
    // Bound to a principal first checked through the policy, then asked through the bound object.
    const fresh = who('f', [at.unit('editor', 'o1', 'u1')]);
    expect(policy.check(fresh, 'doc.edit', doc('o1', { unitId: 'u1', ownerId: 'f' }))).toBe(true);
    expect(policy.forPrincipal(fresh).check('doc.edit', doc('o1', { unitId: 'u1', ownerId: 'g' }))).toBe(false);
    expect(policy.forPrincipal(fresh).checker('doc.read')(doc('o1', { unitId: 'u1' }))).toBe(true);
    expect(policy.check(fresh, 'doc.read', doc('o1', { unitId: 'u2' }))).toBe(false);
  });

  it('plans a list query that matches exactly what check allows', () => {
    const editor = who('e', [at.organisation('editor', 'o1'), at.unit('reader', 'o2', 'u1')]);
    expect(policy.plan(editor, 'doc.edit', 'doc')).toEqual({
      kind: 'and',
      filters: [
        { kind: 'eq', field: 'organisationId', value: 'o1' },
        { kind: 'eq', field: 'ownerId', value: 'e' },
      ],
    });
    const admin = who('a', [at.platform('admin')]);
    expect(policy.plan(admin, 'doc.read', 'doc')).toEqual({ kind: 'always' });
    expect(policy.plan(who('n'), 'doc.read', 'doc')).toEqual({ kind: 'never' });
    const deletable = policy.plan(admin, 'doc.delete', 'doc');
    expect(deletable).toEqual({ kind: 'or', filters: [{ kind: 'eq', field: 'locked', value: null }, { kind: 'not', filter: { kind: 'eq', field: 'locked', value: true } }] });
    expect([doc('o1'), doc('o1', { locked: true }), doc('o1', { locked: false })].map((d) => matchesFilter(deletable, d))).toEqual([true, false, true]);
  });
});

describe('grants', () => {
  const policy = createPolicy(
    testProfile({
      grants: {
        allowEqualLevel: false,
        rules: [
          { id: 'g-editor', source: 'T-1', granter: 'editor', roles: ['reader'] },
          { id: 'g-admin', source: 'T-2', granter: 'admin', roles: ['editor'], workflow: 'nomination' },
        ],
      },
    }),
  );
  const org1 = { type: 'organisation', organisationId: 'o1' } as const;

  it('lets a role grant what its grant rules (and those of the roles it inherits) name, inside its scope', () => {
    const admin = who('a', [at.organisation('admin', 'o1')]);
    expect(policy.decideGrant(admin, 'reader', { type: 'unit', organisationId: 'o1', unitId: 'u1' })).toMatchObject({
      allowed: true,
      source: 'T-1',
      via: { role: 'admin', asRole: 'editor', text: 'admin of organisation o1, with the powers of editor' },
      workflow: null,
    });
    expect(policy.decideGrant(admin, 'editor', org1)).toMatchObject({ allowed: true, workflow: 'nomination' });
    expect(policy.canGrant(admin, 'reader', { type: 'organisation', organisationId: 'o2' })).toBe(false);
    expect(policy.canGrant(who('u', [at.unit('editor', 'o1', 'u1')]), 'reader', org1)).toBe(false);
  });

  it('never lets a role grant itself or above without equal-level grants', () => {
    const editor = who('e', [at.organisation('editor', 'o1')]);
    expect(policy.decideGrant(editor, 'admin', org1)).toMatchObject({ allowed: false, reason: 'not_permitted', grantedBy: [] });
    expect(() => policy.assertGrant(editor, 'editor', org1)).toThrow(PolityError);
  });

  it('refuses an unknown role or a scope the role cannot be assigned at as invalid input', () => {
    const admin = who('a', [at.platform('admin')]);
    expect(invalidInput(() => policy.canGrant(admin, 'ghost', org1)).details?.issues[0]).toMatchObject({ code: 'unknown_role' });
    const p = createPolicy(testProfile({ roles: [{ ...role('reader'), assignableAt: ['unit'] }, role('admin', ['reader'])] }));
    expect(invalidInput(() => p.canGrant(admin, 'reader', org1)).details?.issues[0]).toMatchObject({ code: 'not_assignable' });
  });
});

describe('profiles as data', () => {
  it('extends a profile with rules, relabelled roles and settings, leaving the base unchanged', () => {
    const ours = extendProfile(ePresence, {
      id: 'our-presence',
      roles: [{ ...ePresence.roles[0]!, labels: { ...ePresence.roles[0]!.labels, en: 'Member' } }],
      rules: [allow('ours-unit-users', ['unit_coordinator'], ['user.read_profile'], { when: when.eq('resource.role', 'user') })],
      removeRules: ['ep-10-message-coordinators'],
      limits: { meetingMaxMinutes: 240 },
      workflows: { roleChangeRequest: false },
    });
    expect(ours.roles[0]!.labels.en).toBe('Member');
    expect(ours.limits).toEqual({ meetingMaxMinutes: 240, meetingMaxParticipants: 300, durationExemptRoles: ['platform_admin'] });
    expect(ours.rules.some((r) => r.id === 'ep-10-message-coordinators')).toBe(false);
    expect(ePresence.rules.some((r) => r.id === 'ep-10-message-coordinators')).toBe(true);
    const policy = createPolicy(ours);
    expect(policy.check(who('uc', [at.unit('unit_coordinator', 'o', 'u')]), 'user.read_profile', { kind: 'user', organisationId: 'o', unitId: 'u', role: 'user' })).toBe(true);
  });

  it('refuses to remove a rule the base lacks, or to add a rule with an id already used', () => {
    invalidInput(() => extendProfile(ePresence, { removeRules: ['nope'] }));
    const duplicate = { ...ePresence.rules[0]! };
    expect(invalidInput(() => extendProfile(ePresence, { rules: [duplicate] })).message).toMatch(/used twice/);
  });

  it('freezes a defined profile', () => {
    expect(Object.isFrozen(ePresence)).toBe(true);
    expect(Object.isFrozen(ePresence.rules[0])).toBe(true);
  });
});
