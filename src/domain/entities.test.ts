import { describe, expect, it } from 'vitest';
import { isPolityError, PolityError } from '../errors';
import { freeLicences, licencePoolSchema } from './licence-pool';
import { meetingDurationMinutes, meetingSchema } from './meeting';
import { languages } from './primitives';
import { roleAssignmentSchema } from './role-assignment';
import { assertValidUnitParent, unitAncestors } from './unit';
import { userSchema } from './user';
import { parseWith } from './validate';

const at = new Date('2026-01-05T09:00:00Z');

const user = {
  id: 'user_1',
  organisationId: 'org_1',
  title: 'Mme',
  givenName: 'Anna',
  familyName: 'Papadopoulou',
  taxCode: 'RSSMRA85T10A562S',
  email: 'Anna@Example.gov',
  phone: '+30 210 1234567',
  workPhone: null,
  country: 'GR',
  postcode: '10558',
  timeZone: 'Europe/Athens',
  language: 'el',
  identitySource: 'sso',
  identityVerifiedAt: at,
  emailConfirmedAt: null,
  termsAcceptedAt: null,
  active: true,
  managerId: null,
  lastSignInAt: null,
  createdAt: at,
  updatedAt: at,
  deletedAt: null,
};

/** The field paths an invalid value is refused for. */
function refusedFields(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    if (isPolityError(error, 'invalid_input')) return error.details?.issues.map((issue) => issue.path) ?? [];
    throw error;
  }
  throw new Error('expected invalid_input');
}

describe('User', () => {
  it('accepts the profile fields of SC-6 and MB-11', () => {
    expect(parseWith(userSchema, user, 'user').email).toBe('Anna@Example.gov');
  });

  it('names the exact field of each bad value', () => {
    expect(refusedFields(() => parseWith(userSchema, { ...user, email: 'anna@' }, 'user'))).toEqual(['email']);
    expect(refusedFields(() => parseWith(userSchema, { ...user, timeZone: 'Europe/Atlantis' }, 'user'))).toEqual(['timeZone']);
    expect(refusedFields(() => parseWith(userSchema, { ...user, givenName: '   ' }, 'user'))).toEqual(['givenName']);
    expect(refusedFields(() => parseWith(userSchema, { ...user, language: 'de' }, 'user'))).toEqual(['language']);
    expect(refusedFields(() => parseWith(userSchema, { ...user, country: 'Greece' }, 'user'))).toEqual(['country']);
    expect(refusedFields(() => parseWith(userSchema, { ...user, phone: 'call me' }, 'user'))).toEqual(['phone']);
  });

  it('reports every bad field at once, with polity reason codes', () => {
    try {
      parseWith(userSchema, { ...user, email: 'x', timeZone: 'Mars/Olympus' }, 'user');
      expect.unreachable();
    } catch (error) {
      expect(isPolityError(error, 'invalid_input')).toBe(true);
      const issues = (error as PolityError<'invalid_input'>).details?.issues ?? [];
      expect(issues.map((issue) => issue.path).sort()).toEqual(['email', 'timeZone']);
      expect(issues.find((issue) => issue.path === 'timeZone')?.code).toBe('unknown_time_zone');
      expect((error as Error).message).toContain('email');
    }
  });

  it('EP-9: e-mail confirmation and the active flag are independent', () => {
    expect(parseWith(userSchema, { ...user, emailConfirmedAt: null, active: true }, 'user').active).toBe(true);
    expect(parseWith(userSchema, { ...user, emailConfirmedAt: at, active: false }, 'user').active).toBe(false);
  });

  it('knows the five languages', () => {
    expect(languages).toEqual(['el', 'it', 'sl', 'fr', 'en']);
  });
});

describe('Meeting', () => {
  const meeting = {
    id: 'meeting_1',
    organisationId: 'org_1',
    unitId: null,
    organiserId: 'user_1',
    createdById: 'user_1',
    roomId: null,
    title: 'Budget review',
    description: null,
    startsAt: new Date('2026-03-29T00:00:00Z'),
    endsAt: new Date('2026-03-29T02:00:00Z'),
    timeZone: 'Europe/Athens',
    status: 'scheduled',
    participantCount: 1,
    participantLimit: 300,
    startedAt: null,
    endedAt: null,
    createdAt: at,
    updatedAt: at,
  };

  it('refuses endsAt <= startsAt on the endsAt field', () => {
    expect(refusedFields(() => parseWith(meetingSchema, { ...meeting, endsAt: meeting.startsAt }, 'meeting'))).toEqual(['endsAt']);
  });

  it('refuses more participants than its limit', () => {
    expect(refusedFields(() => parseWith(meetingSchema, { ...meeting, participantCount: 301 }, 'meeting'))).toEqual([
      'participantCount',
    ]);
  });

  it('refuses a reported end before the reported start, or an end without a start, on the endedAt field', () => {
    const startedAt = new Date('2026-03-29T00:05:00Z');
    expect(refusedFields(() => parseWith(meetingSchema, { ...meeting, startedAt, endedAt: new Date('2026-03-29T00:04:00Z') }, 'meeting'))).toEqual(['endedAt']);
    expect(refusedFields(() => parseWith(meetingSchema, { ...meeting, endedAt: startedAt }, 'meeting'))).toEqual(['endedAt']);
    expect(parseWith(meetingSchema, { ...meeting, status: 'ended', startedAt, endedAt: startedAt }, 'meeting').endedAt).toEqual(startedAt);
  });

  it('measures duration as elapsed UTC time, across a daylight-saving change', () => {
    // Europe/Athens moves from +02:00 to +03:00 at 01:00 UTC on 2026-03-29: two elapsed hours stay two hours.
    expect(meetingDurationMinutes(meeting)).toBe(120);
  });
});

describe('LicencePool', () => {
  const pool = { id: 'pool_1', organisationId: 'org_1', allocated: 10, used: 7, reserved: 3, updatedAt: at };

  it('MB-3: is never oversubscribed', () => {
    expect(parseWith(licencePoolSchema, pool, 'pool').allocated).toBe(10);
    expect(freeLicences(pool)).toBe(0);
    expect(refusedFields(() => parseWith(licencePoolSchema, { ...pool, reserved: 4 }, 'pool'))).toEqual(['allocated']);
    expect(refusedFields(() => parseWith(licencePoolSchema, { ...pool, used: -1 }, 'pool'))).toEqual(['used']);
  });
});

describe('RoleAssignment', () => {
  const assignment = {
    id: 'assignment_1',
    userId: 'user_1',
    role: 'unit_coordinator',
    scopeType: 'unit',
    organisationId: 'org_1',
    unitId: 'unit_1',
    productId: null,
    status: 'active',
    grantedById: 'user_2',
    createdAt: at,
    updatedAt: at,
  };

  it('requires scope columns that match the scope type', () => {
    expect(parseWith(roleAssignmentSchema, assignment, 'assignment').unitId).toBe('unit_1');
    expect(refusedFields(() => parseWith(roleAssignmentSchema, { ...assignment, unitId: null }, 'assignment'))).toEqual([
      'scopeType',
    ]);
    expect(refusedFields(() => parseWith(roleAssignmentSchema, { ...assignment, status: 'pending' }, 'assignment'))).toEqual([
      'status',
    ]);
  });
});

describe('Unit tree', () => {
  const units = new Map([
    ['a', { id: 'a', parentId: null, organisationId: 'org_1' }],
    ['b', { id: 'b', parentId: 'a', organisationId: 'org_1' }],
    ['c', { id: 'c', parentId: 'b', organisationId: 'org_1' }],
    ['x', { id: 'x', parentId: null, organisationId: 'org_2' }],
  ]);

  it('lists ancestors nearest first', () => {
    expect(unitAncestors(units, 'c')).toEqual(['b', 'a']);
  });

  it('refuses a cycle, a foreign parent and a missing parent on parentId', () => {
    expect(refusedFields(() => assertValidUnitParent(units, { id: 'a', organisationId: 'org_1' }, 'c'))).toEqual(['parentId']);
    expect(refusedFields(() => assertValidUnitParent(units, { id: 'a', organisationId: 'org_1' }, 'x'))).toEqual(['parentId']);
    expect(refusedFields(() => assertValidUnitParent(units, { id: 'a', organisationId: 'org_1' }, 'nope'))).toEqual(['parentId']);
    expect(() => assertValidUnitParent(units, { id: 'c', organisationId: 'org_1' }, 'a')).not.toThrow();
  });
});
