/**
 * (k1) `users.add` and (k2) `meetings.schedule` through polity's public API, against one hand-written
 * transaction doing the same writes on the same pool (hand-commands.ts), alternating call by call.
 *
 * The actor is an e:Presence organisation coordinator with no past meetings; each scheduled meeting (and its
 * participant row and audit event) is removed after its call, untimed, so the coordinator's history stays
 * empty however many calls are timed (at HEAD every command loads the actor's participant rows). Before
 * timing, one call of each side is checked to write the same rows (row-shapes.ts). Every timed call's
 * statements are counted.
 *
 * @module
 */
import { profiles } from 'polity';
import { describeStatement, kindsOf, type StatementKinds } from './counting-pool';
import type { CommandDb } from './command-db';
import { HAND_STATEMENTS, forgetMeeting, handAddUser, handSchedule, type HandActor } from './hand-commands';
import { interleaved, type Summary, type Task } from './measure';
import { assertSameRows, rowCounts, rowsWritten } from './row-shapes';
import { ePresenceOrganisation, type BenchPolity } from './world';

/** One command's line: latencies of both sides and the statements each sends. */
export interface CommandLine {
  readonly key: 'add' | 'schedule';
  readonly polity: Summary;
  readonly hand: Summary;
  /** Statements per polity call, over every timed call. */
  readonly polityStatements: { readonly median: number; readonly min: number; readonly max: number };
  readonly handStatements: number;
  /** One checked polity call's statements by kind. */
  readonly polityKinds: StatementKinds;
  /** What one call writes, e.g. "users 1, assignments 1, …" (the same on both sides: checked). */
  readonly rows: string;
  /** One polity call's statements in a few words (verb and tables), for the report. */
  readonly politySql: readonly string[];
}

/** What (k) measured. */
export interface CommandsResult {
  readonly runs: number;
  readonly warmup: number;
  readonly lines: readonly CommandLine[];
}

const HOUR_MS = 3_600_000;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** The coordinator of (k): an organisation of its own on the shared e:Presence platform. */
async function commandsActor(world: BenchPolity, adminId: string): Promise<HandActor> {
  const org = await ePresenceOrganisation(world, adminId, 'K');
  return { id: org.coordinatorId, name: 'Bench Coordinator K', organisationId: org.organisationId, organisationName: 'Ministry K' };
}

/** Runs (k1) and (k2) on an e:Presence platform (`world`, administered by `adminId`): checks, then `runs` timed calls per side after `warmup`. */
export async function measureCommands(db: CommandDb, world: BenchPolity, adminId: string, runs: number, warmup: number, log: (...parts: unknown[]) => void): Promise<CommandsResult> {
  const actor = await commandsActor(world, adminId);
  const coordinator = world.polity.as(actor.id);
  const language = profiles.ePresence.defaultLanguage;
  const limit = profiles.ePresence.limits.meetingMaxParticipants;
  const link = (secret: string) => `https://portal.bench/activate?token=${encodeURIComponent(secret)}`;
  let n = 0;
  const person = (side: string) => {
    n += 1;
    return { email: `k.${side}.${String(n)}@bench.gov`, givenName: 'Added', familyName: 'Person' };
  };
  const slot = () => {
    n += 1;
    const startsAt = new Date(Date.now() + 7 * 24 * HOUR_MS + n * HOUR_MS);
    return { title: 'Weekly meeting', startsAt, endsAt: new Date(startsAt.getTime() + HOUR_MS) };
  };

  const polityAdd = async () => {
    const input = person('p');
    await coordinator.users.add({ organisationId: actor.organisationId, role: 'user', ...input });
    return input.email;
  };
  const handAdd = async () => {
    const input = person('h');
    await handAddUser(db.pool, actor, { ...input, role: 'user', language }, link);
    return input.email;
  };
  const politySchedule = async () => (await coordinator.meetings.schedule({ ...slot(), organisationId: actor.organisationId })).id;
  const handScheduleOne = () => handSchedule(db.pool, actor, { ...slot(), participantLimit: limit });

  // Correctness first: the same rows on both sides, and the statements of one polity call.
  const names = (email: string) => ({ [email]: '<email>', [actor.id]: '<actor>', [actor.organisationId]: '<organisation>' });
  let email = '';
  const addP = await rowsWritten(db.pool, db.schema, async () => (email = await polityAdd()));
  const emailP = email;
  const addH = await rowsWritten(db.pool, db.schema, async () => (email = await handAdd()));
  assertSameRows('users.add', addP, names(emailP), addH, names(email));
  let meetingId = '';
  const schedP = await rowsWritten(db.pool, db.schema, async () => (meetingId = await politySchedule()));
  await forgetMeeting(db.pool, meetingId);
  const schedH = await rowsWritten(db.pool, db.schema, async () => (meetingId = await handScheduleOne()));
  await forgetMeeting(db.pool, meetingId);
  assertSameRows('meetings.schedule', schedP, names(''), schedH, names(''));
  log(`(k) checked: users.add writes ${rowCounts(addP)}; meetings.schedule writes ${rowCounts(schedP)} on both sides`);

  // One polity call of each, counted alone (the check above interleaved its snapshots).
  db.counted.reset();
  await polityAdd();
  const addKinds = kindsOf(db.counted.statements);
  const addStatements = [...db.counted.statements];
  db.counted.reset();
  const oneMeeting = await politySchedule();
  const scheduleKinds = kindsOf(db.counted.statements);
  const scheduleStatements = [...db.counted.statements];
  await forgetMeeting(db.pool, oneMeeting);
  if (addKinds.writes === 0) throw new Error('no write was counted: the counting pool is not in the path');

  const counts = { add: [] as number[], schedule: [] as number[], handAdd: [] as number[], handSchedule: [] as number[] };
  const timedCall = (fn: () => Promise<unknown>, into: number[] | null, after?: (result: unknown) => Promise<void>): Task => async () => {
    db.counted.reset();
    const t0 = performance.now();
    const result = await fn();
    const timed = performance.now() - t0;
    into?.push(db.counted.statements.length);
    if (after !== undefined) await after(result);
    return { rows: 1, timed };
  };
  const forget = async (result: unknown) => forgetMeeting(db.pool, String(result));
  const adds = await interleaved(
    [
      { name: 'polity', task: timedCall(polityAdd, counts.add), warm: timedCall(polityAdd, null) },
      { name: 'hand', task: timedCall(handAdd, counts.handAdd), warm: timedCall(handAdd, null) },
    ],
    runs,
    warmup,
  );
  log('(k1) users.add', [...adds].map(([mode, s]) => `${mode} p50 ${s.p50.toFixed(2)} p99 ${s.p99.toFixed(2)} ms`).join(' · '));
  const schedules = await interleaved(
    [
      { name: 'polity', task: timedCall(politySchedule, counts.schedule, forget), warm: timedCall(politySchedule, null, forget) },
      { name: 'hand', task: timedCall(handScheduleOne, counts.handSchedule, forget), warm: timedCall(handScheduleOne, null, forget) },
    ],
    runs,
    warmup,
  );
  log('(k2) meetings.schedule', [...schedules].map(([mode, s]) => `${mode} p50 ${s.p50.toFixed(2)} p99 ${s.p99.toFixed(2)} ms`).join(' · '));
  for (const [what, seen, want] of [['users.add', counts.handAdd, HAND_STATEMENTS.add], ['meetings.schedule', counts.handSchedule, HAND_STATEMENTS.schedule]] as const) {
    if (seen.some((x) => x !== want)) throw new Error(`hand-written ${what}: expected ${String(want)} statements per call, counted ${String(Math.min(...seen))}–${String(Math.max(...seen))}`);
  }

  const line = (key: CommandLine['key'], measured: typeof adds, seen: number[], kinds: StatementKinds, rows: string, sql: string[]): CommandLine => ({
    key,
    polity: measured.get('polity') as Summary,
    hand: measured.get('hand') as Summary,
    polityStatements: { median: median(seen), min: Math.min(...seen), max: Math.max(...seen) },
    handStatements: HAND_STATEMENTS[key],
    polityKinds: kinds,
    rows,
    politySql: sql.map(describeStatement),
  });
  return {
    runs,
    warmup,
    lines: [line('add', adds, counts.add, addKinds, rowCounts(addP), addStatements), line('schedule', schedules, counts.schedule, scheduleKinds, rowCounts(schedP), scheduleStatements)],
  };
}
