// Shared set-up for the service tests: a polity on a fresh store of a target (memory, PGlite, the real
// server: see test/targets.ts) with a pinned clock and predictable ids, and helpers that go through the
// public API the way a host would.
import { createHash } from 'node:crypto';
import { memoryStore, type MemoryStoreSeed } from 'polity/adapters/memory';
import { testClock, sequentialIds, type TestClock } from 'polity/testing';
import { collectionNames, createPolity, isPolityError, type ErrorCode, type PolityError, profiles, where, type Organisation, type Polity, type PolityOptions, type Profile, type RoleAssignment, type Store, type User } from 'polity';
import { expect, onTestFinished } from 'vitest';
import { copyOfStore, tableSnapshot } from '../conformance/pg-targets';
import type { StoreTarget } from '../targets';

export interface World {
  readonly polity: Polity;
  readonly store: Store;
  readonly clock: TestClock;
}

export const activationBase = 'https://portal.test/activate?token=';

/**
 * A polity over a fresh store of the target (on Postgres a fresh, migrated schema of its own). The store is
 * closed, and its schema dropped, when the test ends, whether it passed or not: call it inside a test.
 */
export async function makeWorld(target: StoreTarget, profile: Profile = profiles.ePresence, options: Partial<PolityOptions> = {}): Promise<World> {
  const store = await target.create();
  onTestFinished(() => store.close());
  return worldOn(store, profile, options);
}

/** A polity over `store`, with the test clock pinned at 5 January 2026, 09:00 UTC, and predictable ids. */
export function worldOn(store: Store, profile: Profile = profiles.ePresence, options: Partial<PolityOptions> = {}): World {
  const clock = testClock('2026-01-05T09:00:00.000Z');
  const polity = createPolity({ store, profile, clock, ids: sequentialIds(), activationUrl: (token) => `${activationBase}${encodeURIComponent(token)}`, ...options });
  return { polity, store, clock };
}

/** The world given, or a fresh e:Presence world on the target given (for set-up helpers that take either). */
export async function worldOf(on: StoreTarget | World): Promise<World> {
  return 'polity' in on ? on : makeWorld(on);
}

/**
 * A fresh store holding every record of a base world's store, on the same target: on Postgres a new schema
 * filled from the base's tables, on memory a store seeded with the base's snapshot. Closed when the test
 * ends; close it sooner where a test makes many (one per run of a property).
 */
export async function copyOf(base: { readonly store: Store; readonly seed: MemoryStoreSeed }): Promise<Store> {
  const store = base.store.adapter === 'memory' ? memoryStore({ seed: base.seed }) : await copyOfStore(base.store);
  onTestFinished(() => store.close());
  return store;
}

/** The secret of every activation link e-mailed to an address, oldest first (read from the outbox, as the dispatcher would). */
export async function activationTokens(store: Store, email: string): Promise<string[]> {
  const page = await store.outbox.list({ where: where.and(where.eq('kind', 'account.activation'), where.eq('recipientEmail', email)), limit: 1000 });
  return page.items.map((message) => {
    const link = message.payload['link'];
    if (typeof link !== 'string' || !link.startsWith(activationBase)) throw new Error(`unexpected link ${String(link)}`);
    return decodeURIComponent(link.slice(activationBase.length));
  });
}

/** The secret of the one link to an address that still works (only the latest works: a resend revokes the rest). */
export async function lastActivationToken(store: Store, email: string): Promise<string> {
  const usable = await store.activationTokens.list({ where: where.and(where.isNull('usedAt'), where.isNull('revokedAt')), limit: 1000 });
  const hashes = new Set(usable.items.map((t) => t.tokenHash));
  const token = (await activationTokens(store, email)).find((secret) => hashes.has(createHash('sha256').update(secret).digest('hex')));
  if (token === undefined) throw new Error(`no usable activation link sent to ${email}`);
  return token;
}

/** Confirms the last link sent to an address, accepting the terms (EP-8). */
export async function activate(world: World, email: string, acceptTerms = true): Promise<string> {
  const { user } = await world.polity.activation.confirm({ token: await lastActivationToken(world.store, email), acceptTerms });
  return user.id;
}

/** The first platform admin, past the e-mail gate. */
export async function bootstrapAdmin(world: World, email = 'admin@platform.test'): Promise<string> {
  const { user } = await world.polity.bootstrapPlatformAdmin({ email, givenName: 'Ada', familyName: 'Admin' });
  await world.polity.as(user.id).account.acceptTerms();
  return user.id;
}

/** An e:Presence organisation coordinator, the way one comes to be: added as a user, activated, request approved (EP-6). */
export async function makeOrganisationCoordinator(world: World, adminId: string, organisationId: string, email: string, name = 'Maria'): Promise<string> {
  const admin = world.polity.as(adminId);
  await admin.users.add({ organisationId, email, givenName: name, familyName: 'Coordinator', role: 'user' });
  const id = await activate(world, email);
  const request = await world.polity.as(id).roleRequests.file({ role: 'organisation_coordinator', organisationId, phone: '+30 210 1111111', purpose: 'run the organisation' });
  await admin.roleRequests.approve({ requestId: request.id });
  return id;
}

/** An e:Presence world: admin, one organisation with its coordinator and one unit. */
export async function ePresenceOrganisation(world: World, label = 'a') {
  const adminId = (await world.store.users.findOne(where.eq('email', 'admin@platform.test')))?.id ?? (await bootstrapAdmin(world));
  const { organisation } = await world.polity.as(adminId).organisations.create({ name: `Ministry ${label.toUpperCase()}`, code: `MIN-${label}` });
  const coordinatorId = await makeOrganisationCoordinator(world, adminId, organisation.id, `coordinator.${label}@gov.test`);
  const unit = await world.polity.as(coordinatorId).units.create({ organisationId: organisation.id, name: `Directorate ${label}` });
  return { adminId, organisation, coordinatorId, unit };
}

/**
 * Everything a store holds, by collection, for "nothing changed" checks (compare two snapshots of one
 * store). On memory every record of every collection, through the Store API; on Postgres every row of every
 * table, read in one statement (see `tableSnapshot`): a snapshot is taken before most refused commands, and
 * a list per collection would make it the slowest part of many tests there.
 */
export async function snapshot(store: Store): Promise<Record<string, unknown[]>> {
  const rows = await tableSnapshot(store);
  if (rows !== undefined) return rows;
  const read = async (name: (typeof collectionNames)[number]): Promise<unknown[]> => {
    const items: unknown[] = [];
    let after: string | null = null;
    do {
      const page: { items: readonly unknown[]; nextCursor: string | null } = await store[name].list({ limit: 1000, after });
      items.push(...page.items);
      after = page.nextCursor;
    } while (after !== null);
    return items;
  };
  const all: Record<string, unknown[]> = {};
  for (const name of collectionNames) all[name] = await read(name);
  return all;
}

/** Awaits a rejection with a given code and returns the error. */
export async function rejects<C extends ErrorCode>(promise: Promise<unknown>, code: C): Promise<PolityError<C>> {
  try {
    await promise;
  } catch (error) {
    if (!isPolityError(error, code)) throw error;
    return error;
  }
  return expect.unreachable(`expected ${code}`);
}

/** The rule sources a `forbidden` error's explanation names. */
export function sourcesOf(error: unknown): string[] {
  const explanation = (error as { details?: { explanation?: { sources?: string[]; forbiddenBy?: { source: string }[] } } }).details?.explanation;
  return explanation?.sources ?? explanation?.forbiddenBy?.map((m) => m.source) ?? [];
}

let seeded = 0;

/** Writes an account straight into the store (set-up only: what the rule under test needs around it). */
export async function seedUser(store: Store, fields: Partial<User> & Pick<User, 'email'>): Promise<User> {
  seeded += 1;
  const at = new Date('2026-01-01T00:00:00.000Z');
  return store.users.insert({
    id: `seeded_user_${seeded}`,
    organisationId: null,
    title: null,
    givenName: 'Seeded',
    familyName: `User${seeded}`,
    taxCode: null,
    phone: null,
    workPhone: null,
    country: null,
    postcode: null,
    timeZone: 'UTC',
    language: 'en',
    identitySource: 'local',
    identityVerifiedAt: null,
    emailConfirmedAt: at,
    termsAcceptedAt: at,
    active: true,
    managerId: null,
    lastSignInAt: null,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
    ...fields,
  });
}

/** Writes a role assignment straight into the store (set-up only). */
export async function seedAssignment(store: Store, fields: Pick<RoleAssignment, 'userId' | 'role' | 'scopeType'> & Partial<RoleAssignment>): Promise<RoleAssignment> {
  seeded += 1;
  const at = new Date('2026-01-01T00:00:00.000Z');
  return store.assignments.insert({ id: `seeded_assignment_${seeded}`, organisationId: null, unitId: null, productId: null, status: 'active', grantedById: null, createdAt: at, updatedAt: at, ...fields });
}

/** Writes an organisation straight into the store (for profiles whose rules create none, e.g. Mégalis). */
export async function seedOrganisation(store: Store, name: string): Promise<Organisation> {
  seeded += 1;
  const at = new Date('2026-01-01T00:00:00.000Z');
  return store.organisations.insert({ id: `seeded_org_${seeded}`, name, code: null, status: 'active', createdAt: at, updatedAt: at });
}

/**
 * Records that a user took part in a meeting (set-up for EP-11 / EP-16 until the meetings service lands):
 * a meeting organised by `organiserId`, which the user joined.
 */
export async function seedMeetingParticipation(store: Store, userId: string, organisationId: string, organiserId: string, unitId: string | null = null): Promise<void> {
  seeded += 1;
  const startsAt = new Date('2026-01-02T10:00:00.000Z');
  const meeting = await store.meetings.insert({
    id: `seeded_meeting_${seeded}`,
    organisationId,
    unitId,
    organiserId,
    createdById: organiserId,
    roomId: null,
    title: 'Weekly review',
    description: null,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3_600_000),
    timeZone: 'Europe/Athens',
    status: 'ended',
    participantCount: 2,
    participantLimit: 300,
    startedAt: startsAt,
    endedAt: new Date(startsAt.getTime() + 3_600_000),
    createdAt: startsAt,
    updatedAt: startsAt,
  });
  await store.participants.insert({
    id: `seeded_participant_${seeded}`,
    meetingId: meeting.id,
    organisationId,
    userId,
    role: userId === organiserId ? 'organiser' : 'participant',
    invitedAt: startsAt,
    joinedAt: startsAt,
    leftAt: new Date(startsAt.getTime() + 3_000_000),
  });
}

/** Outbox messages of a kind, optionally to one address. */
export async function outboxOf(store: Store, kind: string, email?: string) {
  const filter = email === undefined ? where.eq('kind', kind) : where.and(where.eq('kind', kind), where.eq('recipientEmail', email));
  return (await store.outbox.list({ where: filter, limit: 1000 })).items;
}
