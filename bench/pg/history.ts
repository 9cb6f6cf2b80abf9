/**
 * (h) Does a command's cost grow with the actor's history? `meetings.schedule` and `meetings.list` (first
 * page) for e:Presence organisation coordinators with 0, 1,000, 10,000 and 30,000 past meetings they were
 * invited to, each against its hand-written equivalent. At HEAD every command loads all of the actor's
 * participant rows (`principal.invitedMeetingIds`), so both grow with the history; the target is flat
 * (the largest size within 1.3× of the smallest).
 *
 * The history is loaded with generate_series, not through the API: past meetings of another organisation
 * ("History"), each with its organiser's participant row and the coordinator's. Each coordinator's own
 * organisation also holds 60 future meetings of one of its units (organised by a plain member, so the
 * coordinator reads them through EP-4), so the first page is full at every size, the empty history too.
 *
 * Sizes, sides and commands take turns call by call (the order rotating every round), so drift of the shared
 * machine hits every size alike. A scheduled meeting is removed after its call (untimed): sizes stay exact.
 *
 * @module
 */
import type pg from 'pg';
import { profiles } from 'polity';
import type { CommandDb } from './command-db';
import { forgetMeeting, handSchedule, type HandActor } from './hand-commands';
import { summarize, type Summary } from './measure';
import { addActive, ePresenceOrganisation, type BenchPolity } from './world';

/** One history size's figures. */
export interface HistorySize {
  readonly size: number;
  readonly schedule: { readonly polity: Summary; readonly hand: Summary };
  readonly list: { readonly polity: Summary; readonly hand: Summary };
  /** Rows of the first page (polity's equals the hand-written one: checked). */
  readonly pageRows: number;
  /** Statements one polity call sent (median over the timed calls). */
  readonly statements: { readonly schedule: number; readonly list: number };
}

/** What (h) measured. */
export interface HistoryResult {
  readonly runs: number;
  readonly warmup: number;
  readonly sizes: readonly HistorySize[];
}

const HOUR_MS = 3_600_000;
/** Future meetings of the coordinator's own unit, so that the first page is full with no history. */
const OWN_MEETINGS = 60;
const PAGE = 50;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const COLS = 'id, organisation_id, unit_id, organiser_id, created_by_id, room_id, title, description, starts_at, ends_at, time_zone, status, participant_count, participant_limit, created_at, updated_at, started_at, ended_at';
const MCOLS = COLS.split(', ').map((column) => `m.${column}`).join(', ');

/**
 * "Meetings I may read", first page, by hand: what e:Presence gives an organisation coordinator, one
 * ordered, limited branch per rule. EP-3: organised by them, or invited (participant rows); EP-4: held for a
 * unit of their organisation and not organised by a peer organisation coordinator or platform staff.
 * $1 = the coordinator, $2 = their organisation (the application knows both from its session).
 */
export const HAND_LIST_SQL = `SELECT ${COLS} FROM (
  (SELECT ${COLS} FROM meetings WHERE organiser_id = $1 ORDER BY starts_at, id LIMIT ${String(PAGE + 1)})
  UNION
  (SELECT ${MCOLS} FROM participants p JOIN meetings m ON m.id = p.meeting_id WHERE p.user_id = $1 ORDER BY m.starts_at, m.id LIMIT ${String(PAGE + 1)})
  UNION
  (SELECT ${MCOLS} FROM meetings m WHERE m.organisation_id = $2 AND m.unit_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.user_id = m.organiser_id AND a.user_id <> $1 AND a.status = 'active'
       AND ((a.scope_type = 'organisation' AND a.organisation_id = $2 AND a.role = 'organisation_coordinator') OR (a.scope_type = 'platform' AND a.role = 'platform_admin')))
     ORDER BY m.starts_at, m.id LIMIT ${String(PAGE + 1)})
) u ORDER BY starts_at, id LIMIT ${String(PAGE + 1)}`;

/** Past meetings of the History organisation for one coordinator, with both participant rows, by generate_series. */
async function loadHistory(pool: pg.Pool, size: number, historyOrganisationId: string, organiserId: string, coordinatorId: string): Promise<void> {
  if (size === 0) return;
  const prefix = `hist_${String(size)}_`;
  await pool.query(
    `INSERT INTO meetings (${COLS})
     SELECT $1 || i, $2, NULL, $3, $3, NULL, 'Past meeting ' || i, NULL, s, s + interval '1 hour', 'UTC', 'ended', 2, 300, s - interval '7 days', s, s, s + interval '1 hour'
     FROM (SELECT i, timestamptz '2025-01-01 00:00:00+00' + i * interval '15 minutes' AS s FROM generate_series(0, $4::int - 1) i) g`,
    [prefix, historyOrganisationId, organiserId, size],
  );
  await pool.query(
    `INSERT INTO participants (id, meeting_id, organisation_id, user_id, role, invited_at, joined_at, left_at)
     SELECT 'p' || m.id || '_' || x.role, m.id, m.organisation_id, CASE x.role WHEN 'organiser' THEN m.organiser_id ELSE $2 END, x.role, m.created_at, NULL, NULL
     FROM meetings m CROSS JOIN (VALUES ('organiser'), ('participant')) AS x (role) WHERE m.id LIKE $1 || '%'`,
    [prefix, coordinatorId],
  );
}

/** Future meetings of a unit, organised by a plain member, each with its organiser's participant row. */
async function loadOwnMeetings(pool: pg.Pool, size: number, organisationId: string, unitId: string, organiserId: string): Promise<void> {
  const prefix = `own_${String(size)}_`;
  await pool.query(
    `INSERT INTO meetings (${COLS})
     SELECT $1 || i, $2, $3, $4, $4, NULL, 'Unit meeting ' || i, NULL, s, s + interval '1 hour', 'UTC', 'scheduled', 1, 300, now(), now(), NULL, NULL
     FROM (SELECT i, date_trunc('hour', now()) + interval '30 days' + i * interval '1 hour' AS s FROM generate_series(0, $5::int - 1) i) g`,
    [prefix, organisationId, unitId, organiserId, OWN_MEETINGS],
  );
  await pool.query(
    `INSERT INTO participants (id, meeting_id, organisation_id, user_id, role, invited_at, joined_at, left_at)
     SELECT 'p' || id, id, organisation_id, organiser_id, 'organiser', created_at, NULL, NULL FROM meetings WHERE id LIKE $1 || '%'`,
    [prefix],
  );
}

/** A coordinator with `size` past meetings, ready to act. */
interface Subject {
  readonly size: number;
  readonly actor: HandActor;
}

async function setUp(db: CommandDb, world: BenchPolity, adminId: string, sizes: readonly number[]): Promise<Subject[]> {
  const { organisation: history } = await world.polity.as(adminId).organisations.create({ name: 'History', code: 'BENCH-HISTORY' });
  const historyOrganiser = await addActive(world, adminId, { organisationId: history.id, role: 'user', email: 'organiser@history.bench.gov', familyName: 'Organiser' });
  const subjects: Subject[] = [];
  for (const size of sizes) {
    const label = `H${String(size)}`;
    const org = await ePresenceOrganisation(world, adminId, label);
    const member = await addActive(world, org.coordinatorId, { organisationId: org.organisationId, role: 'user', email: `member.${label}@bench.gov`, familyName: `Member ${label}` });
    await loadOwnMeetings(db.pool, size, org.organisationId, org.unitId, member);
    await loadHistory(db.pool, size, history.id, historyOrganiser, org.coordinatorId);
    subjects.push({ size, actor: { id: org.coordinatorId, name: `Bench Coordinator ${label}`, organisationId: org.organisationId, organisationName: `Ministry ${label}` } });
  }
  await db.pool.query('VACUUM (ANALYZE) meetings, participants, assignments, users, organisations');
  return subjects;
}

type Mode = 'polity schedule' | 'hand schedule' | 'polity list' | 'hand list';
const MODES: readonly Mode[] = ['polity schedule', 'hand schedule', 'polity list', 'hand list'];

/** Runs (h) for the given history sizes: set-up, page check, then `runs` timed rounds after `warmup`. */
export async function measureHistory(db: CommandDb, world: BenchPolity, adminId: string, sizes: readonly number[], runs: number, warmup: number, log: (...parts: unknown[]) => void): Promise<HistoryResult> {
  const t0 = performance.now();
  const subjects = await setUp(db, world, adminId, sizes);
  log(`(h) loaded histories of ${sizes.join(', ')} meetings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const limit = profiles.ePresence.limits.meetingMaxParticipants;
  let n = 0;
  const slot = () => {
    n += 1;
    const startsAt = new Date(Date.now() + 14 * 24 * HOUR_MS + n * HOUR_MS);
    return { title: 'Weekly meeting', startsAt, endsAt: new Date(startsAt.getTime() + HOUR_MS) };
  };
  const handList = async (actor: HandActor) => (await db.pool.query({ name: 'hand_history_list', text: HAND_LIST_SQL, values: [actor.id, actor.organisationId] })).rows as { id: string }[];

  // The first pages must agree before anything is timed.
  const pageRows = new Map<number, number>();
  for (const { size, actor } of subjects) {
    const mine = (await world.polity.as(actor.id).meetings.list({ limit: PAGE })).items.map((view) => view.meeting.id);
    const theirs = (await handList(actor)).slice(0, PAGE).map((m) => m.id);
    if (mine.join(',') !== theirs.join(',')) throw new Error(`(h) size ${String(size)}: polity's first page and the hand-written one differ:\n  polity ${mine.join(',')}\n  hand   ${theirs.join(',')}`);
    if (mine.length !== PAGE) throw new Error(`(h) size ${String(size)}: a first page of ${String(mine.length)} meetings, want ${String(PAGE)}`);
    pageRows.set(size, mine.length);
  }
  log('(h) polity and the hand-written list agree on every first page');

  const call = async (mode: Mode, actor: HandActor): Promise<{ ms: number; statements: number }> => {
    const coordinator = world.polity.as(actor.id);
    db.counted.reset();
    const started = performance.now();
    let meetingId: string | null = null;
    if (mode === 'polity schedule') meetingId = (await coordinator.meetings.schedule({ ...slot(), organisationId: actor.organisationId })).id;
    else if (mode === 'hand schedule') meetingId = await handSchedule(db.pool, actor, { ...slot(), participantLimit: limit });
    else if (mode === 'polity list') await coordinator.meetings.list({ limit: PAGE });
    else await handList(actor);
    const ms = performance.now() - started;
    const statements = db.counted.statements.length;
    if (meetingId !== null) await forgetMeeting(db.pool, meetingId);
    return { ms, statements };
  };
  const samples = new Map(subjects.map((s) => [s.size, new Map(MODES.map((mode) => [mode, [] as number[]]))]));
  const counts = new Map(subjects.map((s) => [s.size, new Map(MODES.map((mode) => [mode, [] as number[]]))]));
  for (let round = 0; round < warmup + runs; round += 1) {
    const order = round % 2 === 0 ? MODES : [...MODES].reverse();
    for (let k = 0; k < subjects.length; k += 1) {
      const subject = subjects[(k + round) % subjects.length] as Subject;
      for (const mode of order) {
        const { ms, statements } = await call(mode, subject.actor);
        if (round < warmup) continue;
        samples.get(subject.size)?.get(mode)?.push(ms);
        counts.get(subject.size)?.get(mode)?.push(statements);
      }
    }
    if ((round + 1) % 25 === 0) log(`(h) round ${String(round + 1)} of ${String(warmup + runs)}`);
  }
  const out = subjects.map(({ size }): HistorySize => {
    const of = (mode: Mode) => summarize(samples.get(size)?.get(mode) ?? []);
    const sent = (mode: Mode) => median(counts.get(size)?.get(mode) ?? []);
    return {
      size,
      schedule: { polity: of('polity schedule'), hand: of('hand schedule') },
      list: { polity: of('polity list'), hand: of('hand list') },
      pageRows: pageRows.get(size) ?? 0,
      statements: { schedule: sent('polity schedule'), list: sent('polity list') },
    };
  });
  for (const s of out) {
    log(`(h) ${String(s.size)}: schedule polity ${s.schedule.polity.p50.toFixed(2)} / hand ${s.schedule.hand.p50.toFixed(2)} ms (${String(s.statements.schedule)} statements); list polity ${s.list.polity.p50.toFixed(2)} / hand ${s.list.hand.p50.toFixed(2)} ms (${String(s.statements.list)} statements)`);
  }
  return { runs, warmup, sizes: out };
}
