/**
 * The command lines' part of the `pg` section (issue #12): (k) command latency and statements, (h) cost
 * against history, (s) concurrent licensed adds, each with its target and, from bench/pg/baseline.json, the
 * figures of the baseline run ("before") beside this run's.
 *
 * @module
 */
import { fmt } from '../lib/env';
import type { CommandLinesResult } from './command-lines';
import type { CommandLine } from './commands';
import type { HistoryResult } from './history';
import type { SeatCommandRun } from './seat-commands';

/** A target of the section's Targets table. */
export interface Target {
  readonly what: string;
  readonly target: string;
  readonly measured: string;
  readonly ok: boolean;
  readonly note?: string;
  readonly id?: string;
}

/** What a baseline keeps of the command lines (bench/pg/baseline.json `figures.commandLines`). */
export interface CommandFigures {
  readonly commands: Readonly<Record<'add' | 'schedule', { readonly polityP50: number; readonly handP50: number; readonly polityStatements: number; readonly handStatements: number; readonly organisationReads: number }>> | null;
  readonly history: readonly { readonly size: number; readonly schedule: number; readonly list: number; readonly handSchedule: number; readonly handList: number }[] | null;
  readonly seatCommands: { readonly polityWallS: readonly number[]; readonly plainWallS: readonly number[]; readonly exact: boolean } | null;
}

const ratio = (x: number) => `${x.toFixed(2)}×`;
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number | undefined) => (x === undefined ? '–' : fmt(x));
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const range = (xs: readonly number[]) => (xs.length === 0 ? '–' : `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`);
const spread = (xs: readonly number[]) => Math.max(...xs) / Math.min(...xs);

/** The figures a baseline keeps of a run's command lines. */
export function commandFigures(r: CommandLinesResult): CommandFigures {
  const line = (l: CommandLine | undefined) =>
    l === undefined ? { polityP50: Number.NaN, handP50: Number.NaN, polityStatements: Number.NaN, handStatements: Number.NaN, organisationReads: Number.NaN } : { polityP50: l.polity.p50, handP50: l.hand.p50, polityStatements: l.polityStatements.median, handStatements: l.handStatements, organisationReads: l.polityKinds.organisationReads };
  const byKey = (key: CommandLine['key']) => r.commands?.lines.find((l) => l.key === key);
  const runs = (kind: SeatCommandRun['kind']) => (r.seatCommands?.runs ?? []).filter((run) => run.kind === kind).map((run) => run.wallMs / 1000);
  return {
    commands: r.commands === null ? null : { add: line(byKey('add')), schedule: line(byKey('schedule')) },
    history: r.history === null ? null : r.history.sizes.map((s) => ({ size: s.size, schedule: s.schedule.polity.p50, list: s.list.polity.p50, handSchedule: s.schedule.hand.p50, handList: s.list.hand.p50 })),
    seatCommands: r.seatCommands === null ? null : { polityWallS: runs('polity'), plainWallS: runs('plain'), exact: r.seatCommands.runs.every((run) => run.exact) },
  };
}

const LABEL: Record<CommandLine['key'], string> = { add: '(k1) `users.add`', schedule: '(k2) `meetings.schedule`' };
const HAND: Record<CommandLine['key'], string> = {
  add: 'BEGIN · INSERT users · assignments · activation_tokens · outbox · audit · COMMIT',
  schedule: 'BEGIN · INSERT meetings · participants · audit · COMMIT',
};

function renderCommands(r: NonNullable<CommandLinesResult['commands']>, before: CommandFigures['commands'], head: string, targets: Target[]): string[] {
  const lines = [
    '#### (k) `users.add` and `meetings.schedule` against one hand-written transaction',
    '',
    `The actor: an e:Presence organisation coordinator with no past meetings (each scheduled meeting is removed after its call, untimed). polity = \`polity.as(coordinator).users.add({ organisationId, role: 'user', email, … })\` / \`.meetings.schedule({ title, startsAt, endsAt, organisationId })\` on a \`postgresStore\` over a \`pg.Pool\` of 2 connections; hand = one transaction on the same pool writing the same rows (named statements: ${Object.values(HAND).join('; ')}). Before timing, one call of each side was read back table by table: the same rows, in shape (ids, secrets and times aside). ${int(r.runs)} timed calls per side after ${int(r.warmup)} warm-up calls, alternating call by call. Statements are counted on the pool (BEGIN and COMMIT included) in every timed call.`,
    '',
    `| command | rows written (both sides) | hand p50 | polity p50 | p50 ratio | hand p99 | polity p99 | p99 ratio | statements polity / hand | polity: reads · writes · organisations read | ${head}: polity p50 · ratio · statements |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
  ];
  for (const l of r.lines) {
    const b = before?.[l.key];
    const statements = l.polityStatements.min === l.polityStatements.max ? String(l.polityStatements.median) : `${String(l.polityStatements.median)} (${String(l.polityStatements.min)}–${String(l.polityStatements.max)})`;
    lines.push(
      `| ${LABEL[l.key]} | ${l.rows} | ${fmt(l.hand.p50)} | ${fmt(l.polity.p50)} | ${ratio(l.polity.p50 / l.hand.p50)} | ${fmt(l.hand.p99)} | ${fmt(l.polity.p99)} | ${ratio(l.polity.p99 / l.hand.p99)} | ${statements} / ${String(l.handStatements)} | ${String(l.polityKinds.reads)} · ${String(l.polityKinds.writes)} · ${String(l.polityKinds.organisationReads)} | ${b === undefined ? '–' : `${fmt(b.polityP50)} · ${ratio(b.polityP50 / b.handP50)} · ${String(b.polityStatements)}`} |`,
    );
    targets.push({ id: `k-${l.key}`, what: `${LABEL[l.key]} p50 vs one hand-written transaction (same writes)`, target: '≤ 1.5×', measured: ratio(l.polity.p50 / l.hand.p50), ok: l.polity.p50 / l.hand.p50 <= 1.5 });
  }
  lines.push('', 'Times in ms. The statements of one polity call (verb and tables):', '');
  for (const l of r.lines) lines.push(`- ${LABEL[l.key]}: ${l.politySql.map((text) => `\`${text}\``).join(' → ')}`);
  lines.push('');
  return lines;
}

function renderHistory(r: NonNullable<CommandLinesResult['history']>, before: CommandFigures['history'], head: string, targets: Target[]): string[] {
  const lines = [
    '#### (h) Cost against the actor\'s history',
    '',
    `\`meetings.schedule\` (as in (k)) and \`meetings.list({ limit: 50 })\` (the first page) for one e:Presence organisation coordinator per size, who was invited to that many past meetings of another organisation (meetings and participant rows loaded with generate_series). Each coordinator's organisation also holds 60 future meetings of one of its units (read through EP-4), so every first page holds 50 meetings; polity's page equals the hand-written one at every size (checked). Hand: the schedule transaction of (k), and for the list one statement with a branch per e:Presence rule (organised by them; invited, through their participant rows; EP-4: held for a unit of their organisation and not organised by a peer coordinator or platform staff), each ordered and limited, merged. ${int(r.runs)} timed rounds after ${int(r.warmup)}; in each round every size runs every mode once (sizes and modes rotating), so drift hits all sizes alike. Scheduled meetings are removed after their call.`,
    '',
    `| past meetings | schedule: hand p50 | schedule: polity p50 | list: hand p50 | list: polity p50 | schedule: polity p99 | list: polity p99 | polity statements: schedule / list | ${head}: schedule polity p50 | ${head}: list polity p50 |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const s of r.sizes) {
    const b = before?.find((x) => x.size === s.size);
    lines.push(
      `| ${int(s.size)} | ${fmt(s.schedule.hand.p50)} | ${fmt(s.schedule.polity.p50)} | ${fmt(s.list.hand.p50)} | ${fmt(s.list.polity.p50)} | ${fmt(s.schedule.polity.p99)} | ${fmt(s.list.polity.p99)} | ${String(s.statements.schedule)} / ${String(s.statements.list)} | ${ms(b?.schedule)} | ${ms(b?.list)} |`,
    );
  }
  const flat = (pick: (s: (typeof r.sizes)[number]) => number) => spread(r.sizes.map(pick));
  const beforeFlat = (pick: (x: NonNullable<CommandFigures['history']>[number]) => number) => (before === null || before.length === 0 ? '–' : ratio(spread(before.map(pick))));
  const sizes = r.sizes.map((s) => s.size);
  lines.push(
    '',
    `Times in ms. Spread (largest p50 ÷ smallest, sizes ${sizes.map(int).join(', ')}): schedule polity ${ratio(flat((s) => s.schedule.polity.p50))} (hand ${ratio(flat((s) => s.schedule.hand.p50))}; ${head} ${beforeFlat((x) => x.schedule)}), list polity ${ratio(flat((s) => s.list.polity.p50))} (hand ${ratio(flat((s) => s.list.hand.p50))}; ${head} ${beforeFlat((x) => x.list)}). The hand-written list is not flat either: "the first page of meetings I was invited to, by start" joins all of the actor's participant rows and sorts them (no index orders a person's invitations by start), so it grows with the history too, far less steeply.`,
    '',
  );
  const span = `${int(Math.min(...sizes))} … ${int(Math.max(...sizes))}`;
  targets.push({ id: 'h-schedule', what: `(h) \`meetings.schedule\` p50 over a history of ${span} past meetings`, target: 'flat: largest ≤ 1.3× smallest', measured: ratio(flat((s) => s.schedule.polity.p50)), ok: flat((s) => s.schedule.polity.p50) <= 1.3 });
  targets.push({ id: 'h-list', what: `(h) \`meetings.list\` (first page) p50 over a history of ${span} past meetings`, target: 'flat: largest ≤ 1.3× smallest', measured: ratio(flat((s) => s.list.polity.p50)), ok: flat((s) => s.list.polity.p50) <= 1.3 });
  return lines;
}

function renderSeatCommands(r: NonNullable<CommandLinesResult['seatCommands']>, before: CommandFigures['seatCommands'], head: string, targets: Target[]): string[] {
  const lines = [
    `#### (s) ${int(r.claims)} concurrent licensed \`users.add\` on one pool of ${int(r.seats)} licences over ${String(r.connections)} connections`,
    '',
    `Mégalis (\`profiles.megalis\`, role \`user\`, licensed, MB-12): the platform operator (a platform admin, who holds no licence) fires ${int(r.claims)} \`users.add\` at once (\`Promise.allSettled\`) into a new organisation whose pool holds ${int(r.seats)} licences, on a \`pg.Pool\` of ${String(r.connections)} connections opened before timing. Checked after each run: exactly ${int(r.seats)} accepted, every other call refused \`limit_exceeded\`, \`licences.summary\` = ${int(r.seats)} reserved and 0 free, ${int(r.seats)} accounts and ${int(r.seats)} reserved seats in the organisation. Against ${int(r.claims)} plain guarded seat claims on the same pool (bench/pg/seats.ts \`hand-guarded\`: guarded UPDATE of the pool row, INSERT of the holder, BEGIN … COMMIT; ${int(r.seats)} granted, checked). ${String(r.repeats)} repeats, plain and polity taking turns. "transactions" = BEGINs sent (above ${int(r.claims)} when polity ran a body again after a serialization failure).`,
    '',
    '| repeat | what | wall time (s) | accepted / refused / errors | transactions | exact |',
    '| ---: | --- | ---: | --- | ---: | --- |',
  ];
  for (const run of r.runs) {
    lines.push(`| ${String(run.repeat + 1)} | ${run.kind === 'polity' ? 'polity `users.add`' : 'plain guarded claims'} | ${fmt(run.wallMs / 1000)} | ${int(run.accepted)} / ${int(run.refused)} / ${int(run.errors)}${run.firstError === null ? '' : ` (${run.firstError.slice(0, 80)})`} | ${int(run.transactions)} | ${run.exact ? '✓' : '**✗**'} |`);
  }
  const polity = r.runs.filter((run) => run.kind === 'polity').map((run) => run.wallMs / 1000);
  const plain = r.runs.filter((run) => run.kind === 'plain').map((run) => run.wallMs / 1000);
  const x = median(polity) / median(plain);
  const exact = r.runs.every((run) => run.exact);
  const beforeText = before === null ? '' : ` ${head}: polity ${range(before.polityWallS)} s against plain ${range(before.plainWallS)} s (${ratio(median(before.polityWallS) / median(before.plainWallS))}).`;
  lines.push('', `polity ${range(polity)} s (median ${fmt(median(polity))} s) against plain claims ${range(plain)} s (median ${fmt(median(plain))} s): ${ratio(x)} the plain claims' wall time (medians).${beforeText}`, '');
  targets.push({ id: 's-exact', what: `(s) ${int(r.claims)} concurrent licensed adds: exactly ${int(r.seats)} accepted, the rest \`limit_exceeded\`, every repeat`, target: 'exact', measured: exact ? 'exact in every repeat' : 'not exact', ok: exact });
  targets.push({ id: 's-wall', what: `(s) ${int(r.claims)} concurrent licensed adds: wall time vs ${int(r.claims)} plain guarded seat claims`, target: '≤ 2×', measured: `${ratio(x)} (medians; polity ${range(polity)} s)`, ok: x <= 2 });
  return lines;
}

/** The command lines' subsections; pushes their targets into `targets`. */
export function renderCommandLines(r: CommandLinesResult, before: CommandFigures | null, head: string, targets: Target[]): string[] {
  if (r.commands === null && r.history === null && r.seatCommands === null) return [];
  const lines = [
    '### Commands through the public API (issue #12)',
    '',
    `polity's commands as a host calls them (\`createPolity\`, \`polity.as(id)…\`, \`postgresStore\`, \`migrate\`), each against a hand-written equivalent in the same run, in schemas of their own (small: the platforms the benches set up through the API, plus the histories of (h)). "${head}" = the baseline run's figures (bench/pg/baseline.json), measured on the same shared machine: compare ratios, not milliseconds.`,
    '',
  ];
  if (r.commands !== null) lines.push(...renderCommands(r.commands, before?.commands ?? null, head, targets));
  if (r.history !== null) lines.push(...renderHistory(r.history, before?.history ?? null, head, targets));
  if (r.seatCommands !== null) lines.push(...renderSeatCommands(r.seatCommands, before?.seatCommands ?? null, head, targets));
  return lines;
}

/** Why the first page of `meetings.list` still grows with the history when no command loads it. */
function listGrowthNote(history: HistoryResult): string {
  const first = history.sizes[0];
  const last = history.sizes[history.sizes.length - 1];
  if (first === undefined || last === undefined) return '';
  const handSpread = last.list.hand.p50 / first.list.hand.p50;
  return (
    `No command loads the history any more (the invitations are an EXISTS on the participant rows), but the first page grows with it, as the hand-written list's does (${ratio(handSpread)} from ${int(first.size)} to ${int(last.size)}): ` +
    `the invited branch finds the person's participant rows through their index and must sort those meetings by start, since no index orders a person's invitations by start. ` +
    `At ${int(last.size)} polity is ${ratio(last.list.polity.p50 / last.list.hand.p50)} the hand-written list. A flat list needs the meeting's start on the participant row (or a covering index over the join): a schema change, not a kernel one.`
  );
}

/** Why a command line's target was missed, from what the run itself saw (statements, transactions), by target id. */
export function commandNotes(r: CommandLinesResult): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const l of r.commands?.lines ?? []) {
    const isolation = l.politySql[0]?.replace(/^BEGIN( ISOLATION LEVEL)?\s*/i, '') || 'the default isolation';
    notes[`k-${l.key}`] =
      `${LABEL[l.key]}: polity sent ${String(l.polityStatements.median)} statements where the hand-written transaction sends ${String(l.handStatements)}: ${String(l.polityKinds.reads)} reads before its ${String(l.polityKinds.writes)} writes ` +
      `(the actor's account and assignments, and the organisation ${String(l.polityKinds.organisationReads)} times), in a transaction begun ${isolation}, and every record is checked against its schema on the way in and out.`;
  }
  const loadsHistory = (r.commands?.lines ?? []).some((l) => l.politySql.includes('SELECT participants'));
  if (r.history !== null) {
    const note = loadsHistory
      ? "The actor's load reads all of their participant rows (the `SELECT participants` of every command above, 1,000 rows a statement: `principal.invitedMeetingIds`, read by the e:Presence rule EP-3), so each command pays for the whole history, in statements too (the statements column); `meetings.list` then hands those ids to the policy plan as an `in` list, which the list statement carries as one array parameter."
      : 'The p50 grows with the history: see the statements of the commands above.';
    notes['h-schedule'] = note;
    notes['h-list'] = loadsHistory ? note : listGrowthNote(r.history);
  }
  const polity = (r.seatCommands?.runs ?? []).filter((run) => run.kind === 'polity');
  if (polity.length > 0 && r.seatCommands !== null) {
    const perAdd = polity.reduce((t, run) => t + run.transactions, 0) / (polity.length * r.seatCommands.claims);
    notes['s-wall'] =
      perAdd > 1.001
        ? `polity began ${fmt(perAdd)} transactions per add on average (the plain claims: 1): some adds ran again after a serialization failure or a deadlock, after a pause.`
        : "polity ran every add once (no retry: the pool row takes a guarded UPDATE at READ COMMITTED, and the 900 refused adds stop at the pool read, before writing anything). What remains is the work of each call: an add reads the actor's account, assignments and organisation, the pool, then writes the account, its role, its activation link, the pool, the seat, the audit events and the outbox message, validating every record, where a plain claim sends BEGIN, one UPDATE, one INSERT and COMMIT; client and server share the machine's 2 cores.";
  }
  return notes;
}
