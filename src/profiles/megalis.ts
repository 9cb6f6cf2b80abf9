/**
 * Mégalis Bretagne booking portal on CapVisio (RULES.md, MB-1 … MB-12).
 *
 * @module
 */
import { when } from '../policy/condition';
import { standardActions } from './actions';
import { defineProfile } from './profile';
import { invitedMeetings } from './relations';

const themselves = when.eq('resource.id', when.ref('principal.id'));
const organisedByThem = when.eq('resource.organiserId', when.ref('principal.id'));
const organiserLicensed = when.eq('resource.organiserLicensed', true);

/**
 * The Mégalis profile. Roles: platform admin (Mégalis services) ⊇ concierge (CapVisio support) ⊇
 * administrator ⊇ delegated organiser ⊇ user (MB-6 … MB-10). Every role of an organisation takes a named
 * licence while its holder is active (MB-12); deactivation frees it and does not block sign-in.
 *
 * Resource attributes its rules read: meeting `organiserId`, `createdById`, `organiserLicensed` (the
 * organiser is an active, so licensed, user), `organiserOrganisationId`; contact and recording `ownerId`.
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 *
 * profiles.megalis.accounts.deactivationBlocksSignIn; // false (MB-12)
 * ```
 */
export const megalis = defineProfile({
  id: 'megalis',
  name: 'Mégalis Bretagne',
  defaultLanguage: 'fr',
  roles: [
    {
      name: 'user',
      labels: { el: 'Χρήστης', it: 'Utente', sl: 'Uporabnik', fr: 'Utilisateur', en: 'User' },
      assignableAt: ['organisation'],
      licensed: true,
      description: 'Books and records their own conferences (MB-7).',
    },
    {
      name: 'delegated_organiser',
      labels: { el: 'Εξουσιοδοτημένος διοργανωτής', it: 'Organizzatore delegato', sl: 'Pooblaščeni organizator', fr: 'Organisateur délégué', en: 'Delegated organiser' },
      inherits: ['user'],
      assignableAt: ['organisation'],
      licensed: true,
      description: 'Also books for another licensed user of the organisation (MB-8).',
    },
    {
      name: 'administrator',
      labels: { el: 'Διαχειριστής', it: 'Amministratore', sl: 'Skrbnik', fr: 'Administrateur', en: 'Administrator' },
      inherits: ['delegated_organiser'],
      assignableAt: ['organisation'],
      licensed: true,
      description: "Manages the organisation's users and licences and sees its statistics (MB-1, MB-5, MB-9).",
    },
    {
      name: 'concierge',
      labels: { el: 'Κονσιέρζ', it: 'Concierge', sl: 'Concierge', fr: 'Concierge', en: 'Concierge' },
      inherits: ['administrator'],
      assignableAt: ['platform'],
      description: 'CapVisio support: an administrator of every organisation, plus rooms and platform-wide planning (MB-10).',
    },
    {
      name: 'platform_admin',
      labels: {
        el: 'Υπηρεσίες Mégalis Bretagne',
        it: 'Servizi Mégalis Bretagne',
        sl: 'Službe Mégalis Bretagne',
        fr: 'Services Mégalis Bretagne',
        en: 'Mégalis Bretagne services',
      },
      inherits: ['concierge'],
      assignableAt: ['platform'],
      description: 'The platform operator: allocates licences (MB-3) and appoints the concierges.',
    },
  ],
  actions: standardActions,
  platformAdminRole: 'platform_admin',
  rules: [
    {
      id: 'mb-7-book-own-conferences',
      source: 'MB-7',
      effect: 'allow',
      roles: ['user'],
      actions: ['meeting.create'],
      resource: 'meeting',
      // MB-12: a deactivated (so unlicensed) user can no longer book.
      when: when.and(organisedByThem, organiserLicensed),
    },
    {
      id: 'mb-7-own-conferences',
      source: 'MB-7',
      effect: 'allow',
      roles: ['user'],
      actions: ['meeting.read', 'meeting.manage', 'meeting.invite', 'meeting.stream', 'meeting.join'],
      resource: 'meeting',
      when: when.or(organisedByThem, when.eq('resource.createdById', when.ref('principal.id'))),
      description: 'A user manages, streams and records the conferences they organise or booked (for someone else, MB-8).',
    },
    {
      id: 'mb-open-join-invited',
      source: 'MB-open',
      effect: 'allow',
      roles: '*',
      actions: ['meeting.read', 'meeting.join'],
      resource: 'meeting',
      when: when.in('resource.id', when.ref('principal.invitedMeetingIds')),
      description: 'Whoever is invited to a conference sees it and joins it, whatever their organisation (the guide is silent; a booking is pointless otherwise).',
    },
    {
      id: 'mb-7-own-directory',
      source: 'MB-7',
      effect: 'allow',
      roles: ['user'],
      actions: ['contact.manage'],
      resource: 'contact',
      when: when.eq('resource.ownerId', when.ref('principal.id')),
    },
    {
      id: 'mb-7-own-recordings',
      source: 'MB-7',
      effect: 'allow',
      roles: ['user'],
      actions: ['recording.manage'],
      resource: 'recording',
      when: when.eq('resource.ownerId', when.ref('principal.id')),
    },
    {
      id: 'mb-8-book-for-licensed-colleague',
      source: 'MB-8',
      effect: 'allow',
      roles: ['delegated_organiser'],
      actions: ['meeting.create'],
      resource: 'meeting',
      when: when.and(organiserLicensed, when.eq('resource.organiserOrganisationId', when.ref('scope.organisationId'))),
      description: 'A delegated organiser books for another organiser, provided that person is a licensed user of the same organisation.',
    },
    {
      id: 'mb-4-deactivate-oneself',
      source: 'MB-4',
      effect: 'allow',
      roles: ['delegated_organiser'],
      actions: ['user.deactivate'],
      resource: 'user',
      when: themselves,
      description: 'An administrator or delegated organiser who does not schedule for themselves frees their licence.',
    },
    {
      id: 'mb-1-create-delete-users',
      source: 'MB-1',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['user.create', 'user.delete'],
      resource: 'user',
      description: "Only an organisation's administrators (and the concierge, MB-10) create or delete its users.",
    },
    {
      id: 'mb-9-manage-users',
      source: 'MB-9',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['user.read_profile', 'user.update', 'user.update_name'],
      resource: 'user',
      description: "An administrator sees and changes the organisation's users, names included.",
    },
    {
      id: 'mb-9-read-trails',
      source: 'MB-9',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['audit.read'],
      resource: 'audit',
      description: "An administrator reads the audit trail of the organisation and its users (the concierge and Mégalis services, of every organisation).",
    },
    {
      id: 'mb-9-statistics',
      source: 'MB-9',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['statistics.read'],
      resource: 'statistics',
    },
    {
      id: 'mb-5-activation',
      source: 'MB-5',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['user.activate', 'user.deactivate'],
      resource: 'user',
      description: 'Activation takes a licence (refused when none is free, MB-3); deactivation frees one.',
    },
    {
      id: 'mb-5-resend-activation',
      source: 'MB-5',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['user.resend_activation'],
      resource: 'user',
      description: "An administrator who activates users also sends a pending user's activation link again (a new link renews the licence reservation).",
    },
    {
      id: 'mb-2-licences',
      source: 'MB-2',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['licence_pool.read'],
      resource: 'licence_pool',
    },
    {
      id: 'mb-3-ask-for-licences',
      source: 'MB-3',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['licence_request.create'],
      resource: 'licence_request',
    },
    {
      id: 'mb-3-follow-requests',
      source: 'MB-3',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['licence_request.read'],
      resource: 'licence_request',
      description: "An administrator follows the organisation's requests for more licences (the concierge and Mégalis services, every organisation's).",
    },
    {
      id: 'mb-3-operator-allocates',
      source: 'MB-3',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['licence_pool.allocate'],
      resource: 'licence_pool',
      description: 'Mégalis services set how many named licences each organisation has (by its size), never below those in use.',
    },
    {
      id: 'mb-open-operator-organisations',
      source: 'MB-open',
      effect: 'allow',
      roles: ['platform_admin'],
      actions: ['organisation.create', 'organisation.update', 'organisation.suspend', 'organisation.resume'],
      resource: 'organisation',
      description:
        'Mégalis Bretagne services enrol member organisations, rename, suspend and resume them; the concierge does not (MB-10 gives it rooms, planning, statistics and bookings only).',
    },
    {
      id: 'mb-3-operator-decides',
      source: 'MB-3',
      effect: 'allow',
      // Mégalis services inherit every concierge power, so naming the concierge gives the decision to both.
      roles: ['concierge'],
      actions: ['licence_request.decide'],
      resource: 'licence_request',
      description: 'The operator (Mégalis services) or the concierge grants or refuses a request for more licences (MB-3; issue #6 adds the concierge).',
    },
    {
      id: 'mb-6-manage-roles',
      source: 'MB-6',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['role_assignment.remove'],
      resource: 'role_assignment',
      description: "Administrators set the role of each of the organisation's users.",
    },
    {
      id: 'mb-open-admin-planning',
      source: 'MB-open',
      effect: 'allow',
      roles: ['administrator'],
      actions: ['planning.read'],
      resource: 'planning',
      description: "An administrator sees their own organisation's planning (the concierge sees every one, MB-10).",
    },
    {
      id: 'mb-10-rooms',
      source: 'MB-10',
      effect: 'allow',
      roles: ['concierge'],
      actions: ['room.create', 'room.manage'],
      resource: 'room',
    },
    {
      id: 'mb-10-members-read-rooms',
      source: 'MB-10',
      effect: 'allow',
      roles: ['user'],
      actions: ['room.read'],
      resource: 'room',
      description:
        "Every member of an organisation lists its permanent rooms and resolves their aliases (usable without a booking); the concierge, whose role reaches the platform, every organisation's.",
    },
    {
      id: 'mb-10-planning',
      source: 'MB-10',
      effect: 'allow',
      roles: ['concierge'],
      actions: ['planning.read'],
      resource: 'planning',
    },
    {
      id: 'mb-10-statistics',
      source: 'MB-10',
      effect: 'allow',
      roles: ['concierge'],
      actions: ['statistics.read'],
      resource: 'statistics',
    },
    {
      id: 'mb-10-book-for-any-licensed-user',
      source: 'MB-10',
      effect: 'allow',
      roles: ['concierge'],
      actions: ['meeting.create'],
      resource: 'meeting',
      when: organiserLicensed,
    },
    {
      id: 'mb-11-organisation-fixed',
      source: 'MB-11',
      effect: 'forbid',
      roles: '*',
      actions: ['user.change_organisation'],
      resource: 'user',
    },
    {
      id: 'mb-11-own-profile',
      source: 'MB-11',
      effect: 'allow',
      roles: '*',
      actions: ['user.read_profile', 'user.update', 'user.update_name'],
      resource: 'user',
      when: themselves,
      description: 'Everyone keeps their own profile (civility, names, phone, time zone, password …).',
    },
  ],
  grants: {
    // MB-6: administrators appoint administrators.
    allowEqualLevel: true,
    rules: [
      { id: 'mb-6-administrators-give-roles', source: 'MB-6', granter: 'administrator', roles: ['user', 'delegated_organiser', 'administrator'] },
      { id: 'mb-6-operator-appoints-concierges', source: 'MB-6', granter: 'platform_admin', roles: ['concierge'] },
    ],
  },
  relations: { invitedMeetingIds: invitedMeetings },
  limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 300, durationExemptRoles: [] },
  accounts: { deactivationBlocksSignIn: false, genericMailboxes: 'forbidden' },
  workflows: {
    account: true,
    roleChangeRequest: false,
    adminNomination: false,
    roleAssignment: true,
    datasetPublication: false,
    meeting: true,
    licenceRequest: true,
    monthlyDigest: false,
  },
});
