/**
 * Workflows: the typed state-machine helper ({@link defineMachine}, {@link transition},
 * {@link transitionOrThrow}, {@link enter} / {@link enterOrThrow} for a creation, {@link actionOf}, {@link can}, {@link eventsFrom}, {@link toMermaid}, {@link toTransitionTable})
 * and one machine per lifecycle, starting with the account ({@link accountMachine}).
 *
 * Everything here is pure: a machine is frozen data, a transition returns the next state and the effects to
 * carry out, and time (for {@link accountPatch}) is passed in. Services load the facts, call the machine,
 * then write and enqueue in one transaction.
 *
 * @module
 */
export {
  actionOf,
  can,
  defineMachine,
  enter,
  enterOrThrow,
  eventsFrom,
  toMermaid,
  toTransitionTable,
  transition,
  transitionOrThrow,
} from './machine';
export type {
  AnyMachine,
  ContextOf,
  CreationConfig,
  EffectOf,
  EffectsConfig,
  EventOf,
  EventOfType,
  EventsConfig,
  Guard,
  Machine,
  MachineConfig,
  MachineCreation,
  MachineEffect,
  MachineEvent,
  MachineTransition,
  MachineTypes,
  RoleOf,
  StateOf,
  TransitionConfig,
  TransitionFailure,
  TransitionOptions,
  TransitionResult,
  TransitionSuccess,
} from './machine';
export { accountFlags, accountMachine, accountPatch, accountRoles, accountState, accountStates } from './account-machine';
export type {
  AccountContext,
  AccountEffect,
  AccountEvent,
  AccountEventType,
  AccountFlags,
  AccountPatch,
  AccountRole,
  AccountState,
  AccountStateFields,
} from './account-machine';
export { roleRequestMachine, roleRequestRoles, roleRequestStates, type RoleRequestContext, type RoleRequestEffect, type RoleRequestEvent, type RoleRequestRole, type RoleRequestState } from './role-request-machine';
export { licenceRequestMachine, licenceRequestRoles, licenceRequestStates, type LicenceRequestContext, type LicenceRequestEffect, type LicenceRequestEvent, type LicenceRequestRole, type LicenceRequestState } from './licence-request-machine';
export { meetingMachine, meetingRoles, meetingStates, noMeetingReport, type MeetingContext, type MeetingPresence, type MeetingEffect, type MeetingEvent, type MeetingRole, type MeetingState } from './meeting-machine';
