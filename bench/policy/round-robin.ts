/**
 * The principal-cache questions (issue #12): a portal checking many users in turn. Each list visits a set of
 * users round-robin, user after user, each asking about a meeting of their own unit (so role holders get
 * some yes), with the expected answer from the scenario's own reading of the rule (`decide`).
 *
 * - {@link ROUND_ROBIN_LARGE} users: every role holder (11,020) and then plain users, in order, to 32,000:
 *   past the engine's 16,384 remembered first sightings at HEAD, so a principal comes back only after the
 *   engine has forgotten it;
 * - the 7,510 users of the anchor's questions (the headline row's principals): well within it.
 *
 * Both lists are {@link ROUND_ROBIN_LENGTH} questions long, so a pass is the same work on both. The lists
 * are built once per scenario and shared by every adapter (memoised), so all answer the same questions.
 *
 * @module
 */
import type { Query, Scenario } from './scenario';

/** Distinct principals in the large round-robin. */
export const ROUND_ROBIN_LARGE = 32_000;
/** Questions per round-robin list (one whole pass). */
export const ROUND_ROBIN_LENGTH = 32_000;

/** The two lists, and the users each visits in turn. */
export interface RoundRobin {
  readonly large: { readonly userIds: readonly string[]; readonly queries: readonly Query[] };
  readonly small: { readonly userIds: readonly string[]; readonly queries: readonly Query[] };
}

const built = new WeakMap<Scenario, RoundRobin>();

function questions(s: Scenario, userIds: readonly string[], length: number, meetingIdsOfUnit: ReadonlyMap<string, readonly string[]>): Query[] {
  const out: Query[] = [];
  for (let i = 0; i < length; i += 1) {
    const userId = userIds[i % userIds.length] as string;
    const user = s.userById.get(userId);
    const meetingIds = user === undefined ? undefined : meetingIdsOfUnit.get(user.unitId);
    if (user === undefined || meetingIds === undefined || meetingIds.length === 0) throw new Error(`round-robin: no meeting for ${userId}`);
    // The round number picks the meeting, so a user asks about another meeting each time round.
    const meetingId = meetingIds[Math.floor(i / userIds.length) % meetingIds.length] as string;
    const meeting = s.meetingById.get(meetingId);
    if (meeting === undefined) throw new Error(`round-robin: no meeting ${meetingId}`);
    out.push({ userId, meetingId, meeting, category: 'round-robin', expected: s.decide(userId, meeting) });
  }
  return out;
}

/** The round-robin lists of a scenario (built once). */
export function roundRobin(s: Scenario): RoundRobin {
  let lists = built.get(s);
  if (lists !== undefined) return lists;
  const holders = [...new Set(s.roleAssignments.map((a) => a.userId))];
  const holding = new Set(holders);
  const large = [...holders];
  for (const user of s.users) {
    if (large.length >= ROUND_ROBIN_LARGE) break;
    if (!holding.has(user.id)) large.push(user.id);
  }
  const small = [...new Set(s.queries.map((q) => q.userId))];
  const meetingIdsOfUnit = new Map(s.units.map((unit) => [unit.id, unit.meetingIds]));
  lists = {
    large: { userIds: large, queries: questions(s, large, ROUND_ROBIN_LENGTH, meetingIdsOfUnit) },
    small: { userIds: small, queries: questions(s, small, ROUND_ROBIN_LENGTH, meetingIdsOfUnit) },
  };
  built.set(s, lists);
  return lists;
}
