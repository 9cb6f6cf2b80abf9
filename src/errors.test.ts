import { describe, expect, it } from 'vitest';
import { errorCodes, formatError, isPolityError, PolityError, toHttpStatus, type ErrorCode } from './errors';

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
