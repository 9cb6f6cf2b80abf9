// EP-1, EP-2 as a property: no random sequence of bookings, changes, invitations, withdrawals, cancellations
// and host reports, by coordinators and an exempt platform admin, ever leaves a meeting above its participant
// limit, or longer than the duration limit unless an exempt person set its times last. Small limits (2 h, 4
// people) so that sequences reach them often.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryStoreSeed } from 'polity/adapters/memory';
import { testClock } from 'polity/testing';
import { createPolity, extendProfile, isPolityError, profiles, where, type Ids, type Meeting, type Polity, type Store } from 'polity';
import { addMember } from './meeting-world';
import { copyOf, ePresenceOrganisation, makeWorld, seedUser, snapshot } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

const maxMinutes = 120;
const maxParticipants = 4;
const tiny = extendProfile(profiles.ePresence, {
  id: 'tiny-presence',
  limits: { meetingMaxMinutes: maxMinutes, meetingMaxParticipants: maxParticipants, durationExemptRoles: ['platform_admin'] },
});

interface Base {
  /** The base world's store, which each run copies. */
  readonly store: Store;
  readonly seed: MemoryStoreSeed;
  /** Platform admin (exempt), organisation coordinator, unit coordinator. */
  readonly actors: readonly string[];
  readonly unitId: string;
  readonly organisationId: string;
  readonly people: readonly string[];
}

async function makeBase(target: StoreTarget): Promise<Base> {
  const world = await makeWorld(target, tiny);
  const { adminId, coordinatorId, organisation, unit } = await ePresenceOrganisation(world, 'p');
  const unitCoordinatorId = await addMember(world, coordinatorId, organisation.id, 'uc.p@gov.test', 'unit_coordinator', unit.id);
  const people: string[] = [];
  for (let i = 0; i < 6; i += 1) people.push((await seedUser(world.store, { email: `guest${i}@elsewhere.test` })).id);
  return { store: world.store, seed: (await snapshot(world.store)) as MemoryStoreSeed, actors: [adminId, coordinatorId, unitCoordinatorId], unitId: unit.id, organisationId: organisation.id, people };
}

let runs = 0;
function runIds(): Ids {
  runs += 1;
  let n = 0;
  return { id: (kind) => `${kind}_r${runs}_${(n += 1)}`, secret: () => `secret_r${runs}_${(n += 1)}_padding` };
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('schedule' as const), actor: fc.nat(2), minutes: fc.integer({ min: 1, max: 200 }), day: fc.nat(3), forUnit: fc.boolean() }),
  fc.record({ kind: fc.constant('update' as const), actor: fc.nat(2), meeting: fc.nat(), minutes: fc.integer({ min: 1, max: 200 }), shift: fc.integer({ min: -60, max: 60 }) }),
  fc.record({ kind: fc.constant('invite' as const), actor: fc.nat(2), meeting: fc.nat(), people: fc.uniqueArray(fc.nat(6), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('remove' as const), actor: fc.nat(2), meeting: fc.nat(), person: fc.nat(5) }),
  fc.record({ kind: fc.constant('cancel' as const), actor: fc.nat(2), meeting: fc.nat() }),
  fc.record({ kind: fc.constant('host' as const), meeting: fc.nat(), event: fc.constantFrom('started', 'joined', 'left', 'ended'), person: fc.nat(5) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

// Not `invalid_input`: every operation is well formed, and the store answers it when a write breaks the schema
// (more participants than the limit), which is exactly what the property must catch.
const expectedCodes = new Set(['forbidden', 'limit_exceeded', 'invalid_transition', 'not_found', 'conflict']);

async function apply(polity: Polity, store: Store, base: Base, step: Op, n: number, timesSetBy: Map<string, string>): Promise<void> {
  const meetings = (await store.meetings.list({ limit: 1000 })).items;
  const pick = <T,>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
  const actor = 'actor' in step ? (base.actors[step.actor] ?? '') : '';
  const target = 'meeting' in step ? pick(meetings, step.meeting) : undefined;
  const day = (d: number) => new Date(Date.UTC(2026, 1, 2 + d, 8));
  const before = target === undefined ? null : { startsAt: target.startsAt.getTime(), endsAt: target.endsAt.getTime() };
  let changedTimesOf: string | null = null;
  switch (step.kind) {
    case 'schedule': {
      const startsAt = day(step.day);
      const meeting = await polity.as(actor).meetings.schedule({
        title: `Meeting ${n}`,
        ...(step.forUnit ? { unitId: base.unitId } : { organisationId: base.organisationId }),
        startsAt,
        endsAt: new Date(startsAt.getTime() + step.minutes * 60_000),
      });
      changedTimesOf = meeting.id;
      break;
    }
    case 'update': {
      if (target === undefined) return;
      const startsAt = new Date(target.startsAt.getTime() + step.shift * 60_000);
      const updated = await polity.as(actor).meetings.update({ meetingId: target.id, startsAt, endsAt: new Date(startsAt.getTime() + step.minutes * 60_000) });
      if (before !== null && (updated.startsAt.getTime() !== before.startsAt || updated.endsAt.getTime() !== before.endsAt)) changedTimesOf = updated.id;
      break;
    }
    case 'invite':
      if (target === undefined) return;
      await polity.as(actor).meetings.invite({ meetingId: target.id, invitees: step.people.map((i) => (i < base.people.length ? { userId: base.people[i] ?? '' } : { email: `new${n}.${i}@elsewhere.test` })) });
      break;
    case 'remove':
      if (target === undefined) return;
      await polity.as(actor).meetings.removeParticipant({ meetingId: target.id, userId: base.people[step.person] ?? '' });
      break;
    case 'cancel':
      if (target === undefined) return;
      await polity.as(actor).meetings.cancel({ meetingId: target.id });
      break;
    case 'host': {
      if (target === undefined) return;
      const userId = base.people[step.person] ?? '';
      if (step.event === 'started') await polity.meetingEvents.started({ meetingId: target.id });
      else if (step.event === 'ended') await polity.meetingEvents.ended({ meetingId: target.id });
      else await polity.meetingEvents[step.event]({ meetingId: target.id, userId });
      break;
    }
  }
  if (changedTimesOf !== null) timesSetBy.set(changedTimesOf, actor);
}

async function checkInvariants(store: Store, base: Base, timesSetBy: ReadonlyMap<string, string>): Promise<void> {
  const meetings: readonly Meeting[] = (await store.meetings.list({ limit: 1000 })).items;
  for (const meeting of meetings) {
    const participants = await store.participants.count(where.eq('meetingId', meeting.id));
    expect(meeting.participantCount, `participantCount of ${meeting.id}`).toBe(participants);
    expect(meeting.participantCount).toBeLessThanOrEqual(meeting.participantLimit);
    expect(meeting.participantLimit).toBeLessThanOrEqual(maxParticipants);
    const minutes = (meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000;
    // Over the limit only if the platform admin (exempt) set its times last.
    if (minutes > maxMinutes) expect(timesSetBy.get(meeting.id), `${meeting.id} lasts ${minutes} min`).toBe(base.actors[0]);
  }
}

for (const target of storeTargets) {
  describe(`${target.name}: meetings: limits as a property (EP-1, EP-2)`, () => {
    it('EP-1, EP-2: no random sequence of operations leaves a meeting above its participant or duration limit (unless exempt)', async () => {
      const base = await makeBase(target);
      let succeeded = 0;
      let refusedByLimit = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
          // A fresh copy of the base world per run, on the base's target; the run closes it.
          const store = await copyOf(base);
          const clock = testClock('2026-01-05T09:00:00.000Z');
          const polity = createPolity({ store, profile: tiny, clock, ids: runIds() });
          const timesSetBy = new Map<string, string>();
          try {
            for (const [n, step] of ops.entries()) {
              clock.advance(60_000);
              try {
                await apply(polity, store, base, step, n, timesSetBy);
                succeeded += 1;
              } catch (error) {
                if (!isPolityError(error) || !expectedCodes.has(error.code)) throw error;
                if (error.code === 'limit_exceeded') refusedByLimit += 1;
              }
              await checkInvariants(store, base, timesSetBy);
            }
          } finally {
            await store.close();
          }
        }),
        { numRuns: 60 },
      );
      // The sequences did reach the limits and did succeed, so the property was not vacuous.
      expect(succeeded).toBeGreaterThan(100);
      expect(refusedByLimit).toBeGreaterThan(5);
    }, 120_000);
  });
}
