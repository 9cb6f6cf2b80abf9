import { describe, expect, it } from 'vitest';
import { createPolicy } from '../policy/policy';
import { dataGovCy } from './data-gov-cy';
import { at, describeRuleCases, who, type RuleCase } from './rule-cases.testkit';

const admin = who('pa', [at.platform('platform_admin')]);
const moderator = who('mod', [at.organisation('workflow_moderator', 'org_1')]);
const contributor = who('con', [at.organisation('workflow_contributor', 'org_1')]);
const stranger = who('anon');

const dataset = (status: string, authorId = 'con', organisationId = 'org_1') => ({ kind: 'dataset', id: 'ds_1', organisationId, status, authorId });

const cases: RuleCase[] = [
  {
    source: 'DG-4',
    title: "a contributor creates their organisation's datasets and submits them for approval",
    principal: contributor,
    action: 'dataset.submit',
    resource: dataset('draft'),
    expect: 'allow',
    matches: ['dg-4-contributors-prepare-datasets'],
  },
  {
    source: 'DG-4',
    title: "a contributor prepares nothing for another organisation",
    principal: contributor,
    action: 'dataset.create',
    resource: dataset('draft', 'con', 'org_2'),
    expect: 'deny',
    misses: ['dg-4-contributors-prepare-datasets'],
  },
  {
    source: 'DG-4',
    title: 'a contributor changes a published dataset (the change waits for approval)',
    principal: contributor,
    action: 'dataset.update',
    resource: dataset('published', 'someone'),
    expect: 'allow',
    matches: ['dg-4-contributors-change-datasets'],
  },
  {
    source: 'DG-4',
    title: "a contributor does not change another contributor's draft",
    principal: contributor,
    action: 'dataset.update',
    resource: dataset('draft', 'someone'),
    expect: 'deny',
    misses: ['dg-4-contributors-change-datasets'],
  },
  {
    source: 'DG-4',
    title: 'a contributor sees their own drafts',
    principal: contributor,
    action: 'dataset.read',
    resource: dataset('needs_review', 'con'),
    expect: 'allow',
    matches: ['dg-4-contributors-see-own-drafts'],
  },
  {
    source: 'DG-4',
    title: 'everything a moderator does except publish: a contributor never publishes or approves',
    principal: contributor,
    action: 'dataset.publish',
    resource: dataset('draft', 'con'),
    expect: 'deny',
    misses: ['dg-3-moderators-moderate'],
  },
  {
    source: 'DG-4',
    title: 'a published dataset is public',
    principal: stranger,
    action: 'dataset.read',
    resource: dataset('published'),
    expect: 'allow',
    matches: ['dg-4-published-is-public'],
  },
  {
    source: 'DG-4',
    title: "a draft is not public",
    principal: stranger,
    action: 'dataset.read',
    resource: dataset('draft'),
    expect: 'deny',
    misses: ['dg-4-published-is-public', 'dg-4-contributors-see-own-drafts'],
  },
  {
    source: 'DG-3',
    title: "a moderator approves and publishes their organisation's datasets",
    principal: moderator,
    action: 'dataset.approve',
    resource: dataset('needs_review'),
    expect: 'allow',
    matches: ['dg-3-moderators-moderate'],
  },
  {
    source: 'DG-3',
    title: "a moderator also does everything a contributor does (moderator ⊇ contributor)",
    principal: moderator,
    action: 'dataset.submit',
    resource: dataset('draft', 'mod'),
    expect: 'allow',
    matches: ['dg-4-contributors-prepare-datasets'],
  },
  {
    source: 'DG-3',
    title: "a moderator moderates only their own organisation",
    principal: moderator,
    action: 'dataset.publish',
    resource: dataset('needs_review', 'x', 'org_2'),
    expect: 'deny',
    misses: ['dg-3-moderators-moderate'],
  },
  {
    source: 'DG-2',
    title: 'a portal administrator approves for any organisation',
    principal: admin,
    action: 'dataset.approve',
    resource: dataset('needs_review', 'x', 'org_without_moderator'),
    expect: 'allow',
    matches: ['dg-2-admins-approve-anywhere', 'dg-3-moderators-moderate'],
  },
  {
    source: 'DG-2',
    title: 'only portal administrators keep the register of authorised users',
    principal: admin,
    action: 'user.create',
    resource: { kind: 'user', organisationId: 'org_1' },
    expect: 'allow',
    matches: ['dg-2-register-of-authorised-users'],
  },
  {
    source: 'DG-2',
    title: 'moderators administer data, not users',
    principal: moderator,
    action: 'user.create',
    resource: { kind: 'user', organisationId: 'org_1' },
    expect: 'deny',
    misses: ['dg-2-register-of-authorised-users'],
  },
  {
    source: 'DG-2',
    title: "a portal administrator changes a user's level",
    principal: admin,
    action: 'role_assignment.remove',
    resource: { kind: 'role_assignment', organisationId: 'org_1' },
    expect: 'allow',
    matches: ['dg-2-change-user-levels'],
  },
  {
    source: 'DG-2',
    title: "a moderator does not",
    principal: moderator,
    action: 'role_assignment.remove',
    resource: { kind: 'role_assignment', organisationId: 'org_1' },
    expect: 'deny',
    misses: ['dg-2-change-user-levels', 'dg-2-admins-approve-anywhere'],
  },
  {
    source: 'DG-open',
    title: 'an authorised user sees their own account',
    principal: contributor,
    action: 'user.read_profile',
    resource: { kind: 'user', id: 'con', organisationId: 'org_1' },
    expect: 'allow',
    matches: ['dg-open-own-account'],
  },
  {
    source: 'DG-open',
    title: 'and not a colleague’s',
    principal: contributor,
    action: 'user.read_profile',
    resource: { kind: 'user', id: 'mod', organisationId: 'org_1' },
    expect: 'deny',
    misses: ['dg-open-own-account'],
  },
  // Organisations and trails (DG-2, DG-open)
  {
    source: 'DG-2',
    title: 'portal administrators enter a public body in the register',
    principal: admin,
    action: 'organisation.create',
    resource: { kind: 'organisation', organisationId: null },
    expect: 'allow',
    matches: ['dg-2-register-organisations'],
  },
  {
    source: 'DG-2',
    title: 'and rename, suspend or resume it',
    principal: admin,
    action: 'organisation.suspend',
    resource: { kind: 'organisation', id: 'org_1', organisationId: 'org_1', status: 'active' },
    expect: 'allow',
    matches: ['dg-2-register-organisations'],
  },
  {
    source: 'DG-2',
    title: 'a moderator administers data, not their organisation',
    principal: moderator,
    action: 'organisation.update',
    resource: { kind: 'organisation', id: 'org_1', organisationId: 'org_1', status: 'active' },
    expect: 'deny',
    misses: ['dg-2-register-organisations'],
  },
  {
    source: 'DG-open',
    title: 'portal administrators read the trail of any account or organisation',
    principal: admin,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'org_1', organisationId: 'org_1', status: 'active' },
    expect: 'allow',
    matches: ['dg-open-admins-read-trails'],
  },
  {
    source: 'DG-open',
    title: "a moderator does not read their organisation's trail",
    principal: moderator,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'org_1', organisationId: 'org_1', status: 'active' },
    expect: 'deny',
    misses: ['dg-open-admins-read-trails'],
  },
];

describeRuleCases(dataGovCy, cases);

describe('data.gov.cy profile settings', () => {
  const policy = createPolicy(dataGovCy);

  it('DG-1: an organisation has authorised users, each a workflow moderator or a workflow contributor', () => {
    const organisationRoles = dataGovCy.roles.filter((role) => role.assignableAt.includes('organisation')).map((role) => role.name);
    expect(organisationRoles.sort()).toEqual(['workflow_contributor', 'workflow_moderator']);
  });

  it('DG-2: only portal administrators authorise users; moderators grant nothing', () => {
    const org = { type: 'organisation', organisationId: 'org_1' } as const;
    expect(policy.decideGrant(admin, 'workflow_moderator', org)).toMatchObject({ allowed: true, source: 'DG-2' });
    expect(policy.canGrant(moderator, 'workflow_contributor', org)).toBe(false);
  });

  it('DG-4: the dataset publication workflow is on', () => {
    expect(dataGovCy.workflows.datasetPublication).toBe(true);
  });

  it('DG-3: moderator ⊇ contributor, and the portal administrator ⊇ moderator', () => {
    expect(policy.roles.includes('workflow_moderator', 'workflow_contributor')).toBe(true);
    expect(policy.roles.includes('platform_admin', 'workflow_moderator')).toBe(true);
    expect(policy.roles.includes('workflow_contributor', 'workflow_moderator')).toBe(false);
  });
});
