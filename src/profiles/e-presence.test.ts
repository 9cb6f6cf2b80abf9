import { describe, expect, it } from 'vitest';
import { createPolicy } from '../policy/policy';
import { ePresence } from './e-presence';
import { at, describeRuleCases, who, type RuleCase } from './rule-cases.testkit';

const admin = who('sa', [at.platform('platform_admin')]);
const orgCoord = who('oc1', [at.organisation('organisation_coordinator', 'org_1')]);
const otherOrgCoord = who('oc2', [at.organisation('organisation_coordinator', 'org_1')]);
const unitCoord = who('uc1', [at.unit('unit_coordinator', 'org_1', 'u_2')]);
const plain = who('p1', [at.organisation('user', 'org_1')], { invitedMeetingIds: ['m_inv'] });

const meeting = (id: string, organiserId: string, unitId: string | null = 'u_2', organisationId = 'org_1') => ({
  kind: 'meeting',
  id,
  organisationId,
  unitId,
  organiserId,
});
const user = (id: string, attributes: Record<string, unknown> = {}) => ({ kind: 'user', id, organisationId: 'org_1', unitId: null, ...attributes });
const unit = (id: string, organisationId = 'org_1') => ({ kind: 'unit', id, organisationId, unitId: id, parentId: null });

const cases: RuleCase[] = [
  // EP-3
  {
    source: 'EP-3',
    title: 'a unit coordinator creates a meeting they organise in their unit',
    principal: unitCoord,
    action: 'meeting.create',
    resource: meeting('new', 'uc1'),
    expect: 'allow',
    matches: ['ep-3-coordinators-create-meetings'],
  },
  {
    source: 'EP-3',
    title: 'an organisation coordinator creates meetings for their organisation too',
    principal: orgCoord,
    action: 'meeting.create',
    resource: meeting('new', 'oc1', null),
    expect: 'allow',
    matches: ['ep-3-coordinators-create-meetings'],
  },
  {
    source: 'EP-3',
    title: 'a coordinator does not create a meeting organised by someone else',
    principal: unitCoord,
    action: 'meeting.create',
    resource: meeting('new', 'someone'),
    expect: 'deny',
    misses: ['ep-3-coordinators-create-meetings'],
  },
  {
    source: 'EP-5',
    title: 'a unit coordinator creates meetings only in their own unit',
    principal: unitCoord,
    action: 'meeting.create',
    resource: meeting('new', 'uc1', 'u_3'),
    expect: 'deny',
    misses: ['ep-3-coordinators-create-meetings'],
  },
  {
    source: 'EP-3',
    title: 'anyone joins a meeting they were invited to, in any organisation',
    principal: plain,
    action: 'meeting.join',
    resource: meeting('m_inv', 'x', null, 'org_9'),
    expect: 'allow',
    matches: ['ep-3-join-own-or-invited'],
  },
  {
    source: 'EP-3',
    title: 'a coordinator joins the meetings they created',
    principal: unitCoord,
    action: 'meeting.join',
    resource: meeting('m_1', 'uc1'),
    expect: 'allow',
    matches: ['ep-3-join-own-or-invited'],
  },
  {
    source: 'EP-3',
    title: 'nobody joins a meeting they were not invited to',
    principal: plain,
    action: 'meeting.join',
    resource: meeting('m_other', 'x'),
    expect: 'deny',
    misses: ['ep-3-join-own-or-invited'],
  },
  // EP-4
  {
    source: 'EP-4',
    title: "an organisation coordinator manages the unit coordinators' meetings of their organisation",
    principal: orgCoord,
    action: 'meeting.manage',
    resource: meeting('m_1', 'uc1'),
    expect: 'allow',
    matches: ['ep-4-manage-unit-meetings'],
  },
  {
    source: 'EP-4',
    title: 'an organisation coordinator invites users to those meetings',
    principal: orgCoord,
    action: 'meeting.invite',
    resource: meeting('m_1', 'uc1', 'u_7'),
    expect: 'allow',
    matches: ['ep-4-manage-unit-meetings'],
  },
  {
    source: 'EP-open',
    title: "an organisation coordinator does not manage another organisation coordinator's organisation-level meeting",
    principal: orgCoord,
    action: 'meeting.manage',
    resource: meeting('m_peer', 'oc2', null),
    expect: 'deny',
    misses: ['ep-4-manage-unit-meetings', 'ep-5-manage-own-meetings'],
  },
  {
    source: 'EP-4',
    title: "an organisation coordinator manages nothing of another organisation",
    principal: orgCoord,
    action: 'meeting.manage',
    resource: meeting('m_x', 'uc9', 'u_9', 'org_9'),
    expect: 'deny',
    misses: ['ep-4-manage-unit-meetings'],
  },
  {
    source: 'EP-4',
    title: 'an organisation coordinator creates and renames units of their organisation',
    principal: orgCoord,
    action: 'unit.create',
    resource: { kind: 'unit', organisationId: 'org_1', unitId: null },
    expect: 'allow',
    matches: ['ep-4-units'],
  },
  {
    source: 'EP-4',
    title: 'but not in another organisation',
    principal: orgCoord,
    action: 'unit.create',
    resource: { kind: 'unit', organisationId: 'org_9', unitId: null },
    expect: 'deny',
    misses: ['ep-4-units'],
  },
  // EP-5
  {
    source: 'EP-5',
    title: 'a unit coordinator manages only the meetings they organised',
    principal: unitCoord,
    action: 'meeting.manage',
    resource: meeting('m_1', 'uc1'),
    expect: 'allow',
    matches: ['ep-5-manage-own-meetings'],
  },
  {
    source: 'EP-5',
    title: 'a unit coordinator does not manage a meeting of their unit organised by someone else',
    principal: unitCoord,
    action: 'meeting.manage',
    resource: meeting('m_2', 'member_7'),
    expect: 'deny',
    misses: ['ep-5-manage-own-meetings'],
  },
  {
    source: 'EP-5',
    title: 'an organisation coordinator manages their own organisation-level meetings (as unit coordinator)',
    principal: orgCoord,
    action: 'meeting.manage',
    resource: meeting('m_own', 'oc1', null),
    expect: 'allow',
    matches: ['ep-5-manage-own-meetings'],
  },
  {
    source: 'EP-real',
    title: 'the super admin manages every meeting',
    principal: admin,
    action: 'meeting.manage',
    resource: meeting('m_peer', 'oc2', null, 'org_5'),
    expect: 'allow',
    matches: ['ep-real-superadmin-meetings'],
  },
  {
    source: 'EP-real',
    title: 'an organisation coordinator is no super admin',
    principal: orgCoord,
    action: 'meeting.join',
    resource: meeting('m_peer', 'oc2', null, 'org_1'),
    expect: 'deny',
    misses: ['ep-real-superadmin-meetings', 'ep-3-join-own-or-invited'],
  },
  // Accounts
  {
    source: 'EP-13',
    title: 'an organisation coordinator adds users to the platform by e-mail',
    principal: orgCoord,
    action: 'user.create',
    resource: user('new'),
    expect: 'allow',
    matches: ['ep-13-add-users'],
  },
  {
    source: 'EP-17',
    title: 'a unit coordinator adds no user through user administration',
    principal: unitCoord,
    action: 'user.create',
    resource: user('new'),
    expect: 'deny',
    misses: ['ep-13-add-users'],
  },
  {
    source: 'EP-9',
    title: 'an organisation coordinator resends the activation e-mail of a pending account',
    principal: orgCoord,
    action: 'user.resend_activation',
    resource: user('uc9', { role: 'unit_coordinator', emailConfirmed: false }),
    expect: 'allow',
    matches: ['ep-9-resend-activation'],
  },
  {
    source: 'EP-9',
    title: 'there is nothing to resend once the e-mail is confirmed',
    principal: orgCoord,
    action: 'user.resend_activation',
    resource: user('uc9', { role: 'unit_coordinator', emailConfirmed: true }),
    expect: 'deny',
    misses: ['ep-9-resend-activation'],
  },
  {
    source: 'EP-10',
    title: 'an organisation coordinator lists and sees the coordinators of their organisation',
    principal: orgCoord,
    action: 'user.read_profile',
    resource: user('uc1', { role: 'unit_coordinator' }),
    expect: 'allow',
    matches: ['ep-10-see-coordinators'],
  },
  {
    source: 'EP-14',
    title: 'an organisation coordinator does not see the profile of a plain user they added',
    principal: orgCoord,
    action: 'user.read_profile',
    resource: user('p1', { role: 'user', addedById: 'oc1' }),
    expect: 'deny',
    misses: ['ep-10-see-coordinators'],
  },
  {
    source: 'EP-10',
    title: 'an organisation coordinator messages all the coordinators of their organisation',
    principal: orgCoord,
    action: 'organisation.message_coordinators',
    resource: { kind: 'organisation', id: 'org_1', organisationId: 'org_1' },
    expect: 'allow',
    matches: ['ep-10-message-coordinators'],
  },
  {
    source: 'EP-10',
    title: 'but not those of another organisation',
    principal: orgCoord,
    action: 'organisation.message_coordinators',
    resource: { kind: 'organisation', id: 'org_9', organisationId: 'org_9' },
    expect: 'deny',
    misses: ['ep-10-message-coordinators'],
  },
  {
    source: 'EP-11',
    title: "an organisation coordinator edits and deactivates a unit coordinator's account",
    principal: orgCoord,
    action: 'user.deactivate',
    resource: user('uc1', { role: 'unit_coordinator' }),
    expect: 'allow',
    matches: ['ep-11-edit-unit-coordinators'],
  },
  {
    source: 'EP-open',
    title: 'an organisation coordinator does not deactivate another organisation coordinator',
    principal: orgCoord,
    action: 'user.deactivate',
    resource: user('oc2', { role: 'organisation_coordinator' }),
    expect: 'deny',
    misses: ['ep-11-edit-unit-coordinators'],
  },
  {
    source: 'EP-16',
    title: 'an organisation coordinator deletes a unit coordinator who never took part in a meeting',
    principal: orgCoord,
    action: 'user.delete',
    resource: user('uc1', { role: 'unit_coordinator', hasMeetings: false }),
    expect: 'allow',
    matches: ['ep-16-delete-unit-coordinators'],
    misses: ['ep-11-keep-users-with-meetings'],
  },
  {
    source: 'EP-16',
    title: 'an organisation coordinator deletes no plain user',
    principal: orgCoord,
    action: 'user.delete',
    resource: user('p1', { role: 'user', hasMeetings: false }),
    expect: 'deny',
    misses: ['ep-16-delete-unit-coordinators'],
  },
  {
    source: 'EP-11',
    title: 'a coordinator who created or joined a meeting cannot be deleted, only deactivated (not even by the super admin)',
    principal: admin,
    action: 'user.delete',
    resource: user('uc1', { role: 'unit_coordinator', hasMeetings: true }),
    expect: 'forbid',
    matches: ['ep-11-keep-users-with-meetings'],
  },
  {
    source: 'EP-11',
    title: 'deletion fails closed when it is not known whether the person has meetings',
    principal: orgCoord,
    action: 'user.delete',
    resource: user('uc1', { role: 'unit_coordinator' }),
    expect: 'forbid',
    matches: ['ep-11-keep-users-with-meetings'],
  },
  {
    source: 'EP-12',
    title: 'the e-mail of a single-sign-on identity cannot be changed, even by its owner',
    principal: plain,
    action: 'user.change_email',
    resource: user('p1', { identitySource: 'sso' }),
    expect: 'forbid',
    matches: ['ep-12-sso-email-fixed'],
  },
  {
    source: 'EP-open',
    title: 'a local account changes its own e-mail (to be confirmed again, EP-8)',
    principal: plain,
    action: 'user.change_email',
    resource: user('p1', { identitySource: 'local' }),
    expect: 'allow',
    matches: ['ep-open-own-account'],
    misses: ['ep-12-sso-email-fixed'],
  },
  {
    source: 'EP-open',
    title: 'everyone reads their own profile, and nobody else’s by that rule',
    principal: plain,
    action: 'user.read_profile',
    resource: user('p2'),
    expect: 'deny',
    misses: ['ep-open-own-account'],
  },
  {
    source: 'EP-real',
    title: 'the super admin administers every account',
    principal: admin,
    action: 'user.update',
    resource: user('p1', { role: 'user' }),
    expect: 'allow',
    matches: ['ep-real-superadmin-accounts'],
  },
  {
    source: 'EP-real',
    title: 'an organisation coordinator does not edit a plain user',
    principal: orgCoord,
    action: 'user.update',
    resource: user('p1', { role: 'user' }),
    expect: 'deny',
    misses: ['ep-real-superadmin-accounts', 'ep-11-edit-unit-coordinators'],
  },
  {
    source: 'EP-real',
    title: 'the super admin creates organisations',
    principal: admin,
    action: 'organisation.create',
    resource: { kind: 'organisation', organisationId: null },
    expect: 'allow',
    matches: ['ep-real-superadmin-organisations'],
  },
  {
    source: 'EP-real',
    title: 'an organisation coordinator does not',
    principal: orgCoord,
    action: 'organisation.create',
    resource: { kind: 'organisation', organisationId: null },
    expect: 'deny',
    misses: ['ep-real-superadmin-organisations'],
  },
  {
    source: 'EP-real',
    title: 'the super admin suspends role assignments',
    principal: admin,
    action: 'role_assignment.suspend',
    resource: { kind: 'role_assignment', organisationId: 'org_1', unitId: 'u_2' },
    expect: 'allow',
    matches: ['ep-real-superadmin-assignments'],
  },
  {
    source: 'EP-17',
    title: 'a unit coordinator suspends no role assignment',
    principal: unitCoord,
    action: 'role_assignment.suspend',
    resource: { kind: 'role_assignment', organisationId: 'org_1', unitId: 'u_2' },
    expect: 'deny',
    misses: ['ep-real-superadmin-assignments'],
  },
  // EP-6
  {
    source: 'EP-6',
    title: 'any user who can sign in files a role-change request for themselves',
    principal: who('newcomer'),
    action: 'role_request.create',
    resource: { kind: 'role_request', organisationId: 'org_1', requesterId: 'newcomer' },
    expect: 'allow',
    matches: ['ep-6-file-request'],
  },
  {
    source: 'EP-6',
    title: 'nobody files a request in the name of someone else',
    principal: who('newcomer'),
    action: 'role_request.create',
    resource: { kind: 'role_request', organisationId: 'org_1', requesterId: 'someone' },
    expect: 'deny',
    misses: ['ep-6-file-request'],
  },
  {
    source: 'EP-6',
    title: 'the platform admin approves or rejects a role-change request',
    principal: admin,
    action: 'role_request.decide',
    resource: { kind: 'role_request', organisationId: 'org_1', requesterId: 'newcomer' },
    expect: 'allow',
    matches: ['ep-6-decide-request'],
  },
  {
    source: 'EP-6',
    title: 'an organisation coordinator does not decide role-change requests',
    principal: orgCoord,
    action: 'role_request.decide',
    resource: { kind: 'role_request', organisationId: 'org_1', requesterId: 'newcomer' },
    expect: 'deny',
    misses: ['ep-6-decide-request'],
  },
  {
    source: 'EP-15',
    title: 'a plain user creates no meeting, not even one they would organise',
    principal: plain,
    action: 'meeting.create',
    resource: meeting('new', 'p1'),
    expect: 'deny',
  },
  {
    source: 'EP-17',
    title: 'a unit coordinator edits, deactivates or deletes no unit coordinator',
    principal: unitCoord,
    action: 'user.deactivate',
    resource: user('uc7', { role: 'unit_coordinator', hasMeetings: false }),
    expect: 'deny',
    misses: ['ep-11-edit-unit-coordinators'],
  },
  {
    source: 'EP-17',
    title: 'a unit coordinator still invites anyone (even an unregistered e-mail) to their own meeting',
    principal: unitCoord,
    action: 'meeting.invite',
    resource: meeting('m_1', 'uc1'),
    expect: 'allow',
    matches: ['ep-5-manage-own-meetings'],
  },
  // Units (EP-4, EP-6)
  {
    source: 'EP-4',
    title: 'an organisation coordinator deletes a unit of their organisation',
    principal: orgCoord,
    action: 'unit.delete',
    resource: unit('u_2'),
    expect: 'allow',
    matches: ['ep-4-units'],
  },
  {
    source: 'EP-4',
    title: 'an organisation coordinator deletes no unit of another organisation',
    principal: orgCoord,
    action: 'unit.delete',
    resource: unit('u_9', 'org_9'),
    expect: 'deny',
    misses: ['ep-4-units'],
  },
  {
    source: 'EP-17',
    title: 'a unit coordinator does not delete units, not even their own',
    principal: unitCoord,
    action: 'unit.delete',
    resource: unit('u_2'),
    expect: 'deny',
    misses: ['ep-4-units'],
  },
  {
    source: 'EP-6',
    title: 'a unit coordinator lists every unit of their organisation (the request form offers them)',
    principal: unitCoord,
    action: 'unit.read',
    resource: { kind: 'unit', organisationId: 'org_1', unitId: null },
    expect: 'allow',
    matches: ['ep-6-members-see-units'],
  },
  {
    source: 'EP-6',
    title: 'a plain user sees the units of their organisation',
    principal: plain,
    action: 'unit.read',
    resource: unit('u_3'),
    expect: 'allow',
    matches: ['ep-6-members-see-units'],
  },
  {
    source: 'EP-6',
    title: 'but not the units of another organisation',
    principal: plain,
    action: 'unit.read',
    resource: { kind: 'unit', organisationId: 'org_9', unitId: null },
    expect: 'deny',
    misses: ['ep-6-members-see-units'],
  },
  {
    source: 'EP-6',
    title: 'someone holding no role in the organisation lists none of its units',
    principal: who('newcomer'),
    action: 'unit.read',
    resource: { kind: 'unit', organisationId: 'org_1', unitId: null },
    expect: 'deny',
    misses: ['ep-6-members-see-units'],
  },
  // Own activation e-mail (EP-9)
  {
    source: 'EP-9',
    title: 'a person whose e-mail is pending asks for their own activation e-mail again',
    principal: plain,
    action: 'user.resend_activation',
    resource: user('p1', { role: 'user', emailConfirmed: false }),
    expect: 'allow',
    matches: ['ep-9-resend-own-activation'],
    misses: ['ep-9-resend-activation'],
  },
  {
    source: 'EP-9',
    title: 'nothing to resend to oneself once the e-mail is confirmed',
    principal: plain,
    action: 'user.resend_activation',
    resource: user('p1', { role: 'user', emailConfirmed: true }),
    expect: 'deny',
    misses: ['ep-9-resend-own-activation'],
  },
  {
    source: 'EP-9',
    title: "a plain user does not resend someone else's activation e-mail",
    principal: plain,
    action: 'user.resend_activation',
    resource: user('p2', { role: 'user', emailConfirmed: false }),
    expect: 'deny',
    misses: ['ep-9-resend-own-activation'],
  },
  // Names (EP-11, EP-12)
  {
    source: 'EP-11',
    title: 'an organisation coordinator corrects the typed names of a unit coordinator TaxisNet has not vouched for',
    principal: orgCoord,
    action: 'user.update_name',
    resource: user('uc1', { role: 'unit_coordinator', identitySource: 'local', identityVerified: false }),
    expect: 'allow',
    matches: ['ep-11-rename-unverified-unit-coordinators'],
  },
  {
    source: 'EP-11',
    title: 'names vouched for by TaxisNet are not changed',
    principal: orgCoord,
    action: 'user.update_name',
    resource: user('uc1', { role: 'unit_coordinator', identitySource: 'sso', identityVerified: true }),
    expect: 'deny',
    misses: ['ep-11-rename-unverified-unit-coordinators'],
  },
  {
    source: 'EP-11',
    title: 'renaming fails closed when it is not known whether the names are verified',
    principal: orgCoord,
    action: 'user.update_name',
    resource: user('uc1', { role: 'unit_coordinator' }),
    expect: 'deny',
    misses: ['ep-11-rename-unverified-unit-coordinators'],
  },
  {
    source: 'EP-14',
    title: 'an organisation coordinator does not rename a plain user they added',
    principal: orgCoord,
    action: 'user.update_name',
    resource: user('p1', { role: 'user', identityVerified: false }),
    expect: 'deny',
    misses: ['ep-11-rename-unverified-unit-coordinators'],
  },
  // Organisations (EP-open)
  {
    source: 'EP-open',
    title: 'the super admin suspends and resumes an organisation',
    principal: admin,
    action: 'organisation.suspend',
    resource: { kind: 'organisation', id: 'org_1', organisationId: 'org_1', status: 'active' },
    expect: 'allow',
    matches: ['ep-open-suspend-organisations'],
  },
  {
    source: 'EP-open',
    title: 'an organisation coordinator does not suspend their own organisation',
    principal: orgCoord,
    action: 'organisation.suspend',
    resource: { kind: 'organisation', id: 'org_1', organisationId: 'org_1', status: 'active' },
    expect: 'deny',
    misses: ['ep-open-suspend-organisations'],
  },
  // Audit trail (EP-real, EP-10, EP-4)
  {
    source: 'EP-real',
    title: 'the super admin reads the trail of any organisation',
    principal: admin,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'org_5', organisationId: 'org_5', status: 'active' },
    expect: 'allow',
    matches: ['ep-real-superadmin-audit'],
  },
  {
    source: 'EP-real',
    title: "an organisation coordinator does not read their organisation's own trail",
    principal: orgCoord,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'org_1', organisationId: 'org_1', status: 'active' },
    expect: 'deny',
    misses: ['ep-real-superadmin-audit', 'ep-10-coordinators-trail', 'ep-4-units-trail'],
  },
  {
    source: 'EP-10',
    title: "an organisation coordinator reads the trail of a unit coordinator's account",
    principal: orgCoord,
    action: 'audit.read',
    resource: { ...user('uc1', { role: 'unit_coordinator', emailConfirmed: true }), kind: 'audit' },
    expect: 'allow',
    matches: ['ep-10-coordinators-trail'],
  },
  {
    source: 'EP-14',
    title: "an organisation coordinator does not read a plain user's trail",
    principal: orgCoord,
    action: 'audit.read',
    resource: { ...user('p1', { role: 'user', emailConfirmed: true }), kind: 'audit' },
    expect: 'deny',
    misses: ['ep-10-coordinators-trail', 'ep-4-units-trail'],
  },
  {
    source: 'EP-10',
    title: "nor a coordinator's trail in another organisation",
    principal: orgCoord,
    action: 'audit.read',
    resource: { ...user('uc9', { role: 'unit_coordinator' }), organisationId: 'org_9', kind: 'audit' },
    expect: 'deny',
    misses: ['ep-10-coordinators-trail'],
  },
  {
    source: 'EP-4',
    title: "an organisation coordinator reads the trail of a unit of their organisation (a deleted one's too)",
    principal: orgCoord,
    action: 'audit.read',
    resource: { ...unit('u_2'), kind: 'audit' },
    expect: 'allow',
    matches: ['ep-4-units-trail'],
  },
  {
    source: 'EP-4',
    title: 'a role-change request naming a unit is no unit: its trail is not theirs by that rule',
    principal: orgCoord,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'request_1', organisationId: 'org_1', unitId: 'u_2', requesterId: 'p1', status: 'new' },
    expect: 'deny',
    misses: ['ep-4-units-trail', 'ep-10-coordinators-trail'],
  },
  {
    source: 'EP-17',
    title: "a unit coordinator does not read their unit's trail",
    principal: unitCoord,
    action: 'audit.read',
    resource: { ...unit('u_2'), kind: 'audit' },
    expect: 'deny',
    misses: ['ep-4-units-trail'],
  },
];

describeRuleCases(ePresence, cases);

describe('e:Presence profile settings', () => {
  const policy = createPolicy(ePresence);

  it('EP-1: a meeting lasts at most 12 hours, and the super admin is exempt', () => {
    expect(ePresence.limits.meetingMaxMinutes).toBe(720);
    expect(ePresence.limits.durationExemptRoles).toEqual(['platform_admin']);
  });

  it('EP-2: a meeting has at most 300 participants', () => {
    expect(ePresence.limits.meetingMaxParticipants).toBe(300);
  });

  it('EP-8: the e-mail is confirmed and the terms accepted before any action', () => {
    expect(ePresence.accounts.requireConfirmedEmail).toBe(true);
    expect(ePresence.accounts.requireTermsAcceptance).toBe(true);
  });

  it('EP-11: deactivation blocks sign-in', () => {
    expect(ePresence.accounts.deactivationBlocksSignIn).toBe(true);
  });

  it('EP-6: role-change requests are on, and an approval grants the coordinator roles through that workflow', () => {
    expect(ePresence.workflows.roleChangeRequest).toBe(true);
    const decision = policy.decideGrant(admin, 'organisation_coordinator', { type: 'organisation', organisationId: 'org_1' });
    expect(decision).toMatchObject({ allowed: true, source: 'EP-6', workflow: 'roleChangeRequest' });
  });

  it('EP-4: an organisation coordinator appoints unit coordinators in their organisation only', () => {
    expect(policy.decideGrant(orgCoord, 'unit_coordinator', { type: 'unit', organisationId: 'org_1', unitId: 'u_2' })).toMatchObject({
      allowed: true,
      source: 'EP-4',
    });
    expect(policy.canGrant(orgCoord, 'unit_coordinator', { type: 'unit', organisationId: 'org_9', unitId: 'u_9' })).toBe(false);
  });

  it('EP-6: an organisation coordinator does not make organisation coordinators (only an approved request does)', () => {
    const decision = policy.decideGrant(orgCoord, 'organisation_coordinator', { type: 'organisation', organisationId: 'org_1' });
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.grantedBy.map((g) => g.role)).toEqual(['platform_admin']);
  });

  it('EP-17: a unit coordinator appoints nobody', () => {
    expect(policy.canGrant(unitCoord, 'unit_coordinator', { type: 'unit', organisationId: 'org_1', unitId: 'u_2' })).toBe(false);
    expect(policy.canGrant(unitCoord, 'user', { type: 'unit', organisationId: 'org_1', unitId: 'u_2' })).toBe(false);
  });

  it('EP-4: organisation coordinators of one organisation are peers: neither supervises the other', () => {
    const theirs = meeting('m_peer', 'oc2', null);
    expect(policy.check(orgCoord, 'meeting.manage', theirs)).toBe(false);
    expect(policy.check(otherOrgCoord, 'meeting.manage', theirs)).toBe(true);
  });

  it('EP-5: the explanation names the role and scope it came through', () => {
    const decision = policy.decide(unitCoord, 'meeting.manage', meeting('m_1', 'uc1'));
    expect(decision).toMatchObject({ allowed: true, source: 'EP-5', via: { text: 'unit coordinator of unit u_2 of organisation org_1' } });
    const viaOrg = policy.decide(orgCoord, 'meeting.manage', meeting('m_1', 'uc1'));
    expect(viaOrg).toMatchObject({ allowed: true, source: 'EP-4', via: { text: 'organisation coordinator of organisation org_1, which contains unit u_2' } });
  });
});
