/**
 * The one place a new account's record is written from: every field an account starts with, so that the
 * three ways an account comes to be (added by e-mail, invited to a meeting, the bootstrap) cannot drift apart.
 *
 * @module
 */
import type { User } from '../../domain/user';
import type { Work } from '../kernel/work';

/** What differs between new accounts; everything else starts empty, active and unconfirmed. */
export interface NewUserFields {
  readonly organisationId: string | null;
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly title?: string | null | undefined;
  readonly taxCode?: string | null | undefined;
  readonly phone?: string | null | undefined;
  /** @defaultValue `UTC` */
  readonly timeZone?: string | undefined;
  /** @defaultValue the profile's language */
  readonly language?: User['language'] | undefined;
  /** @defaultValue `local` */
  readonly identitySource?: User['identitySource'] | undefined;
  readonly managerId?: string | null | undefined;
  /** Set only when the operator vouches for the address (the bootstrap). */
  readonly emailConfirmedAt?: Date | null | undefined;
}

/** A new account's record, created now with a new id: active, its e-mail unconfirmed unless said otherwise. */
export function newUserRecord(work: Work, fields: NewUserFields): User {
  const { now } = work;
  return {
    id: work.id('user'),
    organisationId: fields.organisationId,
    title: fields.title ?? null,
    givenName: fields.givenName,
    familyName: fields.familyName,
    taxCode: fields.taxCode ?? null,
    email: fields.email,
    phone: fields.phone ?? null,
    workPhone: null,
    country: null,
    postcode: null,
    timeZone: fields.timeZone ?? 'UTC',
    language: fields.language ?? work.context.profile.defaultLanguage,
    identitySource: fields.identitySource ?? 'local',
    identityVerifiedAt: null,
    emailConfirmedAt: fields.emailConfirmedAt ?? null,
    termsAcceptedAt: null,
    active: true,
    managerId: fields.managerId ?? null,
    lastSignInAt: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}
