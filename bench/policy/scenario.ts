/**
 * The anchor benchmark's deterministic scoped-role scenario (shared/bench/scenario.mjs), ported line for line:
 * same seed, same generator, same consumption of the random stream, hence the same 100,000 users, 11,020 role
 * assignments, 200,000 meetings and the same 10,000 questions with the same expected answers (3,251 allowed).
 * `QUERIES_FINGERPRINT` pins the question list; main.ts refuses to run if it changes.
 *
 * Nothing here depends on an authorisation library: the data are plain records, and `expected` on each question
 * is the answer the rule requires, computed by a direct reading of the rule (independently of every adapter).
 *
 * Rule for action "manage" on a Meeting:
 *   - platform admin           → any meeting
 *   - organisation coordinator → every meeting of their organisation (any unit)
 *   - unit coordinator         → only meetings they organised (organiserId == user id)
 *   - everyone else            → nothing (organising a meeting alone grants nothing)
 *
 * @module
 */

export const SEED = 0x5eed2026;

export interface Sizes {
  readonly orgs: number;
  readonly unitsPerOrg: number;
  readonly membersPerUnit: number;
  readonly meetingsPerUnit: number;
  readonly platformAdmins: number;
  readonly queries: number;
  /** Share of a unit's meetings organised by its coordinator. */
  readonly unitCoordinatorOrganisesShare: number;
}

export const SIZES: Sizes = Object.freeze({
  orgs: 1_000,
  unitsPerOrg: 10,
  membersPerUnit: 10, // 1,000 × 10 × 10 = 100,000 users
  meetingsPerUnit: 20, // 1,000 × 10 × 20 = 200,000 meetings
  platformAdmins: 20,
  queries: 10_000,
  unitCoordinatorOrganisesShare: 0.3,
});

/** What the anchor run reports, asserted by main.ts. */
export const EXPECTED_ALLOWED = 3_251;
/** FNV-1a (32 bit) over `userId meetingId expected\n` of the 10,000 questions of shared/bench/scenario.mjs. */
export const QUERIES_FINGERPRINT = 'aad677e5';

export const ROLE = Object.freeze({
  PLATFORM_ADMIN: 'platform_admin',
  ORG_COORDINATOR: 'org_coordinator',
  UNIT_COORDINATOR: 'unit_coordinator',
} as const);

export type ScenarioRole = (typeof ROLE)[keyof typeof ROLE];

/** mulberry32: small, fast, good enough for test data; fully deterministic. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A class (not a plain object) so that CASL detects the subject type from the constructor name, its documented
 * default; other libraries just read fields. `kind` is the resource kind polity dispatches on; it changes nothing
 * for the other libraries (none reads it).
 */
export class Meeting {
  readonly kind = 'meeting' as const;
  constructor(
    readonly id: string,
    readonly organisationId: string,
    readonly unitId: string,
    readonly organiserId: string,
  ) {}
}

export interface Organisation {
  readonly id: string;
  readonly unitIds: string[];
  coordinatorId: string | null;
}
export interface Unit {
  readonly id: string;
  readonly organisationId: string;
  readonly memberIds: string[];
  coordinatorId: string | null;
  readonly meetingIds: string[];
}
export interface User {
  readonly id: string;
  readonly organisationId: string;
  readonly unitId: string;
}
/** The library-neutral source of truth every adapter loads. */
export interface ScenarioAssignment {
  readonly userId: string;
  readonly role: ScenarioRole;
  readonly organisationId?: string;
  readonly unitId?: string;
}
export interface Query {
  readonly userId: string;
  readonly meetingId: string;
  readonly meeting: Meeting;
  readonly category: string;
  readonly expected: boolean;
}

export interface Scenario {
  readonly seed: number;
  readonly sizes: Sizes;
  readonly organisations: readonly Organisation[];
  readonly units: readonly Unit[];
  readonly users: readonly User[];
  readonly userById: ReadonlyMap<string, User>;
  readonly roleAssignments: readonly ScenarioAssignment[];
  readonly platformAdminIds: readonly string[];
  readonly meetings: readonly Meeting[];
  readonly meetingById: ReadonlyMap<string, Meeting>;
  readonly queries: readonly Query[];
  readonly decide: (userId: string, meeting: Meeting) => boolean;
}

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`scenario: missing ${what}`);
  return value;
}

export function generateScenario(seed: number = SEED, sizes: Sizes = SIZES): Scenario {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(arr: readonly T[]): T => must(arr[int(arr.length)], 'array element');

  const organisations: Organisation[] = [];
  const units: Unit[] = [];
  const users: User[] = [];
  const userById = new Map<string, User>();

  for (let o = 0; o < sizes.orgs; o++) {
    const org: Organisation = { id: `o${o}`, unitIds: [], coordinatorId: null };
    organisations.push(org);
    for (let u = 0; u < sizes.unitsPerOrg; u++) {
      const unit: Unit = { id: `o${o}.u${u}`, organisationId: org.id, memberIds: [], coordinatorId: null, meetingIds: [] };
      units.push(unit);
      org.unitIds.push(unit.id);
      for (let m = 0; m < sizes.membersPerUnit; m++) {
        const user: User = { id: `u${users.length}`, organisationId: org.id, unitId: unit.id };
        users.push(user);
        userById.set(user.id, user);
        unit.memberIds.push(user.id);
      }
    }
  }
  const unitById = new Map(units.map((u) => [u.id, u]));
  const orgById = new Map(organisations.map((o) => [o.id, o]));
  const unitOf = (id: string) => must(unitById.get(id), `unit ${id}`);

  const roleAssignments: ScenarioAssignment[] = [];
  const roleOf = new Map<string, ScenarioAssignment>(); // each user holds at most one role here
  const assign = (a: ScenarioAssignment) => {
    roleAssignments.push(a);
    roleOf.set(a.userId, a);
  };
  for (const org of organisations) {
    // organisation coordinator: a member of one of the org's units
    const unit = unitOf(pick(org.unitIds));
    org.coordinatorId = pick(unit.memberIds);
    assign({ userId: org.coordinatorId, role: ROLE.ORG_COORDINATOR, organisationId: org.id });
    for (const unitId of org.unitIds) {
      const un = unitOf(unitId);
      let c: string;
      do c = pick(un.memberIds);
      while (roleOf.has(c));
      un.coordinatorId = c;
      assign({ userId: c, role: ROLE.UNIT_COORDINATOR, organisationId: org.id, unitId: un.id });
    }
  }
  const platformAdminIds: string[] = [];
  while (platformAdminIds.length < sizes.platformAdmins) {
    const u = pick(users);
    if (roleOf.has(u.id)) continue;
    platformAdminIds.push(u.id);
    assign({ userId: u.id, role: ROLE.PLATFORM_ADMIN });
  }

  // Meetings: owned by a unit; organised by its coordinator ~30% of the time, otherwise by a random member.
  const meetings: Meeting[] = [];
  const meetingById = new Map<string, Meeting>();
  const meetingsOrganisedBy = new Map<string, Meeting[]>();
  for (const unit of units) {
    for (let k = 0; k < sizes.meetingsPerUnit; k++) {
      const organiserId = rnd() < sizes.unitCoordinatorOrganisesShare ? must(unit.coordinatorId, 'unit coordinator') : pick(unit.memberIds);
      const m = new Meeting(`m${meetings.length}`, unit.organisationId, unit.id, organiserId);
      meetings.push(m);
      meetingById.set(m.id, m);
      unit.meetingIds.push(m.id);
      let list = meetingsOrganisedBy.get(organiserId);
      if (!list) meetingsOrganisedBy.set(organiserId, (list = []));
      list.push(m);
    }
  }
  const meetingOf = (id: string) => must(meetingById.get(id), `meeting ${id}`);

  // Spec oracle: a direct reading of the rules (kept apart from the adapters).
  function decide(userId: string, meeting: Meeting): boolean {
    const a = roleOf.get(userId);
    if (!a) return false;
    if (a.role === ROLE.PLATFORM_ADMIN) return true;
    if (a.role === ROLE.ORG_COORDINATOR) return a.organisationId === meeting.organisationId;
    if (a.role === ROLE.UNIT_COORDINATOR) return meeting.organiserId === userId;
    return false;
  }

  // Queries: a deterministic mix, ~1/3 allowed.
  const randomMeeting = () => pick(meetings);
  const meetingInOrg = (orgId: string) => meetingOf(pick(unitOf(pick(must(orgById.get(orgId), `org ${orgId}`).unitIds)).meetingIds));
  const meetingInOtherOrg = (orgId: string) => {
    let m: Meeting;
    do m = randomMeeting();
    while (m.organisationId === orgId);
    return m;
  };
  const orgCoordinators = organisations.map((o) => must(o.coordinatorId, 'org coordinator'));
  const unitCoordinators = units.map((u) => must(u.coordinatorId, 'unit coordinator'));
  const plainUsers = users.filter((u) => !roleOf.has(u.id)).map((u) => u.id);
  const roleOfUser = (id: string) => must(roleOf.get(id), `role of ${id}`);
  const orgOfAssignment = (a: ScenarioAssignment) => must(a.organisationId, 'assignment organisation');

  const queries: Query[] = [];
  const push = (userId: string, meeting: Meeting, category: string) =>
    queries.push({ userId, meetingId: meeting.id, meeting, category, expected: decide(userId, meeting) });

  while (queries.length < sizes.queries) {
    const r = rnd();
    if (r < 0.06) {
      push(pick(platformAdminIds), randomMeeting(), 'admin:any');
    } else if (r < 0.3) {
      const uid = pick(orgCoordinators);
      const org = orgOfAssignment(roleOfUser(uid));
      if (rnd() < 0.55) push(uid, meetingInOrg(org), 'orgCoord:ownOrg');
      else push(uid, meetingInOtherOrg(org), 'orgCoord:otherOrg');
    } else if (r < 0.6) {
      const uid = pick(unitCoordinators);
      const a = roleOfUser(uid);
      const s = rnd();
      if (s < 0.45) {
        const own = meetingsOrganisedBy.get(uid);
        if (!own) continue; // coordinator who organised nothing: redraw
        push(uid, pick(own), 'unitCoord:organisedBySelf');
      } else if (s < 0.7) {
        const unit = unitOf(must(a.unitId, 'assignment unit'));
        const others = unit.meetingIds.map(meetingOf).filter((m) => m.organiserId !== uid);
        push(uid, pick(others), 'unitCoord:sameUnitOtherOrganiser');
      } else if (s < 0.85) {
        let m: Meeting;
        do m = meetingInOrg(orgOfAssignment(a));
        while (m.unitId === a.unitId);
        push(uid, m, 'unitCoord:sameOrgOtherUnit');
      } else {
        push(uid, meetingInOtherOrg(orgOfAssignment(a)), 'unitCoord:otherOrg');
      }
    } else {
      const s = rnd();
      if (s < 0.35) {
        // a plain member who organised a meeting still may not manage it
        let m: Meeting;
        do m = randomMeeting();
        while (roleOf.has(m.organiserId));
        push(m.organiserId, m, 'member:organisedBySelf');
      } else if (s < 0.7) {
        const uid = pick(plainUsers);
        push(uid, meetingInOrg(must(userById.get(uid), `user ${uid}`).organisationId), 'member:ownOrg');
      } else {
        push(pick(plainUsers), randomMeeting(), 'member:any');
      }
    }
  }

  return { seed, sizes, organisations, units, users, userById, roleAssignments, platformAdminIds, meetings, meetingById, queries, decide };
}

/** FNV-1a (32 bit, hex) over the question list: user, meeting and expected answer of each, in order. */
export function fingerprint(queries: readonly Query[]): string {
  let h = 0x811c9dc5;
  for (const q of queries) {
    const line = `${q.userId} ${q.meetingId} ${q.expected ? 1 : 0}\n`;
    for (let i = 0; i < line.length; i++) {
      h ^= line.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h.toString(16).padStart(8, '0');
}
