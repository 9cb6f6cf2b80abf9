import { describe, expect, it } from 'vitest';
import { isPolityError } from '../errors';
import {
  accountFlags,
  accountMachine,
  accountPatch,
  accountState,
  type AccountContext,
  type AccountEffect,
  type AccountEventType,
  type AccountRole,
  type AccountState,
} from './account-machine';
import { actionOf, can, eventsFrom, toMermaid, transition } from './machine';

// The lists and tables below are written out by hand, not read from the machine: they are what the rules
// say, and the machine must match them. A state or event added to the machine fails the first test until
// the tables here are extended.
const states: readonly AccountState[] = ['pending_active', 'pending_inactive', 'confirmed_active', 'confirmed_inactive', 'deleted'];
const events: readonly AccountEventType[] = ['confirm_email', 'resend_activation', 'deactivate', 'reactivate', 'change_email', 'delete'];
const roles: readonly AccountRole[] = ['self', 'organisation_admin', 'platform_admin'];

/** The rule each event mostly answers to, leading the generated test titles. */
const ruleOf: Record<AccountEventType, string> = {
  confirm_email: 'EP-9',
  resend_activation: 'EP-9',
  deactivate: 'EP-11',
  reactivate: 'MB-5',
  change_email: 'EP-8',
  delete: 'EP-16',
};

type Expected = { readonly to: AccountState; readonly effects: readonly AccountEffect['type'][] } | 'invalid';
const to = (state: AccountState, ...effects: AccountEffect['type'][]): Expected => ({ to: state, effects });
const NO = 'invalid' as const;

/** Every (state × event) pair: the next state and its effects, or `invalid` (invalid_transition). */
const expected: Record<AccountState, Record<AccountEventType, Expected>> = {
  pending_active: {
    confirm_email: to('confirmed_active'),
    resend_activation: to('pending_active', 'send_activation'),
    deactivate: to('pending_inactive', 'release_licence'),
    reactivate: NO,
    change_email: to('pending_active', 'send_activation'),
    delete: to('deleted', 'release_licence'),
  },
  pending_inactive: {
    confirm_email: to('confirmed_inactive'),
    resend_activation: to('pending_inactive', 'send_activation'),
    deactivate: NO,
    reactivate: to('pending_active', 'claim_licence'),
    change_email: to('pending_inactive', 'send_activation'),
    delete: to('deleted'),
  },
  confirmed_active: {
    confirm_email: NO,
    resend_activation: NO,
    deactivate: to('confirmed_inactive', 'release_licence'),
    reactivate: NO,
    change_email: to('pending_active', 'send_activation'),
    delete: to('deleted', 'release_licence'),
  },
  confirmed_inactive: {
    confirm_email: NO,
    resend_activation: NO,
    deactivate: NO,
    reactivate: to('confirmed_active', 'claim_licence'),
    change_email: to('pending_inactive', 'send_activation'),
    delete: to('deleted'),
  },
  deleted: {
    confirm_email: NO,
    resend_activation: NO,
    deactivate: NO,
    reactivate: NO,
    change_email: NO,
    delete: NO,
  },
};

/** Who may fire each event, where it is legal. */
const expectedRoles: Record<AccountEventType, readonly AccountRole[]> = {
  confirm_email: ['self'],
  resend_activation: ['self', 'organisation_admin', 'platform_admin'],
  deactivate: ['self', 'organisation_admin', 'platform_admin'],
  reactivate: ['organisation_admin', 'platform_admin'],
  change_email: ['self', 'organisation_admin', 'platform_admin'],
  delete: ['organisation_admin', 'platform_admin'],
};

const local: AccountContext = { hasMeetings: false, identitySource: 'local' };
const sso: AccountContext = { hasMeetings: false, identitySource: 'sso' };
const withMeetings: AccountContext = { hasMeetings: true, identitySource: 'local' };

const pairs = states.flatMap((state) => events.map((event) => ({ state, event, want: expected[state][event] })));
const legalPairs = pairs.filter((pair): pair is typeof pair & { want: Exclude<Expected, 'invalid'> } => pair.want !== NO);
const liveStates = states.filter((state) => state !== 'deleted');

describe('account machine: shape', () => {
  it('has exactly the states and events the tables cover', () => {
    expect(accountMachine.id).toBe('account');
    expect(accountMachine.states).toEqual(states);
    expect(accountMachine.events).toEqual(events);
    expect(accountMachine.roles).toEqual(roles);
  });

  it('EP-9: starts pending and active, and ends deleted', () => {
    expect(accountMachine.initial).toBe('pending_active');
    expect(accountMachine.final).toEqual(['deleted']);
  });

  it('covers all 30 (state × event) pairs, 16 of them legal', () => {
    expect(pairs).toHaveLength(30);
    expect(legalPairs).toHaveLength(16);
  });
});

describe('account machine: every (state × event) pair', () => {
  for (const { state, event, want } of pairs) {
    it(`${ruleOf[event]}: ${event} from ${state} ${want === NO ? 'is invalid_transition' : `→ ${want.to}`}`, () => {
      const result = transition(accountMachine, state, { type: event }, { context: local });
      if (want === NO) {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('invalid_transition');
        expect(result.error.details).toEqual({ machine: 'account', state, event });
      } else {
        expect(result).toEqual({ ok: true, state: want.to, effects: want.effects.map((type) => ({ type })) });
      }
      expect(can(accountMachine, state, { type: event }, { context: local })).toBe(want !== NO);
    });
  }

  it('eventsFrom lists exactly the legal events of each state', () => {
    for (const state of states) {
      expect(eventsFrom(accountMachine, state)).toEqual(events.filter((event) => expected[state][event] !== NO));
    }
  });
});

describe('account machine: independent flags (EP-9)', () => {
  it('EP-9: confirming keeps the active flag as it was', () => {
    expect(transition(accountMachine, 'pending_inactive', { type: 'confirm_email' }, { context: local })).toMatchObject({ state: 'confirmed_inactive' });
    expect(transition(accountMachine, 'pending_active', { type: 'confirm_email' }, { context: local })).toMatchObject({ state: 'confirmed_active' });
  });

  it('EP-11: deactivating keeps the confirmation as it was', () => {
    expect(transition(accountMachine, 'pending_active', { type: 'deactivate' }, { context: local })).toMatchObject({ state: 'pending_inactive' });
    expect(transition(accountMachine, 'confirmed_active', { type: 'deactivate' }, { context: local })).toMatchObject({ state: 'confirmed_inactive' });
  });

  it('EP-9: activation can be resent only while pending', () => {
    for (const state of states) {
      expect(can(accountMachine, state, { type: 'resend_activation' }, { context: local })).toBe(state.startsWith('pending_'));
    }
  });
});

describe('account machine: guards', () => {
  it.each(liveStates)('EP-11: an account that created or joined a meeting cannot be deleted (from %s)', (state) => {
    const result = transition(accountMachine, state, { type: 'delete' }, { context: withMeetings, roles: ['organisation_admin'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_transition');
    expect(result.error.details).toEqual({ machine: 'account', state, event: 'delete', guard: 'never_in_a_meeting', source: 'EP-11' });
    expect(result.error.message).toContain('never_in_a_meeting');
    expect(result.error.message).toContain('EP-11, EP-16');
  });

  it.each(liveStates.filter((state) => state.endsWith('_active')))('EP-16: such an account can still be deactivated (from %s)', (state) => {
    expect(can(accountMachine, state, { type: 'deactivate' }, { context: withMeetings, roles: ['organisation_admin'] })).toBe(true);
  });

  it('EP-16: an account that never took part in a meeting can be deleted', () => {
    expect(can(accountMachine, 'confirmed_active', { type: 'delete' }, { context: local, roles: ['organisation_admin'] })).toBe(true);
  });

  it.each(liveStates)('EP-12: the e-mail of a single-sign-on identity cannot be changed (from %s)', (state) => {
    const result = transition(accountMachine, state, { type: 'change_email' }, { context: sso, roles: ['self'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_transition');
    expect(result.error.details).toEqual({ machine: 'account', state, event: 'change_email', guard: 'local_identity', source: 'EP-12' });
    expect(result.error.message).toContain('EP-12');
  });

  it('EP-12: a single-sign-on account still confirms, deactivates and is deleted like any other', () => {
    expect(can(accountMachine, 'pending_active', { type: 'confirm_email' }, { context: sso })).toBe(true);
    expect(can(accountMachine, 'confirmed_active', { type: 'deactivate' }, { context: sso })).toBe(true);
    expect(can(accountMachine, 'confirmed_inactive', { type: 'delete' }, { context: sso })).toBe(true);
  });

  it('EP-8: a changed local e-mail must be confirmed again, and a new link goes out', () => {
    expect(transition(accountMachine, 'confirmed_active', { type: 'change_email' }, { context: local })).toEqual({
      ok: true,
      state: 'pending_active',
      effects: [{ type: 'send_activation' }],
    });
    expect(transition(accountMachine, 'confirmed_inactive', { type: 'change_email' }, { context: local })).toMatchObject({ state: 'pending_inactive' });
  });
});

describe('account machine: roles', () => {
  const cases = legalPairs.flatMap(({ state, event }) => roles.map((role) => ({ state, event, role, allowed: expectedRoles[event].includes(role) })));

  for (const { state, event, role, allowed } of cases) {
    it(`${ruleOf[event]}: ${event} from ${state} by ${role} is ${allowed ? 'allowed' : 'forbidden'}`, () => {
      const result = transition(accountMachine, state, { type: event }, { context: local, roles: [role] });
      if (allowed) {
        expect(result.ok).toBe(true);
      } else {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('forbidden');
        // The action the machine names for the event (`user.delete`); a link's confirmation names none.
        const action = event === 'confirm_email' ? 'account.confirm_email' : actionOf(accountMachine, event);
        expect(result.error.details).toMatchObject({ action, reason: 'machine_role' });
      }
    });
  }

  it('EP-8: only the owner of the address confirms it', () => {
    expect(can(accountMachine, 'pending_active', { type: 'confirm_email' }, { context: local, roles: ['self'] })).toBe(true);
    expect(can(accountMachine, 'pending_active', { type: 'confirm_email' }, { context: local, roles: ['organisation_admin', 'platform_admin'] })).toBe(false);
  });

  it('EP-9: the organisation admin may resend the activation e-mail', () => {
    expect(can(accountMachine, 'pending_active', { type: 'resend_activation' }, { context: local, roles: ['organisation_admin'] })).toBe(true);
  });

  it('MB-4: an administrator may deactivate their own account', () => {
    expect(can(accountMachine, 'confirmed_active', { type: 'deactivate' }, { context: local, roles: ['self'] })).toBe(true);
  });

  it('MB-5: only administrators reactivate; a user cannot turn themselves back on', () => {
    const result = transition(accountMachine, 'confirmed_inactive', { type: 'reactivate' }, { context: local, roles: ['self'] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(isPolityError(result.error, 'forbidden')).toBe(true);
  });

  it('EP-16: nobody deletes their own account', () => {
    const result = transition(accountMachine, 'confirmed_active', { type: 'delete' }, { context: local, roles: ['self'] });
    expect(!result.ok && result.error.code).toBe('forbidden');
  });

  it('EP-11: roles are checked before the meetings guard, so a non-admin learns nothing about meetings', () => {
    const result = transition(accountMachine, 'confirmed_active', { type: 'delete' }, { context: withMeetings, roles: ['self'] });
    expect(!result.ok && result.error.code).toBe('forbidden');
  });

  it('SC-9: a user changes their own e-mail', () => {
    expect(can(accountMachine, 'confirmed_active', { type: 'change_email' }, { context: local, roles: ['self'] })).toBe(true);
  });
});

describe('account machine: final state', () => {
  it('no event leaves deleted', () => {
    expect(eventsFrom(accountMachine, 'deleted')).toEqual([]);
    for (const event of events) {
      const result = transition(accountMachine, 'deleted', { type: event }, { context: local, roles: ['platform_admin'] });
      expect(!result.ok && result.error.code).toBe('invalid_transition');
      expect(!result.ok && result.error.message).toContain('"deleted" is final');
    }
  });
});

describe('accountState', () => {
  const at = new Date('2025-03-01T10:00:00Z');
  it.each([
    [{ emailConfirmedAt: null, active: true, deletedAt: null }, 'pending_active'],
    [{ emailConfirmedAt: null, active: false, deletedAt: null }, 'pending_inactive'],
    [{ emailConfirmedAt: at, active: true, deletedAt: null }, 'confirmed_active'],
    [{ emailConfirmedAt: at, active: false, deletedAt: null }, 'confirmed_inactive'],
    [{ emailConfirmedAt: at, active: true, deletedAt: at }, 'deleted'],
    [{ emailConfirmedAt: null, active: false, deletedAt: at }, 'deleted'],
  ] as const)('EP-9: %o is %s', (fields, state) => {
    expect(accountState(fields)).toBe(state);
  });
});

describe('accountFlags and accountPatch', () => {
  const at = new Date('2025-03-01T10:00:00Z');

  it('EP-9: each live state implies both flags', () => {
    expect(accountFlags('pending_active')).toEqual({ emailConfirmed: false, active: true, deleted: false });
    expect(accountFlags('pending_inactive')).toEqual({ emailConfirmed: false, active: false, deleted: false });
    expect(accountFlags('confirmed_active')).toEqual({ emailConfirmed: true, active: true, deleted: false });
    expect(accountFlags('confirmed_inactive')).toEqual({ emailConfirmed: true, active: false, deleted: false });
  });

  it('MB-12: a deleted account is not active and keeps its confirmation as it was', () => {
    expect(accountFlags('deleted')).toEqual({ active: false, deleted: true });
  });

  it('writes only what changes, stamped with the given time', () => {
    expect(accountPatch('pending_active', 'confirmed_active', at)).toEqual({ emailConfirmedAt: at });
    expect(accountPatch('confirmed_active', 'pending_active', at)).toEqual({ emailConfirmedAt: null });
    expect(accountPatch('confirmed_active', 'confirmed_inactive', at)).toEqual({ active: false });
    expect(accountPatch('pending_inactive', 'pending_active', at)).toEqual({ active: true });
    expect(accountPatch('confirmed_active', 'deleted', at)).toEqual({ active: false, deletedAt: at });
    expect(accountPatch('confirmed_inactive', 'deleted', at)).toEqual({ deletedAt: at });
    expect(accountPatch('pending_active', 'pending_active', at)).toEqual({});
  });

  it.each(legalPairs)('EP-9: applying the patch of $event from $state lands the user in the target state', ({ state, event, want }) => {
    const flags = accountFlags(state);
    const user = { emailConfirmedAt: flags.emailConfirmed === true ? new Date('2024-01-01T00:00:00Z') : null, active: flags.active, deletedAt: null };
    expect(accountState(user)).toBe(state);
    const result = transition(accountMachine, state, { type: event }, { context: local });
    if (!result.ok) throw result.error;
    expect(accountState({ ...user, ...accountPatch(state, result.state, at) })).toBe(want.to);
  });
});

describe('account machine: diagram', () => {
  const lines = toMermaid(accountMachine).split('\n');

  it('starts at pending_active and ends at deleted', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('  [*] --> pending_active: create');
    expect(lines[lines.length - 1]).toBe('  deleted --> [*]');
  });

  it('EP-9: shows the confirmation and activation edges', () => {
    expect(lines).toContain('  pending_active --> confirmed_active: confirm_email');
    expect(lines).toContain('  pending_inactive --> confirmed_inactive: confirm_email');
    expect(lines).toContain('  pending_active --> pending_active: resend_activation');
    expect(lines).toContain('  confirmed_inactive --> confirmed_active: reactivate');
  });

  it('EP-11, EP-12: labels guarded edges with their guard', () => {
    expect(lines).toContain('  confirmed_active --> deleted: delete [never_in_a_meeting]');
    expect(lines).toContain('  confirmed_active --> pending_active: change_email [local_identity]');
  });

  it('draws one edge per legal pair and none out of deleted', () => {
    expect(lines.filter((line) => / --> (?!\[\*\])/.test(line) && !line.includes('[*] -->'))).toHaveLength(legalPairs.length);
    expect(lines.some((line) => line.startsWith('  deleted --> ') && !line.endsWith('[*]'))).toBe(false);
  });
});
