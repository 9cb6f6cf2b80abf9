/**
 * The one error polity throws: {@link PolityError}, with a closed set of {@link ErrorCode}s, structured
 * details per code, and the helpers apps use to present it.
 *
 * @module
 */

/**
 * Every code a {@link PolityError} can carry. Callers branch on the code, never on the message.
 *
 * - `invalid_input`: a value failed validation; `details.issues` names each field.
 * - `unauthenticated`: the acting user is unknown, deleted, or may not sign in.
 * - `email_unconfirmed`: the acting user has not confirmed their e-mail or accepted the terms yet (EP-8).
 * - `forbidden`: the policy denied the action; `details` carries the explanation.
 * - `not_found`: the target does not exist (or is not visible to the actor).
 * - `conflict`: the write would break a uniqueness or state invariant (e-mail in use, EP-13).
 * - `limit_exceeded`: a hard limit would be passed (licences, participants, duration); `details` has the counts.
 * - `invalid_transition`: a workflow event is not legal in the current state.
 * - `rate_limited`: the same act was repeated too soon (resending an activation e-mail).
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
  'internal',
] as const satisfies readonly ErrorCode[];

/** One problem with one input field, as reported by `invalid_input`. */
export interface InputIssue {
  /** Dotted path of the field, e.g. `"email"` or `"participants.3.email"`; `""` for the whole value. */
  readonly path: string;
  /** A short English sentence saying what is wrong. */
  readonly message: string;
  /** A machine-readable reason (zod's issue code, or polity's own such as `"unknown_time_zone"`). */
  readonly code: string;
}

/** `details` of an `invalid_input` error. */
export interface InvalidInputDetails {
  readonly issues: readonly InputIssue[];
}

/** `details` of a `forbidden` error: what was asked and, once the policy engine decided, why it said no. */
export interface ForbiddenDetails {
  readonly action: string;
  /** The policy's explanation of the denial (its shape is documented with the policy engine). */
  readonly explanation?: unknown;
}

/** `details` of a `limit_exceeded` error: which limit, its value and what the request would have made it. */
export interface LimitExceededDetails {
  readonly limit: string;
  readonly max: number;
  readonly current?: number;
  readonly requested?: number;
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

/** `details` of a `conflict` error. */
export interface ConflictDetails {
  /** The unique constraint or invariant that would be broken, e.g. `users.email`. */
  readonly constraint?: string;
  readonly [extra: string]: unknown;
}

/** Maps each code to the shape of its `details`. Codes not listed carry a free-form record. */
export interface ErrorDetailsByCode {
  invalid_input: InvalidInputDetails;
  unauthenticated: Readonly<Record<string, unknown>>;
  email_unconfirmed: Readonly<Record<string, unknown>>;
  forbidden: ForbiddenDetails;
  not_found: Readonly<Record<string, unknown>>;
  conflict: ConflictDetails;
  limit_exceeded: LimitExceededDetails;
  invalid_transition: InvalidTransitionDetails;
  rate_limited: Readonly<Record<string, unknown>> & { readonly retryAfterMs?: number };
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
 * than `instanceof` to recognise one, since an app may load polity's ESM and CJS builds side by side.
 *
 * @example
 * ```ts
 * import { PolityError, isPolityError, toHttpStatus } from 'polity';
 *
 * try {
 *   throw new PolityError('conflict', 'e-mail in use', { details: { constraint: 'users.email' } });
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
