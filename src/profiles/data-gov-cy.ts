/**
 * data.gov.cy: the Cypriot open-data portal (RULES.md, DG-1 … DG-4).
 *
 * @module
 */
import { when } from '../policy/condition';
import { standardActions } from './actions';
import { defineProfile } from './profile';

/**
 * The data.gov.cy profile. Roles: portal administrator ⊇ workflow moderator ⊇ workflow contributor: a
 * moderator can do everything a contributor can, and publish (DG-3, DG-4); portal administrators act as
 * moderators of every organisation (DG-2). `dataset.*` actions cover a dataset and its resources.
 *
 * Resource attributes its rules read: dataset `status` (`draft`, `needs_review`, `published`) and
 * `authorId`.
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 *
 * profiles.dataGovCy.workflows.datasetPublication; // true
 * ```
 */
export const dataGovCy = defineProfile({
  id: 'data-gov-cy',
  name: 'data.gov.cy',
  defaultLanguage: 'el',
  roles: [
    {
      name: 'workflow_contributor',
      labels: {
        el: 'Workflow Contributor (Συνεισφέρων)',
        it: 'Contributore del flusso di lavoro',
        sl: 'Sodelavec delovnega toka',
        fr: 'Contributeur du flux de travail',
        en: 'Workflow Contributor',
      },
      assignableAt: ['organisation'],
      description: "Prepares the organisation's datasets; their work stays a draft until approved (DG-4).",
    },
    {
      name: 'workflow_moderator',
      labels: {
        el: 'Workflow Moderator (Συντονιστής)',
        it: 'Moderatore del flusso di lavoro',
        sl: 'Moderator delovnega toka',
        fr: 'Modérateur du flux de travail',
        en: 'Workflow Moderator',
      },
      inherits: ['workflow_contributor'],
      assignableAt: ['organisation'],
      description: "Reviews, approves and publishes the organisation's datasets (DG-3).",
    },
    {
      name: 'platform_admin',
      labels: {
        el: 'Διαχειριστής Πύλης',
        it: 'Amministratore del portale',
        sl: 'Skrbnik portala',
        fr: 'Administrateur du portail',
        en: 'Portal administrator',
      },
      inherits: ['workflow_moderator'],
      assignableAt: ['platform'],
      description: 'Keeps the register of authorised users and approves for any organisation (DG-2).',
    },
  ],
  actions: standardActions,
  platformAdminRole: 'platform_admin',
  rules: [
    {
      id: 'dg-4-contributors-prepare-datasets',
      source: 'DG-4',
      effect: 'allow',
      roles: ['workflow_contributor'],
      actions: ['dataset.create', 'dataset.submit'],
      resource: 'dataset',
      description: "A contributor creates the organisation's datasets, adds resources, and submits drafts for approval.",
    },
    {
      id: 'dg-4-contributors-change-datasets',
      source: 'DG-4',
      effect: 'allow',
      roles: ['workflow_contributor'],
      actions: ['dataset.update'],
      resource: 'dataset',
      when: when.or(when.eq('resource.authorId', when.ref('principal.id')), when.eq('resource.status', 'published')),
      description: 'A contributor changes their own drafts and the published datasets (the change waits for approval).',
    },
    {
      id: 'dg-4-contributors-see-own-drafts',
      source: 'DG-4',
      effect: 'allow',
      roles: ['workflow_contributor'],
      actions: ['dataset.read'],
      resource: 'dataset',
      when: when.eq('resource.authorId', when.ref('principal.id')),
    },
    {
      id: 'dg-4-published-is-public',
      source: 'DG-4',
      effect: 'allow',
      roles: '*',
      actions: ['dataset.read'],
      resource: 'dataset',
      when: when.eq('resource.status', 'published'),
      description: 'A published dataset is public (and stays so, unchanged, while a change to it awaits approval).',
    },
    {
      id: 'dg-3-moderators-moderate',
      source: 'DG-3',
      effect: 'allow',
      roles: ['workflow_moderator'],
      actions: ['dataset.read', 'dataset.update', 'dataset.approve', 'dataset.reject', 'dataset.publish', 'dataset.unpublish'],
      resource: 'dataset',
      description: "A moderator reviews, edits, approves and publishes their organisation's datasets and resources.",
    },
    {
      id: 'dg-2-admins-approve-anywhere',
      source: 'DG-2',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['dataset.read', 'dataset.approve', 'dataset.reject', 'dataset.publish'],
      resource: 'dataset',
      description: 'Portal administrators approve for any organisation, and are the only approvers where it has no moderator.',
    },
    {
      id: 'dg-2-register-of-authorised-users',
      source: 'DG-2',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['user.create', 'user.read_profile', 'user.update', 'user.deactivate', 'user.activate'],
      resource: 'user',
      description: 'Only portal administrators keep the register of authorised users.',
    },
    {
      id: 'dg-2-change-user-levels',
      source: 'DG-2',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['role_assignment.suspend', 'role_assignment.reactivate', 'role_assignment.remove'],
      resource: 'role_assignment',
    },
    {
      id: 'dg-2-register-organisations',
      source: 'DG-2',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['organisation.create', 'organisation.update', 'organisation.suspend', 'organisation.resume'],
      resource: 'organisation',
      description:
        'Portal administrators keep the register: they enter the public bodies taking part (each with its authorised users), rename, suspend and resume them.',
    },
    {
      id: 'dg-open-admins-read-trails',
      source: 'DG-open',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['audit.read'],
      resource: 'audit',
      description: 'Portal administrators read the audit trail of every account and organisation.',
    },
    {
      id: 'dg-open-own-account',
      source: 'DG-open',
      effect: 'allow',
      roles: '*',
      actions: ['user.read_profile'],
      resource: 'user',
      when: when.eq('resource.id', when.ref('principal.id')),
    },
  ],
  grants: {
    allowEqualLevel: false,
    rules: [{ id: 'dg-2-authorise-users', source: 'DG-2', granter: 'platform_admin', roles: ['workflow_moderator', 'workflow_contributor'] }],
  },
  limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 300, durationExemptRoles: [] },
  accounts: { deactivationBlocksSignIn: true, genericMailboxes: 'forbidden' },
  workflows: {
    account: true,
    roleChangeRequest: false,
    adminNomination: false,
    roleAssignment: true,
    datasetPublication: true,
    meeting: false,
    licenceRequest: false,
    monthlyDigest: false,
  },
});
