/**
 * The one error polity throws: {@link PolityError}, with a closed set of {@link ErrorCode}s, structured
 * details per code whose sub-codes are closed unions too, the factories every module builds errors with,
 * and the helpers apps use to present them. The table of every code and sub-code is docs/errors.md.
 *
 * Messages are short English sentences for logs. They name no ids, no e-mail addresses and no policy
 * internals (rule ids, roles, scopes): those stay in `details`, which is the stable contract callers branch on.
 *
 * @module
 */

/**
 * Every code a {@link PolityError} can carry. Callers branch on the code, never on the message.
 *
 * - `invalid_input`: a value failed validation; `details.issues` names each field.
 * - `unauthenticated`: the acting user is unknown, deleted, or may not sign in.
 * - `email_unconfirmed`: the acting user has not confirmed their e-mail or accepted the terms yet (EP-8).
 * - `forbidden`: the policy denied the action; `details` carries the reason and the explanation.
 * - `not_found`: the target does not exist (or is not visible to the actor).
 * - `conflict`: the write would break a uniqueness or state invariant (e-mail in use, EP-13).
 * - `limit_exceeded`: a hard limit would be passed (licences, participants, duration); `details` has the counts.
 * - `invalid_transition`: a workflow event is not legal in the current state.
 * - `rate_limited`: the same act was repeated too soon (resending an activation e-mail).
 * - `unavailable`: the store (or another service polity needs) cannot be reached now; retry later.
 * - `internal`: a broken invariant inside polity or an adapter; a bug, never the caller's fault.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'email_unconfirmed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'limit_exceeded'
  | 'invalid_transition'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** The codes as a list, in a stable order (for docs and exhaustive tests). */
export const errorCodes = [
  'invalid_input',
  'unauthenticated',
  'email_unconfirmed',
  'forbidden',
  'not_found',
  'conflict',
  'limit_exceeded',
  'invalid_transition',
  'rate_limited',
  'unavailable',
  'internal',
] as const satisfies readonly ErrorCode[];

/** The issue codes zod reports, kept as they are. */
export const zodIssueCodes = [
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
] as const;

/**
 * polity's own issue codes: why a field was refused, beyond zod's generic codes. Each is documented in
 * docs/errors.md.
 */
export const polityIssueCodes = [
  // Fields and values
  'required',
  'unknown_field',
  'nothing_to_change',
  'one_of',
  'two_scopes',
  'two_units',
  'organisation_required',
  'sso_only',
  'not_a_number',
  'conflicting_change',
  'empty_change',
  'immutable_id',
  'out_of_range',
  'null_key',
  'missing_field',
  'missing_id',
  'unorderable_field',
  'invalid_cursor',
  'invalid_date',
  'invalid_param_number',
  'unknown_constraint',
  'lease_not_in_future',
  'lock_outside_transaction',
  'mismatched_types',
  'not_an_integer',
  'invalid_settlement',
  // Organisations and units
  'unknown_parent',
  'foreign_parent',
  'unit_cycle',
  // Accounts
  'generic_mailbox',
  'token_invalid',
  'token_expired',
  'unknown_user',
  'unknown_organisation',
  'unknown_unit',
  'no_founder_role',
  'not_a_manager',
  'no_oversight',
  'self_oversight',
  // Roles and policies
  'unknown_role',
  'unknown_action',
  'unknown_rule',
  'unknown_reference',
  'unknown_attribute',
  'not_assignable',
  'not_requestable',
  'role_cycle',
  'duplicate_role',
  'duplicate_rule',
  'duplicate_action',
  'relation_misuse',
  'relation_name',
  'unknown_collection',
  'unqualified_related',
  'unresolved_relation',
  'unknown_principal',
  'unknown_resource',
  'invalid_cache_size',
  'invalid_column',
  'invalid_column_type',
  'invalid_qualifier',
  'invalid_table',
  'escalation',
  'action_kind_mismatch',
  'reach_without_role',
  'scope_without_role',
  'scope_mismatch',
  'not_a_policy',
  'invalid_schema',
  'unknown_version',
  // Time and meetings
  'unknown_time_zone',
  'time_zone_required',
  'nonexistent_local_time',
  'ends_before_start',
  'ended_before_start',
  'in_the_past',
  'in_the_future',
  'before_creation',
  'left_before_joining',
  'expires_before_creation',
  'empty_period',
  'period_too_long',
  'not_organiser_organisation',
  'too_many_participants',
  'not_active',
  'decision_fields',
  // Licences
  'licences_oversubscribed',
  'reservation_expiry',
  // Rooms and contacts
  'duplicate_alias',
  'unknown_contact',
] as const;

/** A machine-readable reason an input field was refused: one of zod's codes or one of polity's. */
export type InputIssueCode = (typeof zodIssueCodes)[number] | (typeof polityIssueCodes)[number];

/** Every {@link InputIssueCode}, zod's first. */
export const inputIssueCodes: readonly InputIssueCode[] = [...zodIssueCodes, ...polityIssueCodes];

/** Tells whether a string is an {@link InputIssueCode}. */
export function isInputIssueCode(code: string): code is InputIssueCode {
  return (inputIssueCodes as readonly string[]).includes(code);
}

/** One problem with one input field, as reported by `invalid_input`. */
export interface InputIssue {
  /** Dotted path of the field, e.g. `"email"` or `"participants.3.email"`; `""` for the whole value. */
  readonly path: string;
  /** A short English sentence saying what is wrong. */
  readonly message: string;
  /** Why, from a closed set: zod's issue code, or polity's own such as `"unknown_time_zone"`. */
  readonly code: InputIssueCode;
}

/** `details` of an `invalid_input` error. */
export interface InvalidInputDetails {
  readonly issues: readonly InputIssue[];
}

/** Why the acting user may not act at all (`unauthenticated`). */
export type UnauthenticatedReason = 'unknown' | 'deleted' | 'deactivated';

/** `details` of an `unauthenticated` error. */
export interface UnauthenticatedDetails {
  readonly reason: UnauthenticatedReason;
  /** The rule behind it (`EP-11` for a deactivated account where deactivation blocks sign-in). */
  readonly source?: string;
}

/** What an account must still do before it may act (EP-8): the first missing step is the reason. */
export type EmailUnconfirmedReason = 'email_unconfirmed' | 'terms_not_accepted';

/** `details` of an `email_unconfirmed` error. */
export interface EmailUnconfirmedDetails {
  /** The first step missing: confirming the e-mail address, or accepting the terms and privacy statement. */
  readonly reason: EmailUnconfirmedReason;
  readonly emailConfirmed: boolean;
  readonly termsAccepted: boolean;
  readonly source: 'EP-8';
}

/**
 * Why an act was refused (`forbidden`):
 *
 * - `not_permitted`: no rule of the policy allows it to the actor;
 * - `forbidden_by_rule`: a rule forbids it;
 * - `grant_denied`: the grant rules do not let the actor give that role there (no escalation);
 * - `workflow_only`: the role is given only through a workflow (a request, a nomination), not directly;
 * - `workflow_off`: the profile does not run that workflow;
 * - `no_licences`: the profile counts no named licences;
 * - `organisation_suspended`: the actor's organisation is suspended;
 * - `self_delete`: nobody deletes their own account;
 * - `machine_role`: the lifecycle does not let this kind of actor fire the event.
 */
export type ForbiddenReason =
  | 'not_permitted'
  | 'forbidden_by_rule'
  | 'grant_denied'
  | 'workflow_only'
  | 'workflow_off'
  | 'no_licences'
  | 'organisation_suspended'
  | 'self_delete'
  | 'machine_role';

/**
 * What polity explains about a refusal: the policy engine's explanation of a denied decision (its full
 * shape is `Explanation` in the policy API: `sources`, `forbiddenBy`, `wouldAllow`, `unmetConditions` …),
 * a grant decision, or a sentence for refusals no rule made. Typed here by what every kind has.
 */
export interface RefusalExplanation {
  /** One English sentence saying why. May name roles and rules: it is for administrators, not for display to strangers. */
  readonly summary: string;
  /** The rules that decided, by their RULES.md ids, where rules decided. */
  readonly sources?: readonly string[];
  /** For a refusal no rule made, the same reason as `details.reason` (`self_delete`, `no_licences` …). */
  readonly reason?: string;
}

/** `details` of a `forbidden` error: what was asked, why it was refused, and the explanation. */
export interface ForbiddenDetails {
  /** The policy action asked for (`meeting.manage`, `role.grant` …). */
  readonly action: string;
  readonly reason: ForbiddenReason;
  readonly explanation?: RefusalExplanation;
}

/** The subjects a `not_found` error names. */
export type NotFoundSubject =
  | 'organisation'
  | 'unit'
  | 'user'
  | 'product'
  | 'meeting'
  | 'participant'
  | 'room'
  | 'room_alias'
  | 'contact'
  | 'role_request'
  | 'licence_request'
  | 'record'
  | 'audit_target';

/** `details` of a `not_found` error. */
export interface NotFoundDetails {
  readonly subject: NotFoundSubject;
  /** The id asked for, as given (never another's). */
  readonly id?: string;
  readonly [more: string]: unknown;
}

/**
 * The unique constraints (named as in the collections catalogue) and the invariants a `conflict` names.
 */
export type ConflictConstraint =
  // Unique constraints of the catalogue
  | 'organisations.code'
  | 'users.email'
  | 'products.code'
  | 'productRoles.code'
  | 'groups.name'
  | 'licencePools.organisation'
  | 'participants.member'
  | 'attendances.open'
  | 'roomAliases.alias'
  | 'roleChangeRequests.open'
  | 'activationTokens.hash'
  | 'formerOversights.pair'
  | 'licenceSeats.user'
  | 'contacts.email'
  | 'outbox.idempotencyKey'
  // Invariants
  | 'organisation.suspended'
  | 'unit.not_empty'
  | 'platform.bootstrap'
  | 'role_request.already_coordinator'
  | 'role_request.requester_gone'
  | 'licence_pool.below_in_use'
  | 'meeting.organiser'
  | 'participant.joined'
  | 'room.in_use'
  | 'room.last_alias'
  | 'room.meeting_over_limit'
  | 'oversight.no_organisation'
  | 'user.tax_code_fixed'
  | 'foreign_key'
  | 'serialization';

/** `details` of a `conflict` error. */
export interface ConflictDetails {
  /**
   * The unique constraint or invariant that would be broken, e.g. `users.email`; a collection's primary key
   * is `<collection>.id`, a foreign key `<collection>.<field>.ref`.
   */
  readonly constraint: ConflictConstraint | `${string}.id` | `${string}.ref`;
  /** Whether doing the same again may succeed (a transaction that kept conflicting with concurrent ones). */
  readonly retryable?: boolean;
  readonly [extra: string]: unknown;
}

/** The limits `limit_exceeded` names. */
export type LimitName = 'licences' | 'allocation' | 'participants' | 'duration' | 'rooms' | 'aliases';

/** `details` of a `limit_exceeded` error: which limit, its value and what the request would have made it. */
export interface LimitExceededDetails {
  readonly limit: LimitName;
  readonly max: number;
  readonly current?: number;
  readonly requested?: number;
  readonly actual?: number;
  /** The rule the limit comes from (`EP-1`, `MB-3` …). */
  readonly source?: string;
  readonly [extra: string]: unknown;
}

/** `details` of an `invalid_transition` error. */
export interface InvalidTransitionDetails {
  readonly machine: string;
  readonly state: string;
  readonly event: string;
  /** The guard that refused, when the event is legal in this state but its guard failed. */
  readonly guard?: string;
  /** The rule the guard enforces, e.g. `EP-11`. */
  readonly source?: string;
}

/** `details` of a `rate_limited` error. */
export interface RateLimitedDetails {
  /** How long to wait before the same act may succeed, in milliseconds. */
  readonly retryAfterMs: number;
}

/** What could not be reached (`unavailable`). */
export type UnavailableService = 'store' | 'identity_registry';

/** `details` of an `unavailable` error: always retryable. */
export interface UnavailableDetails {
  readonly service: UnavailableService;
  readonly retryable: true;
}

/** Maps each code to the shape of its `details`. */
export interface ErrorDetailsByCode {
  invalid_input: InvalidInputDetails;
  unauthenticated: UnauthenticatedDetails;
  email_unconfirmed: EmailUnconfirmedDetails;
  forbidden: ForbiddenDetails;
  not_found: NotFoundDetails;
  conflict: ConflictDetails;
  limit_exceeded: LimitExceededDetails;
  invalid_transition: InvalidTransitionDetails;
  rate_limited: RateLimitedDetails;
  unavailable: UnavailableDetails;
  internal: Readonly<Record<string, unknown>>;
}

/** The brand that {@link isPolityError} looks for. `Symbol.for` makes it one symbol across ESM and CJS copies. */
const polityErrorBrand: unique symbol = Symbol.for('polity.error') as never;

/** Options of the {@link PolityError} constructor. */
export interface PolityErrorOptions<C extends ErrorCode> {
  /** Structured details, shaped by the code. */
  readonly details?: ErrorDetailsByCode[C];
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * The single error class polity throws. Branch on {@link PolityError.code}; use {@link isPolityError} rather
 * than `instanceof` to recognise one, since an app may load polity's ESM and CJS builds side by side. Build
 * one with the factories ({@link invalidInput}, {@link forbidden}, {@link conflict} …), which keep messages
 * free of ids and details typed.
 *
 * @example
 * ```ts
 * import { conflict, isPolityError, toHttpStatus } from 'polity';
 *
 * try {
 *   throw conflict('users.email', 'e-mail in use');
 * } catch (error) {
 *   if (isPolityError(error)) console.log(toHttpStatus(error), error.code); // 409 conflict
 * }
 * ```
 */
export class PolityError<C extends ErrorCode = ErrorCode> extends Error {
  /** What went wrong, from a closed set. */
  readonly code: C;
  /** Structured details, shaped by {@link PolityError.code}. */
  readonly details: ErrorDetailsByCode[C] | undefined;
  readonly [polityErrorBrand] = true;

  constructor(code: C, message: string, options: PolityErrorOptions<C> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PolityError';
    this.code = code;
    this.details = options.details;
  }

  /** Whether doing the same again later may succeed: `unavailable`, `rate_limited`, or a conflict marked retryable. */
  get retryable(): boolean {
    if (this.code === 'unavailable' || this.code === 'rate_limited') return true;
    return this.code === 'conflict' && (this.details as ConflictDetails | undefined)?.retryable === true;
  }

  /** A plain object for logs and JSON bodies: code, message and details, never the stack. */
  toJSON(): { code: C; message: string; details?: ErrorDetailsByCode[C] } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * Tells whether a value is a {@link PolityError}, from this copy of polity or any other, optionally of one code.
 *
 * @param error - Anything caught.
 * @param code - When given, also requires this code.
 */
export function isPolityError<C extends ErrorCode = ErrorCode>(error: unknown, code?: C): error is PolityError<C> {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { [polityErrorBrand]?: unknown })[polityErrorBrand] !== true) return false;
  return code === undefined || (error as PolityError).code === code;
}

// ------------------------------------------------------------------------------------------- factories

/**
 * `invalid_input` for one field.
 *
 * @param path - The dotted path of the field (`"email"`, `"invitees.2.email"`; `""` for the whole value).
 * @param message - What is wrong with it, in a short sentence naming no ids.
 * @param code - Why, from the closed {@link InputIssueCode} set.
 */
export function invalidInput(path: string, message: string, code: InputIssueCode, cause?: unknown): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code }] }, ...(cause === undefined ? {} : { cause }) });
}

/** `invalid_input` for several fields at once; the message lists the fields. */
export function invalidInputs(issues: readonly InputIssue[], what = 'input', cause?: unknown): PolityError<'invalid_input'> {
  const fields = [...new Set(issues.map((issue) => issue.path || '(value)'))].join(', ');
  return new PolityError('invalid_input', `invalid ${what}: ${fields}`, { details: { issues }, ...(cause === undefined ? {} : { cause }) });
}

const forbiddenSentences: Record<ForbiddenReason, string> = {
  not_permitted: 'no rule allows it',
  forbidden_by_rule: 'a rule forbids it',
  grant_denied: 'that role may not be given there',
  workflow_only: 'that role is given only through its workflow',
  workflow_off: 'this platform does not run that workflow',
  no_licences: 'this platform counts no named licences',
  organisation_suspended: 'the organisation is suspended',
  self_delete: 'nobody deletes their own account',
  machine_role: 'the lifecycle does not allow it to this actor',
};

/**
 * `forbidden`: the message says which action and, in words, why ("not allowed to meeting.manage: no rule
 * allows it"); the explanation (rules, roles, scopes) goes into `details` only.
 */
export function forbidden(action: string, reason: ForbiddenReason, explanation?: RefusalExplanation | (RefusalExplanation & Readonly<Record<string, unknown>>)): PolityError<'forbidden'> {
  return new PolityError('forbidden', `not allowed to ${action}: ${forbiddenSentences[reason]}`, {
    details: explanation === undefined ? { action, reason } : { action, reason, explanation },
  });
}

/** `not_found`: "no such <subject>", the id in `details` only. */
export function notFound(subject: NotFoundSubject, id?: string, extra: Readonly<Record<string, unknown>> = {}): PolityError<'not_found'> {
  return new PolityError('not_found', `no such ${subject.replace('_', ' ')}`, { details: { ...extra, subject, ...(id === undefined ? {} : { id }) } });
}

/** `conflict` naming the constraint or invariant; the message must name no ids or addresses. */
export function conflict(constraint: ConflictDetails['constraint'], message: string, extra: Readonly<Record<string, unknown>> = {}, cause?: unknown): PolityError<'conflict'> {
  return new PolityError('conflict', message, { details: { ...extra, constraint }, ...(cause === undefined ? {} : { cause }) });
}

/** `limit_exceeded` with the limit and its counts. */
export function limitExceeded(details: LimitExceededDetails, message: string): PolityError<'limit_exceeded'> {
  return new PolityError('limit_exceeded', message, { details });
}

/** `invalid_transition`: the event is not legal in the state (or its guard refused). */
export function invalidTransition(details: InvalidTransitionDetails, message: string): PolityError<'invalid_transition'> {
  return new PolityError('invalid_transition', message, { details });
}

/** `rate_limited`, with how long to wait. */
export function rateLimited(retryAfterMs: number, message: string): PolityError<'rate_limited'> {
  return new PolityError('rate_limited', message, { details: { retryAfterMs } });
}

/** `unauthenticated`: the acting user is unknown, deleted, or may not sign in. */
export function unauthenticated(reason: UnauthenticatedReason, source?: string): PolityError<'unauthenticated'> {
  const message = reason === 'deactivated' ? 'this account is deactivated and may not sign in' : 'no such account';
  return new PolityError('unauthenticated', message, { details: source === undefined ? { reason } : { reason, source } });
}

/** `email_unconfirmed` (EP-8): what the account must still do, the first missing step as the reason. */
export function emailUnconfirmed(emailConfirmed: boolean, termsAccepted: boolean): PolityError<'email_unconfirmed'> {
  const reason: EmailUnconfirmedReason = emailConfirmed ? 'terms_not_accepted' : 'email_unconfirmed';
  const missing = [emailConfirmed ? '' : 'confirm the e-mail address', termsAccepted ? '' : 'accept the terms and privacy statement'].filter(Boolean).join(' and ');
  return new PolityError('email_unconfirmed', `this account must first ${missing} (EP-8)`, { details: { reason, emailConfirmed, termsAccepted, source: 'EP-8' } });
}

/** `unavailable`: the store (or another service) cannot be reached; retry later. */
export function unavailable(service: UnavailableService, message: string, cause?: unknown): PolityError<'unavailable'> {
  return new PolityError('unavailable', message, { details: { service, retryable: true }, ...(cause === undefined ? {} : { cause }) });
}

/** `internal`: a broken invariant, a bug. */
export function internal(message: string, details?: Readonly<Record<string, unknown>>, cause?: unknown): PolityError<'internal'> {
  return new PolityError('internal', message, { ...(details === undefined ? {} : { details }), ...(cause === undefined ? {} : { cause }) });
}

// -------------------------------------------------------------------------------------------- presenting

const httpStatusByCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  email_unconfirmed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  limit_exceeded: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/**
 * The HTTP status an app should answer with for an error: the code's status for a {@link PolityError},
 * 500 for anything else.
 *
 * | code | status |
 * | --- | --- |
 * | invalid_input | 400 |
 * | unauthenticated | 401 |
 * | email_unconfirmed, forbidden | 403 |
 * | not_found | 404 |
 * | conflict, invalid_transition | 409 |
 * | limit_exceeded | 422 |
 * | rate_limited | 429 |
 * | unavailable | 503 |
 * | internal, any other error | 500 |
 */
export function toHttpStatus(error: unknown): number {
  return isPolityError(error) ? httpStatusByCode[error.code] : 500;
}

/**
 * A one-line English description of an error for logs and consoles, listing field issues for `invalid_input`.
 */
export function formatError(error: unknown): string {
  if (!isPolityError(error)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'invalid_input') {
    const issues = (error.details as InvalidInputDetails | undefined)?.issues ?? [];
    const listed = issues.map((issue) => `${issue.path || '(value)'}: ${issue.message}`).join('; ');
    return listed ? `${error.code}: ${error.message} (${listed})` : `${error.code}: ${error.message}`;
  }
  return `${error.code}: ${error.message}`;
}
