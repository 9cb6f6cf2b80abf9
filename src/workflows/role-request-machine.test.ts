import { describe, expect, it } from 'vitest';
import { isPolityError } from '../errors';
import { can, eventsFrom, toMermaid, transition } from './machine';
import { roleRequestMachine, type RoleRequestContext } from './role-request-machine';

const unitRequest: RoleRequestContext = { roleNeedsUnit: true, namesExistingUnit: true, namesNewUnit: false };
const orgRequest: RoleRequestContext = { roleNeedsUnit: false, namesExistingUnit: false, namesNewUnit: false };

describe('roleRequestMachine', () => {
  it('EP-6: a new request is approved or rejected by a platform admin', () => {
    expect(transition(roleRequestMachine, 'new', { type: 'approve' }, { context: orgRequest, roles: ['platform_admin'] })).toEqual({
      ok: true,
      state: 'approved',
      effects: [{ type: 'grant_role' }, { type: 'notify_requester' }],
    });
    expect(transition(roleRequestMachine, 'new', { type: 'reject' }, { context: orgRequest, roles: ['platform_admin'] })).toEqual({
      ok: true,
      state: 'rejected',
      effects: [{ type: 'notify_requester' }],
    });
  });

  it('EP-6: a request naming a new unit creates it on approval, before granting', () => {
    const result = transition(roleRequestMachine, 'new', { type: 'approve' }, {
      context: { roleNeedsUnit: true, namesExistingUnit: false, namesNewUnit: true },
    });
    expect(result.ok && result.effects.map((e) => e.type)).toEqual(['create_unit', 'grant_role', 'notify_requester']);
    expect(can(roleRequestMachine, 'new', { type: 'approve' }, { context: unitRequest })).toBe(true);
  });

  it('EP-6: deciding twice is invalid_transition', () => {
    for (const state of ['approved', 'rejected'] as const) {
      for (const type of ['approve', 'reject'] as const) {
        const result = transition(roleRequestMachine, state, { type }, { context: orgRequest, roles: ['platform_admin'] });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(isPolityError(result.error, 'invalid_transition')).toBe(true);
      }
      expect(eventsFrom(roleRequestMachine, state)).toEqual([]);
    }
  });

  it('EP-6: a unit-coordinator request without a unit is refused by guard unit_named', () => {
    const result = transition(roleRequestMachine, 'new', { type: 'approve' }, {
      context: { roleNeedsUnit: true, namesExistingUnit: false, namesNewUnit: false },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.details).toMatchObject({ guard: 'unit_named', source: 'EP-6' });
  });

  it('EP-6: only platform admins decide', () => {
    const result = transition(roleRequestMachine, 'new', { type: 'approve' }, { context: orgRequest, roles: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(isPolityError(result.error, 'forbidden')).toBe(true);
  });

  it('X-3: draws itself', () => {
    expect(toMermaid(roleRequestMachine)).toBe(
      ['stateDiagram-v2', '  [*] --> new: create', '  new --> approved: approve [unit_named]', '  new --> rejected: reject', '  approved --> [*]', '  rejected --> [*]'].join('\n'),
    );
  });
});
