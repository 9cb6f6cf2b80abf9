import { describe, expect, it } from 'vitest';
import { isPolityError, PolityError } from '../errors';
import { actionOf, can, defineMachine, enter, enterOrThrow, eventsFrom, toMermaid, toTransitionTable, transition, transitionOrThrow } from './machine';

// A small machine of its own, so the helper is tested apart from any lifecycle.
type TicketEvent = { type: 'submit' } | { type: 'approve'; note: string } | { type: 'reject' } | { type: 'archive' };
type TicketEffect = { type: 'notify'; who: string } | { type: 'log' };
interface TicketContext {
  readonly complete: boolean;
  readonly author: string;
}

const ticket = defineMachine({
  id: 'ticket',
  states: ['draft', 'review', 'approved', 'archived', 'orphan'],
  initial: 'draft',
  final: ['archived'],
  roles: ['author', 'moderator'],
  types: {} as { context: TicketContext; events: TicketEvent; effects: TicketEffect },
  events: {
    submit: {
      from: 'draft',
      to: 'review',
      roles: ['author'],
      guard: { name: 'complete', source: 'DG-4', seeAlso: ['DG-3'], description: 'a ticket must be complete', check: (c) => c.complete },
      effects: (context) => [{ type: 'notify', who: context.author }],
      sources: ['DG-4'],
    },
    approve: {
      from: 'review',
      to: 'approved',
      roles: ['moderator'],
      guard: { name: 'has_note', check: (_c, e) => e.note.length > 0 },
      effects: [{ type: 'log' }],
    },
    reject: { from: ['review', 'approved'], to: 'draft', roles: ['moderator'] },
    archive: [
      { from: 'approved', to: 'archived' },
      { from: 'draft', to: 'archived', effects: [{ type: 'log' }] },
    ],
  },
});

const context: TicketContext = { complete: true, author: 'ana' };

function expectError(result: ReturnType<typeof transition>): PolityError {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a refusal');
  expect(isPolityError(result.error)).toBe(true);
  return result.error;
}

describe('defineMachine', () => {
  it('keeps states, events and transitions in declaration order, normalised and frozen', () => {
    expect(ticket.id).toBe('ticket');
    expect(ticket.states).toEqual(['draft', 'review', 'approved', 'archived', 'orphan']);
    expect(ticket.events).toEqual(['submit', 'approve', 'reject', 'archive']);
    expect(ticket.final).toEqual(['archived']);
    expect(ticket.roles).toEqual(['author', 'moderator']);
    expect(ticket.transitions.map((t) => `${t.event}:${t.from.join('|')}->${t.to}`)).toEqual([
      'submit:draft->review',
      'approve:review->approved',
      'reject:review|approved->draft',
      'archive:approved->archived',
      'archive:draft->archived',
    ]);
    expect(Object.isFrozen(ticket)).toBe(true);
    expect(Object.isFrozen(ticket.transitions)).toBe(true);
    expect(Object.isFrozen(ticket.transitions[0])).toBe(true);
  });

  it('lists the roles transitions name when none are declared', () => {
    const m = defineMachine({
      id: 'm',
      states: ['a', 'b'],
      initial: 'a',
      types: {} as { context: null; events: { type: 'go' } | { type: 'back' } },
      events: { go: { from: 'a', to: 'b', roles: ['x', 'y'] }, back: { from: 'b', to: 'a', roles: ['y', 'z'] } },
    });
    expect(m.roles).toEqual(['x', 'y', 'z']);
    expect(m.final).toEqual([]);
  });

  // Definitions that types would reject can still come from JavaScript or be built dynamically.
  const broken: [string, () => unknown, string][] = [
    ['an unknown initial state', () => defineMachine({ id: 'x', states: ['a'], initial: 'b' as 'a', types: {} as { context: null; events: { type: 'e' } }, events: { e: { from: 'a', to: 'a' } } }), 'initial names unknown state "b"'],
    ['an unknown final state', () => defineMachine({ id: 'x', states: ['a'], initial: 'a', final: ['z' as 'a'], types: {} as { context: null; events: { type: 'e' } }, events: { e: { from: 'a', to: 'a' } } }), 'final names unknown state "z"'],
    ['a state declared twice', () => defineMachine({ id: 'x', states: ['a', 'a'], initial: 'a', types: {} as { context: null; events: { type: 'e' } }, events: { e: { from: 'a', to: 'a' } } }), 'state "a" is declared twice'],
    ['an unknown target state', () => defineMachine({ id: 'x', states: ['a'], initial: 'a', types: {} as { context: null; events: { type: 'e' } }, events: { e: { from: 'a', to: 'q' as 'a' } } }), 'event "e" names unknown state "q"'],
    ['an unknown source state', () => defineMachine({ id: 'x', states: ['a'], initial: 'a', types: {} as { context: null; events: { type: 'e' } }, events: { e: { from: ['q' as 'a'], to: 'a' } } }), 'event "e" names unknown state "q"'],
    ['a transition with no source state', () => defineMachine({ id: 'x', states: ['a'], initial: 'a', types: {} as { context: null; events: { type: 'e' } }, events: { e: { from: [], to: 'a' } } }), 'a transition of "e" has no source state'],
    ['an event with no transition', () => defineMachine({ id: 'x', states: ['a'], initial: 'a', types: {} as { context: null; events: { type: 'e' } }, events: { e: [] } }), 'event "e" has no transition'],
    ['two transitions for one (state, event)', () => defineMachine({ id: 'x', states: ['a', 'b'], initial: 'a', types: {} as { context: null; events: { type: 'e' } }, events: { e: [{ from: 'a', to: 'b' }, { from: ['b', 'a'], to: 'a' }] } }), 'event "e" has two transitions from state "a"'],
    ['a transition leaving a final state', () => defineMachine({ id: 'x', states: ['a', 'b'], initial: 'a', final: ['b'], types: {} as { context: null; events: { type: 'e' } }, events: { e: { from: ['a', 'b'], to: 'b' } } }), 'event "e" leaves final state "b"'],
    ['an undeclared role', () => defineMachine({ id: 'x', states: ['a'], initial: 'a', roles: ['r'], types: {} as { context: null; events: { type: 'e' } }, events: { e: { from: 'a', to: 'a', roles: ['s' as 'r'] } } }), 'event "e" names undeclared role "s"'],
  ];
  it.each(broken)('refuses %s with an internal error', (_what, define, message) => {
    let caught: unknown;
    try {
      define();
    } catch (error) {
      caught = error;
    }
    expect(isPolityError(caught, 'internal')).toBe(true);
    expect((caught as PolityError).message).toBe(`machine x: ${message}`);
  });
});

describe('transition', () => {
  it('moves to the target state and returns fixed effects', () => {
    expect(transition(ticket, 'review', { type: 'approve', note: 'fine' }, { context })).toEqual({
      ok: true,
      state: 'approved',
      effects: [{ type: 'log' }],
    });
  });

  it('computes effects from the context and the event', () => {
    expect(transition(ticket, 'draft', { type: 'submit' }, { context: { complete: true, author: 'bo' } })).toEqual({
      ok: true,
      state: 'review',
      effects: [{ type: 'notify', who: 'bo' }],
    });
  });

  it('returns no effects when the transition declares none, and picks the transition by source state', () => {
    expect(transition(ticket, 'approved', { type: 'archive' }, { context })).toEqual({ ok: true, state: 'archived', effects: [] });
    expect(transition(ticket, 'draft', { type: 'archive' }, { context })).toEqual({ ok: true, state: 'archived', effects: [{ type: 'log' }] });
  });

  it('hands out a copy of the effects, so a caller cannot change the machine', () => {
    const first = transition(ticket, 'review', { type: 'approve', note: 'x' }, { context });
    if (!first.ok) throw first.error;
    (first.effects as TicketEffect[]).push({ type: 'log' });
    const second = transition(ticket, 'review', { type: 'approve', note: 'x' }, { context });
    expect(second.ok && second.effects).toEqual([{ type: 'log' }]);
  });

  it('refuses an event that is illegal in the state with invalid_transition, naming the legal events', () => {
    const error = expectError(transition(ticket, 'draft', { type: 'approve', note: 'x' }, { context }));
    expect(error.code).toBe('invalid_transition');
    expect(error.details).toEqual({ machine: 'ticket', state: 'draft', event: 'approve' });
    expect(error.message).toBe('ticket: event "approve" is not allowed in state "draft" (legal in state "draft": submit, archive)');
  });

  it('says so when the state is final', () => {
    const error = expectError(transition(ticket, 'archived', { type: 'reject' }, { context }));
    expect(error.code).toBe('invalid_transition');
    expect(error.message).toContain('state "archived" is final');
  });

  it('says so when no event leaves a state that is not final', () => {
    const error = expectError(transition(ticket, 'orphan', { type: 'reject' }, { context }));
    expect(error.message).toContain('no event is legal in state "orphan"');
  });

  it('refuses an unknown event or state at run time instead of ignoring it', () => {
    const unknownEvent = expectError(transition(ticket, 'draft', { type: 'teleport' } as unknown as TicketEvent, { context }));
    expect(unknownEvent.details).toEqual({ machine: 'ticket', state: 'draft', event: 'teleport' });
    const unknownState = expectError(transition(ticket, 'limbo' as 'draft', { type: 'submit' }, { context }));
    expect(unknownState.code).toBe('invalid_transition');
  });

  it('DG-4: a failing guard refuses with invalid_transition naming the guard and its rule', () => {
    const error = expectError(transition(ticket, 'draft', { type: 'submit' }, { context: { complete: false, author: 'ana' } }));
    expect(error.code).toBe('invalid_transition');
    expect(error.details).toEqual({ machine: 'ticket', state: 'draft', event: 'submit', guard: 'complete', source: 'DG-4' });
    expect(error.message).toBe('ticket: event "submit" refused in state "draft" by guard "complete" (DG-4, DG-3): a ticket must be complete');
  });

  it('a guard reads the event and, without a rule, reports no source', () => {
    const error = expectError(transition(ticket, 'review', { type: 'approve', note: '' }, { context }));
    expect(error.details).toEqual({ machine: 'ticket', state: 'review', event: 'approve', guard: 'has_note' });
    expect(error.message).toBe('ticket: event "approve" refused in state "review" by guard "has_note"');
  });

  it('does not check roles when none are given', () => {
    expect(transition(ticket, 'review', { type: 'reject' }, { context }).ok).toBe(true);
  });

  it('refuses with forbidden when none of the given roles may fire the event', () => {
    const error = expectError(transition(ticket, 'review', { type: 'reject' }, { context, roles: ['author'] }));
    expect(error.code).toBe('forbidden');
    // The message names no roles; the summary in the explanation does.
    expect(error.details).toEqual({
      action: 'ticket.reject',
      reason: 'machine_role',
      explanation: {
        summary: 'ticket: event "reject" may be fired by moderator, not by author',
        machine: 'ticket',
        state: 'review',
        event: 'reject',
        roles: ['author'],
        allowedRoles: ['moderator'],
      },
    });
    expect(error.message).toBe('not allowed to ticket.reject: the lifecycle does not allow it to this actor');
  });

  it('treats an empty role list as an actor with no role', () => {
    const error = expectError(transition(ticket, 'review', { type: 'reject' }, { context, roles: [] }));
    expect(error.code).toBe('forbidden');
    expect((error.details as { explanation: { summary: string } }).explanation.summary).toContain('not by an actor with no role');
  });

  it('accepts when any one of the given roles may fire the event', () => {
    expect(transition(ticket, 'review', { type: 'reject' }, { context, roles: ['author', 'moderator'] }).ok).toBe(true);
  });

  it('lets anyone fire a transition that declares no roles', () => {
    expect(transition(ticket, 'approved', { type: 'archive' }, { context, roles: [] }).ok).toBe(true);
  });

  it('checks roles before the guard, so an unauthorised actor cannot probe what the guard reads', () => {
    const error = expectError(transition(ticket, 'draft', { type: 'submit' }, { context: { complete: false, author: 'ana' }, roles: ['moderator'] }));
    expect(error.code).toBe('forbidden');
  });

  it('checks legality before roles', () => {
    const error = expectError(transition(ticket, 'draft', { type: 'reject' }, { context, roles: ['author'] }));
    expect(error.code).toBe('invalid_transition');
  });
});

describe('transitionOrThrow', () => {
  it('returns the next state and effects', () => {
    expect(transitionOrThrow(ticket, 'draft', { type: 'submit' }, { context })).toEqual({ state: 'review', effects: [{ type: 'notify', who: 'ana' }] });
  });

  it('throws the error transition would return', () => {
    expect(() => transitionOrThrow(ticket, 'archived', { type: 'submit' }, { context })).toThrow(
      expect.objectContaining({ code: 'invalid_transition', details: { machine: 'ticket', state: 'archived', event: 'submit' } }),
    );
    expect(() => transitionOrThrow(ticket, 'review', { type: 'reject' }, { context, roles: ['author'] })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });
});

describe('can', () => {
  it('answers what transition would, as a boolean', () => {
    expect(can(ticket, 'draft', { type: 'submit' }, { context })).toBe(true);
    expect(can(ticket, 'draft', { type: 'submit' }, { context: { complete: false, author: 'ana' } })).toBe(false);
    expect(can(ticket, 'draft', { type: 'submit' }, { context, roles: ['moderator'] })).toBe(false);
    expect(can(ticket, 'archived', { type: 'submit' }, { context })).toBe(false);
  });
});

describe('eventsFrom', () => {
  it('lists the events legal in a state, in declaration order, before roles and guards', () => {
    expect(eventsFrom(ticket, 'draft')).toEqual(['submit', 'archive']);
    expect(eventsFrom(ticket, 'review')).toEqual(['approve', 'reject']);
    expect(eventsFrom(ticket, 'approved')).toEqual(['reject', 'archive']);
  });

  it('lists nothing for a final state', () => {
    expect(eventsFrom(ticket, 'archived')).toEqual([]);
  });
});

describe('toMermaid', () => {
  const text = toMermaid(ticket);
  const lines = text.split('\n');

  it('is a stateDiagram-v2 starting at the initial state', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines[1]).toBe('  [*] --> draft');
  });

  it('draws one edge per source state and event, labelled event [guard]', () => {
    expect(lines).toContain('  draft --> review: submit [complete]');
    expect(lines).toContain('  review --> approved: approve [has_note]');
    expect(lines).toContain('  review --> draft: reject');
    expect(lines).toContain('  approved --> draft: reject');
    expect(lines).toContain('  approved --> archived: archive');
    expect(lines).toContain('  draft --> archived: archive');
  });

  it('orders edges by source state, then event, and ends with the final states', () => {
    expect(lines).toEqual([
      'stateDiagram-v2',
      '  [*] --> draft',
      '  draft --> review: submit [complete]',
      '  draft --> archived: archive',
      '  review --> approved: approve [has_note]',
      '  review --> draft: reject',
      '  approved --> draft: reject',
      '  approved --> archived: archive',
      '  orphan',
      '  archived --> [*]',
    ]);
  });

  it('is deterministic', () => {
    expect(toMermaid(ticket)).toBe(text);
  });
});

describe('toTransitionTable', () => {
  it('lists every transition with guard rules, roles, effects and sources', () => {
    const rows = toTransitionTable(ticket).split('\n');
    expect(rows[0]).toBe('| event | from | to | guard (rules) | roles | effects | rules |');
    expect(rows).toContain('| `submit` | `draft` | `review` | `complete` (DG-4, DG-3) | `author` | (computed) | DG-4 |');
    expect(rows).toContain('| `approve` | `review` | `approved` | `has_note` | `moderator` | `log` | — |');
    expect(rows).toContain('| `reject` | `review`, `approved` | `draft` | — | `moderator` | — | — |');
    expect(rows).toContain('| `archive` | `approved` | `archived` | — | any | — | — |');
    expect(rows).toHaveLength(2 + ticket.transitions.length);
  });
});

describe('actions and creations', () => {
  const counter = defineMachine({
    id: 'counter',
    states: ['open', 'closed'],
    initial: 'open',
    final: ['closed'],
    roles: ['owner', 'guest'],
    types: {} as { context: { n: number }; events: { type: 'close' }; effects: { type: 'announce' } },
    creation: { action: 'counter.create', roles: ['owner'], effects: (context) => (context.n > 0 ? [{ type: 'announce' }] : []), sources: ['OURS-1'] },
    events: { close: { from: 'open', to: 'closed', action: 'counter.close' } },
  });

  it('names the policy action of an event and of the creation', () => {
    expect(actionOf(counter, 'close')).toBe('counter.close');
    expect(actionOf(counter, 'create')).toBe('counter.create');
    expect(() => actionOf(ticket, 'reject')).toThrow(/names no action/);
  });

  it('enters through the creation: the initial state, the computed effects, roles checked', () => {
    expect(enter(counter, { context: { n: 2 }, roles: ['owner'] })).toEqual({ ok: true, state: 'open', effects: [{ type: 'announce' }] });
    expect(enterOrThrow(counter, { context: { n: 0 } })).toEqual({ state: 'open', effects: [] });
    const refused = enter(counter, { context: { n: 0 }, roles: ['guest'] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.details).toMatchObject({ action: 'counter.create', reason: 'machine_role' });
    expect(() => enter(ticket, { context })).toThrow(/no creation transition/);
  });

  it('draws the creation as the first edge and lists it first in the table, with the actions', () => {
    expect(toMermaid(counter).split('\n')[1]).toBe('  [*] --> open: create');
    const table = toTransitionTable(counter).split('\n');
    expect(table[0]).toBe('| event | from | to | guard (rules) | roles | action | effects | rules |');
    expect(table[2]).toBe('| `create` | (new) | `open` | — | `owner` | `counter.create` | (computed) | OURS-1 |');
    expect(table[3]).toBe('| `close` | `open` | `closed` | — | any | `counter.close` | — | — |');
  });

  it('refuses transitions of one event that name different actions', () => {
    expect(() =>
      defineMachine({
        id: 'split',
        states: ['a', 'b'],
        initial: 'a',
        types: {} as { context: null; events: { type: 'go' } },
        events: { go: [{ from: 'a', to: 'b', action: 'x.one' }, { from: 'b', to: 'a', action: 'x.two' }] },
      }),
    ).toThrow(/different actions/);
  });
});
