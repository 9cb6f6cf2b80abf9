// The matchers pass and fail as they should, and a failure prints the explanation's summary.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createPolicy, profiles, type PolicyResource, type Principal } from 'polity';
import { installPolicyMatchers, policyMatchers, trackCoverage } from 'polity/testing';

installPolicyMatchers();

const policy = createPolicy(profiles.ePresence);
const unitCoordinator: Principal = { id: 'uc1', assignments: [{ role: 'unit_coordinator', scopeType: 'unit', organisationId: 'org_1', unitId: 'u_2', status: 'active' }] };
const orgCoordinator: Principal = { id: 'oc1', assignments: [{ role: 'organisation_coordinator', scopeType: 'organisation', organisationId: 'org_1', status: 'active' }] };
const ownMeeting: PolicyResource = { kind: 'meeting', id: 'm_1', organisationId: 'org_1', unitId: 'u_2', organiserId: 'uc1' };
const colleaguesMeeting: PolicyResource = { ...ownMeeting, id: 'm_2', organiserId: 'uc9' };
const busyCoordinator: PolicyResource = { kind: 'user', id: 'uc8', organisationId: 'org_1', role: 'unit_coordinator', hasMeetings: true };

describe('toAllow / toDeny', () => {
  it('EP-5: pass when the policy agrees', () => {
    expect(policy).toAllow(unitCoordinator, 'meeting.manage', ownMeeting);
    expect(policy).toDeny(unitCoordinator, 'meeting.manage', colleaguesMeeting);
    expect(policy).not.toAllow(unitCoordinator, 'meeting.manage', colleaguesMeeting);
    expect(policy).not.toDeny(unitCoordinator, 'meeting.manage', ownMeeting);
  });

  it('EP-5: a failed toAllow names the question and prints the summary: who would have been allowed', () => {
    const summary = policy.explain(unitCoordinator, 'meeting.manage', colleaguesMeeting).summary;
    expect(summary).toMatch(/^Not permitted: .*would be allowed to organisation coordinator/);
    const fail = () => expect(policy).toAllow(unitCoordinator, 'meeting.manage', colleaguesMeeting);
    expect(fail).toThrow(
      'expected e-presence to allow uc1 [unit_coordinator at unit u_2 of org_1] meeting.manage on meeting m_2, but it is not permitted (no allow rule matched).\n' + summary,
    );
  });

  it('EP-5: a failed toDeny prints the allowing rule', () => {
    expect(() => expect(policy).toDeny(unitCoordinator, 'meeting.manage', ownMeeting)).toThrow(
      /to deny .* but it is allowed by EP-5 \(rule ep-5-manage-own-meetings\)\.\nAllowed by EP-5 \(rule ep-5-manage-own-meetings\) as unit coordinator/,
    );
  });

  it('EP-5: a failed .not.toAllow says so', () => {
    expect(() => expect(policy).not.toAllow(unitCoordinator, 'meeting.manage', ownMeeting)).toThrow(/expected e-presence not to allow uc1 .* but it is allowed by EP-5/);
  });

  it('EP-11: a forbidden answer is a denial', () => {
    expect(policy).toDeny(orgCoordinator, 'user.delete', busyCoordinator);
    expect(() => expect(policy).toAllow(orgCoordinator, 'user.delete', busyCoordinator)).toThrow(/but it is forbidden by EP-11 \(rule ep-11-keep-users-with-meetings\)\.\nForbidden by EP-11/);
  });
});

describe('toBeAllowedBy / toBeForbiddenBy', () => {
  it('EP-5: pass by source or by rule id', () => {
    expect(policy).toBeAllowedBy('EP-5', unitCoordinator, 'meeting.manage', ownMeeting);
    expect(policy).toBeAllowedBy('ep-5-manage-own-meetings', unitCoordinator, 'meeting.manage', ownMeeting);
    expect(policy).not.toBeAllowedBy('EP-4', unitCoordinator, 'meeting.manage', ownMeeting);
  });

  it('EP-4: allowed, but by another rule, fails and names the rules that did allow', () => {
    expect(() => expect(policy).toBeAllowedBy('EP-4', unitCoordinator, 'meeting.manage', ownMeeting)).toThrow(
      /to allow uc1 .* by EP-4, but it is allowed by EP-5 \(rule ep-5-manage-own-meetings\), not EP-4\./,
    );
  });

  it('EP-4: an organisation coordinator is allowed by EP-4 and EP-5 at once; either passes', () => {
    const own = { ...ownMeeting, organiserId: 'oc1' };
    expect(policy).toBeAllowedBy('EP-4', orgCoordinator, 'meeting.manage', own);
    expect(policy).toBeAllowedBy('EP-5', orgCoordinator, 'meeting.manage', own);
  });

  it('EP-5: denied fails toBeAllowedBy with the summary', () => {
    expect(() => expect(policy).toBeAllowedBy('EP-5', unitCoordinator, 'meeting.manage', colleaguesMeeting)).toThrow(/by EP-5, but it is not permitted .*\nNot permitted: /);
  });

  it('EP-11: pass when the named forbid matched', () => {
    expect(policy).toBeForbiddenBy('EP-11', orgCoordinator, 'user.delete', busyCoordinator);
    expect(policy).toBeForbiddenBy('ep-11-keep-users-with-meetings', orgCoordinator, 'user.delete', busyCoordinator);
    expect(policy).not.toBeForbiddenBy('EP-12', orgCoordinator, 'user.delete', busyCoordinator);
  });

  it('EP-11: fails when only not permitted, or forbidden by another rule', () => {
    expect(() => expect(policy).toBeForbiddenBy('EP-11', unitCoordinator, 'meeting.manage', colleaguesMeeting)).toThrow(/to forbid uc1 .* by EP-11, but it is not permitted \(no allow rule matched\)/);
    expect(() => expect(policy).toBeForbiddenBy('EP-12', orgCoordinator, 'user.delete', busyCoordinator)).toThrow(/but it is forbidden by EP-11 \(rule ep-11-keep-users-with-meetings\), not EP-12/);
    expect(() => expect(policy).not.toBeForbiddenBy('EP-11', orgCoordinator, 'user.delete', busyCoordinator)).toThrow(/not to forbid oc1 .* by EP-11, but it is forbidden by EP-11/);
  });
});

describe('subjects', () => {
  it('accepts a profile (compiled once) and a coverage-tracking policy', () => {
    expect(profiles.ePresence).toAllow(unitCoordinator, 'meeting.manage', ownMeeting);
    const tracked = trackCoverage(policy);
    expect(tracked).toBeAllowedBy('EP-5', unitCoordinator, 'meeting.manage', ownMeeting);
    expect(tracked.report().rules.find((r) => r.ruleId === 'ep-5-manage-own-meetings')?.matched).toBeGreaterThan(0);
  });

  it('refuses anything else, and an undeclared action, loudly', () => {
    expect(() => expect({ nope: true } as never).toAllow(unitCoordinator, 'meeting.manage', ownMeeting)).toThrow(/toAllow needs a Policy/);
    expect(() => expect(policy).toAllow(unitCoordinator, 'meeting.teleport', ownMeeting)).toThrow(/unknown action meeting\.teleport/);
  });

  it('types: matchers exist on policies and profiles, and are `never` elsewhere', () => {
    expectTypeOf(expect(policy).toAllow).toBeFunction();
    expectTypeOf(expect(profiles.megalis).toBeForbiddenBy).parameters.toEqualTypeOf<[source: string, principal: Principal, action: string, resource: PolicyResource]>();
    expectTypeOf(expect(42).toAllow).toBeNever();
    expectTypeOf(policyMatchers.toAllow).toBeFunction();
    // @ts-expect-error a number is not a policy
    expect(() => expect(42).toAllow(unitCoordinator, 'meeting.manage', ownMeeting)).toThrow(/needs a Policy/);
    // @ts-expect-error the resource is missing
    expect(() => expect(policy).toAllow(unitCoordinator, 'meeting.manage')).toThrow();
  });
});
