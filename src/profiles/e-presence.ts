/**
 * e:Presence.gov.gr: videoconferencing for the Greek public sector (RULES.md, EP-1 … EP-17).
 *
 * @module
 */
import { when } from '../policy/condition';
import { standardActions } from './actions';
import { defineProfile } from './profile';
import { invitedMeetings } from './relations';

const organisedByThem = when.eq('resource.organiserId', when.ref('principal.id'));

/**
 * The e:Presence profile. Roles: platform admin ⊇ organisation coordinator ⊇ unit coordinator ⊇ user.
 *
 * Resource attributes its rules read: meeting `organiserId`, `unitId`; user `id`, `role` (the user's highest
 * role in the organisation), `emailConfirmed`, `hasMeetings` (created or joined one), `identitySource`,
 * `identityVerified` (TaxisNet vouched for the names); role request `requesterId`; audit (the trail of a
 * target, carrying the target's attributes) `role` for an account, `unitId` and `id` for a unit. Principal
 * attribute: `invitedMeetingIds` (meetings the person is invited to).
 *
 * @example
 * ```ts
 * import { createPolicy, profiles } from 'polity';
 *
 * const policy = createPolicy(profiles.ePresence);
 * policy.definition === profiles.ePresence; // true: the frozen profile itself
 * profiles.ePresence.limits.meetingMaxMinutes; // 720 (EP-1)
 * ```
 */
export const ePresence = defineProfile({
  id: 'e-presence',
  name: 'e:Presence.gov.gr',
  defaultLanguage: 'el',
  roles: [
    {
      name: 'user',
      labels: { el: 'Χρήστης', it: 'Utente', sl: 'Uporabnik', fr: 'Utilisateur', en: 'User' },
      assignableAt: ['organisation', 'unit'],
      description: 'A signed-in civil servant; holds no power of its own (EP-15), joins meetings when invited.',
    },
    {
      name: 'unit_coordinator',
      labels: {
        el: 'Συντονιστής Οργανικής Μονάδας',
        it: "Coordinatore dell'unità organizzativa",
        sl: 'Koordinator organizacijske enote',
        fr: "Coordinateur d'unité",
        en: 'Unit coordinator',
      },
      inherits: ['user'],
      assignableAt: ['unit'],
      description: 'Creates meetings for their organisation and unit and manages only those they organised (EP-5).',
    },
    {
      name: 'organisation_coordinator',
      labels: {
        el: 'Συντονιστής Φορέα',
        it: "Coordinatore dell'ente",
        sl: 'Koordinator organizacije',
        fr: "Coordinateur de l'organisme",
        en: 'Organisation coordinator',
      },
      inherits: ['unit_coordinator'],
      assignableAt: ['organisation'],
      description: "Runs an organisation: units, unit coordinators, users, and the unit coordinators' meetings (EP-4).",
    },
    {
      name: 'platform_admin',
      labels: {
        el: 'Διαχειριστής',
        it: 'Amministratore della piattaforma',
        sl: 'Skrbnik platforme',
        fr: 'Administrateur de la plateforme',
        en: 'Platform administrator',
      },
      inherits: ['organisation_coordinator'],
      assignableAt: ['platform'],
      description: "The super admin: decides role-change requests (EP-6) and administers every organisation's meetings and accounts.",
    },
  ],
  actions: standardActions,
  platformAdminRole: 'platform_admin',
  rules: [
    // Meetings
    {
      id: 'ep-3-coordinators-create-meetings',
      source: 'EP-3',
      effect: 'allow',
      roles: ['unit_coordinator'],
      actions: ['meeting.create'],
      resource: 'meeting',
      when: organisedByThem,
      description: 'Every coordinator creates meetings they organise, in their unit (unit coordinator) or organisation (organisation coordinator).',
    },
    {
      id: 'ep-3-join-own-or-invited',
      source: 'EP-3',
      effect: 'allow',
      roles: '*',
      actions: ['meeting.join', 'meeting.read'],
      resource: 'meeting',
      when: when.or(organisedByThem, when.in('resource.id', when.ref('principal.invitedMeetingIds'))),
      description: 'Anyone joins the meetings they created or were invited to, whatever organisation holds them.',
    },
    {
      id: 'ep-4-manage-unit-meetings',
      source: 'EP-4',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['meeting.manage', 'meeting.invite', 'meeting.read'],
      resource: 'meeting',
      // Their organisation comes from the assignment's scope. Held for a unit, and not organised by another
      // coordinator or platform staff: a peer organisation coordinator's meetings stay theirs even when held for
      // a unit (RULES.md open point), and so do the platform admin's bookings there. Services load
      // `principal.peerCoordinatorIds` (the peers and the platform-scope admins).
      when: when.and(when.isSet('resource.unitId'), when.not(when.in('resource.organiserId', when.ref('principal.peerCoordinatorIds')))),
      description:
        "An organisation coordinator supervises every meeting held for a unit of their organisation (the unit coordinators' meetings), never one organised by another organisation coordinator or by platform staff.",
    },
    {
      id: 'ep-5-manage-own-meetings',
      source: 'EP-5',
      effect: 'allow',
      roles: ['unit_coordinator'],
      actions: ['meeting.manage', 'meeting.invite', 'meeting.read'],
      resource: 'meeting',
      when: organisedByThem,
      description: 'A coordinator manages the meetings they organised, and invites anyone (registered or not) to them.',
    },
    {
      id: 'ep-real-superadmin-meetings',
      source: 'EP-real',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['meeting.manage', 'meeting.invite', 'meeting.read', 'meeting.join'],
      resource: 'meeting',
      description: 'The super admin manages every meeting.',
    },
    // Units and accounts
    {
      id: 'ep-4-units',
      source: 'EP-4',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['unit.create', 'unit.update', 'unit.delete'],
      resource: 'unit',
      description: 'An organisation coordinator creates, renames, moves and deletes (once empty) the units of their organisation.',
    },
    {
      id: 'ep-6-members-see-units',
      source: 'EP-6',
      effect: 'allow',
      roles: ['user'],
      actions: ['unit.read'],
      resource: 'unit',
      reach: 'organisation',
      description:
        'Whoever holds a role in an organisation lists all its units (the role-change request form offers them), a unit coordinator too, beyond their own unit.',
    },
    {
      id: 'ep-13-add-users',
      source: 'EP-13',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['user.create'],
      resource: 'user',
      description: 'An organisation coordinator adds users (and unit coordinators, EP-9) to the platform by e-mail.',
    },
    {
      id: 'ep-9-resend-activation',
      source: 'EP-9',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['user.resend_activation'],
      resource: 'user',
      when: when.eq('resource.emailConfirmed', false),
    },
    {
      id: 'ep-9-resend-own-activation',
      source: 'EP-9',
      effect: 'allow',
      roles: '*',
      actions: ['user.resend_activation'],
      resource: 'user',
      when: when.and(when.eq('resource.id', when.ref('principal.id')), when.eq('resource.emailConfirmed', false)),
      description: 'A person whose e-mail is still pending asks for their own activation e-mail again.',
    },
    {
      id: 'ep-10-see-coordinators',
      source: 'EP-10',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['user.read_profile'],
      resource: 'user',
      when: when.in('resource.role', ['unit_coordinator', 'organisation_coordinator']),
      description: 'An organisation coordinator lists and sees the coordinators of their organisation; never plain users (EP-14).',
    },
    {
      id: 'ep-10-message-coordinators',
      source: 'EP-10',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['organisation.message_coordinators'],
      resource: 'organisation',
    },
    {
      id: 'ep-11-edit-unit-coordinators',
      source: 'EP-11',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['user.update', 'user.deactivate', 'user.activate'],
      resource: 'user',
      when: when.eq('resource.role', 'unit_coordinator'),
    },
    {
      id: 'ep-11-rename-unverified-unit-coordinators',
      source: 'EP-11',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['user.update_name'],
      resource: 'user',
      when: when.and(when.eq('resource.role', 'unit_coordinator'), when.eq('resource.identityVerified', false)),
      description:
        'An organisation coordinator corrects the names typed for a unit coordinator added by e-mail (EP-9, EP-13), until TaxisNet vouches for them at a single sign-on.',
    },
    {
      id: 'ep-16-delete-unit-coordinators',
      source: 'EP-16',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['user.delete'],
      resource: 'user',
      when: when.eq('resource.role', 'unit_coordinator'),
    },
    {
      id: 'ep-11-keep-users-with-meetings',
      source: 'EP-11',
      effect: 'forbid',
      roles: '*',
      actions: ['user.delete'],
      resource: 'user',
      // Fails closed: unless the caller says the person has no meeting, deletion is refused.
      when: when.ne('resource.hasMeetings', false),
      description: 'Whoever created or joined a meeting is never deleted, only deactivated.',
    },
    {
      id: 'ep-12-sso-email-fixed',
      source: 'EP-12',
      effect: 'forbid',
      roles: '*',
      actions: ['user.change_email'],
      resource: 'user',
      when: when.ne('resource.identitySource', 'local'),
      description: 'The e-mail of an identity from the single sign-on never changes.',
    },
    {
      id: 'ep-open-own-account',
      source: 'EP-open',
      effect: 'allow',
      roles: '*',
      actions: ['user.read_profile', 'user.update', 'user.change_email'],
      resource: 'user',
      when: when.eq('resource.id', when.ref('principal.id')),
      description: 'Everyone sees and edits their own account; a changed local e-mail is confirmed again (EP-8).',
    },
    {
      id: 'ep-real-superadmin-accounts',
      source: 'EP-real',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['user.create', 'user.read_profile', 'user.update', 'user.activate', 'user.deactivate', 'user.delete', 'user.resend_activation'],
      resource: 'user',
      description: 'The super admin administers every account.',
    },
    {
      id: 'ep-real-superadmin-organisations',
      source: 'EP-real',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['organisation.create', 'organisation.update'],
      resource: 'organisation',
    },
    {
      id: 'ep-open-suspend-organisations',
      source: 'EP-open',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['organisation.suspend', 'organisation.resume'],
      resource: 'organisation',
      description: 'Only the super admin suspends an organisation (its members cannot act, nothing is deleted) and resumes it.',
    },
    {
      id: 'ep-real-superadmin-assignments',
      source: 'EP-real',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['role_assignment.suspend', 'role_assignment.reactivate', 'role_assignment.remove'],
      resource: 'role_assignment',
    },
    // Audit trail
    {
      id: 'ep-real-superadmin-audit',
      source: 'EP-real',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['audit.read'],
      resource: 'audit',
      description: 'The super admin reads the trail of every account, organisation, unit and role-change request.',
    },
    {
      id: 'ep-10-coordinators-trail',
      source: 'EP-10',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['audit.read'],
      resource: 'audit',
      // Only account targets carry `role`: this reads the trail of the coordinators the EP-10 rule lets them see, never a plain user's (EP-14).
      when: when.in('resource.role', ['unit_coordinator', 'organisation_coordinator']),
      description: "An organisation coordinator reads the trail of their organisation's coordinators' accounts, never a plain user's (EP-14).",
    },
    {
      id: 'ep-4-units-trail',
      source: 'EP-4',
      effect: 'allow',
      roles: ['organisation_coordinator'],
      actions: ['audit.read'],
      resource: 'audit',
      // A unit target is the one whose unitId is itself (a deleted unit's too).
      when: when.eq('resource.unitId', when.ref('resource.id')),
      description: "An organisation coordinator reads the trail of their organisation's units, deleted ones included.",
    },
    // Role-change requests
    {
      id: 'ep-6-file-request',
      source: 'EP-6',
      effect: 'allow',
      roles: '*',
      actions: ['role_request.create', 'role_request.read'],
      resource: 'role_request',
      when: when.eq('resource.requesterId', when.ref('principal.id')),
      description: 'Any user who can sign in asks, for themselves, to become organisation or unit coordinator.',
    },
    {
      id: 'ep-6-decide-request',
      source: 'EP-6',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['role_request.read', 'role_request.decide'],
      resource: 'role_request',
      description: 'Only the platform admin accepts or declines a role-change request.',
    },
  ],
  grants: {
    allowEqualLevel: false,
    rules: [
      { id: 'ep-4-appoint-unit-coordinators', source: 'EP-4', granter: 'organisation_coordinator', roles: ['unit_coordinator', 'user'] },
      {
        id: 'ep-6-approve-coordinators',
        source: 'EP-6',
        granter: 'platform_admin',
        roles: ['organisation_coordinator', 'unit_coordinator', 'user'],
        workflow: 'roleChangeRequest',
      },
    ],
  },
  relations: { invitedMeetingIds: invitedMeetings },
  limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 300, durationExemptRoles: ['platform_admin'] },
  accounts: { deactivationBlocksSignIn: true, genericMailboxes: 'forbidden', requireConfirmedEmail: true, requireTermsAcceptance: true },
  workflows: {
    account: true,
    roleChangeRequest: true,
    adminNomination: false,
    roleAssignment: true,
    datasetPublication: false,
    meeting: true,
    licenceRequest: false,
    monthlyDigest: false,
  },
});
