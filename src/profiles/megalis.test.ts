import { describe, expect, it } from 'vitest';
import { createPolicy } from '../policy/policy';
import { megalis } from './megalis';
import { at, describeRuleCases, who, type RuleCase } from './rule-cases.testkit';

const operator = who('op', [at.platform('platform_admin')]);
const concierge = who('cc', [at.platform('concierge')]);
const admin = who('adm', [at.organisation('administrator', 'ent_1')]);
const delegate = who('del', [at.organisation('delegated_organiser', 'ent_1')]);
const user = who('usr', [at.organisation('user', 'ent_1')]);

const booking = (organiserId: string, organiserLicensed: boolean, extra: Record<string, unknown> = {}) => ({
  kind: 'meeting',
  organisationId: 'ent_1',
  unitId: null,
  organiserId,
  createdById: organiserId,
  organiserLicensed,
  organiserOrganisationId: 'ent_1',
  ...extra,
});
const account = (id: string, organisationId = 'ent_1') => ({ kind: 'user', id, organisationId });

const cases: RuleCase[] = [
  {
    source: 'MB-7',
    title: 'a licensed user books their own conferences',
    principal: user,
    action: 'meeting.create',
    resource: booking('usr', true),
    expect: 'allow',
    matches: ['mb-7-book-own-conferences'],
  },
  {
    source: 'MB-12',
    title: 'a deactivated (unlicensed) plain user can no longer book',
    principal: user,
    action: 'meeting.create',
    resource: booking('usr', false),
    expect: 'deny',
    misses: ['mb-7-book-own-conferences'],
  },
  {
    source: 'MB-7',
    title: 'a user manages, streams and records the conferences they organise',
    principal: user,
    action: 'meeting.stream',
    resource: booking('usr', true),
    expect: 'allow',
    matches: ['mb-7-own-conferences'],
  },
  {
    source: 'MB-7',
    title: "a user does not manage a colleague's conference",
    principal: user,
    action: 'meeting.manage',
    resource: booking('other', true),
    expect: 'deny',
    misses: ['mb-7-own-conferences'],
  },
  {
    source: 'MB-7',
    title: 'a user keeps a personal contact directory',
    principal: user,
    action: 'contact.manage',
    resource: { kind: 'contact', organisationId: 'ent_1', ownerId: 'usr' },
    expect: 'allow',
    matches: ['mb-7-own-directory'],
  },
  {
    source: 'MB-7',
    title: "and never reads anyone else's",
    principal: user,
    action: 'contact.manage',
    resource: { kind: 'contact', organisationId: 'ent_1', ownerId: 'other' },
    expect: 'deny',
    misses: ['mb-7-own-directory'],
  },
  {
    source: 'MB-7',
    title: 'a user manages their own recordings',
    principal: user,
    action: 'recording.manage',
    resource: { kind: 'recording', organisationId: 'ent_1', ownerId: 'usr' },
    expect: 'allow',
    matches: ['mb-7-own-recordings'],
  },
  {
    source: 'MB-7',
    title: "and not a colleague's",
    principal: user,
    action: 'recording.manage',
    resource: { kind: 'recording', organisationId: 'ent_1', ownerId: 'other' },
    expect: 'deny',
    misses: ['mb-7-own-recordings'],
  },
  {
    source: 'MB-8',
    title: 'a delegated organiser books for a licensed user of the same organisation',
    principal: delegate,
    action: 'meeting.create',
    resource: booking('colleague', true, { createdById: 'del' }),
    expect: 'allow',
    matches: ['mb-8-book-for-licensed-colleague'],
  },
  {
    source: 'MB-8',
    title: 'but not for an unlicensed one',
    principal: delegate,
    action: 'meeting.create',
    resource: booking('colleague', false, { createdById: 'del' }),
    expect: 'deny',
    misses: ['mb-8-book-for-licensed-colleague'],
  },
  {
    source: 'MB-8',
    title: 'nor for a user of another organisation',
    principal: delegate,
    action: 'meeting.create',
    resource: booking('stranger', true, { createdById: 'del', organiserOrganisationId: 'ent_2' }),
    expect: 'deny',
    misses: ['mb-8-book-for-licensed-colleague'],
  },
  {
    source: 'MB-8',
    title: 'a plain user books for nobody else',
    principal: user,
    action: 'meeting.create',
    resource: booking('colleague', true, { createdById: 'usr' }),
    expect: 'deny',
    misses: ['mb-8-book-for-licensed-colleague', 'mb-7-book-own-conferences'],
  },
  {
    source: 'MB-4',
    title: 'a delegated organiser who does not schedule for themselves deactivates themselves',
    principal: delegate,
    action: 'user.deactivate',
    resource: account('del'),
    expect: 'allow',
    matches: ['mb-4-deactivate-oneself'],
  },
  {
    source: 'MB-4',
    title: 'but deactivates nobody else',
    principal: delegate,
    action: 'user.deactivate',
    resource: account('usr'),
    expect: 'deny',
    misses: ['mb-4-deactivate-oneself'],
  },
  {
    source: 'MB-1',
    title: "only an organisation's administrators create or delete its users",
    principal: admin,
    action: 'user.delete',
    resource: account('usr'),
    expect: 'allow',
    matches: ['mb-1-create-delete-users'],
  },
  {
    source: 'MB-1',
    title: 'a delegated organiser creates no user',
    principal: delegate,
    action: 'user.create',
    resource: account('new'),
    expect: 'deny',
    misses: ['mb-1-create-delete-users'],
  },
  {
    source: 'MB-10',
    title: 'the concierge creates users for any organisation (an administrator everywhere)',
    principal: concierge,
    action: 'user.create',
    resource: account('new', 'ent_7'),
    expect: 'allow',
    matches: ['mb-1-create-delete-users'],
  },
  {
    source: 'MB-9',
    title: "an administrator changes the organisation's users",
    principal: admin,
    action: 'user.update',
    resource: account('usr'),
    expect: 'allow',
    matches: ['mb-9-manage-users'],
  },
  {
    source: 'MB-9',
    title: "but not another organisation's",
    principal: admin,
    action: 'user.update',
    resource: account('x', 'ent_2'),
    expect: 'deny',
    misses: ['mb-9-manage-users'],
  },
  {
    source: 'MB-9',
    title: "an administrator sees the organisation's statistics",
    principal: admin,
    action: 'statistics.read',
    resource: { kind: 'statistics', organisationId: 'ent_1' },
    expect: 'allow',
    matches: ['mb-9-statistics'],
  },
  {
    source: 'MB-9',
    title: "and not another organisation's",
    principal: admin,
    action: 'statistics.read',
    resource: { kind: 'statistics', organisationId: 'ent_2' },
    expect: 'deny',
    misses: ['mb-9-statistics', 'mb-10-statistics'],
  },
  {
    source: 'MB-5',
    title: 'an administrator activates and deactivates users',
    principal: admin,
    action: 'user.activate',
    resource: account('usr'),
    expect: 'allow',
    matches: ['mb-5-activation'],
  },
  {
    source: 'MB-5',
    title: 'a delegated organiser activates nobody',
    principal: delegate,
    action: 'user.activate',
    resource: account('usr'),
    expect: 'deny',
    misses: ['mb-5-activation'],
  },
  {
    source: 'MB-2',
    title: 'the users list shows licensed users against allocated licences to administrators',
    principal: admin,
    action: 'licence_pool.read',
    resource: { kind: 'licence_pool', organisationId: 'ent_1' },
    expect: 'allow',
    matches: ['mb-2-licences'],
  },
  {
    source: 'MB-2',
    title: 'not to plain users',
    principal: user,
    action: 'licence_pool.read',
    resource: { kind: 'licence_pool', organisationId: 'ent_1' },
    expect: 'deny',
    misses: ['mb-2-licences'],
  },
  {
    source: 'MB-3',
    title: 'an organisation asks the operator for more licences',
    principal: admin,
    action: 'licence_request.create',
    resource: { kind: 'licence_request', organisationId: 'ent_1' },
    expect: 'allow',
    matches: ['mb-3-ask-for-licences'],
  },
  {
    source: 'MB-3',
    title: 'a plain user does not',
    principal: user,
    action: 'licence_request.create',
    resource: { kind: 'licence_request', organisationId: 'ent_1' },
    expect: 'deny',
    misses: ['mb-3-ask-for-licences'],
  },
  {
    source: 'MB-3',
    title: 'the operator decides',
    principal: operator,
    action: 'licence_request.decide',
    resource: { kind: 'licence_request', organisationId: 'ent_1' },
    expect: 'allow',
    matches: ['mb-3-operator-decides'],
  },
  {
    source: 'MB-3',
    title: 'the concierge does not',
    principal: concierge,
    action: 'licence_request.decide',
    resource: { kind: 'licence_request', organisationId: 'ent_1' },
    expect: 'deny',
    misses: ['mb-3-operator-decides'],
  },
  {
    source: 'MB-6',
    title: "administrators set (and remove) the roles of the organisation's users",
    principal: admin,
    action: 'role_assignment.remove',
    resource: { kind: 'role_assignment', organisationId: 'ent_1' },
    expect: 'allow',
    matches: ['mb-6-manage-roles'],
  },
  {
    source: 'MB-6',
    title: 'a delegated organiser does not',
    principal: delegate,
    action: 'role_assignment.remove',
    resource: { kind: 'role_assignment', organisationId: 'ent_1' },
    expect: 'deny',
    misses: ['mb-6-manage-roles'],
  },
  {
    source: 'MB-open',
    title: "an administrator sees their own organisation's planning",
    principal: admin,
    action: 'planning.read',
    resource: { kind: 'planning', organisationId: 'ent_1' },
    expect: 'allow',
    matches: ['mb-open-admin-planning'],
  },
  {
    source: 'MB-10',
    title: "an administrator does not see another organisation's planning",
    principal: admin,
    action: 'planning.read',
    resource: { kind: 'planning', organisationId: 'ent_2' },
    expect: 'deny',
    misses: ['mb-open-admin-planning', 'mb-10-planning'],
  },
  {
    source: 'MB-10',
    title: 'the concierge sees the planning of every organisation',
    principal: concierge,
    action: 'planning.read',
    resource: { kind: 'planning', organisationId: 'ent_2' },
    expect: 'allow',
    matches: ['mb-10-planning'],
  },
  {
    source: 'MB-10',
    title: 'the concierge sees the statistics of every organisation',
    principal: concierge,
    action: 'statistics.read',
    resource: { kind: 'statistics', organisationId: 'ent_2' },
    expect: 'allow',
    matches: ['mb-10-statistics', 'mb-9-statistics'],
  },
  {
    source: 'MB-10',
    title: 'the concierge creates permanent virtual meeting rooms for organisations',
    principal: concierge,
    action: 'room.create',
    resource: { kind: 'room', organisationId: 'ent_3' },
    expect: 'allow',
    matches: ['mb-10-rooms'],
  },
  {
    source: 'MB-10',
    title: 'an administrator creates no permanent room',
    principal: admin,
    action: 'room.create',
    resource: { kind: 'room', organisationId: 'ent_1' },
    expect: 'deny',
    misses: ['mb-10-rooms'],
  },
  {
    source: 'MB-10',
    title: 'the concierge books for any licensed user of the platform',
    principal: concierge,
    action: 'meeting.create',
    resource: booking('someone', true, { organisationId: 'ent_4', organiserOrganisationId: 'ent_4', createdById: 'cc' }),
    expect: 'allow',
    matches: ['mb-10-book-for-any-licensed-user'],
    misses: ['mb-8-book-for-licensed-colleague'],
  },
  {
    source: 'MB-10',
    title: 'but never for an unlicensed one',
    principal: concierge,
    action: 'meeting.create',
    resource: booking('someone', false, { organisationId: 'ent_4', organiserOrganisationId: 'ent_4', createdById: 'cc' }),
    expect: 'deny',
    misses: ['mb-10-book-for-any-licensed-user'],
  },
  {
    source: 'MB-11',
    title: "a user's organisation is fixed, whoever asks",
    principal: operator,
    action: 'user.change_organisation',
    resource: account('usr'),
    expect: 'forbid',
    matches: ['mb-11-organisation-fixed'],
  },
  {
    source: 'MB-11',
    title: 'everyone keeps their own profile',
    principal: user,
    action: 'user.update',
    resource: account('usr'),
    expect: 'allow',
    matches: ['mb-11-own-profile'],
  },
  {
    source: 'MB-11',
    title: "a plain user edits no one else's profile",
    principal: user,
    action: 'user.update',
    resource: account('adm'),
    expect: 'deny',
    misses: ['mb-11-own-profile'],
  },
  // Names (MB-9, MB-11)
  {
    source: 'MB-9',
    title: "an administrator changes a user's first and last name",
    principal: admin,
    action: 'user.update_name',
    resource: account('usr'),
    expect: 'allow',
    matches: ['mb-9-manage-users'],
  },
  {
    source: 'MB-9',
    title: 'but not in another organisation',
    principal: admin,
    action: 'user.update_name',
    resource: account('x', 'ent_2'),
    expect: 'deny',
    misses: ['mb-9-manage-users'],
  },
  {
    source: 'MB-11',
    title: 'everyone changes their own first and last name',
    principal: user,
    action: 'user.update_name',
    resource: account('usr'),
    expect: 'allow',
    matches: ['mb-11-own-profile'],
  },
  {
    source: 'MB-11',
    title: "a user does not rename a colleague",
    principal: user,
    action: 'user.update_name',
    resource: account('del'),
    expect: 'deny',
    misses: ['mb-11-own-profile', 'mb-9-manage-users'],
  },
  // Audit trail (MB-9, MB-10)
  {
    source: 'MB-9',
    title: "an administrator reads the trail of the organisation's users",
    principal: admin,
    action: 'audit.read',
    resource: { ...account('usr'), kind: 'audit' },
    expect: 'allow',
    matches: ['mb-9-read-trails'],
  },
  {
    source: 'MB-9',
    title: 'but not the trail of another organisation',
    principal: admin,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'ent_2', organisationId: 'ent_2', status: 'active' },
    expect: 'deny',
    misses: ['mb-9-read-trails'],
  },
  {
    source: 'MB-9',
    title: 'a delegated organiser reads no trail',
    principal: delegate,
    action: 'audit.read',
    resource: { ...account('usr'), kind: 'audit' },
    expect: 'deny',
    misses: ['mb-9-read-trails'],
  },
  {
    source: 'MB-10',
    title: 'the concierge reads the trail of every organisation, as an administrator of all of them',
    principal: concierge,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'ent_2', organisationId: 'ent_2', status: 'active' },
    expect: 'allow',
    matches: ['mb-9-read-trails'],
  },
  // Organisations (MB-open)
  {
    source: 'MB-open',
    title: 'Mégalis Bretagne services enrol a member organisation',
    principal: operator,
    action: 'organisation.create',
    resource: { kind: 'organisation', organisationId: null },
    expect: 'allow',
    matches: ['mb-open-operator-organisations'],
  },
  {
    source: 'MB-open',
    title: 'and suspend one',
    principal: operator,
    action: 'organisation.suspend',
    resource: { kind: 'organisation', id: 'ent_1', organisationId: 'ent_1', status: 'active' },
    expect: 'allow',
    matches: ['mb-open-operator-organisations'],
  },
  {
    source: 'MB-10',
    title: 'the concierge neither enrols nor suspends organisations (not among its powers)',
    principal: concierge,
    action: 'organisation.suspend',
    resource: { kind: 'organisation', id: 'ent_1', organisationId: 'ent_1', status: 'active' },
    expect: 'deny',
    misses: ['mb-open-operator-organisations'],
  },
  {
    source: 'MB-9',
    title: "an administrator does not rename their own organisation (it is fixed, MB-11)",
    principal: admin,
    action: 'organisation.update',
    resource: { kind: 'organisation', id: 'ent_1', organisationId: 'ent_1', status: 'active' },
    expect: 'deny',
    misses: ['mb-open-operator-organisations'],
  },
];

describeRuleCases(megalis, cases);

describe('Mégalis profile settings', () => {
  const policy = createPolicy(megalis);
  const ent1 = { type: 'organisation', organisationId: 'ent_1' } as const;

  it('MB-6: administrators appoint administrators (equal-level grants are on) and give each new person a role', () => {
    expect(megalis.grants.allowEqualLevel).toBe(true);
    expect(policy.decideGrant(admin, 'administrator', ent1)).toMatchObject({ allowed: true, source: 'MB-6' });
    expect(policy.canGrant(admin, 'user', ent1)).toBe(true);
    expect(policy.canGrant(admin, 'administrator', { type: 'organisation', organisationId: 'ent_2' })).toBe(false);
  });

  it('MB-6: nobody in an organisation makes a concierge (platform support only)', () => {
    expect(policy.decideGrant(admin, 'concierge', { type: 'platform' })).toMatchObject({ allowed: false });
    expect(policy.decideGrant(operator, 'concierge', { type: 'platform' })).toMatchObject({ allowed: true, source: 'MB-6' });
  });

  it('MB-6: a delegated organiser grants no role', () => {
    expect(policy.canGrant(delegate, 'user', ent1)).toBe(false);
  });

  it('MB-10: concierge ⊇ administrator ⊇ delegated organiser ⊇ user', () => {
    expect(policy.roles.powersOf('concierge')).toEqual(['concierge', 'administrator', 'delegated_organiser', 'user']);
  });

  it('MB-12: deactivation frees the licence and does not block sign-in; a deactivated administrator keeps its powers', () => {
    expect(megalis.accounts.deactivationBlocksSignIn).toBe(false);
    expect(megalis.roles.filter((role) => role.assignableAt.includes('organisation')).every((role) => role.licensed === true)).toBe(true);
    // The assignment stays active while the account is deactivated: powers stay, booking as organiser does not.
    expect(policy.check(admin, 'user.create', account('new'))).toBe(true);
    expect(policy.check(admin, 'meeting.create', booking('adm', false))).toBe(false);
  });

  it('MB-3: the licence request workflow is on', () => {
    expect(megalis.workflows.licenceRequest).toBe(true);
  });
});
