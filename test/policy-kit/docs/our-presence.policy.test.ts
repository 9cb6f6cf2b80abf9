// The main example of docs/testing-policies.md, run as a test. The doc quotes the regions of this file and
// its neighbours verbatim (docs-sync.test.ts checks it), so what the doc shows compiles and passes.
// #region imports
import { describe, expect, it } from 'vitest';
import { extendProfile, profiles, when, type PolicyResource, type Principal } from 'polity';
import { describePolicy, diffPolicies, expectFullCoverage, expectNoNewAccess, installPolicyMatchers } from 'polity/testing';
import { ourPresence } from './our-presence';

installPolicyMatchers(); // or once, in a vitest setup file
// #endregion


// #region who
const active = 'active';
const unitCoordinator: Principal = { id: 'uc1', assignments: [{ role: 'unit_coordinator', scopeType: 'unit', organisationId: 'org_1', unitId: 'u_2', status: active }] };
const orgCoordinator: Principal = { id: 'oc1', assignments: [{ role: 'organisation_coordinator', scopeType: 'organisation', organisationId: 'org_1', status: active }] };

const plainUserOfUnit: PolicyResource = { kind: 'user', id: 'p2', organisationId: 'org_1', unitId: 'u_2', role: 'user' };
const coordinatorOfUnit: PolicyResource = { kind: 'user', id: 'uc7', organisationId: 'org_1', unitId: 'u_2', role: 'unit_coordinator' };
const plainUserElsewhere: PolicyResource = { kind: 'user', id: 'p3', organisationId: 'org_1', unitId: 'u_3', role: 'user' };
// #endregion

// #region fixtures
const suite = describePolicy(ourPresence, {
  principals: { unitCoordinator, orgCoordinator },
  resources: { plainUserOfUnit, coordinatorOfUnit, plainUserElsewhere },
  expectations: [
    { principal: 'unitCoordinator', action: 'user.read_profile', resource: 'plainUserOfUnit', allow: true, allowedBy: 'OURS-1' },
    { source: 'OURS-1', principal: 'unitCoordinator', action: 'user.read_profile', resource: 'coordinatorOfUnit', allow: false },
    { source: 'OURS-1', principal: 'unitCoordinator', action: 'user.read_profile', resource: 'plainUserElsewhere', allow: false },
    {
      source: 'OURS-1',
      title: 'organisation coordinators have it too: they include unit coordinators',
      principal: 'orgCoordinator',
      action: 'user.read_profile',
      resource: 'plainUserElsewhere',
      allow: true,
      allowedBy: 'ours-unit-users',
    },
    { principal: 'orgCoordinator', action: 'user.read_profile', resource: 'coordinatorOfUnit', allow: true, allowedBy: 'EP-10' },
  ],
});
// #endregion

// #region matchers
describe('OURS-1 with matchers', () => {
  it('OURS-1: a unit coordinator reads a plain user of their unit, not of another', () => {
    expect(ourPresence).toBeAllowedBy('OURS-1', unitCoordinator, 'user.read_profile', plainUserOfUnit);
    expect(ourPresence).toDeny(unitCoordinator, 'user.read_profile', plainUserElsewhere);
    expect(profiles.ePresence).toDeny(unitCoordinator, 'user.read_profile', plainUserOfUnit);
  });
});
// #endregion

// #region coverage
it('coverage: our rules matched, and each condition went both ways', () => {
  // The shipped rules are tested where they ship; we answer for ours.
  const shipped = profiles.ePresence.rules.map((rule) => rule.id);
  expectFullCoverage(suite.report(), { ignore: shipped });
});
// #endregion

// #region diff
it('OURS-1: what we add to e:Presence, role by role, with a witness each', () => {
  const diff = diffPolicies(profiles.ePresence, ourPresence);
  expect(diff.lost).toEqual([]);
  expect(diff.gained.map((change) => change.roles.map((held) => held.role))).toEqual([['unit_coordinator'], ['organisation_coordinator']]);
  for (const change of diff.gained) {
    expect(change.after.rules.map((rule) => rule.source)).toEqual(['OURS-1']);
    const { principal, resource } = change.witness;
    expect(ourPresence).toAllow(principal, 'user.read_profile', resource);
    expect(profiles.ePresence).toDeny(principal, 'user.read_profile', resource);
  }
});

it('CI gate: a change that only takes access away passes expectNoNewAccess', () => {
  // EP-14 again for organisation coordinators: no plain users' profiles at organisation level.
  const next = extendProfile(ourPresence, {
    rules: [
      {
        id: 'ours-ep-14-again',
        source: 'OURS-2',
        effect: 'forbid',
        roles: ['organisation_coordinator'],
        actions: ['user.read_profile'],
        resource: 'user',
        when: when.and(when.eq('resource.role', 'user'), when.eq('scope.type', 'organisation')),
      },
    ],
  });
  const diff = expectNoNewAccess(ourPresence, next);
  expect(diff.lost.map((change) => change.roles.map((held) => held.role))).toEqual([['organisation_coordinator']]);
  expect(() => expectNoNewAccess(next, ourPresence)).toThrow(/organisation_coordinator at organisation may now user\.read_profile/);
});
// #endregion
