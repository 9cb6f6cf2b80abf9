/**
 * The profile's meeting limits (EP-1, EP-2): the longest meeting, in elapsed UTC minutes, and the most
 * participants, the organiser included. Duration is checked whenever times change; participant places are
 * taken with a guarded write, so concurrent invitations never pass the limit.
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { Meeting } from '../../domain/meeting';
import { limitExceeded, type PolityError } from '../../errors';
import type { StoreSession } from '../../ports/store';
import type { LoadedPrincipal } from '../kernel/acting-user';
import type { ServiceContext } from '../kernel/context';
import { elapsedMinutes } from './time-input';

/**
 * Whether the acting user is exempt from the duration limit: they hold, actively, a role of
 * `profile.limits.durationExemptRoles` or one that includes it (e:Presence: the platform admin, as the real
 * super admin is). The exemption belongs to whoever makes the change, not to the meeting: an exempt person
 * may book or stretch a long meeting; anyone else changing its times afterwards is held to the limit.
 */
export function isDurationExempt(context: Pick<ServiceContext, 'policy' | 'profile'>, actor: LoadedPrincipal): boolean {
  const exempt = context.profile.limits.durationExemptRoles;
  if (exempt.length === 0) return false;
  const graph = context.policy.roles;
  return actor.principal.assignments.some((a) => a.status === 'active' && graph.has(a.role) && exempt.some((role) => graph.has(role) && graph.includes(a.role, role)));
}

/**
 * Refuses times that make a meeting longer than the profile allows (EP-1), unless the actor is exempt.
 * Exactly the limit passes; a minute more does not. Duration is elapsed time between the UTC instants.
 *
 * @throws {@link PolityError} `limit_exceeded` with `{ limit: 'duration', max, actual }` in minutes (`actual` rounded up).
 */
export function assertDuration(context: Pick<ServiceContext, 'policy' | 'profile'>, actor: LoadedPrincipal, startsAt: Date, endsAt: Date): void {
  const max = context.profile.limits.meetingMaxMinutes;
  if (endsAt.getTime() - startsAt.getTime() <= max * 60_000 || isDurationExempt(context, actor)) return;
  const actual = elapsedMinutes(startsAt, endsAt);
  throw limitExceeded({ limit: 'duration', max, actual, source: 'EP-1' }, `a meeting lasts at most ${max} minutes (EP-1); this one would last ${actual}`);
}

function tooMany(max: number, actual: number): PolityError<'limit_exceeded'> {
  return limitExceeded({ limit: 'participants', max, actual, source: 'EP-2' }, `a meeting has at most ${max} participants, the organiser included (EP-2); this would make ${actual}`);
}

/**
 * Takes `count` participant places of a meeting that is still `scheduled` or `live`, one guarded increment
 * each (`participantCount < participantLimit` at the moment of the write), so any number of concurrent
 * invitations admit no more people than the limit. A shortfall throws, and the caller's transaction rolls
 * back every place it took.
 *
 * @returns The meeting after the last increment.
 * @throws {@link PolityError} `limit_exceeded` with `{ limit: 'participants', max, actual }`, `actual` being
 *   the count the request would have reached.
 */
export async function takePlaces(tx: StoreSession, meeting: Meeting, count: number, at: Date): Promise<Meeting> {
  // The cheap refusal first: the limit is fixed at booking, and the count read in this transaction.
  if (meeting.participantCount + count > meeting.participantLimit) throw tooMany(meeting.participantLimit, meeting.participantCount + count);
  const roomLeft = where.and(where.eq('id', meeting.id), where.in('status', ['scheduled', 'live']), where.lt('participantCount', where.field('participantLimit')));
  let current = meeting;
  for (let taken = 0; taken < count; taken += 1) {
    const [updated] = await tx.meetings.guardedUpdate({ where: roomLeft, increment: { participantCount: 1 }, set: { updatedAt: at } });
    if (updated === undefined) {
      // Someone else took the last places meanwhile (or the meeting ended): report what this request needed.
      const fresh = (await tx.meetings.get(meeting.id)) ?? current;
      throw tooMany(fresh.participantLimit, fresh.participantCount + count - taken);
    }
    current = updated;
  }
  return current;
}

/** Frees one participant place (never the organiser's: the count stays at least 1). */
export async function freePlace(tx: StoreSession, meeting: Meeting, at: Date): Promise<Meeting> {
  const [updated] = await tx.meetings.guardedUpdate({ where: where.and(where.eq('id', meeting.id), where.gt('participantCount', 1)), increment: { participantCount: -1 }, set: { updatedAt: at } });
  return updated ?? meeting;
}
