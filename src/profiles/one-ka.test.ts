import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../domain/filter';
import { createPolicy } from '../policy/policy';
import { oneKa } from './one-ka';
import { at, describeRuleCases, who, type RuleCase } from './rule-cases.testkit';

const support = who('sup', [at.platform('platform_admin')]);
const manager = who('mgr', [at.organisation('manager', 'dom_1')], {
  overseenUserIds: ['ana', 'mgr2'],
  formerlyOverseenUserIds: ['gone'],
});
const ana = who('ana', [at.organisation('user', 'dom_1')], { coEditedSurveyIds: ['s_bor'] });
const bor = who('bor', [at.organisation('user', 'dom_1')]);

const survey = (id: string, ownerId: string, extra: Record<string, unknown> = {}) => ({ kind: 'survey', id, organisationId: 'dom_1', ownerId, ...extra });
const user = (id: string) => ({ kind: 'user', id, organisationId: 'dom_1' });

const cases: RuleCase[] = [
  {
    source: 'KA-open',
    title: 'a user has every right on their own survey',
    principal: ana,
    action: 'survey.delete',
    resource: survey('s_ana', 'ana'),
    expect: 'allow',
    matches: ['ka-open-own-surveys'],
  },
  {
    source: 'KA-open',
    title: "and none on a colleague's",
    principal: ana,
    action: 'survey.delete',
    resource: survey('s_bor', 'bor'),
    expect: 'deny',
    misses: ['ka-open-own-surveys'],
  },
  {
    source: 'KA-3',
    title: 'a manager adds users to their organisation',
    principal: manager,
    action: 'user.create',
    resource: user('new'),
    expect: 'allow',
    matches: ['ka-3-managers-add-users'],
  },
  {
    source: 'KA-3',
    title: 'nobody self-registers into an organisation',
    principal: who('outsider'),
    action: 'user.create',
    resource: user('outsider'),
    expect: 'deny',
    misses: ['ka-3-managers-add-users'],
  },
  {
    source: 'KA-5',
    title: 'a manager sees and edits the whole profile of the users assigned to them',
    principal: manager,
    action: 'user.update',
    resource: user('ana'),
    expect: 'allow',
    matches: ['ka-5-oversee-users'],
  },
  {
    source: 'KA-5',
    title: 'but not of users assigned to someone else',
    principal: manager,
    action: 'user.read_profile',
    resource: user('bor'),
    expect: 'deny',
    misses: ['ka-5-oversee-users'],
  },
  {
    source: 'KA-5',
    title: "a manager reaches every survey of their users (and managers) and changes their rights on it",
    principal: manager,
    action: 'survey.manage_rights',
    resource: survey('s_m2', 'mgr2'),
    expect: 'allow',
    matches: ['ka-5-oversee-surveys'],
  },
  {
    source: 'KA-4',
    title: "a manager assigned to nobody is overseen by nobody",
    principal: manager,
    action: 'survey.read',
    resource: survey('s_bor', 'bor'),
    expect: 'deny',
    misses: ['ka-5-oversee-surveys', 'ka-11-surveys-stay-visible'],
  },
  {
    source: 'KA-6',
    title: 'any user adds a user of the same organisation as co-editor of their survey',
    principal: bor,
    action: 'survey.add_co_editor',
    resource: survey('s_bor', 'bor', { coEditorOrganisationId: 'dom_1' }),
    expect: 'allow',
    matches: ['ka-6-add-co-editors'],
  },
  {
    source: 'KA-6',
    title: 'but no user of another organisation',
    principal: bor,
    action: 'survey.add_co_editor',
    resource: survey('s_bor', 'bor', { coEditorOrganisationId: 'dom_2' }),
    expect: 'deny',
    misses: ['ka-6-add-co-editors'],
  },
  {
    source: 'KA-6',
    title: 'the co-editor reaches that survey',
    principal: ana,
    action: 'survey.update',
    resource: survey('s_bor', 'bor'),
    expect: 'allow',
    matches: ['ka-6-co-editors-reach-one-survey'],
  },
  {
    source: 'KA-6',
    title: 'and only that survey',
    principal: ana,
    action: 'survey.read',
    resource: survey('s_bor_2', 'bor'),
    expect: 'deny',
    misses: ['ka-6-co-editors-reach-one-survey'],
  },
  {
    source: 'KA-7',
    title: 'the owner sees every access to and change of their survey',
    principal: bor,
    action: 'survey.read_trail',
    resource: survey('s_bor', 'bor'),
    expect: 'allow',
    matches: ['ka-7-owner-sees-trail'],
  },
  {
    source: 'KA-7',
    title: "a co-editor does not see the trail",
    principal: ana,
    action: 'survey.read_trail',
    resource: survey('s_bor', 'bor'),
    expect: 'deny',
    misses: ['ka-7-owner-sees-trail', 'ka-7-manager-sees-trail'],
  },
  {
    source: 'KA-7',
    title: "the owner's manager sees the trail too",
    principal: manager,
    action: 'survey.read_trail',
    resource: survey('s_ana', 'ana'),
    expect: 'allow',
    matches: ['ka-7-manager-sees-trail'],
  },
  {
    source: 'KA-11',
    title: 'a manager removes a user from their oversight (and so from the organisation)',
    principal: manager,
    action: 'user.remove_from_oversight',
    resource: user('ana'),
    expect: 'allow',
    matches: ['ka-11-remove-from-oversight'],
  },
  {
    source: 'KA-11',
    title: "a manager does not remove someone else's user",
    principal: manager,
    action: 'user.remove_from_oversight',
    resource: user('bor'),
    expect: 'deny',
    misses: ['ka-11-remove-from-oversight'],
  },
  {
    source: 'KA-11',
    title: "a removed user's surveys stay visible to the manager",
    principal: manager,
    action: 'survey.read',
    resource: survey('s_gone', 'gone'),
    expect: 'allow',
    matches: ['ka-11-surveys-stay-visible'],
  },
  {
    source: 'KA-4',
    title: 'only the 1KA administration changes who oversees whom',
    principal: support,
    action: 'user.assign_manager',
    resource: user('bor'),
    expect: 'allow',
    matches: ['ka-4-reassign-oversight'],
  },
  {
    source: 'KA-10',
    title: 'a manager cannot put an already registered user under their own oversight',
    principal: manager,
    action: 'user.assign_manager',
    resource: user('bor'),
    expect: 'deny',
    misses: ['ka-4-reassign-oversight'],
  },
  {
    source: 'KA-12',
    title: "support opens a user's survey with that user's explicit permission",
    principal: support,
    action: 'survey.read',
    resource: survey('s_bor', 'bor', { supportAccessGranted: true }),
    expect: 'allow',
    matches: ['ka-12-support-with-permission'],
  },
  {
    source: 'KA-12',
    title: 'and never without it',
    principal: support,
    action: 'survey.read',
    resource: survey('s_bor', 'bor'),
    expect: 'deny',
    misses: ['ka-12-support-with-permission'],
  },
  {
    source: 'KA-2',
    title: 'the 1KA administration sets up virtual domains',
    principal: support,
    action: 'organisation.create',
    resource: { kind: 'organisation', organisationId: null },
    expect: 'allow',
    matches: ['ka-2-set-up-domains'],
  },
  {
    source: 'KA-2',
    title: 'a manager does not',
    principal: manager,
    action: 'organisation.update',
    resource: { kind: 'organisation', id: 'dom_1', organisationId: 'dom_1' },
    expect: 'deny',
    misses: ['ka-2-set-up-domains'],
  },
  {
    source: 'KA-2',
    title: 'the 1KA administration creates the managers an organisation orders',
    principal: support,
    action: 'user.create',
    resource: user('new_manager'),
    expect: 'allow',
    matches: ['ka-2-create-managers'],
  },
  {
    source: 'KA-2',
    title: "a plain user creates no account",
    principal: bor,
    action: 'user.create',
    resource: user('new'),
    expect: 'deny',
    misses: ['ka-2-create-managers', 'ka-3-managers-add-users'],
  },
  {
    source: 'KA-open',
    title: 'a user sees and edits their own account',
    principal: bor,
    action: 'user.update',
    resource: user('bor'),
    expect: 'allow',
    matches: ['ka-open-own-account'],
  },
  {
    source: 'KA-open',
    title: "and nobody else's through that rule",
    principal: bor,
    action: 'user.read_profile',
    resource: user('ana'),
    expect: 'deny',
    misses: ['ka-open-own-account'],
  },
  // Names (KA-5, KA-open)
  {
    source: 'KA-5',
    title: 'a manager changes the name of a user assigned to them',
    principal: manager,
    action: 'user.update_name',
    resource: user('ana'),
    expect: 'allow',
    matches: ['ka-5-oversee-users'],
  },
  {
    source: 'KA-5',
    title: 'but not of a user assigned to another manager',
    principal: manager,
    action: 'user.update_name',
    resource: user('bor'),
    expect: 'deny',
    misses: ['ka-5-oversee-users'],
  },
  {
    source: 'KA-open',
    title: 'a user changes their own name',
    principal: ana,
    action: 'user.update_name',
    resource: user('ana'),
    expect: 'allow',
    matches: ['ka-open-own-account'],
  },
  {
    source: 'KA-open',
    title: "a user does not rename a colleague",
    principal: ana,
    action: 'user.update_name',
    resource: user('bor'),
    expect: 'deny',
    misses: ['ka-open-own-account'],
  },
  // Account trails (KA-7, KA-open)
  {
    source: 'KA-7',
    title: 'a user reads the trail of their own account (changes by support included)',
    principal: ana,
    action: 'audit.read',
    resource: { ...user('ana'), kind: 'audit' },
    expect: 'allow',
    matches: ['ka-7-owner-sees-account-trail'],
  },
  {
    source: 'KA-7',
    title: "a user does not read a colleague's trail",
    principal: ana,
    action: 'audit.read',
    resource: { ...user('bor'), kind: 'audit' },
    expect: 'deny',
    misses: ['ka-7-owner-sees-account-trail', 'ka-7-manager-sees-account-trail'],
  },
  {
    source: 'KA-7',
    title: 'a manager reads the trail of the accounts assigned to them',
    principal: manager,
    action: 'audit.read',
    resource: { ...user('ana'), kind: 'audit' },
    expect: 'allow',
    matches: ['ka-7-manager-sees-account-trail'],
  },
  {
    source: 'KA-7',
    title: "but not of a user assigned to another manager",
    principal: manager,
    action: 'audit.read',
    resource: { ...user('bor'), kind: 'audit' },
    expect: 'deny',
    misses: ['ka-7-manager-sees-account-trail'],
  },
  {
    source: 'KA-open',
    title: 'the 1KA administration reads the trail of a virtual domain',
    principal: support,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'dom_1', organisationId: 'dom_1', status: 'active' },
    expect: 'allow',
    matches: ['ka-open-admins-read-domain-trails'],
  },
  {
    source: 'KA-12',
    title: "the 1KA administration does not read a user's account trail, as it does not read their profile",
    principal: support,
    action: 'audit.read',
    resource: { ...user('ana'), kind: 'audit' },
    expect: 'deny',
    misses: ['ka-open-admins-read-domain-trails', 'ka-7-owner-sees-account-trail'],
  },
  {
    source: 'KA-open',
    title: "a manager does not read the virtual domain's trail",
    principal: manager,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'dom_1', organisationId: 'dom_1', status: 'active' },
    expect: 'deny',
    misses: ['ka-open-admins-read-domain-trails', 'ka-7-manager-sees-account-trail'],
  },
  // Virtual domains (KA-open)
  {
    source: 'KA-open',
    title: 'the 1KA administration suspends and resumes a virtual domain',
    principal: support,
    action: 'organisation.resume',
    resource: { kind: 'organisation', id: 'dom_1', organisationId: 'dom_1', status: 'suspended' },
    expect: 'allow',
    matches: ['ka-open-suspend-domains'],
  },
  {
    source: 'KA-open',
    title: 'a manager does not suspend their virtual domain',
    principal: manager,
    action: 'organisation.suspend',
    resource: { kind: 'organisation', id: 'dom_1', organisationId: 'dom_1', status: 'active' },
    expect: 'deny',
    misses: ['ka-open-suspend-domains'],
  },
];

describeRuleCases(oneKa, cases);

describe('1KA profile settings', () => {
  const policy = createPolicy(oneKa);
  const domain = { type: 'organisation', organisationId: 'dom_1' } as const;

  it('KA-1: the person responsible for an organisation becomes its first manager', () => {
    expect(oneKa.organisationFounderRole).toBe('manager');
  });

  it('KA-2: a manager cannot make a user a manager; only the 1KA administration can', () => {
    const decision = policy.decideGrant(manager, 'manager', domain);
    expect(decision).toMatchObject({ allowed: false });
    expect(policy.decideGrant(support, 'manager', domain)).toMatchObject({ allowed: true, source: 'KA-2' });
    expect(oneKa.grants.allowEqualLevel).toBe(false);
  });

  it('KA-3: a manager adds plain users to their organisation', () => {
    expect(policy.decideGrant(manager, 'user', domain)).toMatchObject({ allowed: true, source: 'KA-3' });
    expect(policy.canGrant(manager, 'user', { type: 'organisation', organisationId: 'dom_2' })).toBe(false);
  });

  it('KA-9: a manager lists "my users" and the surveys of all of them through the query plan', () => {
    const myUsers = policy.plan(manager, 'user.read_profile', 'user');
    expect(['ana', 'mgr2', 'bor', 'mgr'].filter((id) => matchesFilter(myUsers, user(id)))).toEqual(['ana', 'mgr2', 'mgr']);
    const surveys = policy.plan(manager, 'survey.read', 'survey');
    const all = [survey('s1', 'ana'), survey('s2', 'bor'), survey('s3', 'mgr'), survey('s4', 'gone')];
    expect(all.filter((s) => matchesFilter(surveys, s)).map((s) => s.id)).toEqual(['s1', 's3', 's4']);
  });

  it('KA-13: a manager account may use a generic mailbox', () => {
    expect(oneKa.accounts.genericMailboxes).toBe('allowed');
  });

  it('KA-12: the platform admin is not above the manager: support powers are separate', () => {
    expect(policy.roles.includes('platform_admin', 'manager')).toBe(false);
  });
});
