/**
 * A meeting as the policy engine sees it: the stored fields plus the facts about its organiser that rules
 * read (`organiserLicensed`, `organiserOrganisationId`, MB-7, MB-8, MB-10, MB-12).
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { Meeting } from '../../domain/meeting';
import type { User } from '../../domain/user';
import { notFound } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import type { ReadOptions, StoreSession } from '../../ports/store';
import type { Profile } from '../../profiles/index';
import { countsLicences } from '../licences/pool';

/**
 * Whether a person may be a meeting's organiser as far as licences go (MB-8, MB-12). In a profile that counts
 * licences, they hold a `held` seat (a licensed, so active, user: a deactivated Mégalis administrator keeps
 * their powers but organises nothing); elsewhere, their account is active and not deleted.
 */
export async function isLicensed(session: StoreSession, profile: Profile, user: User): Promise<boolean> {
  if (user.deletedAt !== null) return false;
  if (!countsLicences(profile)) return user.active;
  const seat = await session.licenceSeats.findOne(where.and(where.eq('userId', user.id), where.eq('status', 'held')));
  return seat !== null;
}

/** What is known about a meeting's organiser. */
export interface OrganiserFacts {
  /** See {@link isLicensed}. */
  readonly licensed: boolean;
  /** The organisation the organiser's account belongs to (`null` for platform staff). */
  readonly organisationId: string | null;
}

/**
 * Loads the facts about an organiser; an organiser whose account is gone is unlicensed and in no
 * organisation, so rules reading them fail closed.
 */
export async function organiserFacts(session: StoreSession, profile: Profile, organiserId: string): Promise<OrganiserFacts> {
  const organiser = await session.users.get(organiserId);
  if (organiser === null) return { licensed: false, organisationId: null };
  return { licensed: await isLicensed(session, profile, organiser), organisationId: organiser.organisationId };
}

/** The stored fields of a meeting the rules read. */
export type MeetingPolicyFields = Pick<Meeting, 'id' | 'organisationId' | 'unitId' | 'organiserId' | 'createdById' | 'roomId' | 'status'>;

/**
 * A meeting as a policy resource: `organisationId` and `unitId` place it; `organiserId`, `createdById`,
 * `roomId`, `status` as stored; `organiserLicensed` and `organiserOrganisationId` from {@link OrganiserFacts}.
 */
export function meetingResource(meeting: MeetingPolicyFields, facts: OrganiserFacts): PolicyResource {
  return {
    kind: 'meeting',
    id: meeting.id,
    organisationId: meeting.organisationId,
    unitId: meeting.unitId,
    organiserId: meeting.organiserId,
    createdById: meeting.createdById,
    roomId: meeting.roomId,
    status: meeting.status,
    organiserLicensed: facts.licensed,
    organiserOrganisationId: facts.organisationId,
  };
}

/**
 * Loads a meeting; with `{ lock: 'update' }`, locks it for the command that decides on it (a cancellation
 * and the host's start report never interleave).
 *
 * @throws {@link PolityError} `not_found` when there is none with this id.
 */
export async function loadMeeting(session: StoreSession, meetingId: string, options?: ReadOptions): Promise<Meeting> {
  const meeting = await session.meetings.get(meetingId, options);
  if (meeting === null) throw notFound('meeting', meetingId, { meetingId });
  return meeting;
}

/**
 * Loads a meeting (locked with `options.lock`) with its policy resource.
 *
 * @throws {@link PolityError} `not_found` as {@link loadMeeting}.
 */
export async function loadMeetingResource(session: StoreSession, profile: Profile, meetingId: string, options?: ReadOptions): Promise<{ meeting: Meeting; resource: PolicyResource }> {
  const meeting = await loadMeeting(session, meetingId, options);
  return { meeting, resource: meetingResource(meeting, await organiserFacts(session, profile, meeting.organiserId)) };
}
