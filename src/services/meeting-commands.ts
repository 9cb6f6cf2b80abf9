/**
 * Booking, changing and cancelling meetings (EP-1…EP-5, EP-15, MB-7, MB-8, MB-10, MB-11). Who may do what is
 * the policy's answer (`meeting.create`, `meeting.manage`); the profile's limits are checked on every change
 * of times; the meeting machine says which changes its state allows.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { Meeting } from '../domain/meeting';
import type { Room } from '../domain/room';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import type { StoreSession } from '../ports/store';
import { transitionOrThrow } from '../workflows/machine';
import { meetingMachine, noMeetingReport } from '../workflows/meeting-machine';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { isLicensed, loadMeetingResource, meetingResource } from './meeting-facts';
import {
  cancelMeetingInputSchema,
  scheduleMeetingInputSchema,
  updateMeetingInputSchema,
  type CancelMeetingInput,
  type ScheduleMeetingInput,
  type UpdateMeetingInput,
} from './meeting-inputs';
import { assertDuration } from './meeting-limits';
import { toInstant } from './meeting-times';
import { notifyUser } from './notify';
import { assertNotSuspended, loadOrganisation, loadUnit } from './organisation-guards';
import { collectIds } from './paging';
import type { LoadedPrincipal } from './principal';

function invalid(path: string, message: string, code: string): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code }] } });
}

/**
 * The times' own rules: the end after the start, and not already past (nobody books or moves a meeting
 * into the past; the host reports what really happened).
 */
function assertTimes(startsAt: Date, endsAt: Date, now: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) throw invalid('endsAt', 'a meeting ends after it starts', 'ends_before_start');
  if (endsAt.getTime() <= now.getTime()) throw invalid('endsAt', 'a meeting cannot end in the past', 'in_the_past');
}

async function loadOrganiser(tx: StoreSession, actor: User, organiserId: string): Promise<User> {
  if (organiserId === actor.id) return actor;
  const organiser = await tx.users.get(organiserId);
  if (organiser === null || organiser.deletedAt !== null) throw invalid('organiserId', `no user ${organiserId}`, 'unknown_user');
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
function assertOrganisersOwn(organiser: User, organisationId: string | undefined, unit: { readonly id: string; readonly organisationId: string } | null): void {
  const home = organiser.organisationId;
  if (home === null) return;
  if (organisationId !== undefined && organisationId !== home) {
    throw invalid('organisationId', `a meeting is held in its organiser's organisation (${home}), not in ${organisationId}`, 'not_organiser_organisation');
  }
  if (unit !== null && unit.organisationId !== home) {
    throw invalid('unitId', `unit ${unit.id} is not in the organiser's organisation (${home})`, 'not_organiser_organisation');
  }
}

async function loadRoom(tx: StoreSession, roomId: string, organisationId: string): Promise<Room> {
  const room = await tx.rooms.get(roomId);
  if (room === null || room.organisationId !== organisationId) {
    throw new PolityError('not_found', `no room ${roomId} in organisation ${organisationId}`, { details: { roomId } });
  }
  return room;
}

/**
 * Books a meeting. See {@link MeetingsApi.schedule}.
 *
 * @throws {@link PolityError} as {@link MeetingsApi.schedule}.
 */
export async function scheduleMeeting(context: ServiceContext, actorId: string, input: ScheduleMeetingInput): Promise<Meeting> {
  const data = parseWith(scheduleMeetingInputSchema, input, 'input of meetings.schedule');
  // With a time zone given, local times are checked (a skipped hour) before anything is read.
  const early = data.timeZone === undefined ? null : { startsAt: toInstant(data.startsAt, data.timeZone, 'startsAt'), endsAt: toInstant(data.endsAt, data.timeZone, 'endsAt') };
  return runCommand(context, actorId, { action: 'meeting.create' }, async (tx, actor) => {
    const now = context.clock.now();
    const organiser = await loadOrganiser(tx, actor.user, data.organiserId ?? actor.user.id);
    const unit = data.unitId === undefined ? null : await loadUnit(tx, data.unitId, data.organisationId);
    const organisationId = data.organisationId ?? unit?.organisationId ?? organiser.organisationId;
    if (organisationId === null) throw invalid('organisationId', 'name the organisation the meeting is held for', 'required');
    const organisation = await loadOrganisation(tx, organisationId);
    const timeZone = data.timeZone ?? organiser.timeZone;
    // Without a time zone, both times are instants (the schema refuses local ones), so the zone changes nothing.
    const { startsAt, endsAt } = early ?? { startsAt: toInstant(data.startsAt, timeZone, 'startsAt'), endsAt: toInstant(data.endsAt, timeZone, 'endsAt') };
    assertTimes(startsAt, endsAt, now);

    const draft = { id: context.ids.id('meeting'), organisationId, unitId: unit?.id ?? null, organiserId: organiser.id, createdById: actor.user.id, roomId: data.roomId ?? null, status: 'scheduled' as const };
    const facts = { licensed: await isLicensed(tx, context.profile, organiser), organisationId: organiser.organisationId };
    // EP-3, EP-15, MB-7, MB-8, MB-10: the policy says who books, and for whom.
    authorise(context, actor, 'meeting.create', meetingResource(draft, facts));
    assertOrganisersOwn(organiser, data.organisationId, unit);
    assertNotSuspended(organisation);
    const room = data.roomId === undefined ? null : await loadRoom(tx, data.roomId, organisationId);
    assertDuration(context, actor, startsAt, endsAt);

    // The limit is fixed at booking (EP-2), lowered by the room's own limit when it has one.
    const profileLimit = context.profile.limits.meetingMaxParticipants;
    const participantLimit = room?.participantLimit == null ? profileLimit : Math.min(profileLimit, room.participantLimit);
    const meeting = await tx.meetings.insert({
      ...draft,
      title: data.title,
      description: data.description ?? null,
      startsAt,
      endsAt,
      timeZone,
      // The organiser counts as a participant (EP-2).
      participantCount: 1,
      participantLimit,
      startedAt: null,
      endedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await tx.participants.insert({ id: context.ids.id('participant'), meetingId: meeting.id, organisationId, userId: organiser.id, role: 'organiser', invitedAt: now, joinedAt: null, leftAt: null });
    const forSomeoneElse = organiser.id === actor.user.id ? '' : ` for ${organiser.givenName} ${organiser.familyName}`;
    await appendAudit(tx, context, {
      organisationId,
      actorId: actor.user.id,
      action: 'meeting.schedule',
      targetType: 'meeting',
      targetId: meeting.id,
      summary: `scheduled "${meeting.title}"${forSomeoneElse} from ${startsAt.toISOString()} to ${endsAt.toISOString()}`,
      changes: { title: meeting.title, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), timeZone, organiserId: organiser.id, unitId: meeting.unitId, roomId: meeting.roomId, participantLimit },
    });
    return meeting;
  });
}

/**
 * Changes a scheduled meeting. See {@link MeetingsApi.update}.
 *
 * @throws {@link PolityError} as {@link MeetingsApi.update}.
 */
export async function updateMeeting(context: ServiceContext, actorId: string, input: UpdateMeetingInput): Promise<Meeting> {
  const data = parseWith(updateMeetingInputSchema, input, 'input of meetings.update');
  const early = data.timeZone === undefined ? null : {
    startsAt: data.startsAt === undefined ? undefined : toInstant(data.startsAt, data.timeZone, 'startsAt'),
    endsAt: data.endsAt === undefined ? undefined : toInstant(data.endsAt, data.timeZone, 'endsAt'),
  };
  return runCommand(context, actorId, { action: 'meeting.manage' }, async (tx, actor) => {
    const { meeting, resource } = await loadMeetingResource(tx, context.profile, data.meetingId);
    authorise(context, actor, 'meeting.manage', resource);
    transitionOrThrow(meetingMachine, meeting.status, { type: 'update' }, { context: noMeetingReport, roles: ['manager'] });
    assertNotSuspended(await loadOrganisation(tx, meeting.organisationId));
    const now = context.clock.now();
    const timeZone = data.timeZone ?? meeting.timeZone;
    const startsAt = early?.startsAt ?? (data.startsAt === undefined ? meeting.startsAt : toInstant(data.startsAt, timeZone, 'startsAt'));
    const endsAt = early?.endsAt ?? (data.endsAt === undefined ? meeting.endsAt : toInstant(data.endsAt, timeZone, 'endsAt'));
    const timesChanged = startsAt.getTime() !== meeting.startsAt.getTime() || endsAt.getTime() !== meeting.endsAt.getTime();
    if (timesChanged) {
      assertTimes(startsAt, endsAt, now);
      // EP-1 on every change of times: whoever changes them is held to the limit unless exempt.
      assertDuration(context, actor, startsAt, endsAt);
    }
    const patch: Partial<Meeting> = {
      ...(data.title === undefined || data.title === meeting.title ? {} : { title: data.title }),
      ...(data.description === undefined || data.description === meeting.description ? {} : { description: data.description }),
      ...(startsAt.getTime() === meeting.startsAt.getTime() ? {} : { startsAt }),
      ...(endsAt.getTime() === meeting.endsAt.getTime() ? {} : { endsAt }),
      ...(timeZone === meeting.timeZone ? {} : { timeZone }),
    };
    if (Object.keys(patch).length === 0) return meeting;
    const updated = await tx.meetings.update(meeting.id, { ...patch, updatedAt: now });
    await appendAudit(tx, context, {
      organisationId: meeting.organisationId,
      actorId: actor.user.id,
      action: 'meeting.update',
      targetType: 'meeting',
      targetId: meeting.id,
      summary: `changed ${Object.keys(patch).join(', ')} of "${updated.title}"`,
      changes: Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])),
    });
    return updated;
  });
}

/**
 * Cancels a scheduled meeting. See {@link MeetingsApi.cancel}.
 *
 * @throws {@link PolityError} as {@link MeetingsApi.cancel}.
 */
export async function cancelMeeting(context: ServiceContext, actorId: string, input: CancelMeetingInput): Promise<Meeting> {
  const data = parseWith(cancelMeetingInputSchema, input, 'input of meetings.cancel');
  return runCommand(context, actorId, { action: 'meeting.manage' }, async (tx, actor) => {
    const { meeting, resource } = await loadMeetingResource(tx, context.profile, data.meetingId);
    authorise(context, actor, 'meeting.manage', resource);
    const { state } = transitionOrThrow(meetingMachine, meeting.status, { type: 'cancel' }, { context: noMeetingReport, roles: ['manager'] });
    assertNotSuspended(await loadOrganisation(tx, meeting.organisationId));
    const now = context.clock.now();
    const updated = await tx.meetings.update(meeting.id, { status: state, updatedAt: now });
    await appendAudit(tx, context, {
      organisationId: meeting.organisationId,
      actorId: actor.user.id,
      action: 'meeting.cancel',
      targetType: 'meeting',
      targetId: meeting.id,
      summary: `cancelled "${meeting.title}"${data.reason === undefined ? '' : `: ${data.reason}`}`,
      changes: { status: state, previousStatus: meeting.status, ...(data.reason === undefined ? {} : { reason: data.reason }) },
    });
    await tellParticipantsOfCancellation(tx, context, actor, updated, data.reason);
    return updated;
  });
}

/**
 * Tells everyone invited to a cancelled meeting, except the one who cancelled it, through the outbox in the
 * same transaction; each reads the planned start in their own time zone (MB-11).
 */
async function tellParticipantsOfCancellation(tx: StoreSession, context: ServiceContext, actor: LoadedPrincipal, meeting: Meeting, reason: string | undefined): Promise<void> {
  const participants = await collectIds(tx.participants, where.eq('meetingId', meeting.id), (p) => p.userId);
  const others = participants.filter((id) => id !== actor.user.id);
  // A page holds at most 1000 records, and a profile may allow more participants than that.
  for (let start = 0; start < others.length; start += 500) {
    await tellSome(tx, context, actor, meeting, reason, others.slice(start, start + 500));
  }
}

async function tellSome(tx: StoreSession, context: ServiceContext, actor: LoadedPrincipal, meeting: Meeting, reason: string | undefined, userIds: readonly string[]): Promise<void> {
  const people = await tx.users.list({ where: where.and(where.in('id', [...userIds]), where.isNull('deletedAt')), limit: 1000 });
  for (const person of people.items) {
    await notifyUser(tx, context, person, 'meeting.cancelled', {
      givenName: person.givenName,
      title: meeting.title,
      cancelledBy: `${actor.user.givenName} ${actor.user.familyName}`,
      startsAt: meeting.startsAt.toISOString(),
      timeZone: person.timeZone,
      ...(reason === undefined ? {} : { reason }),
      meetingId: meeting.id,
    });
  }
}
