// The kit on a second shipped profile: Mégalis fixtures named by RULES.md IDs (and, where a source has
// several rules, by rule id), with two rules left out on purpose so the report names them.
import { describe, expect, it } from 'vitest';
import { profiles, type PolicyResource, type Principal, type PrincipalAssignment } from 'polity';
import { describePolicy, expectFullCoverage, formatCoverage } from 'polity/testing';

const at = (role: string, organisationId: string | null): PrincipalAssignment =>
  organisationId === null
    ? { role, scopeType: 'platform', organisationId: null, unitId: null, productId: null, status: 'active' }
    : { role, scopeType: 'organisation', organisationId, unitId: null, productId: null, status: 'active' };

const principals = {
  operator: { id: 'op', assignments: [at('platform_admin', null)] },
  concierge: { id: 'cc', assignments: [at('concierge', null)] },
  admin: { id: 'adm', assignments: [at('administrator', 'ent_1')] },
  delegate: { id: 'del', assignments: [at('delegated_organiser', 'ent_1')] },
  user: { id: 'usr', assignments: [at('user', 'ent_1')] },
  // Invited to one conference of ent_1 from another organisation.
  guest: { id: 'gst', assignments: [at('user', 'ent_2')], attributes: { invitedMeetingIds: ['m_invited'] } },
} satisfies Record<string, Principal>;

const booking = (organiserId: string, organiserLicensed: boolean, extra: Record<string, unknown> = {}): PolicyResource => ({
  kind: 'meeting',
  organisationId: 'ent_1',
  unitId: null,
  organiserId,
  createdById: organiserId,
  organiserLicensed,
  organiserOrganisationId: 'ent_1',
  ...extra,
});

const resources = {
  ownBooking: booking('usr', true),
  ownUnlicensedBooking: booking('usr', false),
  colleaguesBooking: booking('col', true),
  colleagueUnlicensedBooking: booking('col', false),
  bookedForColleague: booking('col', true, { createdById: 'del' }),
  foreignOrganiserBooking: booking('ext', true, { organiserOrganisationId: 'ent_2' }),
  ownContact: { kind: 'contact', organisationId: 'ent_1', ownerId: 'usr' },
  colleaguesContact: { kind: 'contact', organisationId: 'ent_1', ownerId: 'col' },
  ownRecording: { kind: 'recording', organisationId: 'ent_1', ownerId: 'usr' },
  colleaguesRecording: { kind: 'recording', organisationId: 'ent_1', ownerId: 'col' },
  userAccount: { kind: 'user', id: 'usr', organisationId: 'ent_1' },
  delegateAccount: { kind: 'user', id: 'del', organisationId: 'ent_1' },
  statistics: { kind: 'statistics', organisationId: 'ent_1' },
  otherEntityPlanning: { kind: 'planning', organisationId: 'ent_2' },
  planning: { kind: 'planning', organisationId: 'ent_1' },
  licencePool: { kind: 'licence_pool', organisationId: 'ent_1' },
  licenceRequest: { kind: 'licence_request', organisationId: 'ent_1' },
  invitedBooking: booking('usr', true, { id: 'm_invited' }),
  otherBooking: booking('usr', true, { id: 'm_other' }),
  room: { kind: 'room', organisationId: 'ent_1' },
  assignment: { kind: 'role_assignment', organisationId: 'ent_1' },
  organisation: { kind: 'organisation', id: 'ent_1', organisationId: 'ent_1', status: 'active' },
  // A trail is a resource of kind `audit` carrying its target's attributes and type.
  organisationTrail: { kind: 'audit', targetType: 'organisation', id: 'ent_1', organisationId: 'ent_1' },
  userTrail: { kind: 'audit', targetType: 'user', id: 'usr', organisationId: 'ent_1' },
  otherEntityTrail: { kind: 'audit', targetType: 'organisation', id: 'ent_2', organisationId: 'ent_2' },
} satisfies Record<string, PolicyResource>;

const leftOut = ['mb-3-operator-decides', 'mb-10-rooms'];

const suite = describePolicy(profiles.megalis, {
  principals,
  resources,
  requireFullCoverage: { ignore: leftOut },
  expectations: [
    { source: 'MB-7', principal: 'user', action: 'meeting.create', resource: 'ownBooking', allow: true, allowedBy: 'mb-7-book-own-conferences' },
    { source: 'MB-12', title: 'a deactivated (unlicensed) user can no longer book', principal: 'user', action: 'meeting.create', resource: 'ownUnlicensedBooking', allow: false },
    { source: 'MB-7', principal: 'user', action: 'meeting.create', resource: 'colleaguesBooking', allow: false },
    { source: 'MB-7', principal: 'user', action: 'meeting.stream', resource: 'ownBooking', allow: true, allowedBy: 'mb-7-own-conferences' },
    { source: 'MB-7', principal: 'user', action: 'meeting.manage', resource: 'colleaguesBooking', allow: false },
    { source: 'MB-8', principal: 'delegate', action: 'meeting.manage', resource: 'bookedForColleague', allow: true, allowedBy: 'mb-7-own-conferences' },
    { source: 'MB-7', principal: 'user', action: 'contact.manage', resource: 'ownContact', allow: true, allowedBy: 'mb-7-own-directory' },
    { source: 'MB-7', principal: 'user', action: 'contact.manage', resource: 'colleaguesContact', allow: false },
    { source: 'MB-7', principal: 'user', action: 'recording.manage', resource: 'ownRecording', allow: true, allowedBy: 'mb-7-own-recordings' },
    { source: 'MB-7', principal: 'user', action: 'recording.manage', resource: 'colleaguesRecording', allow: false },
    { principal: 'delegate', action: 'meeting.create', resource: 'colleaguesBooking', allow: true, allowedBy: 'MB-8' },
    { source: 'MB-8', principal: 'delegate', action: 'meeting.create', resource: 'foreignOrganiserBooking', allow: false },
    { source: 'MB-8', principal: 'delegate', action: 'meeting.create', resource: 'colleagueUnlicensedBooking', allow: false },
    { principal: 'delegate', action: 'user.deactivate', resource: 'delegateAccount', allow: true, allowedBy: 'MB-4' },
    { source: 'MB-4', principal: 'delegate', action: 'user.deactivate', resource: 'userAccount', allow: false },
    { principal: 'admin', action: 'user.create', resource: 'userAccount', allow: true, allowedBy: 'MB-1' },
    { source: 'MB-1', principal: 'delegate', action: 'user.delete', resource: 'userAccount', allow: false },
    { principal: 'admin', action: 'user.update', resource: 'userAccount', allow: true, allowedBy: 'MB-9' },
    { source: 'MB-9', principal: 'admin', action: 'user.update_name', resource: 'userAccount', allow: true, allowedBy: 'mb-9-manage-users' },
    { source: 'MB-9', principal: 'admin', action: 'audit.read', resource: 'organisationTrail', allow: true, allowedBy: 'mb-9-read-trails' },
    { source: 'MB-9', principal: 'admin', action: 'audit.read', resource: 'userTrail', allow: true, allowedBy: 'mb-9-read-trails' },
    { source: 'MB-9', principal: 'admin', action: 'audit.read', resource: 'otherEntityTrail', allow: false },
    { source: 'MB-9', principal: 'delegate', action: 'audit.read', resource: 'userTrail', allow: false },
    { source: 'MB-10', principal: 'concierge', action: 'audit.read', resource: 'otherEntityTrail', allow: true, allowedBy: 'mb-9-read-trails' },
    { principal: 'admin', action: 'statistics.read', resource: 'statistics', allow: true, allowedBy: 'mb-9-statistics' },
    { principal: 'admin', action: 'user.activate', resource: 'userAccount', allow: true, allowedBy: 'MB-5' },
    { principal: 'admin', action: 'licence_pool.read', resource: 'licencePool', allow: true, allowedBy: 'MB-2' },
    { principal: 'admin', action: 'licence_request.create', resource: 'licenceRequest', allow: true, allowedBy: 'MB-3' },
    { principal: 'admin', action: 'role_assignment.remove', resource: 'assignment', allow: true, allowedBy: 'MB-6' },
    { principal: 'admin', action: 'planning.read', resource: 'planning', allow: true, allowedBy: 'MB-open' },
    { source: 'MB-open', principal: 'operator', action: 'organisation.create', resource: 'organisation', allow: true, allowedBy: 'mb-open-operator-organisations' },
    { source: 'MB-open', principal: 'operator', action: 'organisation.suspend', resource: 'organisation', allow: true, allowedBy: 'mb-open-operator-organisations' },
    { source: 'MB-open', principal: 'operator', action: 'organisation.resume', resource: 'organisation', allow: true, allowedBy: 'mb-open-operator-organisations' },
    { source: 'MB-open', principal: 'admin', action: 'organisation.update', resource: 'organisation', allow: false },
    { source: 'MB-10', title: 'the concierge neither enrols nor suspends member organisations', principal: 'concierge', action: 'organisation.suspend', resource: 'organisation', allow: false },
    { principal: 'concierge', action: 'planning.read', resource: 'otherEntityPlanning', allow: true, allowedBy: 'mb-10-planning' },
    { principal: 'concierge', action: 'statistics.read', resource: 'statistics', allow: true, allowedBy: 'mb-10-statistics' },
    { principal: 'concierge', action: 'meeting.create', resource: 'colleaguesBooking', allow: true, allowedBy: 'mb-10-book-for-any-licensed-user' },
    { source: 'MB-10', principal: 'concierge', action: 'meeting.create', resource: 'colleagueUnlicensedBooking', allow: false },
    { principal: 'user', action: 'user.change_organisation', resource: 'userAccount', allow: false, forbiddenBy: 'MB-11' },
    { principal: 'user', action: 'user.read_profile', resource: 'userAccount', allow: true, allowedBy: 'mb-11-own-profile' },
    { source: 'MB-11', principal: 'user', action: 'user.read_profile', resource: 'delegateAccount', allow: false },
    { source: 'MB-3', principal: 'admin', action: 'licence_request.decide', resource: 'licenceRequest', allow: false },
    { source: 'MB-3', principal: 'admin', action: 'licence_request.read', resource: 'licenceRequest', allow: true, allowedBy: 'mb-3-follow-requests' },
    { source: 'MB-3', principal: 'operator', action: 'licence_pool.allocate', resource: 'licencePool', allow: true, allowedBy: 'mb-3-operator-allocates' },
    { source: 'MB-3', principal: 'admin', action: 'licence_pool.allocate', resource: 'licencePool', allow: false },
    { source: 'MB-5', principal: 'admin', action: 'user.resend_activation', resource: 'userAccount', allow: true, allowedBy: 'mb-5-resend-activation' },
    { source: 'MB-10', principal: 'user', action: 'room.read', resource: 'room', allow: true, allowedBy: 'mb-10-members-read-rooms' },
    { source: 'MB-open', principal: 'guest', action: 'meeting.join', resource: 'invitedBooking', allow: true, allowedBy: 'mb-open-join-invited' },
    { source: 'MB-open', principal: 'guest', action: 'meeting.join', resource: 'otherBooking', allow: false },
  ],
});

describe('Mégalis coverage of the fixtures above', () => {
  it('titles fixtures by source, or by the rule they require when no source is given', () => {
    expect(suite.titles).toContain('MB-12: a deactivated (unlicensed) user can no longer book');
    expect(suite.titles).toContain('MB-8: delegate may meeting.create colleaguesBooking');
    expect(suite.titles).toContain('mb-10-planning: concierge may planning.read otherEntityPlanning');
  });

  it('names the two rules left out, and only those; every branch of the rest went both ways', () => {
    const report = suite.report();
    expect(report.uncovered.rules.map((r) => ({ id: r.ruleId, source: r.source }))).toEqual([
      { id: 'mb-3-operator-decides', source: 'MB-3' },
      { id: 'mb-10-rooms', source: 'MB-10' },
    ]);
    expect(report.uncovered.branches).toEqual([]);
    expect(report.mismatches).toEqual([]);
    // MB-8's condition: both parts true, the first false, the second false.
    const mb8 = report.branches.filter((b) => b.ruleId === 'mb-8-book-for-licensed-colleague');
    expect(mb8.map((b) => [b.path, b.whenTrue > 0, b.whenFalse > 0])).toEqual([
      ['when', true, true],
      ['when.all.0', true, true],
      ['when.all.1', true, true],
    ]);
  });

  it('asked as the operator, the gap closes; the report is live', () => {
    suite.policy.check(principals.operator, 'licence_request.decide', resources.licenceRequest);
    const report = suite.report();
    expect(report.uncovered.rules.map((r) => r.ruleId)).toEqual(['mb-10-rooms']);
    expect(() => expectFullCoverage(report)).toThrow(/rule mb-10-rooms \(MB-10, allow room\.create, room\.manage\) never matched/);
    expect(formatCoverage(report)).toContain('| `mb-10-rooms` ✗ | MB-10 | allow | 0 | 0 | — |');
  });
});
