import { describe, expect, it } from 'vitest';
import { isPolityError } from '../errors';
import { eventsFrom, toMermaid, transition } from './machine';
import { licenceRequestMachine } from './licence-request-machine';

describe('licenceRequestMachine', () => {
  it('MB-3: an open request is granted (raising the allocation, then telling the requester) or refused by the operator', () => {
    expect(transition(licenceRequestMachine, 'requested', { type: 'grant' }, { context: { noteGiven: false }, roles: ['operator'] })).toEqual({
      ok: true,
      state: 'granted',
      effects: [{ type: 'raise_allocation' }, { type: 'notify_requester' }],
    });
    expect(transition(licenceRequestMachine, 'requested', { type: 'refuse' }, { context: { noteGiven: true }, roles: ['operator'] })).toEqual({
      ok: true,
      state: 'refused',
      effects: [{ type: 'notify_requester' }],
    });
  });

  it('MB-3: a refusal says why (guard refusal_explained)', () => {
    const result = transition(licenceRequestMachine, 'requested', { type: 'refuse' }, { context: { noteGiven: false }, roles: ['operator'] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.details).toMatchObject({ guard: 'refusal_explained', source: 'MB-3' });
  });

  it('MB-3: a request is decided once: deciding again is invalid_transition', () => {
    for (const state of ['granted', 'refused'] as const) {
      for (const type of ['grant', 'refuse'] as const) {
        const result = transition(licenceRequestMachine, state, { type }, { context: { noteGiven: true }, roles: ['operator'] });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(isPolityError(result.error, 'invalid_transition')).toBe(true);
      }
      expect(eventsFrom(licenceRequestMachine, state)).toEqual([]);
    }
  });

  it('MB-3: only the operator decides', () => {
    const result = transition(licenceRequestMachine, 'requested', { type: 'grant' }, { context: { noteGiven: false }, roles: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(isPolityError(result.error, 'forbidden')).toBe(true);
  });

  it('X-3: draws as a Mermaid state diagram', () => {
    expect(toMermaid(licenceRequestMachine)).toBe(
      ['stateDiagram-v2', '  [*] --> requested: create', '  requested --> granted: grant', '  requested --> refused: refuse [refusal_explained]', '  granted --> [*]', '  refused --> [*]'].join('\n'),
    );
  });
});
