import { describe, expect, it } from 'vitest';
import { productRoleCategories } from '../domain/product';
import { createPolicy } from '../policy/policy';
import { at, describeRuleCases, who, type RuleCase } from './rule-cases.testkit';
import { selfcare } from './selfcare';

const adminP1 = who('a1', [at.product('product_admin', 'inst_1', 'p_1')], {});
const suspendedAdmin = who('a2', [at.product('product_admin', 'inst_1', 'p_1', 'suspended')]);
const operatorP1 = who('o1', [at.product('product_operator', 'inst_1', 'p_1')]);
const support = who('s1', [at.platform('platform_admin')]);

const userOn = (id: string, productId: string | null, attributes: Record<string, unknown> = {}) => ({
  kind: 'user',
  id,
  organisationId: 'inst_1',
  productId,
  ...attributes,
});
const assignmentOn = (productId: string) => ({ kind: 'role_assignment', organisationId: 'inst_1', productId, userId: 'x' });
const group = (productId: string, status: string) => ({ kind: 'group', id: 'g1', organisationId: 'inst_1', productId, status });

const cases: RuleCase[] = [
  {
    source: 'SC-16',
    title: 'an admin of one product sees the users of every product of the institution',
    principal: adminP1,
    action: 'user.read_profile',
    resource: userOn('u9', 'p_2'),
    expect: 'allow',
    matches: ['sc-16-see-institution-users'],
  },
  {
    source: 'SC-16',
    title: 'but not the users of another institution',
    principal: adminP1,
    action: 'user.read_profile',
    resource: { ...userOn('u9', 'p_1'), organisationId: 'inst_2' },
    expect: 'deny',
    misses: ['sc-16-see-institution-users'],
  },
  {
    source: 'SC-4',
    title: 'an admin of P adds a user to P',
    principal: adminP1,
    action: 'user.create',
    resource: userOn('new', 'p_1'),
    expect: 'allow',
    matches: ['sc-4-add-users'],
  },
  {
    source: 'SC-8',
    title: 'an admin of P adds nobody to another product',
    principal: adminP1,
    action: 'user.create',
    resource: userOn('new', 'p_2'),
    expect: 'deny',
    misses: ['sc-4-add-users'],
  },
  {
    source: 'SC-3',
    title: 'an active admin of P suspends, reactivates and removes roles on P',
    principal: adminP1,
    action: 'role_assignment.suspend',
    resource: assignmentOn('p_1'),
    expect: 'allow',
    matches: ['sc-3-manage-roles-on-product'],
  },
  {
    source: 'SC-3',
    title: 'a suspended admin has no management powers',
    principal: suspendedAdmin,
    action: 'role_assignment.remove',
    resource: assignmentOn('p_1'),
    expect: 'deny',
    misses: ['sc-3-manage-roles-on-product'],
  },
  {
    source: 'SC-8',
    title: "on the user's other products an admin of P can do nothing",
    principal: adminP1,
    action: 'role_assignment.reactivate',
    resource: assignmentOn('p_2'),
    expect: 'deny',
    misses: ['sc-3-manage-roles-on-product'],
  },
  {
    source: 'SC-14',
    title: 'a user joins an active group of the product',
    principal: adminP1,
    action: 'group.add_member',
    resource: group('p_1', 'active'),
    expect: 'allow',
    matches: ['sc-14-join-active-group'],
  },
  {
    source: 'SC-14',
    title: 'nobody joins a suspended group',
    principal: adminP1,
    action: 'group.add_member',
    resource: group('p_1', 'suspended'),
    expect: 'deny',
    misses: ['sc-14-join-active-group'],
  },
  {
    source: 'SC-8',
    title: 'an admin of P takes a user out of a group of P',
    principal: adminP1,
    action: 'group.remove_member',
    resource: group('p_1', 'active'),
    expect: 'allow',
    matches: ['sc-8-leave-group'],
  },
  {
    source: 'SC-8',
    title: 'but not out of a group of another product',
    principal: adminP1,
    action: 'group.remove_member',
    resource: group('p_2', 'active'),
    expect: 'deny',
    misses: ['sc-8-leave-group'],
  },
  {
    source: 'SC-9',
    title: 'an admin of a product the user holds a role on edits their data',
    principal: adminP1,
    action: 'user.update_name',
    resource: userOn('u9', 'p_1', { identityVerified: false }),
    expect: 'allow',
    matches: ['sc-9-admins-edit-users'],
    misses: ['sc-9-verified-names-fixed'],
  },
  {
    source: 'SC-9',
    title: "an operator edits nobody's data",
    principal: operatorP1,
    action: 'user.update',
    resource: userOn('u9', 'p_1'),
    expect: 'deny',
    misses: ['sc-9-admins-edit-users'],
  },
  {
    source: 'SC-9',
    title: 'names vouched for by SPID never change',
    principal: adminP1,
    action: 'user.update_name',
    resource: userOn('u9', 'p_1', { identityVerified: true }),
    expect: 'forbid',
    matches: ['sc-9-verified-names-fixed'],
  },
  {
    source: 'SC-9',
    title: 'the tax code never changes',
    principal: support,
    action: 'user.change_tax_code',
    resource: userOn('u9', 'p_1'),
    expect: 'forbid',
    matches: ['sc-9-tax-code-fixed'],
  },
  {
    source: 'SC-9',
    title: 'a user edits their own contact e-mail',
    principal: operatorP1,
    action: 'user.change_email',
    resource: userOn('o1', 'p_1'),
    expect: 'allow',
    matches: ['sc-9-own-contact-email'],
  },
  {
    source: 'SC-9',
    title: "but not somebody else's",
    principal: operatorP1,
    action: 'user.change_email',
    resource: userOn('u9', 'p_1'),
    expect: 'deny',
    misses: ['sc-9-own-contact-email'],
  },
  {
    source: 'SC-6',
    title: 'a user sees their own profile',
    principal: operatorP1,
    action: 'user.read_profile',
    resource: userOn('o1', 'p_1'),
    expect: 'allow',
    matches: ['sc-6-own-profile'],
  },
  {
    source: 'SC-16',
    title: "an operator does not open the users section",
    principal: operatorP1,
    action: 'user.read_profile',
    resource: userOn('u9', 'p_1'),
    expect: 'deny',
    misses: ['sc-6-own-profile', 'sc-16-see-institution-users'],
  },
  {
    source: 'SC-7',
    title: 'an admin sets their own work phone',
    principal: adminP1,
    action: 'user.set_work_phone',
    resource: userOn('a1', 'p_1', { hasAdminRole: true }),
    expect: 'allow',
    matches: ['sc-7-work-phone-self'],
    misses: ['sc-7-work-phone-admins-only'],
  },
  {
    source: 'SC-7',
    title: "nobody sets another user's work phone, not even an admin of their product",
    principal: adminP1,
    action: 'user.set_work_phone',
    resource: userOn('a9', 'p_1', { hasAdminRole: true }),
    expect: 'deny',
    misses: ['sc-7-work-phone-self'],
  },
  {
    source: 'SC-7',
    title: 'a user without an admin role holds no work phone',
    principal: operatorP1,
    action: 'user.set_work_phone',
    resource: userOn('o1', 'p_1', { hasAdminRole: false }),
    expect: 'forbid',
    matches: ['sc-7-work-phone-admins-only'],
  },
  {
    source: 'SC-open',
    title: 'PagoPA support onboards institutions',
    principal: support,
    action: 'organisation.create',
    resource: { kind: 'organisation', organisationId: null },
    expect: 'allow',
    matches: ['sc-open-support-onboarding'],
  },
  {
    source: 'SC-open',
    title: 'a product admin does not',
    principal: adminP1,
    action: 'organisation.create',
    resource: { kind: 'organisation', organisationId: null },
    expect: 'deny',
    misses: ['sc-open-support-onboarding'],
  },
  // Institutions and trails (SC-open)
  {
    source: 'SC-open',
    title: 'PagoPA support suspends and resumes an institution',
    principal: support,
    action: 'organisation.suspend',
    resource: { kind: 'organisation', id: 'inst_1', organisationId: 'inst_1', status: 'active' },
    expect: 'allow',
    matches: ['sc-open-support-suspends-institutions'],
  },
  {
    source: 'SC-open',
    title: 'a product admin does not suspend their institution',
    principal: adminP1,
    action: 'organisation.suspend',
    resource: { kind: 'organisation', id: 'inst_1', organisationId: 'inst_1', status: 'active' },
    expect: 'deny',
    misses: ['sc-open-support-suspends-institutions'],
  },
  {
    source: 'SC-open',
    title: 'PagoPA support reads the trail of any institution',
    principal: support,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'inst_1', organisationId: 'inst_1', status: 'active' },
    expect: 'allow',
    matches: ['sc-open-support-reads-institution-trails'],
  },
  {
    source: 'SC-open',
    title: "but not a user's account trail (it does not read their profile either)",
    principal: support,
    action: 'audit.read',
    resource: { ...userOn('u9', 'p_2', { identityVerified: true }), kind: 'audit' },
    expect: 'deny',
    misses: ['sc-open-support-reads-institution-trails'],
  },
  {
    source: 'SC-open',
    title: "a product admin does not read the institution's trail",
    principal: adminP1,
    action: 'audit.read',
    resource: { kind: 'audit', id: 'inst_1', organisationId: 'inst_1', status: 'active' },
    expect: 'deny',
    misses: ['sc-open-support-reads-institution-trails'],
  },
];

describeRuleCases(selfcare, cases);

describe('selfcare profile settings', () => {
  const policy = createPolicy(selfcare);
  const p1 = { type: 'product', organisationId: 'inst_1', productId: 'p_1' } as const;

  it('SC-2: the profile roles are the two product role categories', () => {
    const categories = productRoleCategories.map((category) => `product_${category}`);
    expect(selfcare.roles.filter((role) => role.assignableAt.includes('product')).map((role) => role.name).sort()).toEqual(categories.sort());
  });

  it('SC-5: an admin nominates another admin of their product only through the nomination workflow', () => {
    expect(policy.decideGrant(adminP1, 'product_admin', p1)).toMatchObject({ allowed: true, source: 'SC-5', workflow: 'adminNomination' });
    expect(selfcare.workflows.adminNomination).toBe(true);
  });

  it('SC-8: an admin of P gives operator roles on P, never on another product', () => {
    expect(policy.decideGrant(adminP1, 'product_operator', p1)).toMatchObject({ allowed: true, source: 'SC-8', workflow: null });
    expect(policy.canGrant(adminP1, 'product_operator', { ...p1, productId: 'p_2' })).toBe(false);
  });

  it('SC-3: a suspended admin grants nothing', () => {
    expect(policy.canGrant(suspendedAdmin, 'product_operator', p1)).toBe(false);
  });

  it('SC-11: a user is never both admin and operator on one product', () => {
    expect(selfcare.exclusiveRoles).toEqual([{ roles: ['product_admin', 'product_operator'], source: 'SC-11' }]);
  });

  it('SC-12: a suspended role is kept but grants nothing until reactivated', () => {
    const explanation = policy.explain(suspendedAdmin, 'role_assignment.suspend', assignmentOn('p_1'));
    expect(explanation.ignored).toEqual([{ role: 'product_admin', scopeType: 'product', status: 'suspended', reason: 'not_active' }]);
    const reactivated = who('a2', [at.product('product_admin', 'inst_1', 'p_1')]);
    expect(policy.check(reactivated, 'role_assignment.suspend', assignmentOn('p_1'))).toBe(true);
  });

  it('SC-15: no shared mailboxes, and the monthly digest is on', () => {
    expect(selfcare.accounts.genericMailboxes).toBe('forbidden');
    expect(selfcare.workflows.monthlyDigest).toBe(true);
  });

  it('SC-1: a product scope sits inside its institution', () => {
    // An admin reaches a resource of their product in their institution, not the same product id elsewhere.
    expect(policy.check(adminP1, 'role_assignment.remove', assignmentOn('p_1'))).toBe(true);
    expect(policy.check(adminP1, 'role_assignment.remove', { ...assignmentOn('p_1'), organisationId: 'inst_2' })).toBe(false);
  });
});
