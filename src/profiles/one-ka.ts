/**
 * 1KA virtual domains: the Slovenian survey tool (RULES.md, KA-1 … KA-13).
 *
 * @module
 */
import { when } from '../policy/condition';
import { standardActions } from './actions';
import { defineProfile } from './profile';
import { formerlyOverseenUsers, overseenUsers } from './relations';

const ownedByThem = when.eq('resource.ownerId', when.ref('principal.id'));
const ownedByOverseen = when.in('resource.ownerId', when.ref('principal.overseenUserIds'));

/**
 * The 1KA profile. Roles: platform admin (1KA administration), manager ⊇ user. Surveys are the resources
 * of KA-5 … KA-12 (kind `survey`).
 *
 * Resource attributes its rules read: survey `ownerId`, `supportAccessGranted` (the owner let support in,
 * KA-12), `coEditorOrganisationId` (on `survey.add_co_editor`: the organisation of the user being added);
 * user and audit (the trail of an account) `id`.
 * Principal attributes: `overseenUserIds` (users and managers assigned to a manager, KA-3 … KA-5),
 * `formerlyOverseenUserIds` (removed from their oversight, KA-11), `coEditedSurveyIds` (KA-6).
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 *
 * profiles.oneKa.organisationFounderRole; // 'manager' (KA-1)
 * ```
 */
export const oneKa = defineProfile({
  id: 'one-ka',
  name: '1KA',
  defaultLanguage: 'sl',
  roles: [
    {
      name: 'user',
      labels: { el: 'Χρήστης', it: 'Utente', sl: 'Uporabnik', fr: 'Utilisateur', en: 'User' },
      assignableAt: ['organisation'],
      description: 'A user of a virtual domain: owns surveys and adds co-editors (KA-6).',
    },
    {
      name: 'manager',
      labels: { el: 'Υπεύθυνος (manager)', it: 'Manager', sl: 'Manager', fr: 'Gestionnaire', en: 'Manager' },
      inherits: ['user'],
      assignableAt: ['organisation'],
      description: 'Adds users and oversees the users (and managers) assigned to them (KA-3, KA-5).',
    },
    {
      name: 'platform_admin',
      labels: { el: 'Διαχείριση 1KA', it: 'Amministrazione 1KA', sl: '1KA administracija', fr: 'Administration 1KA', en: '1KA administration' },
      assignableAt: ['platform'],
      description: 'Sets up virtual domains and managers; opens a survey only with its owner’s permission (KA-12).',
    },
  ],
  actions: standardActions,
  platformAdminRole: 'platform_admin',
  organisationFounderRole: 'manager',
  rules: [
    {
      id: 'ka-open-own-surveys',
      source: 'KA-open',
      effect: 'allow',
      roles: ['user'],
      actions: ['survey.create', 'survey.read', 'survey.update', 'survey.delete', 'survey.manage_rights'],
      resource: 'survey',
      when: ownedByThem,
      description: 'A user creates surveys of their organisation and has every right on their own.',
    },
    {
      id: 'ka-3-managers-add-users',
      source: 'KA-3',
      effect: 'allow',
      roles: ['manager'],
      actions: ['user.create'],
      resource: 'user',
      description: 'Managers add users to their organisation (assigned to them); nobody self-registers.',
    },
    {
      id: 'ka-5-oversee-users',
      source: 'KA-5',
      effect: 'allow',
      roles: ['manager'],
      actions: ['user.read_profile', 'user.update', 'user.update_name'],
      resource: 'user',
      when: when.in('resource.id', when.ref('principal.overseenUserIds')),
      description: 'A manager sees the whole profile of the users and managers assigned to them, and edits them, names included ("my users", KA-9).',
    },
    {
      id: 'ka-5-oversee-surveys',
      source: 'KA-5',
      effect: 'allow',
      roles: ['manager'],
      actions: ['survey.read', 'survey.update', 'survey.manage_rights'],
      resource: 'survey',
      when: ownedByOverseen,
      description: 'A manager reaches every survey of the users assigned to them and changes their rights on each.',
    },
    {
      id: 'ka-6-add-co-editors',
      source: 'KA-6',
      effect: 'allow',
      roles: ['user'],
      actions: ['survey.add_co_editor'],
      resource: 'survey',
      when: when.and(ownedByThem, when.eq('resource.coEditorOrganisationId', when.ref('resource.organisationId'))),
      description: 'Any user adds any user of the same organisation as co-editor of their survey.',
    },
    {
      id: 'ka-6-co-editors-reach-one-survey',
      source: 'KA-6',
      effect: 'allow',
      roles: ['user'],
      actions: ['survey.read', 'survey.update'],
      resource: 'survey',
      when: when.in('resource.id', when.ref('principal.coEditedSurveyIds')),
      description: 'A co-editor reaches the surveys they were added to, and nothing else.',
    },
    {
      id: 'ka-7-owner-sees-trail',
      source: 'KA-7',
      effect: 'allow',
      roles: ['user'],
      actions: ['survey.read_trail'],
      resource: 'survey',
      when: ownedByThem,
    },
    {
      id: 'ka-7-manager-sees-trail',
      source: 'KA-7',
      effect: 'allow',
      roles: ['manager'],
      actions: ['survey.read_trail'],
      resource: 'survey',
      when: ownedByOverseen,
    },
    {
      id: 'ka-7-owner-sees-account-trail',
      source: 'KA-7',
      effect: 'allow',
      roles: '*',
      actions: ['audit.read'],
      resource: 'audit',
      when: when.eq('resource.id', when.ref('principal.id')),
      description: 'Everyone reads the trail of their own account: who changed what, and when, support included.',
    },
    {
      id: 'ka-7-manager-sees-account-trail',
      source: 'KA-7',
      effect: 'allow',
      roles: ['manager'],
      actions: ['audit.read'],
      resource: 'audit',
      when: when.in('resource.id', when.ref('principal.overseenUserIds')),
      description: 'A manager reads the trail of the accounts of the users (and managers) assigned to them.',
    },
    {
      id: 'ka-11-remove-from-oversight',
      source: 'KA-11',
      effect: 'allow',
      roles: ['manager'],
      actions: ['user.remove_from_oversight'],
      resource: 'user',
      when: when.in('resource.id', when.ref('principal.overseenUserIds')),
      description: 'A manager removes a user from their oversight, which removes the user from the organisation.',
    },
    {
      id: 'ka-11-surveys-stay-visible',
      source: 'KA-11',
      effect: 'allow',
      roles: ['manager'],
      actions: ['survey.read'],
      resource: 'survey',
      when: when.in('resource.ownerId', when.ref('principal.formerlyOverseenUserIds')),
    },
    {
      id: 'ka-4-reassign-oversight',
      source: 'KA-4',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['user.assign_manager'],
      resource: 'user',
      description: "Only 1KA administration changes who oversees whom, on the organisation's official request (KA-10 too).",
    },
    {
      id: 'ka-12-support-with-permission',
      source: 'KA-12',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['survey.read'],
      resource: 'survey',
      when: when.eq('resource.supportAccessGranted', true),
    },
    {
      id: 'ka-2-set-up-domains',
      source: 'KA-2',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['organisation.create', 'organisation.update'],
      resource: 'organisation',
      description: 'The 1KA administration sets up virtual domains (and their managers, on order).',
    },
    {
      id: 'ka-open-suspend-domains',
      source: 'KA-open',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['organisation.suspend', 'organisation.resume'],
      resource: 'organisation',
      description: 'Only the 1KA administration suspends a virtual domain (its users cannot act, nothing is deleted) and resumes it.',
    },
    {
      id: 'ka-open-admins-read-domain-trails',
      source: 'KA-open',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['audit.read'],
      resource: 'audit',
      // The target is the virtual domain itself (its id is its organisationId), never an account.
      when: when.eq('resource.id', when.ref('resource.organisationId')),
      description:
        "The 1KA administration reads the trail of every virtual domain, not of users' accounts: it does not read users' profiles either (KA-12); the owner and their manager do (KA-7).",
    },
    {
      id: 'ka-2-create-managers',
      source: 'KA-2',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['user.create'],
      resource: 'user',
    },
    {
      id: 'ka-open-own-account',
      source: 'KA-open',
      effect: 'allow',
      roles: '*',
      actions: ['user.read_profile', 'user.update', 'user.update_name'],
      resource: 'user',
      when: when.eq('resource.id', when.ref('principal.id')),
    },
  ],
  grants: {
    // KA-2: a manager cannot make a manager; only the 1KA administration can.
    allowEqualLevel: false,
    rules: [
      { id: 'ka-3-managers-add-users', source: 'KA-3', granter: 'manager', roles: ['user'] },
      { id: 'ka-2-admins-make-managers', source: 'KA-2', granter: 'platform_admin', roles: ['manager', 'user'] },
    ],
  },
  relations: { overseenUserIds: overseenUsers, formerlyOverseenUserIds: formerlyOverseenUsers },
  limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 300, durationExemptRoles: [] },
  accounts: { deactivationBlocksSignIn: true, genericMailboxes: 'allowed' },
  workflows: {
    account: true,
    roleChangeRequest: false,
    adminNomination: false,
    roleAssignment: true,
    datasetPublication: false,
    meeting: false,
    licenceRequest: false,
    monthlyDigest: false,
  },
});
