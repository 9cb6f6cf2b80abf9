/**
 * PagoPA "Area Riservata" (selfcare), users section (RULES.md, SC-1 … SC-16).
 *
 * @module
 */
import { when } from '../policy/condition';
import { standardActions } from './actions';
import { defineProfile } from './profile';

const themselves = when.eq('resource.id', when.ref('principal.id'));

/**
 * The selfcare profile. Roles are the two product role categories (SC-2): a product-specific role (API
 * operator, security operator …) is held as an assignment of its category role at product scope. Product
 * admin ⊇ product operator; an admin's powers stay on their product (SC-3, SC-8), except seeing the users
 * of every product of the institution (SC-16).
 *
 * Resource attributes its rules read: `productId` on users, role assignments and groups (for a user on
 * several products, ask once per product: the user *as held on that product*); user `identityVerified`
 * (SPID vouched for the names), `hasAdminRole`; group `status`.
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 *
 * profiles.selfcare.accounts.genericMailboxes; // 'forbidden' (SC-15)
 * ```
 */
export const selfcare = defineProfile({
  id: 'selfcare',
  name: 'PagoPA Area Riservata',
  defaultLanguage: 'it',
  roles: [
    {
      name: 'product_operator',
      labels: { el: 'Χειριστής προϊόντος', it: 'Operatore', sl: 'Operater produkta', fr: 'Opérateur du produit', en: 'Product operator' },
      assignableAt: ['product'],
      description: 'The operator category of a product (SC-2).',
    },
    {
      name: 'product_admin',
      labels: { el: 'Διαχειριστής προϊόντος', it: 'Amministratore', sl: 'Skrbnik produkta', fr: 'Administrateur du produit', en: 'Product administrator' },
      inherits: ['product_operator'],
      assignableAt: ['product'],
      description: 'The admin category of a product: manages the users of that product only (SC-3, SC-8).',
    },
    {
      name: 'platform_admin',
      labels: { el: 'Υποστήριξη PagoPA', it: 'Supporto PagoPA', sl: 'Podpora PagoPA', fr: 'Support PagoPA', en: 'PagoPA support' },
      assignableAt: ['platform'],
      description: 'PagoPA support: onboards institutions and starts the nomination of their first admins.',
    },
  ],
  actions: standardActions,
  platformAdminRole: 'platform_admin',
  rules: [
    {
      id: 'sc-16-see-institution-users',
      source: 'SC-16',
      effect: 'allow',
      roles: ['product_admin'],
      actions: ['user.read_profile'],
      resource: 'user',
      reach: 'organisation',
      description: 'An active admin of any product sees the users (and their profiles, SC-6) of every product of the institution.',
    },
    {
      id: 'sc-4-add-users',
      source: 'SC-4',
      effect: 'allow',
      roles: ['product_admin'],
      actions: ['user.create'],
      resource: 'user',
      description: 'An admin of product P adds a user to P with one of its roles.',
    },
    {
      id: 'sc-3-manage-roles-on-product',
      source: 'SC-3',
      effect: 'allow',
      roles: ['product_admin'],
      actions: ['role_assignment.suspend', 'role_assignment.reactivate', 'role_assignment.remove'],
      resource: 'role_assignment',
      description: "An active admin of P suspends, reactivates and removes users' roles on P only (SC-8, SC-12).",
    },
    {
      id: 'sc-14-join-active-group',
      source: 'SC-14',
      effect: 'allow',
      roles: ['product_admin'],
      actions: ['group.add_member'],
      resource: 'group',
      when: when.eq('resource.status', 'active'),
    },
    {
      id: 'sc-8-leave-group',
      source: 'SC-8',
      effect: 'allow',
      roles: ['product_admin'],
      actions: ['group.remove_member'],
      resource: 'group',
      when: when.eq('resource.status', 'active'),
      description: 'An admin of P takes a user out of a group of P; a suspended group cannot be changed.',
    },
    {
      id: 'sc-9-admins-edit-users',
      source: 'SC-9',
      effect: 'allow',
      roles: ['product_admin'],
      actions: ['user.update', 'user.update_name'],
      resource: 'user',
      description: 'An active admin of a product the user holds a role on edits the user’s data.',
    },
    {
      id: 'sc-9-own-contact-email',
      source: 'SC-9',
      effect: 'allow',
      roles: '*',
      actions: ['user.change_email'],
      resource: 'user',
      when: themselves,
    },
    {
      id: 'sc-9-verified-names-fixed',
      source: 'SC-9',
      effect: 'forbid',
      roles: '*',
      actions: ['user.update_name'],
      resource: 'user',
      when: when.ne('resource.identityVerified', false),
      description: 'Names vouched for by SPID never change (refused too when not known to be unverified).',
    },
    {
      id: 'sc-9-tax-code-fixed',
      source: 'SC-9',
      effect: 'forbid',
      roles: '*',
      actions: ['user.change_tax_code'],
      resource: 'user',
    },
    {
      id: 'sc-6-own-profile',
      source: 'SC-6',
      effect: 'allow',
      roles: '*',
      actions: ['user.read_profile'],
      resource: 'user',
      when: themselves,
    },
    {
      id: 'sc-7-work-phone-self',
      source: 'SC-7',
      effect: 'allow',
      roles: '*',
      actions: ['user.set_work_phone'],
      resource: 'user',
      when: themselves,
    },
    {
      id: 'sc-7-work-phone-admins-only',
      source: 'SC-7',
      effect: 'forbid',
      roles: '*',
      actions: ['user.set_work_phone'],
      resource: 'user',
      when: when.ne('resource.hasAdminRole', true),
      description: 'Only a user with an admin role holds a work phone.',
    },
    {
      id: 'sc-open-support-onboarding',
      source: 'SC-open',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['organisation.create', 'organisation.update'],
      resource: 'organisation',
      description: 'PagoPA support onboards institutions (SC-1).',
    },
    {
      id: 'sc-open-support-suspends-institutions',
      source: 'SC-open',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['organisation.suspend', 'organisation.resume'],
      resource: 'organisation',
      description: 'Only PagoPA support suspends an institution (its users cannot act, nothing is deleted) and resumes it.',
    },
    {
      id: 'sc-open-support-reads-institution-trails',
      source: 'SC-open',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['audit.read'],
      resource: 'audit',
      // The target is the institution itself (its id is its organisationId), never an account.
      when: when.eq('resource.id', when.ref('resource.organisationId')),
      description: "PagoPA support reads the trail of every institution, not of users' accounts, whose profiles it does not read either (SC-9).",
    },
  ],
  grants: {
    // SC-5: an admin may nominate another admin of their product, through the signed nomination form.
    allowEqualLevel: true,
    rules: [
      { id: 'sc-8-give-operator-roles', source: 'SC-8', granter: 'product_admin', roles: ['product_operator'] },
      { id: 'sc-5-nominate-admins', source: 'SC-5', granter: 'product_admin', roles: ['product_admin'], workflow: 'adminNomination' },
      { id: 'sc-5-support-nominates-admins', source: 'SC-5', granter: 'platform_admin', roles: ['product_admin'], workflow: 'adminNomination' },
    ],
  },
  limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 300, durationExemptRoles: [] },
  accounts: { deactivationBlocksSignIn: true, genericMailboxes: 'forbidden' },
  workflows: {
    account: true,
    roleChangeRequest: false,
    adminNomination: true,
    roleAssignment: true,
    datasetPublication: false,
    meeting: false,
    licenceRequest: false,
    monthlyDigest: true,
  },
  exclusiveRoles: [{ roles: ['product_admin', 'product_operator'], source: 'SC-11' }],
});
