/**
 * polity: administration for public-sector portals. Organisations and units, accounts and invitations,
 * scoped hierarchical roles, named licences, meetings with limits, approval workflows, audit and
 * notifications, with every decision explained by the rule that made it.
 *
 * @module polity
 */
export * from './errors';
export * from './domain/index';
export type * from './ports/index';
export * from './workflows/index';
export * from './policy/index';
export * from './profiles/index';
export * from './runtime/index';
export * from './polity';
export * from './notifications/index';
export type { Actor } from './services/actor';
export type { LoadedPrincipal } from './services/kernel/acting-user';
export type { AttributeLoader, AttributeSubject } from './services/kernel/attributes';
export { acceptTermsInputSchema, addUserInputSchema, bootstrapInputSchema, changeEmailInputSchema, confirmActivationInputSchema, getUserInputSchema, listUsersInputSchema, setWorkPhoneInputSchema, signInInputSchema, toUserReference, updateUserInputSchema, userReferenceFields, userStateFilters, userTargetInputSchema, type AcceptTermsInput, type AccountApi, type ActivationApi, type AddUserInput, type AddUserResult, type BootstrapInput, type BootstrapResult, type ChangeEmailInput, type ConfirmActivationInput, type ConfirmActivationResult, type FullUserView, type GetUserInput, type ListUsersInput, type ReferenceUserView, type ResendResult, type SetWorkPhoneInput, type SignInInput, type SignInResult, type UpdateUserInput, type UserReference, type UsersApi, type UsersPage, type UserTargetInput, type UserView } from './services/accounts/api';
export { auditTargetTypes, auditTrailInputSchema, type AuditTrailApi, type AuditTrailInput } from './services/audit/api';
export { addContactInputSchema, listContactsInputSchema, removeContactInputSchema, updateContactInputSchema, type AddContactInput, type ContactsApi, type ListContactsInput, type RemoveContactInput, type UpdateContactInput } from './services/contacts/api';
export { housekeepingInputSchema, type HousekeepingApi, type HousekeepingInput, type HousekeepingReport } from './services/housekeeping/api';
export { allocateLicencesInputSchema, grantLicenceRequestInputSchema, licenceSummaryInputSchema, listLicenceRequestsInputSchema, refuseLicenceRequestInputSchema, requestLicencesInputSchema, type AllocateLicencesInput, type GrantLicenceRequestInput, type GrantLicenceRequestResult, type LicencesApi, type LicenceSummary, type LicenceSummaryInput, type ListLicenceRequestsInput, type RefuseLicenceRequestInput, type RequestLicencesInput } from './services/licences/api';
export { cancelMeetingInputSchema, getMeetingInputSchema, inviteeSchema, inviteToMeetingInputSchema, listMeetingsInputSchema, meetingReportInputSchema, meetingTimeSchema, participantReportInputSchema, removeParticipantInputSchema, scheduleMeetingInputSchema, updateMeetingInputSchema, type CancelMeetingInput, type GetMeetingInput, type InviteeInput, type InviteResult, type InviteToMeetingInput, type ListMeetingsInput, type MeetingDetails, type MeetingEventsApi, type MeetingReportInput, type MeetingsApi, type MeetingTimeInput, type MeetingView, type ParticipantReportInput, type RemoveParticipantInput, type ScheduleMeetingInput, type UpdateMeetingInput } from './services/meetings/api';
export { createOrganisationInputSchema, createUnitInputSchema, deleteUnitInputSchema, listCoordinatorsInputSchema, listUnitsInputSchema, messageCoordinatorsInputSchema, moveUnitInputSchema, organisationStatusInputSchema, renameUnitInputSchema, updateOrganisationInputSchema, type CoordinatorsApi, type CoordinatorView, type CreateOrganisationInput, type CreateOrganisationResult, type CreateUnitInput, type DeleteUnitInput, type ListCoordinatorsInput, type ListUnitsInput, type MessageCoordinatorsInput, type MessageCoordinatorsResult, type MoveUnitInput, type OrganisationsApi, type OrganisationStatusInput, type RenameUnitInput, type UnitsApi, type UpdateOrganisationInput } from './services/organisations/api';
export { assignManagerInputSchema, myUsersInputSchema, oversightResourcesInputSchema, removeFromOversightInputSchema, type AssignManagerInput, type MyUsersInput, type OversightApi, type OversightResourcesInput, type RemoveFromOversightInput } from './services/oversight/api';
export { maxPeriodDays, planningInputSchema, statisticsByOrganisationInputSchema, statisticsInputSchema, type LicenceUsage, type OrganisationStatistics, type PlanningApi, type PlanningEntry, type PlanningInput, type PlanningLocalTimes, type StatisticsApi, type StatisticsByOrganisationInput, type StatisticsInput } from './services/reporting/api';
export { decideRoleRequestInputSchema, fileRoleRequestInputSchema, getRoleRequestInputSchema, listRoleRequestsInputSchema, type ApproveRoleRequestResult, type DecideRoleRequestInput, type FileRoleRequestInput, type GetRoleRequestInput, type ListRoleRequestsInput, type RoleRequestsApi } from './services/roles/api';
export { createRoomInputSchema, deleteRoomInputSchema, findRoomByAliasInputSchema, listRoomsInputSchema, roomAliasInputSchema, updateRoomInputSchema, type CreateRoomInput, type DeleteRoomInput, type FindRoomByAliasInput, type ListRoomsInput, type RoomAliasInput, type RoomsApi, type RoomView, type UpdateRoomInput } from './services/rooms/api';
