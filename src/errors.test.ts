import { describe, expect, it } from 'vitest';
import {
  conflict,
  emailUnconfirmed,
  errorCodes,
  forbidden,
  formatError,
  invalidInput,
  isPolityError,
  limitExceeded,
  notFound,
  PolityError,
  rateLimited,
  toHttpStatus,
  unauthenticated,
  unavailable,
  type ErrorCode,
} from './errors';

describe('PolityError', () => {
  it('carries code, message, details and cause', () => {
    const cause = new Error('unique violation');
    const error = new PolityError('conflict', 'e-mail in use', { details: { constraint: 'users.email' }, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PolityError');
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('e-mail in use');
    expect(error.details).toEqual({ constraint: 'users.email' });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({ code: 'conflict', message: 'e-mail in use', details: { constraint: 'users.email' } });
  });

  it('serialises without details when there are none', () => {
    expect(new PolityError('not_found', 'no such unit').toJSON()).toEqual({ code: 'not_found', message: 'no such unit' });
  });
});

describe('isPolityError', () => {
  it('recognises errors by the Symbol.for brand, as a second copy of polity would brand them', () => {
    const foreign = Object.assign(new Error('from another copy'), { code: 'forbidden', [Symbol.for('polity.error')]: true });
    expect(isPolityError(foreign)).toBe(true);
    expect(isPolityError(foreign, 'forbidden')).toBe(true);
    expect(isPolityError(foreign, 'conflict')).toBe(false);
  });

  it('rejects look-alikes without the brand', () => {
    expect(isPolityError(Object.assign(new Error('x'), { code: 'forbidden' }))).toBe(false);
    expect(isPolityError(null)).toBe(false);
    expect(isPolityError('forbidden')).toBe(false);
  });
});

describe('toHttpStatus', () => {
  const expected: Record<ErrorCode, number> = {
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

  it.each(errorCodes.map((code) => [code, expected[code]] as const))('maps %s to %i', (code, status) => {
    expect(toHttpStatus(new PolityError(code, code))).toBe(status);
  });

  it('maps anything that is not a PolityError to 500', () => {
    expect(toHttpStatus(new Error('boom'))).toBe(500);
    expect(toHttpStatus(undefined)).toBe(500);
  });

  it('covers every code', () => {
    expect(Object.keys(expected).sort()).toEqual([...errorCodes].sort());
  });
});

describe('formatError', () => {
  it('lists the fields of an invalid_input error', () => {
    const error = new PolityError('invalid_input', 'invalid user', {
      details: { issues: [{ path: 'email', message: 'not a valid e-mail address', code: 'invalid_format' }] },
    });
    expect(formatError(error)).toBe('invalid_input: invalid user (email: not a valid e-mail address)');
  });

  it('formats other errors by code and message', () => {
    expect(formatError(new PolityError('forbidden', 'not allowed'))).toBe('forbidden: not allowed');
    expect(formatError(new Error('plain'))).toBe('plain');
  });
});

describe('factories', () => {
  it('invalidInput names the field and its code', () => {
    const error = invalidInput('email', 'not a valid e-mail address', 'invalid_format');
    expect(error.code).toBe('invalid_input');
    expect(error.details).toEqual({ issues: [{ path: 'email', message: 'not a valid e-mail address', code: 'invalid_format' }] });
  });

  it('forbidden says which action and why in words; the explanation stays in details', () => {
    const explanation = { summary: 'Forbidden by EP-11 (rule ep-11-no-delete) as organisation coordinator of org_7', sources: ['EP-11'] };
    const error = forbidden('user.delete', 'forbidden_by_rule', explanation);
    expect(error.message).toBe('not allowed to user.delete: a rule forbids it');
    expect(error.message).not.toMatch(/EP-11|org_7|coordinator/);
    expect(error.details).toEqual({ action: 'user.delete', reason: 'forbidden_by_rule', explanation });
  });

  it('notFound keeps the id out of the message and in details', () => {
    const error = notFound('role_request', 'request_42');
    expect(error.message).toBe('no such role request');
    expect(error.details).toEqual({ subject: 'role_request', id: 'request_42' });
  });

  it('conflict names its constraint', () => {
    expect(conflict('users.email', 'e-mail in use').details).toEqual({ constraint: 'users.email' });
  });

  it('limitExceeded, rateLimited, unauthenticated carry their details', () => {
    expect(limitExceeded({ limit: 'participants', max: 300, actual: 301 }, 'too many').details).toEqual({ limit: 'participants', max: 300, actual: 301 });
    expect(rateLimited(1500, 'too soon').details).toEqual({ retryAfterMs: 1500 });
    expect(unauthenticated('deactivated', 'EP-11').details).toEqual({ reason: 'deactivated', source: 'EP-11' });
  });

  it('EP-8: emailUnconfirmed gives the first missing step as its reason, terms_not_accepted once the e-mail is confirmed', () => {
    expect(emailUnconfirmed(false, false).details).toMatchObject({ reason: 'email_unconfirmed', emailConfirmed: false, termsAccepted: false, source: 'EP-8' });
    expect(emailUnconfirmed(true, false).details).toMatchObject({ reason: 'terms_not_accepted', emailConfirmed: true, termsAccepted: false });
  });

  it('unavailable is retryable and answers 503', () => {
    const error = unavailable('store', 'the database cannot be reached now');
    expect(error.retryable).toBe(true);
    expect(error.details).toEqual({ service: 'store', retryable: true });
    expect(toHttpStatus(error)).toBe(503);
    expect(conflict('serialization', 'kept conflicting', { retryable: true }).retryable).toBe(true);
    expect(conflict('users.email', 'e-mail in use').retryable).toBe(false);
    expect(invalidInput('x', 'bad', 'required').retryable).toBe(false);
  });
});
