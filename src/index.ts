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
export * from './store-kit/index';
export * from './policy/index';
export * from './profiles/index';
export * from './runtime/index';
export * from './polity';
export type { Actor } from './services/actor';
export { acceptTermsInputSchema, type AccountApi, type AcceptTermsInput } from './services/account';
export { confirmActivationInputSchema, type ActivationApi, type ConfirmActivationInput, type ConfirmActivationResult } from './services/activation';
export { auditTargetTypes, auditTrailInputSchema, type AuditTrailApi, type AuditTrailInput } from './services/audit-trail';
export { listCoordinatorsInputSchema, messageCoordinatorsInputSchema, type CoordinatorsApi, type CoordinatorView, type ListCoordinatorsInput, type MessageCoordinatorsInput, type MessageCoordinatorsResult } from './services/coordinators';
export { housekeepingInputSchema, type HousekeepingApi, type HousekeepingInput, type HousekeepingReport } from './services/housekeeping';
export { addUserInputSchema, type AddUserInput, type AddUserResult } from './services/invitations';
export { createOrganisationInputSchema, organisationStatusInputSchema, updateOrganisationInputSchema, type OrganisationsApi, type CreateOrganisationInput, type CreateOrganisationResult, type UpdateOrganisationInput, type OrganisationStatusInput } from './services/organisations';
export { assignManagerInputSchema, myUsersInputSchema, oversightResourcesInputSchema, removeFromOversightInputSchema, type OversightApi, type MyUsersInput, type OversightResourcesInput, type AssignManagerInput, type RemoveFromOversightInput } from './services/oversight';
export { toUserReference, userReferenceFields, type FullUserView, type ReferenceUserView, type UserReference, type UserView } from './services/privacy';
export { decideRoleRequestInputSchema, fileRoleRequestInputSchema, getRoleRequestInputSchema, listRoleRequestsInputSchema, type RoleRequestsApi, type FileRoleRequestInput, type ListRoleRequestsInput, type GetRoleRequestInput, type DecideRoleRequestInput, type ApproveRoleRequestResult } from './services/role-requests';
export { signInInputSchema, type SignInInput, type SignInResult } from './services/sign-in';
export { createUnitInputSchema, deleteUnitInputSchema, listUnitsInputSchema, moveUnitInputSchema, renameUnitInputSchema, type UnitsApi, type CreateUnitInput, type RenameUnitInput, type MoveUnitInput, type DeleteUnitInput, type ListUnitsInput } from './services/units';
export type { UsersApi } from './services/users-api';
export { getUserInputSchema, listUsersInputSchema, setWorkPhoneInputSchema, updateUserInputSchema, userStateFilters, type GetUserInput, type ListUsersInput, type UpdateUserInput, type SetWorkPhoneInput } from './services/users';
export { changeEmailInputSchema, userTargetInputSchema, type ChangeEmailInput, type ResendResult, type UserTargetInput } from './services/user-lifecycle';
export { bootstrapInputSchema, type BootstrapInput, type BootstrapResult } from './services/bootstrap';
export type { LoadedPrincipal } from './services/principal';
export * from './notifications/index';
export { allocateLicencesInputSchema, grantLicenceRequestInputSchema, licenceSummaryInputSchema, listLicenceRequestsInputSchema, refuseLicenceRequestInputSchema, requestLicencesInputSchema, type AllocateLicencesInput, type GrantLicenceRequestInput, type GrantLicenceRequestResult, type LicencesApi, type LicenceSummary, type LicenceSummaryInput, type ListLicenceRequestsInput, type RefuseLicenceRequestInput, type RequestLicencesInput } from './services/licences';
export type { MeetingsApi } from './services/meetings';
export { cancelMeetingInputSchema, getMeetingInputSchema, inviteeSchema, inviteToMeetingInputSchema, listMeetingsInputSchema, meetingReportInputSchema, participantReportInputSchema, removeParticipantInputSchema, scheduleMeetingInputSchema, updateMeetingInputSchema, type CancelMeetingInput, type GetMeetingInput, type InviteeInput, type InviteToMeetingInput, type ListMeetingsInput, type MeetingReportInput, type ParticipantReportInput, type RemoveParticipantInput, type ScheduleMeetingInput, type UpdateMeetingInput } from './services/meeting-inputs';
export { meetingTimeSchema, type MeetingTimeInput } from './services/meeting-times';
export type { InviteResult } from './services/meeting-invitations';
export type { MeetingDetails, MeetingView } from './services/meeting-views';
export type { MeetingEventsApi } from './services/meeting-events';
export { createRoomInputSchema, deleteRoomInputSchema, findRoomByAliasInputSchema, listRoomsInputSchema, roomAliasInputSchema, updateRoomInputSchema, type RoomsApi, type RoomView, type CreateRoomInput, type DeleteRoomInput, type FindRoomByAliasInput, type ListRoomsInput, type RoomAliasInput, type UpdateRoomInput } from './services/rooms';
export { maxPeriodDays, planningInputSchema, type PlanningApi, type PlanningEntry, type PlanningInput, type PlanningLocalTimes } from './services/planning';
export { statisticsByOrganisationInputSchema, statisticsInputSchema, type LicenceUsage, type OrganisationStatistics, type StatisticsApi, type StatisticsByOrganisationInput, type StatisticsInput } from './services/statistics';
export { addContactInputSchema, listContactsInputSchema, removeContactInputSchema, updateContactInputSchema, type ContactsApi, type AddContactInput, type ListContactsInput, type RemoveContactInput, type UpdateContactInput } from './services/contacts';
