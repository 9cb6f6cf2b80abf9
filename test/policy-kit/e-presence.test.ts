// The kit on a shipped profile: e:Presence fixtures named by RULES.md IDs, and the coverage they reach. Two
// rules are left out on purpose, to see the report name them.
import { describe, expect, it } from 'vitest';
import { profiles, type PolicyResource, type Principal, type PrincipalAssignment } from 'polity';
import { describePolicy, expectFullCoverage, formatCoverage } from 'polity/testing';

const unit = (role: string, organisationId: string, unitId: string): PrincipalAssignment => ({ role, scopeType: 'unit', organisationId, unitId, productId: null, status: 'active' });
const organisation = (role: string, organisationId: string): PrincipalAssignment => ({ role, scopeType: 'organisation', organisationId, unitId: null, productId: null, status: 'active' });

const principals = {
  platformAdmin: { id: 'sa', assignments: [{ role: 'platform_admin', scopeType: 'platform', organisationId: null, status: 'active' }] },
  orgCoordinator: { id: 'oc1', assignments: [organisation('organisation_coordinator', 'org_1')], attributes: { peerCoordinatorIds: ['oc2'] } },
  unitCoordinator: { id: 'uc1', assignments: [unit('unit_coordinator', 'org_1', 'u_2')] },
  plainUser: { id: 'p1', assignments: [organisation('user', 'org_1')], attributes: { invitedMeetingIds: ['m_inv'] } },
} satisfies Record<string, Principal>;

const meeting = (id: string, organiserId: string, unitId: string | null = 'u_2', organisationId = 'org_1'): PolicyResource => ({ kind: 'meeting', id, organisationId, unitId, organiserId });
const user = (id: string, attributes: Record<string, unknown>): PolicyResource => ({ kind: 'user', id, organisationId: 'org_1', unitId: null, ...attributes });
const unitOf = (id: string, organisationId = 'org_1'): PolicyResource => ({ kind: 'unit', id, organisationId, unitId: id, parentId: null });
/** The trail of a target: a resource of kind `audit` carrying the target's attributes and its type. */
const trail = (targetType: string, id: string, attributes: Record<string, unknown>): PolicyResource => ({ kind: 'audit', targetType, id, organisationId: 'org_1', ...attributes });

const resources = {
  ownMeeting: meeting('m_1', 'uc1'),
  colleaguesMeeting: meeting('m_2', 'uc9'),
  orgLevelMeeting: meeting('m_3', 'oc2', null),
  peersUnitMeeting: meeting('m_4', 'oc2'),
  invitedMeeting: meeting('m_inv', 'x', null, 'org_9'),
  newUnit: { kind: 'unit', organisationId: 'org_1', unitId: null },
  ownUnit: unitOf('u_2'),
  otherUnit: unitOf('u_3'),
  foreignUnit: unitOf('u_9', 'org_9'),
  organisation: { kind: 'organisation', id: 'org_1', organisationId: 'org_1' },
  pendingCoordinator: user('uc9', { role: 'unit_coordinator', emailConfirmed: false, hasMeetings: false }),
  busyCoordinator: user('uc8', { role: 'unit_coordinator', emailConfirmed: true, hasMeetings: true }),
  plainAccount: user('p2', { role: 'user' }),
  ownSsoAccount: user('uc1', { role: 'unit_coordinator', identitySource: 'sso' }),
  ownLocalAccount: user('uc1', { role: 'unit_coordinator', identitySource: 'local' }),
  ownPendingAccount: user('p1', { role: 'user', emailConfirmed: false }),
  ownConfirmedAccount: user('p1', { role: 'user', emailConfirmed: true }),
  unverifiedCoordinator: user('uc7', { role: 'unit_coordinator', identityVerified: false }),
  verifiedCoordinator: user('uc6', { role: 'unit_coordinator', identityVerified: true }),
  coordinatorsTrail: trail('user', 'uc9', { unitId: 'u_2', role: 'unit_coordinator' }),
  plainUsersTrail: trail('user', 'p2', { unitId: null, role: 'user' }),
  unitsTrail: trail('unit', 'u_3', { unitId: 'u_3' }),
  foreignUnitsTrail: trail('unit', 'u_9', { organisationId: 'org_9', unitId: 'u_9' }),
  organisationsTrail: trail('organisation', 'org_1', {}),
  plainUsersRequest: { kind: 'role_request', id: 'rq_1', organisationId: 'org_1', requesterId: 'p1' },
} satisfies Record<string, PolicyResource>;

/** Left out on purpose: nothing here asks the super admin to create or rename an organisation, nor about role assignments. */
const leftOut = ['ep-real-superadmin-organisations', 'ep-real-superadmin-assignments'];

const suite = describePolicy(profiles.ePresence, {
  name: 'e:Presence fixtures',
  principals,
  resources,
  requireFullCoverage: { ignore: leftOut },
  expectations: [
    { principal: 'unitCoordinator', action: 'meeting.create', resource: 'ownMeeting', allow: true, allowedBy: 'EP-3' },
    { source: 'EP-3', principal: 'unitCoordinator', action: 'meeting.create', resource: 'colleaguesMeeting', allow: false },
    { principal: 'plainUser', action: 'meeting.join', resource: 'invitedMeeting', allow: true, allowedBy: 'EP-3', title: 'anyone joins a meeting they were invited to, in any organisation' },
    { principal: 'unitCoordinator', action: 'meeting.join', resource: 'ownMeeting', allow: true, allowedBy: 'ep-3-join-own-or-invited' },
    { source: 'EP-3', principal: 'plainUser', action: 'meeting.join', resource: 'colleaguesMeeting', allow: false },
    { source: 'EP-15', principal: 'plainUser', action: 'meeting.create', resource: 'ownMeeting', allow: false },
    { principal: 'orgCoordinator', action: 'meeting.manage', resource: 'colleaguesMeeting', allow: true, allowedBy: 'EP-4' },
    { source: 'EP-open', principal: 'orgCoordinator', action: 'meeting.manage', resource: 'orgLevelMeeting', allow: false },
    { source: 'EP-4', principal: 'orgCoordinator', action: 'meeting.manage', resource: 'peersUnitMeeting', allow: false, title: "an organisation coordinator does not manage a peer organisation coordinator's meeting, even one held for a unit" },
    { principal: 'unitCoordinator', action: 'meeting.manage', resource: 'ownMeeting', allow: true, allowedBy: 'EP-5' },
    { source: 'EP-5', principal: 'unitCoordinator', action: 'meeting.manage', resource: 'colleaguesMeeting', allow: false },
    { principal: 'platformAdmin', action: 'meeting.manage', resource: 'orgLevelMeeting', allow: true, allowedBy: 'EP-real' },
    { principal: 'orgCoordinator', action: 'unit.create', resource: 'newUnit', allow: true, allowedBy: 'EP-4' },
    { principal: 'orgCoordinator', action: 'unit.delete', resource: 'otherUnit', allow: true, allowedBy: 'EP-4' },
    { source: 'EP-4', principal: 'unitCoordinator', action: 'unit.delete', resource: 'ownUnit', allow: false },
    { principal: 'unitCoordinator', action: 'unit.read', resource: 'otherUnit', allow: true, allowedBy: 'EP-6', title: 'a unit coordinator lists the other units of their organisation too' },
    { principal: 'plainUser', action: 'unit.read', resource: 'otherUnit', allow: true, allowedBy: 'EP-6' },
    { source: 'EP-6', principal: 'unitCoordinator', action: 'unit.read', resource: 'foreignUnit', allow: false, title: 'nobody lists the units of an organisation they hold no role in' },
    { principal: 'orgCoordinator', action: 'user.create', resource: 'plainAccount', allow: true, allowedBy: 'EP-13' },
    { principal: 'orgCoordinator', action: 'user.resend_activation', resource: 'pendingCoordinator', allow: true, allowedBy: 'EP-9' },
    { source: 'EP-9', principal: 'orgCoordinator', action: 'user.resend_activation', resource: 'busyCoordinator', allow: false },
    { principal: 'plainUser', action: 'user.resend_activation', resource: 'ownPendingAccount', allow: true, allowedBy: 'ep-9-resend-own-activation', source: 'EP-9' },
    { source: 'EP-9', principal: 'plainUser', action: 'user.resend_activation', resource: 'ownConfirmedAccount', allow: false },
    { source: 'EP-9', principal: 'plainUser', action: 'user.resend_activation', resource: 'pendingCoordinator', allow: false, title: "a plain user never resends someone else's activation e-mail" },
    { principal: 'orgCoordinator', action: 'user.read_profile', resource: 'pendingCoordinator', allow: true, allowedBy: 'EP-10' },
    { source: 'EP-14', principal: 'orgCoordinator', action: 'user.read_profile', resource: 'plainAccount', allow: false },
    { principal: 'orgCoordinator', action: 'organisation.message_coordinators', resource: 'organisation', allow: true, allowedBy: 'EP-10' },
    { principal: 'orgCoordinator', action: 'user.deactivate', resource: 'busyCoordinator', allow: true, allowedBy: 'EP-11' },
    { source: 'EP-11', principal: 'orgCoordinator', action: 'user.update', resource: 'plainAccount', allow: false },
    { principal: 'orgCoordinator', action: 'user.update_name', resource: 'unverifiedCoordinator', allow: true, allowedBy: 'EP-11' },
    { source: 'EP-11', principal: 'orgCoordinator', action: 'user.update_name', resource: 'verifiedCoordinator', allow: false, title: 'names TaxisNet vouched for stay as they are' },
    { source: 'EP-11', principal: 'orgCoordinator', action: 'user.update_name', resource: 'pendingCoordinator', allow: false, title: 'names stay as they are unless identityVerified is known to be false' },
    { source: 'EP-14', principal: 'orgCoordinator', action: 'user.update_name', resource: 'plainAccount', allow: false },
    { source: 'EP-11', principal: 'unitCoordinator', action: 'user.update_name', resource: 'ownLocalAccount', allow: false, title: 'nobody changes their own names, TaxisNet gives them' },
    { principal: 'orgCoordinator', action: 'user.delete', resource: 'pendingCoordinator', allow: true, allowedBy: 'EP-16' },
    { principal: 'orgCoordinator', action: 'user.delete', resource: 'busyCoordinator', allow: false, forbiddenBy: 'EP-11' },
    { source: 'EP-16', principal: 'orgCoordinator', action: 'user.delete', resource: 'plainAccount', allow: false, forbiddenBy: 'ep-11-keep-users-with-meetings' },
    { principal: 'unitCoordinator', action: 'user.change_email', resource: 'ownSsoAccount', allow: false, forbiddenBy: 'EP-12' },
    { principal: 'unitCoordinator', action: 'user.change_email', resource: 'ownLocalAccount', allow: true, allowedBy: 'EP-open' },
    { source: 'EP-open', principal: 'unitCoordinator', action: 'user.read_profile', resource: 'plainAccount', allow: false },
    { principal: 'plainUser', action: 'role_request.create', resource: 'plainUsersRequest', allow: true, allowedBy: 'EP-6' },
    { source: 'EP-6', principal: 'unitCoordinator', action: 'role_request.create', resource: 'plainUsersRequest', allow: false },
    { principal: 'platformAdmin', action: 'role_request.decide', resource: 'plainUsersRequest', allow: true, allowedBy: 'EP-6' },
    { principal: 'platformAdmin', action: 'user.delete', resource: 'pendingCoordinator', allow: true, allowedBy: 'EP-real' },
    { principal: 'platformAdmin', action: 'organisation.suspend', resource: 'organisation', allow: true, allowedBy: 'EP-open' },
    { principal: 'platformAdmin', action: 'organisation.resume', resource: 'organisation', allow: true, allowedBy: 'EP-open' },
    { source: 'EP-open', principal: 'orgCoordinator', action: 'organisation.suspend', resource: 'organisation', allow: false },
    { principal: 'platformAdmin', action: 'audit.read', resource: 'plainUsersTrail', allow: true, allowedBy: 'EP-real' },
    { principal: 'platformAdmin', action: 'audit.read', resource: 'organisationsTrail', allow: true, allowedBy: 'EP-real' },
    { principal: 'orgCoordinator', action: 'audit.read', resource: 'coordinatorsTrail', allow: true, allowedBy: 'EP-10' },
    { source: 'EP-14', principal: 'orgCoordinator', action: 'audit.read', resource: 'plainUsersTrail', allow: false },
    { source: 'EP-10', principal: 'unitCoordinator', action: 'audit.read', resource: 'coordinatorsTrail', allow: false },
    { principal: 'orgCoordinator', action: 'audit.read', resource: 'unitsTrail', allow: true, allowedBy: 'EP-4' },
    { source: 'EP-4', principal: 'orgCoordinator', action: 'audit.read', resource: 'foreignUnitsTrail', allow: false },
    { source: 'EP-4', principal: 'orgCoordinator', action: 'audit.read', resource: 'organisationsTrail', allow: false, title: "an organisation coordinator reads no organisation's own trail" },
  ],
});

describe('e:Presence coverage of the fixtures above', () => {
  it('titles every fixture by its source ID first', () => {
    expect(suite.titles[0]).toBe('EP-3: unitCoordinator may meeting.create ownMeeting');
    expect(suite.titles[1]).toBe('EP-3: unitCoordinator may not meeting.create colleaguesMeeting');
    expect(suite.titles[2]).toBe('EP-3: anyone joins a meeting they were invited to, in any organisation');
    expect(suite.titles[3]).toBe('ep-3-join-own-or-invited: unitCoordinator may meeting.join ownMeeting');
    for (const title of suite.titles) expect(title).toMatch(/^(EP-\d+|EP-open|EP-real|ep-[a-z0-9-]+): /);
  });

  it('names exactly the rules left out, by id and source, and nothing else', () => {
    const report = suite.report();
    expect(report.profileId).toBe('e-presence');
    expect(report.questions).toBeGreaterThanOrEqual(suite.titles.length);
    expect(report.rules.map((r) => r.ruleId)).toEqual(profiles.ePresence.rules.map((r) => r.id));
    expect(report.uncovered.rules.map((r) => r.ruleId).sort()).toEqual([...leftOut].sort());
    expect(report.uncovered.rules.every((r) => r.source === 'EP-real' && r.matched === 0 && r.canMatch)).toBe(true);
    expect(report.uncovered.branches).toEqual([]);
    expect(report.totals.rules).toEqual({ covered: report.rules.length - 2, total: report.rules.length, percent: expect.any(Number) });
    expect(report.totals.branches.covered).toBe(report.totals.branches.total);
    expect(report.mismatches).toEqual([]);
  });

  it('counts matches and near misses per rule, and branch outcomes per path', () => {
    const report = suite.report();
    const rule = (id: string) => report.rules.find((r) => r.ruleId === id)!;
    expect(rule('ep-5-manage-own-meetings')).toMatchObject({ source: 'EP-5', effect: 'allow', covered: true });
    expect(rule('ep-5-manage-own-meetings').matched).toBeGreaterThan(0);
    expect(rule('ep-5-manage-own-meetings').nearMisses).toBeGreaterThan(0);
    const join = report.branches.filter((b) => b.ruleId === 'ep-3-join-own-or-invited');
    expect(join.map((b) => b.path)).toEqual(['when', 'when.any.0', 'when.any.1']);
    expect(join[2]).toMatchObject({ condition: 'the meeting is one of their invitedMeetingIds' });
    for (const branch of join) {
      expect(branch.whenTrue).toBeGreaterThan(0);
      expect(branch.whenFalse).toBeGreaterThan(0);
    }
  });

  it('prints the gaps in Markdown and text, and fails full coverage only without the ignore list', () => {
    const report = suite.report();
    const markdown = formatCoverage(report);
    expect(markdown).toContain('## Policy coverage: e-presence');
    expect(markdown).toContain('| `ep-real-superadmin-assignments` ✗ | EP-real | allow | 0 | 0 | — |');
    expect(markdown).toMatch(/- rule ep-real-superadmin-organisations \(EP-real, allow organisation\.create, organisation\.update\) never matched/);
    const n = report.rules.length;
    expect(formatCoverage(report, { format: 'text' }).split('\n')[0]).toContain(`Policy coverage of e-presence: rules matched ${n - 2}/${n} (`);
    expect(() => expectFullCoverage(report)).toThrow(/ep-real-superadmin-assignments/);
    expect(() => expectFullCoverage(report, { ignore: ['EP-real'] })).not.toThrow();
  });
});
