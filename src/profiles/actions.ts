/**
 * The standard action catalogue every shipped profile declares. Services name these actions whatever the
 * profile, so a profile without a rule for one answers "no" rather than `invalid_input`.
 *
 * @module
 */
import type { ActionDefinition } from './profile';

/**
 * Every standard action, `<resource kind>.<verb>`, with what it lets one do. The resource attributes the
 * shipped rules read are listed in docs/policies.md.
 */
export const standardActions = [
  // organisations and units
  { name: 'organisation.create', description: 'create an organisation (onboard a tenant)' },
  { name: 'organisation.update', description: "change an organisation's details" },
  { name: 'organisation.suspend', description: 'suspend an organisation: its members cannot act and nothing is added to it; nothing is deleted' },
  { name: 'organisation.resume', description: 'resume a suspended organisation' },
  { name: 'organisation.message_coordinators', description: "send an informational message to all of an organisation's coordinators" },
  { name: 'unit.create', description: 'create a unit in an organisation' },
  { name: 'unit.update', description: 'rename or move a unit' },
  { name: 'unit.delete', description: 'delete an empty unit' },
  { name: 'unit.read', description: "list and see an organisation's units" },
  // accounts
  { name: 'user.create', description: 'add a user (a new account, or a user on a product)' },
  { name: 'user.read_profile', description: "see a user's personal details and roles" },
  { name: 'user.update', description: "edit a user's details" },
  { name: 'user.update_name', description: "change a user's given and family name" },
  { name: 'user.change_email', description: "change a user's e-mail address" },
  { name: 'user.set_work_phone', description: "set a user's work phone" },
  { name: 'user.change_tax_code', description: "change a user's tax code" },
  { name: 'user.change_organisation', description: 'move a user to another organisation' },
  { name: 'user.activate', description: 'activate or reactivate an account' },
  { name: 'user.deactivate', description: 'deactivate an account' },
  { name: 'user.delete', description: 'delete an account' },
  { name: 'user.resend_activation', description: 'send the activation e-mail of a pending account again' },
  { name: 'user.assign_manager', description: 'change which manager oversees a user' },
  { name: 'user.remove_from_oversight', description: "remove a user from one's oversight (and from the organisation)" },
  // role assignments and requests
  { name: 'role_assignment.suspend', description: 'suspend a role assignment (kept for reactivation)' },
  { name: 'role_assignment.reactivate', description: 'reactivate a suspended role assignment' },
  { name: 'role_assignment.remove', description: 'remove a role assignment' },
  { name: 'role_request.create', description: 'file a role-change request' },
  { name: 'role_request.read', description: 'see a role-change request' },
  { name: 'role_request.decide', description: 'approve or reject a role-change request' },
  // groups
  { name: 'group.add_member', description: 'add a user to a group of a product' },
  { name: 'group.remove_member', description: 'remove a user from a group of a product' },
  // meetings and rooms
  { name: 'meeting.create', description: 'book a meeting (for oneself or, where allowed, for another organiser)' },
  { name: 'meeting.read', description: "see a meeting's details" },
  { name: 'meeting.manage', description: 'change or cancel a meeting' },
  { name: 'meeting.invite', description: 'invite users (registered or not) to a meeting' },
  { name: 'meeting.join', description: 'join a meeting' },
  { name: 'meeting.stream', description: 'stream a meeting' },
  { name: 'room.create', description: 'create a permanent virtual meeting room' },
  { name: 'room.manage', description: 'change or delete a permanent virtual meeting room' },
  { name: 'room.read', description: "list an organisation's permanent rooms and find one by alias" },
  { name: 'planning.read', description: "see an organisation's planning of meetings" },
  { name: 'statistics.read', description: "see an organisation's statistics" },
  { name: 'contact.manage', description: 'keep a personal contact directory' },
  { name: 'recording.manage', description: 'record meetings and manage the recordings' },
  // licences
  { name: 'licence_pool.read', description: "see an organisation's licensed users against its allocated licences" },
  { name: 'licence_pool.allocate', description: "set how many named licences an organisation is allocated (never below those in use)" },
  { name: 'licence_request.read', description: 'see requests for more licences' },
  { name: 'licence_request.create', description: 'ask the platform operator for more licences' },
  { name: 'licence_request.decide', description: 'grant or refuse a licence request' },
  // open data
  { name: 'dataset.create', description: 'create a dataset or add a resource to one' },
  { name: 'dataset.read', description: 'see a dataset (published, or a draft)' },
  { name: 'dataset.update', description: 'change a dataset or its resources (a change to a published one is a draft until approved)' },
  { name: 'dataset.submit', description: 'submit a draft for approval' },
  { name: 'dataset.approve', description: 'approve a submitted dataset or change' },
  { name: 'dataset.reject', description: 'send a submitted dataset or change back to draft' },
  { name: 'dataset.publish', description: 'publish a dataset or change directly' },
  { name: 'dataset.unpublish', description: 'take a published dataset back to review' },
  // surveys (1KA resources)
  { name: 'survey.create', description: 'create a survey' },
  { name: 'survey.read', description: 'open a survey and its data' },
  { name: 'survey.update', description: 'edit a survey' },
  { name: 'survey.delete', description: 'delete a survey' },
  { name: 'survey.manage_rights', description: "change a user's rights on a survey" },
  { name: 'survey.add_co_editor', description: 'add a user of the same organisation as co-editor of a survey' },
  { name: 'survey.read_trail', description: 'see every access to and change of a survey' },
  // audit trail
  { name: 'audit.read', description: 'read the audit trail of an account, organisation, unit or role-change request' },
] as const satisfies readonly ActionDefinition[];

/** One of the {@link standardActions}. */
export type StandardAction = (typeof standardActions)[number]['name'];
