/**
 * Booking, changing and cancelling meetings (EP-1…EP-5, EP-15, MB-7, MB-8, MB-10, MB-11). Who may do what is
 * the policy's answer (the actions the meeting machine names: `meeting.create`, `meeting.manage`); the
 * profile's limits are checked on every change of times; the meeting machine says which changes its state
 * allows.
 *
 * Isolation (READ COMMITTED): `update` and `cancel` lock the meeting they decide on, so they never interleave
 * with each other, with an invitation or with the host's reports (a cancellation and a start cannot both
 * win). `schedule` writes a new meeting and reads the room it is booked in with a share lock, so the room
 * cannot be deleted or its limit lowered until the booking commits (the lowering then sees the meeting).
 *
 * @module
 */
import type { z } from 'zod';
import { where } from '../../domain/filter';
import type { Meeting } from '../../domain/meeting';
import type { Organisation } from '../../domain/organisation';
import type { Unit } from '../../domain/unit';
import type { User } from '../../domain/user';
import { invalidInput, notFound } from '../../errors';
import type { StoreSession } from '../../ports/store';
import { actionOf, enterOrThrow } from '../../workflows/machine';
import { meetingMachine, noMeetingReport } from '../../workflows/meeting-machine';
import { defineCommand, type CommandSteps } from '../kernel/define';
import { collectAll } from '../kernel/paging';
import type { Work } from '../kernel/work';
import { assertNotSuspended, loadUnit } from '../organisations/guards';
import { loadRoom } from '../rooms/records';
import { applyMeetingEffects } from './effects';
import { isLicensed, meetingResource, type MeetingPolicyFields, type OrganiserFacts } from './facts';
import { cancelMeetingInputSchema, scheduleMeetingInputSchema, updateMeetingInputSchema } from './inputs';
import { assertDuration } from './limits';
import { lockedMeeting, managerTransition } from './managed';
import { toInstant } from './time-input';

/**
 * The times' own rules: the end after the start, and not already past (nobody books or moves a meeting
 * into the past; the host reports what really happened).
 */
function assertTimes(startsAt: Date, endsAt: Date, now: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) throw invalidInput('endsAt', 'a meeting ends after it starts', 'ends_before_start');
  if (endsAt.getTime() <= now.getTime()) throw invalidInput('endsAt', 'a meeting cannot end in the past', 'in_the_past');
}

/** Local times given with a time zone are checked (a skipped hour) before anything is read. */
function checkLocalTimes(input: { readonly timeZone?: string | undefined; readonly startsAt?: Date | string | undefined; readonly endsAt?: Date | string | undefined }): void {
  if (input.timeZone === undefined) return;
  if (input.startsAt !== undefined) toInstant(input.startsAt, input.timeZone, 'startsAt');
  if (input.endsAt !== undefined) toInstant(input.endsAt, input.timeZone, 'endsAt');
}

async function loadOrganiser(tx: StoreSession, actor: User, organiserId: string): Promise<User> {
  if (organiserId === actor.id) return actor;
  const organiser = await tx.users.get(organiserId);
  if (organiser === null || organiser.deletedAt !== null) throw invalidInput('organiserId', 'no such user', 'unknown_user');
  return organiser;
}

/**
 * A meeting is held in its organiser's organisation, and for one of its units: otherwise the organiser could
 * not manage it and it would show in another organisation's planning (a concierge booking for a Brest user
 * "in Rennes"). Organisers outside any organisation (platform staff) hold meetings anywhere. Asked after the
 * policy, so only someone allowed to book for this organiser learns where they belong.
 *
 * @throws {@link PolityError} `invalid_input` on `organisationId` or `unitId` (code `not_organiser_organisation`).
 */
function assertOrganisersOwn(organiser: User, organisationId: string | undefined, unit: Pick<Unit, 'id' | 'organisationId'> | null): void {
  const home = organiser.organisationId;
  if (home === null) return;
  if (organisationId !== undefined && organisationId !== home) {
    throw invalidInput('organisationId', "a meeting is held in its organiser's organisation, not in another one", 'not_organiser_organisation');
  }
  if (unit !== null && unit.organisationId !== home) {
    throw invalidInput('unitId', "the unit is not in the organiser's organisation", 'not_organiser_organisation');
  }
}

/** What `meetings.schedule` decides on: who organises, where, when, and the meeting as the policy sees it. */
interface Booking {
  readonly organiser: User;
  readonly unit: Unit | null;
  readonly organisation: Organisation;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly timeZone: string;
  readonly draft: MeetingPolicyFields;
  readonly facts: OrganiserFacts;
}

/**
 * Reads what a booking needs, once each: the organiser (the actor, unless booking for someone else), the unit,
 * the organisation (already read with the actor when it is theirs), and the organiser's licence.
 */
async function loadBooking({ tx, work, context, actor, input }: CommandSteps<z.output<typeof scheduleMeetingInputSchema>>): Promise<Booking> {
  const organiser = await loadOrganiser(tx, actor.user, input.organiserId ?? actor.user.id);
  const unit = input.unitId === undefined ? null : await loadUnit(tx, input.unitId, input.organisationId);
  const organisationId = input.organisationId ?? unit?.organisationId ?? organiser.organisationId;
  if (organisationId === null) throw invalidInput('organisationId', 'name the organisation the meeting is held for', 'required');
  const organisation = await work.organisation(organisationId);
  // Without a time zone, both times are instants (the schema refuses local ones), so the zone changes nothing.
  const timeZone = input.timeZone ?? organiser.timeZone;
  const startsAt = toInstant(input.startsAt, timeZone, 'startsAt');
  const endsAt = toInstant(input.endsAt, timeZone, 'endsAt');
  assertTimes(startsAt, endsAt, work.now);
  const draft = { id: work.id('meeting'), organisationId, unitId: unit?.id ?? null, organiserId: organiser.id, createdById: actor.user.id, roomId: input.roomId ?? null, status: meetingMachine.initial };
  const facts = { licensed: await isLicensed(tx, context.profile, organiser), organisationId: organiser.organisationId };
  return { organiser, unit, organisation, startsAt, endsAt, timeZone, draft, facts };
}

/**
 * `meetings.schedule`: books a meeting, `scheduled` (the meeting machine's creation), with the organiser as
 * its first participant (EP-2). EP-3, EP-15, MB-7, MB-8, MB-10: the policy says who books, and for whom.
 */
export const scheduleMeeting = defineCommand({
  name: 'meetings.schedule',
  input: scheduleMeetingInputSchema,
  action: actionOf(meetingMachine, 'create'),
  precheck: checkLocalTimes,
  load: loadBooking,
  resource: ({ loaded }) => meetingResource(loaded.draft, loaded.facts),
  async run({ tx, work, context, actor, input, loaded }) {
    const { organiser, unit, organisation, startsAt, endsAt, timeZone, draft } = loaded;
    assertOrganisersOwn(organiser, input.organisationId, unit);
    assertNotSuspended(organisation);
    // Shared: the room is neither deleted nor its limit lowered until this booking commits.
    const room = input.roomId === undefined ? null : await loadRoom(tx, input.roomId, { lock: 'share' });
    if (room !== null && room.organisationId !== organisation.id) throw notFound('room', room.id, { roomId: room.id });
    assertDuration(context, actor, startsAt, endsAt);
    const { state, effects } = enterOrThrow(meetingMachine, { context: noMeetingReport });
    // The limit is fixed at booking (EP-2), lowered by the room's own limit when it has one.
    const profileLimit = context.profile.limits.meetingMaxParticipants;
    const participantLimit = room?.participantLimit == null ? profileLimit : Math.min(profileLimit, room.participantLimit);
    const meeting = await tx.meetings.insert({
      ...draft,
      status: state,
      title: input.title,
      description: input.description ?? null,
      startsAt,
      endsAt,
      timeZone,
      // The organiser counts as a participant (EP-2).
      participantCount: 1,
      participantLimit,
      startedAt: null,
      endedAt: null,
      createdAt: work.now,
      updatedAt: work.now,
    });
    await tx.participants.insert({ id: work.id('participant'), meetingId: meeting.id, organisationId: organisation.id, userId: organiser.id, role: 'organiser', invitedAt: work.now, joinedAt: null, leftAt: null });
    await applyMeetingEffects(effects, { work, meeting, at: work.now, actor: actor.user, invited: [] });
    return meeting;
  },
  audit: ({ actor, loaded: { organiser } }, meeting) => ({
    organisationId: meeting.organisationId,
    action: 'meeting.schedule',
    targetType: 'meeting',
    targetId: meeting.id,
    summary: `scheduled "${meeting.title}"${organiser.id === actor.user.id ? '' : ` for ${organiser.givenName} ${organiser.familyName}`} from ${meeting.startsAt.toISOString()} to ${meeting.endsAt.toISOString()}`,
    changes: {
      title: meeting.title,
      startsAt: meeting.startsAt.toISOString(),
      endsAt: meeting.endsAt.toISOString(),
      timeZone: meeting.timeZone,
      organiserId: organiser.id,
      unitId: meeting.unitId,
      roomId: meeting.roomId,
      participantLimit: meeting.participantLimit,
    },
  }),
});

/** The fields of a meeting an update may change, in the order the audit names them. */
const updatableFields = ['title', 'description', 'startsAt', 'endsAt', 'timeZone'] as const;

/** The fields that differ between a meeting and what an update would make of it. */
function patchOf(before: Meeting, after: Pick<Meeting, (typeof updatableFields)[number]>): Partial<Meeting> {
  const patch: Record<string, unknown> = {};
  for (const field of updatableFields) {
    const [was, is] = [before[field], after[field]];
    if (was instanceof Date && is instanceof Date ? was.getTime() !== is.getTime() : was !== is) patch[field] = is;
  }
  return patch as Partial<Meeting>;
}

/**
 * `meetings.update`: new title, description, times or planning time zone while `scheduled`. EP-1 on every
 * change of times: whoever changes them is held to the limit unless exempt.
 */
export const updateMeeting = defineCommand({
  name: 'meetings.update',
  input: updateMeetingInputSchema,
  action: actionOf(meetingMachine, 'update'),
  precheck: checkLocalTimes,
  load: lockedMeeting,
  resource: ({ loaded }) => loaded.resource,
  async run({ tx, work, context, actor, input, loaded: { meeting } }) {
    await managerTransition(work, meeting, 'update');
    const timeZone = input.timeZone ?? meeting.timeZone;
    const startsAt = input.startsAt === undefined ? meeting.startsAt : toInstant(input.startsAt, timeZone, 'startsAt');
    const endsAt = input.endsAt === undefined ? meeting.endsAt : toInstant(input.endsAt, timeZone, 'endsAt');
    if (startsAt.getTime() !== meeting.startsAt.getTime() || endsAt.getTime() !== meeting.endsAt.getTime()) {
      assertTimes(startsAt, endsAt, work.now);
      assertDuration(context, actor, startsAt, endsAt);
    }
    const description = input.description === undefined ? meeting.description : input.description;
    const patch = patchOf(meeting, { title: input.title ?? meeting.title, description, startsAt, endsAt, timeZone });
    if (Object.keys(patch).length === 0) return meeting;
    return tx.meetings.update(meeting.id, { ...patch, updatedAt: work.now });
  },
  audit: ({ loaded: { meeting } }, updated) => {
    const patch = patchOf(meeting, updated);
    if (Object.keys(patch).length === 0) return null;
    const changes = Object.fromEntries(Object.entries(patch).map(([field, value]) => [field, value instanceof Date ? value.toISOString() : value]));
    return {
      organisationId: meeting.organisationId,
      action: 'meeting.update',
      targetType: 'meeting',
      targetId: meeting.id,
      summary: `changed ${Object.keys(changes).join(', ')} of "${updated.title}"`,
      changes,
    };
  },
});

/**
 * Tells everyone invited to a cancelled meeting, except the one who cancelled it, through the outbox in the
 * same transaction; each reads the planned start in their own time zone (MB-11).
 */
async function tellParticipantsOfCancellation(work: Work, actor: User, meeting: Meeting, reason: string | undefined): Promise<void> {
  const participants = await collectAll(work.tx.participants, where.eq('meetingId', meeting.id), (p) => p.userId);
  const others = participants.filter((id) => id !== actor.id);
  // A page holds at most 1000 records, and a profile may allow more participants than that.
  for (let start = 0; start < others.length; start += 500) {
    const people = await work.tx.users.list({ where: where.and(where.in('id', others.slice(start, start + 500)), where.isNull('deletedAt')), limit: 1000 });
    for (const person of people.items) {
      work.notify(person, 'meeting.cancelled', {
        givenName: person.givenName,
        title: meeting.title,
        cancelledBy: `${actor.givenName} ${actor.familyName}`,
        startsAt: meeting.startsAt.toISOString(),
        timeZone: person.timeZone,
        ...(reason === undefined ? {} : { reason }),
        meetingId: meeting.id,
      });
    }
  }
}

/** `meetings.cancel`: a `scheduled` meeting is called off (final); everyone else invited is told. */
export const cancelMeeting = defineCommand({
  name: 'meetings.cancel',
  input: cancelMeetingInputSchema,
  action: actionOf(meetingMachine, 'cancel'),
  load: lockedMeeting,
  resource: ({ loaded }) => loaded.resource,
  async run({ tx, work, actor, input, loaded: { meeting } }) {
    const { state } = await managerTransition(work, meeting, 'cancel');
    const updated = await tx.meetings.update(meeting.id, { status: state, updatedAt: work.now });
    await tellParticipantsOfCancellation(work, actor.user, updated, input.reason);
    return updated;
  },
  audit: ({ input, loaded: { meeting } }, updated) => ({
    organisationId: meeting.organisationId,
    action: 'meeting.cancel',
    targetType: 'meeting',
    targetId: meeting.id,
    summary: `cancelled "${meeting.title}"${input.reason === undefined ? '' : `: ${input.reason}`}`,
    changes: { status: updated.status, previousStatus: meeting.status, ...(input.reason === undefined ? {} : { reason: input.reason }) },
  }),
});
