/**
 * Builders of valid records for every stored collection, for tests of services, policies and adapters.
 * Each `makeX(overrides)` returns a record that passes its schema; references point at the records of
 * {@link seedFixtureWorld} (by the ids in {@link fixtureIds}), so a store with foreign keys accepts them once
 * the world is seeded. Ids, e-mail addresses, codes and idempotency keys are unique within a process.
 *
 * @module
 */
import type {
  ActivationToken,
  Attendance,
  AuditEvent,
  FormerOversight,
  CollectionName,
  Contact,
  EntityOf,
  Group,
  LicencePool,
  LicenceRequest,
  LicenceSeat,
  Meeting,
  MeetingParticipant,
  Organisation,
  OutboxMessage,
  Product,
  ProductRole,
  Resource,
  RoleAssignment,
  RoleChangeRequest,
  Room,
  RoomAlias,
  StoreSession,
  Unit,
  User,
} from 'polity';

/** The instant every fixture is created at: 2025-03-03 09:00 UTC (a Monday). */
export const fixtureTime: Date = new Date('2025-03-03T09:00:00.000Z');

/** A new `Date` `minutes` after {@link fixtureTime} (before it when negative). */
export function fixtureAt(minutes = 0): Date {
  return new Date(fixtureTime.getTime() + minutes * 60_000);
}

let sequence = 0;

/** A new id, unique within the process: `<kind>_<n>`. */
export function fixtureId(kind: string): string {
  sequence += 1;
  return `${kind}_${sequence}`;
}

function nextNumber(): number {
  sequence += 1;
  return sequence;
}

/** The ids of the records {@link seedFixtureWorld} inserts, which the builders reference by default. */
export const fixtureIds = {
  organisation: 'org_fixture',
  unit: 'unit_fixture',
  user: 'user_fixture',
  /** A second user, who oversees the fixture user. */
  manager: 'user_fixture_manager',
  product: 'product_fixture',
  meeting: 'meeting_fixture',
  room: 'room_fixture',
} as const;

/** The code of the product {@link seedFixtureWorld} inserts. */
export const fixtureProductCode = 'prod-fixture';

/** An active organisation without an official code. */
export function makeOrganisation(overrides: Partial<Organisation> = {}): Organisation {
  return { id: fixtureId('org'), name: 'Test Organisation', code: null, status: 'active', createdAt: fixtureAt(), updatedAt: fixtureAt(), ...overrides };
}

/** A unit directly under the fixture organisation. */
export function makeUnit(overrides: Partial<Unit> = {}): Unit {
  return {
    id: fixtureId('unit'),
    organisationId: fixtureIds.organisation,
    parentId: null,
    name: 'Technical Directorate',
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/** An active local account outside any organisation, with a unique e-mail address (`user<n>@example.test`). */
export function makeUser(overrides: Partial<User> = {}): User {
  const n = nextNumber();
  return {
    id: `user_${n}`,
    organisationId: null,
    title: null,
    givenName: 'Ada',
    familyName: 'Lovelace',
    taxCode: null,
    email: `user${n}@example.test`,
    phone: null,
    workPhone: null,
    country: null,
    postcode: null,
    timeZone: 'Europe/Athens',
    language: 'en',
    identitySource: 'local',
    identityVerifiedAt: null,
    emailConfirmedAt: null,
    termsAcceptedAt: null,
    active: true,
    managerId: null,
    lastSignInAt: null,
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    deletedAt: null,
    ...overrides,
  };
}

/** An active `organisation_coordinator` assignment of the fixture user at the fixture organisation. */
export function makeAssignment(overrides: Partial<RoleAssignment> = {}): RoleAssignment {
  return {
    id: fixtureId('asg'),
    userId: fixtureIds.user,
    role: 'organisation_coordinator',
    scopeType: 'organisation',
    organisationId: fixtureIds.organisation,
    unitId: null,
    productId: null,
    status: 'active',
    grantedById: null,
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/** The fixture organisation's subscription to a product with a unique code (`prod-<n>`). */
export function makeProduct(overrides: Partial<Product> = {}): Product {
  const n = nextNumber();
  return {
    id: `product_${n}`,
    organisationId: fixtureIds.organisation,
    code: `prod-${n}`,
    name: 'Test Product',
    status: 'active',
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/** An operator role of the fixture product, with a unique code (`role-<n>`). */
export function makeProductRole(overrides: Partial<ProductRole> = {}): ProductRole {
  const n = nextNumber();
  return {
    id: `prole_${n}`,
    productCode: fixtureProductCode,
    code: `role-${n}`,
    label: 'API operator',
    description: 'Operates the API.',
    category: 'operator',
    allowsMultiple: false,
    ...overrides,
  };
}

/** An active, empty group on the fixture product, with a unique name (`Group <n>`). */
export function makeGroup(overrides: Partial<Group> = {}): Group {
  const n = nextNumber();
  return {
    id: `group_${n}`,
    organisationId: fixtureIds.organisation,
    productId: fixtureIds.product,
    name: `Group ${n}`,
    description: null,
    status: 'active',
    memberIds: [],
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/**
 * A licence pool of 10 seats, none used. Pools are unique per organisation, so pass the `organisationId`
 * of an organisation of your own when a test needs more than one pool.
 */
export function makeLicencePool(overrides: Partial<LicencePool> = {}): LicencePool {
  return { id: fixtureId('pool'), organisationId: fixtureIds.organisation, allocated: 10, used: 0, reserved: 0, updatedAt: fixtureAt(), ...overrides };
}

/** A seat held by the fixture user in the fixture organisation. */
export function makeLicenceSeat(overrides: Partial<LicenceSeat> = {}): LicenceSeat {
  return {
    id: fixtureId('seat'),
    organisationId: fixtureIds.organisation,
    userId: fixtureIds.user,
    status: 'held',
    expiresAt: null,
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/** An open request of the fixture organisation for 5 more licences, filed by the fixture manager. */
export function makeLicenceRequest(overrides: Partial<LicenceRequest> = {}): LicenceRequest {
  return {
    id: fixtureId('licreq'),
    organisationId: fixtureIds.organisation,
    requestedById: fixtureIds.manager,
    count: 5,
    reason: null,
    status: 'requested',
    decidedById: null,
    decidedAt: null,
    decisionNote: null,
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/** An entry of the fixture user's contact directory, for an unregistered address. */
export function makeContact(overrides: Partial<Contact> = {}): Contact {
  const n = nextNumber();
  return {
    id: `contact_${n}`,
    ownerId: fixtureIds.user,
    organisationId: fixtureIds.organisation,
    email: `contact.${n}@example.test`,
    displayName: `Contact ${n}`,
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/** A one-hour meeting of the fixture user, a day after {@link fixtureTime}, for up to 10 participants (1 so far). */
export function makeMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: fixtureId('meeting'),
    organisationId: fixtureIds.organisation,
    unitId: null,
    organiserId: fixtureIds.user,
    createdById: fixtureIds.user,
    roomId: null,
    title: 'Weekly meeting',
    description: null,
    startsAt: fixtureAt(24 * 60),
    endsAt: fixtureAt(25 * 60),
    timeZone: 'Europe/Athens',
    status: 'scheduled',
    participantCount: 1,
    participantLimit: 10,
    startedAt: null,
    endedAt: null,
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/**
 * The fixture user invited to the fixture meeting. A person is in a meeting once, so pass a `userId` (or
 * `meetingId`) of your own for every further participant.
 */
export function makeParticipant(overrides: Partial<MeetingParticipant> = {}): MeetingParticipant {
  return {
    id: fixtureId('participant'),
    meetingId: fixtureIds.meeting,
    organisationId: fixtureIds.organisation,
    userId: fixtureIds.user,
    role: 'participant',
    invitedAt: fixtureAt(),
    joinedAt: null,
    leftAt: null,
    ...overrides,
  };
}

/**
 * A closed stay of the fixture user in the fixture meeting: joined at its start, a day after
 * {@link fixtureTime}, and left half an hour later. A person has one open stay per meeting at most, so pass
 * a `userId` (or `meetingId`) of your own for every further attendance with `leftAt: null`.
 */
export function makeAttendance(overrides: Partial<Attendance> = {}): Attendance {
  return {
    id: fixtureId('attendance'),
    meetingId: fixtureIds.meeting,
    organisationId: fixtureIds.organisation,
    userId: fixtureIds.user,
    joinedAt: fixtureAt(24 * 60),
    leftAt: fixtureAt(24 * 60 + 30),
    ...overrides,
  };
}

/** A permanent room of the fixture organisation, without a participant limit. */
export function makeRoom(overrides: Partial<Room> = {}): Room {
  return {
    id: fixtureId('room'),
    organisationId: fixtureIds.organisation,
    name: 'Council chamber',
    participantLimit: null,
    createdById: fixtureIds.user,
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/** A unique alias (`room-<n>`) of the fixture room. */
export function makeRoomAlias(overrides: Partial<RoomAlias> = {}): RoomAlias {
  const n = nextNumber();
  return { id: `alias_${n}`, roomId: fixtureIds.room, organisationId: fixtureIds.organisation, alias: `room-${n}`, createdAt: fixtureAt(), ...overrides };
}

/** A survey owned by the fixture user in the fixture organisation, in no unit. */
export function makeResource(overrides: Partial<Resource> = {}): Resource {
  return {
    id: fixtureId('res'),
    organisationId: fixtureIds.organisation,
    unitId: null,
    ownerId: fixtureIds.user,
    kind: 'survey',
    title: 'Staff survey',
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/**
 * An open (`new`) request of the fixture user to become unit coordinator. One open request per requester is
 * allowed, so pass a `requesterId` of your own for every further open request.
 */
export function makeRoleChangeRequest(overrides: Partial<RoleChangeRequest> = {}): RoleChangeRequest {
  return {
    id: fixtureId('rcr'),
    requesterId: fixtureIds.user,
    organisationId: fixtureIds.organisation,
    unitId: null,
    newUnitName: null,
    phone: '+30 210 000 0000',
    purpose: 'Coordinate the meetings of my unit.',
    requestedRole: 'unit_coordinator',
    status: 'new',
    decidedById: null,
    decidedAt: null,
    decisionNote: null,
    createdAt: fixtureAt(),
    updatedAt: fixtureAt(),
    ...overrides,
  };
}

/** An audit event of the fixture user creating the fixture organisation. */
export function makeAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: fixtureId('audit'),
    organisationId: fixtureIds.organisation,
    actorId: fixtureIds.user,
    action: 'organisation.create',
    targetType: 'organisation',
    targetId: fixtureIds.organisation,
    summary: 'Created the organisation.',
    changes: { name: 'Test Organisation' },
    at: fixtureAt(),
    ...overrides,
  };
}

/** A pending activation message to an outside address, with a unique idempotency key (`key-<n>`). */
export function makeOutboxMessage(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  const n = nextNumber();
  return {
    id: `msg_${n}`,
    organisationId: null,
    kind: 'account.activation',
    recipientUserId: null,
    recipientEmail: `recipient${n}@example.test`,
    language: 'en',
    payload: { link: `https://portal.example.test/activate/${n}` },
    idempotencyKey: `key-${n}`,
    status: 'pending',
    attempts: 0,
    availableAt: fixtureAt(),
    leaseUntil: null,
    lastError: null,
    createdAt: fixtureAt(),
    sentAt: null,
    ...overrides,
  };
}

/** An unused activation token of the fixture user, with a unique hash, valid for a week. */
export function makeActivationToken(overrides: Partial<ActivationToken> = {}): ActivationToken {
  const n = nextNumber();
  return {
    id: `token_${n}`,
    organisationId: fixtureIds.organisation,
    userId: fixtureIds.user,
    tokenHash: n.toString(16).padStart(64, '0'),
    purpose: 'activation',
    email: 'fixture.user@example.test',
    expiresAt: fixtureAt(7 * 24 * 60),
    usedAt: null,
    revokedAt: null,
    createdAt: fixtureAt(),
    ...overrides,
  };
}

/** The record that the fixture manager stopped overseeing the fixture user (KA-11). */
export function makeFormerOversight(overrides: Partial<FormerOversight> = {}): FormerOversight {
  return {
    id: fixtureId('oversight'),
    organisationId: fixtureIds.organisation,
    managerId: fixtureIds.manager,
    userId: fixtureIds.user,
    endedById: fixtureIds.manager,
    endedAt: fixtureAt(),
    ...overrides,
  };
}

/** A builder of valid records for every collection, by collection name. */
export const fixtureBuilders: { readonly [N in CollectionName]: (overrides?: Partial<EntityOf<N>>) => EntityOf<N> } = {
  organisations: makeOrganisation,
  units: makeUnit,
  users: makeUser,
  assignments: makeAssignment,
  products: makeProduct,
  productRoles: makeProductRole,
  groups: makeGroup,
  licencePools: makeLicencePool,
  meetings: makeMeeting,
  participants: makeParticipant,
  attendances: makeAttendance,
  rooms: makeRoom,
  roomAliases: makeRoomAlias,
  resources: makeResource,
  roleChangeRequests: makeRoleChangeRequest,
  audit: makeAuditEvent,
  outbox: makeOutboxMessage,
  activationTokens: makeActivationToken,
  formerOversights: makeFormerOversight,
  licenceSeats: makeLicenceSeat,
  licenceRequests: makeLicenceRequest,
  contacts: makeContact,
};

/** The records {@link seedFixtureWorld} inserts. */
export interface FixtureWorld {
  readonly organisation: Organisation;
  readonly unit: Unit;
  readonly user: User;
  /** Oversees {@link FixtureWorld.user}. */
  readonly manager: User;
  readonly product: Product;
  readonly meeting: Meeting;
  readonly room: Room;
}

/**
 * Inserts the records the builders reference by default ({@link fixtureIds}): an organisation, a unit in
 * it, a user of it, a product it subscribes to, a meeting the user organises and a room. Call it once on
 * a fresh store before inserting records made by the builders.
 *
 * @returns the inserted records, as the store returned them.
 */
export async function seedFixtureWorld(session: StoreSession): Promise<FixtureWorld> {
  return session.transaction(async (tx) => {
    const organisation = await tx.organisations.insert(makeOrganisation({ id: fixtureIds.organisation, name: 'Fixture Organisation' }));
    const unit = await tx.units.insert(makeUnit({ id: fixtureIds.unit }));
    const user = await tx.users.insert(
      makeUser({ id: fixtureIds.user, organisationId: fixtureIds.organisation, email: 'fixture.user@example.test' }),
    );
    const manager = await tx.users.insert(
      makeUser({ id: fixtureIds.manager, organisationId: fixtureIds.organisation, email: 'fixture.manager@example.test' }),
    );
    const product = await tx.products.insert(makeProduct({ id: fixtureIds.product, code: fixtureProductCode }));
    const meeting = await tx.meetings.insert(makeMeeting({ id: fixtureIds.meeting }));
    const room = await tx.rooms.insert(makeRoom({ id: fixtureIds.room }));
    return { organisation, unit, user, manager, product, meeting, room };
  });
}
