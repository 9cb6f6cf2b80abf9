import { describe, expectTypeOf, it } from 'vitest';
import {
  accountMachine,
  can,
  defineMachine,
  eventsFrom,
  transition,
  transitionOrThrow,
  type AccountEffect,
  type AccountEvent,
  type AccountRole,
  type AccountState,
  type ContextOf,
  type EventOf,
  type StateOf,
  type TransitionResult,
} from '../../src/workflows/index';

const context = { hasMeetings: false, identitySource: 'local' } as const;

describe('workflows: typed machines', () => {
  it('infers states, events, context, effects and roles from the definition', () => {
    expectTypeOf<StateOf<typeof accountMachine>>().toEqualTypeOf<AccountState>();
    expectTypeOf<EventOf<typeof accountMachine>>().toEqualTypeOf<AccountEvent>();
    expectTypeOf<ContextOf<typeof accountMachine>['identitySource']>().toEqualTypeOf<'local' | 'sso'>();
    expectTypeOf(accountMachine.roles).toEqualTypeOf<readonly AccountRole[]>();
    expectTypeOf(transition(accountMachine, 'pending_active', { type: 'confirm_email' }, { context })).toEqualTypeOf<
      TransitionResult<AccountState, AccountEffect>
    >();
    expectTypeOf(transitionOrThrow(accountMachine, 'pending_active', { type: 'delete' }, { context }).state).toEqualTypeOf<AccountState>();
    expectTypeOf(eventsFrom(accountMachine, 'deleted')).toEqualTypeOf<readonly AccountEvent['type'][]>();
  });

  it('narrows the result on ok', () => {
    const result = transition(accountMachine, 'pending_active', { type: 'confirm_email' }, { context });
    if (result.ok) {
      expectTypeOf(result.state).toEqualTypeOf<AccountState>();
      expectTypeOf(result.effects).toEqualTypeOf<readonly AccountEffect[]>();
    } else {
      expectTypeOf(result.error.code).toEqualTypeOf<'invalid_transition' | 'forbidden'>();
    }
  });

  it('rejects misspelled states, events, roles and context when calling', () => {
    // @ts-expect-error 'pending' is not an account state
    transition(accountMachine, 'pending', { type: 'confirm_email' }, { context });
    // @ts-expect-error 'confirm' is not an account event
    transition(accountMachine, 'pending_active', { type: 'confirm' }, { context });
    // @ts-expect-error 'admin' is not an account role
    can(accountMachine, 'pending_active', { type: 'delete' }, { context, roles: ['admin'] });
    // @ts-expect-error the context needs identitySource
    can(accountMachine, 'pending_active', { type: 'delete' }, { context: { hasMeetings: false } });
    // @ts-expect-error 'deletd' is not an account state
    eventsFrom(accountMachine, 'deletd');
  });

  it('rejects misspelled states, events and roles when defining', () => {
    type Ev = { type: 'open' } | { type: 'close'; force: boolean };
    const base = {
      id: 'door',
      states: ['closed', 'opened'],
      roles: ['porter'],
      types: {} as { context: { locked: boolean }; events: Ev; effects: { type: 'ring' } },
    } as const;

    const door = defineMachine({
      ...base,
      initial: 'closed',
      events: {
        open: { from: 'closed', to: 'opened', guard: { name: 'unlocked', check: (c) => !c.locked } },
        // the guard sees the payload of its own event
        close: { from: 'opened', to: 'closed', guard: { name: 'forced', check: (_c, e) => e.force } },
      },
    });
    expectTypeOf<StateOf<typeof door>>().toEqualTypeOf<'closed' | 'opened'>();

    defineMachine({
      ...base,
      // @ts-expect-error 'shut' is not a state
      initial: 'shut',
      events: { open: { from: 'closed', to: 'opened' }, close: { from: 'opened', to: 'closed' } },
    });
    defineMachine({
      ...base,
      initial: 'closed',
      events: {
        // @ts-expect-error 'openned' is not a state
        open: { from: 'closed', to: 'openned' },
        close: { from: 'opened', to: 'closed' },
      },
    });
    defineMachine({
      ...base,
      initial: 'closed',
      events: {
        // @ts-expect-error 'closd' is not a state
        open: { from: ['closd'], to: 'opened' },
        close: { from: 'opened', to: 'closed' },
      },
    });
    defineMachine({
      ...base,
      initial: 'closed',
      events: {
        open: { from: 'closed', to: 'opened' },
        close: { from: 'opened', to: 'closed' },
        // @ts-expect-error 'slam' is not an event
        slam: { from: 'opened', to: 'closed' },
      },
    });
    defineMachine({
      ...base,
      initial: 'closed',
      // @ts-expect-error every event needs its transitions: 'close' is missing
      events: { open: { from: 'closed', to: 'opened' } },
    });
    defineMachine({
      ...base,
      initial: 'closed',
      events: {
        // @ts-expect-error 'janitor' is not a declared role
        open: { from: 'closed', to: 'opened', roles: ['janitor'] },
        close: { from: 'opened', to: 'closed' },
      },
    });
    defineMachine({
      ...base,
      initial: 'closed',
      events: {
        // @ts-expect-error 'knock' is not a declared effect
        open: { from: 'closed', to: 'opened', effects: [{ type: 'knock' }] },
        close: { from: 'opened', to: 'closed' },
      },
    });
  });
});
