import { describe, expect, it } from 'vitest';
import { isPolityError } from '../errors';
import { eventsFrom, toMermaid, transition } from './machine';
import { meetingMachine, noMeetingReport, type MeetingContext } from './meeting-machine';

const t = (iso: string) => new Date(iso);
const report = (reportedAt: string, extra: Partial<MeetingContext> = {}): MeetingContext => ({ ...noMeetingReport, reportedAt: t(reportedAt), ...extra });

describe('meetingMachine', () => {
  it('X-3: scheduled → live → ended, only on the host\'s reports', () => {
    const started = transition(meetingMachine, 'scheduled', { type: 'start' }, { context: report('2026-02-02T09:00:00Z'), roles: ['host'] });
    expect(started).toEqual({ ok: true, state: 'live', effects: [] });
    const ended = transition(meetingMachine, 'live', { type: 'end' }, { context: report('2026-02-02T10:00:00Z', { startedAt: t('2026-02-02T09:00:00Z') }), roles: ['host'] });
    expect(ended).toEqual({ ok: true, state: 'ended', effects: [{ type: 'close_attendance' }] });
    // A manager cannot report a start: that is the host's word.
    const byManager = transition(meetingMachine, 'scheduled', { type: 'start' }, { context: report('2026-02-02T09:00:00Z'), roles: ['manager'] });
    expect(!byManager.ok && isPolityError(byManager.error, 'forbidden')).toBe(true);
  });

  it('EP-5: managers update and cancel only while scheduled; cancelled and ended are final', () => {
    expect(transition(meetingMachine, 'scheduled', { type: 'cancel' }, { context: noMeetingReport, roles: ['manager'] })).toEqual({ ok: true, state: 'cancelled', effects: [] });
    for (const state of ['live', 'ended', 'cancelled'] as const) {
      const update = transition(meetingMachine, state, { type: 'update' }, { context: noMeetingReport, roles: ['manager'] });
      expect(!update.ok && isPolityError(update.error, 'invalid_transition')).toBe(true);
      const cancel = transition(meetingMachine, state, { type: 'cancel' }, { context: noMeetingReport, roles: ['manager'] });
      expect(!cancel.ok && cancel.error.details).toMatchObject({ machine: 'meeting', state, event: 'cancel' });
    }
    expect(eventsFrom(meetingMachine, 'ended')).toEqual([]);
    expect(eventsFrom(meetingMachine, 'cancelled')).toEqual([]);
  });

  it('EP-2: invitations while scheduled or live, never after', () => {
    for (const state of ['scheduled', 'live'] as const) {
      expect(transition(meetingMachine, state, { type: 'invite' }, { context: noMeetingReport, roles: ['manager'] })).toEqual({ ok: true, state, effects: [{ type: 'notify_invitees' }] });
    }
    const late = transition(meetingMachine, 'ended', { type: 'invite' }, { context: noMeetingReport, roles: ['manager'] });
    expect(late.ok).toBe(false);
  });

  it('EP-3: joins and leaves come in order: not before the start, not twice, a leave after its join', () => {
    const startedAt = t('2026-02-02T09:00:00Z');
    const absent = { present: false, since: null };
    const ok = (r: ReturnType<typeof transition>) => r.ok;
    expect(ok(transition(meetingMachine, 'live', { type: 'join' }, { context: report('2026-02-02T09:05:00Z', { startedAt, presence: absent }), roles: ['host'] }))).toBe(true);
    const early = transition(meetingMachine, 'live', { type: 'join' }, { context: report('2026-02-02T08:59:00Z', { startedAt, presence: absent }), roles: ['host'] });
    expect(!early.ok && early.error.details).toMatchObject({ guard: 'joins_in_order' });
    const twice = transition(meetingMachine, 'live', { type: 'join' }, { context: report('2026-02-02T09:06:00Z', { startedAt, presence: { present: true, since: t('2026-02-02T09:05:00Z') } }), roles: ['host'] });
    expect(!twice.ok && twice.error.details).toMatchObject({ guard: 'joins_in_order' });
    const beforeJoin = transition(meetingMachine, 'live', { type: 'leave' }, { context: report('2026-02-02T09:04:00Z', { startedAt, presence: { present: true, since: t('2026-02-02T09:05:00Z') } }), roles: ['host'] });
    expect(!beforeJoin.ok && beforeJoin.error.details).toMatchObject({ guard: 'leaves_in_order' });
    const notIn = transition(meetingMachine, 'live', { type: 'leave' }, { context: report('2026-02-02T09:10:00Z', { startedAt, presence: absent }), roles: ['host'] });
    expect(notIn.ok).toBe(false);
    const beforeStart = transition(meetingMachine, 'scheduled', { type: 'join' }, { context: report('2026-02-02T09:05:00Z', { presence: absent }), roles: ['host'] });
    expect(!beforeStart.ok && isPolityError(beforeStart.error, 'invalid_transition')).toBe(true);
  });

  it('X-3: the end comes after every report', () => {
    const context = report('2026-02-02T09:30:00Z', { startedAt: t('2026-02-02T09:00:00Z'), lastReportAt: t('2026-02-02T09:45:00Z') });
    const result = transition(meetingMachine, 'live', { type: 'end' }, { context, roles: ['host'] });
    expect(!result.ok && result.error.details).toMatchObject({ guard: 'ends_in_order', state: 'live', event: 'end' });
    expect(toMermaid(meetingMachine)).toContain('live --> ended: end [ends_in_order]');
  });
});
