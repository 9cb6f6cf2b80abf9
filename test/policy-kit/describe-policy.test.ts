// describePolicy's own behaviour: titles, loud refusal of unknown names, compile-time name checks.
import { describe, expect, it } from 'vitest';
import { createPolicy, isPolityError, profiles, type PolicyResource, type Principal } from 'polity';
import { describePolicy, expectationTitle, type PolicyExpectation } from 'polity/testing';

const uc: Principal = { id: 'uc1', assignments: [{ role: 'unit_coordinator', scopeType: 'unit', organisationId: 'org_1', unitId: 'u_2', status: 'active' }] };
const own: PolicyResource = { kind: 'meeting', id: 'm_1', organisationId: 'org_1', unitId: 'u_2', organiserId: 'uc1' };

// A compiled policy works as the subject too; these register real tests.
const suite = describePolicy(createPolicy(profiles.ePresence), {
  name: 'describePolicy on a compiled policy',
  principals: { uc },
  resources: { own, foreign: { ...own, organisationId: 'org_9', unitId: 'u_9' } },
  expectations: [
    { principal: 'uc', action: 'meeting.manage', resource: 'own', allow: true, allowedBy: 'EP-5' },
    { source: 'EP-5', principal: 'uc', action: 'meeting.manage', resource: 'foreign', allow: false },
    { principal: 'uc', action: 'meeting.read', resource: 'foreign', allow: true, title: 'an organiser reads their meeting wherever it is' },
  ],
});

describe('describePolicy', () => {
  it('titles: source first, else the rule required, else the question alone', () => {
    expect(suite.titles).toEqual(['EP-5: uc may meeting.manage own', 'EP-5: uc may not meeting.manage foreign', 'an organiser reads their meeting wherever it is']);
    const e: PolicyExpectation = { principal: 'p', action: 'user.delete', resource: 'r', allow: false, forbiddenBy: 'EP-11' };
    expect(expectationTitle(e)).toBe('EP-11: p may not user.delete r');
    expect(expectationTitle({ ...e, source: 'EP-16', title: 'never deletes someone with meetings' })).toBe('EP-16: never deletes someone with meetings');
  });

  it('refuses unknown principals, resources and actions when registering, naming every one', () => {
    let caught: unknown;
    try {
      describePolicy(profiles.ePresence, {
        principals: { uc },
        resources: { own },
        expectations: [
          { source: 'EP-5', principal: 'uc' as never, action: 'meeting.teleport', resource: 'own', allow: true },
          { source: 'EP-5', principal: 'ghost' as never, action: 'meeting.manage', resource: 'gone' as never, allow: true },
        ],
      });
    } catch (error) {
      caught = error;
    }
    expect(isPolityError(caught, 'invalid_input')).toBe(true);
    const issues = isPolityError(caught, 'invalid_input') ? caught.details?.issues : [];
    expect(issues?.map((issue) => [issue.path, issue.code])).toEqual([
      ['expectations.0.action', 'unknown_action'],
      ['expectations.1.principal', 'unknown_principal'],
      ['expectations.1.resource', 'unknown_resource'],
    ]);
    expect((caught as Error).message).toContain('EP-5: ghost may meeting.manage gone: unknown principal ghost');
  });

  it('refuses a subject that is neither a policy nor a profile', () => {
    expect(() => describePolicy({} as never, { principals: {}, resources: {}, expectations: [] })).toThrow(/describePolicy needs a Policy/);
  });

  it('types: names are checked against the fixtures, and allowedBy / forbiddenBy against allow', () => {
    const check = () =>
      describePolicy(profiles.ePresence, {
        principals: { uc },
        resources: { own },
        expectations: [
          // @ts-expect-error 'ghost' is not a key of principals
          { principal: 'ghost', action: 'meeting.manage', resource: 'own', allow: true },
          // @ts-expect-error forbiddenBy goes with allow: false
          { principal: 'uc', action: 'meeting.manage', resource: 'own', allow: true, forbiddenBy: 'EP-11' },
        ],
      });
    expect(check).toThrow(/unknown principal ghost/);
  });
});
