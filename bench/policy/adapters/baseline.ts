/**
 * Hand-written reference: roles by user in a Map, then a direct check. The practical limit a library's check can
 * be compared with (adapted from shared/bench/adapters/baseline.mjs).
 *
 * @module
 */
import { roundRobin } from '../round-robin';
import { ROLE, type Meeting, type Query, type Scenario, type ScenarioRole } from '../scenario';
import type { Adapter, AdapterSetup } from '../types';

interface HeldRole {
  readonly role: ScenarioRole;
  readonly organisationId: string | undefined;
}

export const baseline: Adapter = {
  key: 'map',
  lib: 'Map baseline (hand-written)',
  setup(s: Scenario): AdapterSetup {
    const rolesByUser = new Map<string, HeldRole[]>();
    for (const a of s.roleAssignments) {
      let list = rolesByUser.get(a.userId);
      if (!list) rolesByUser.set(a.userId, (list = []));
      list.push({ role: a.role, organisationId: a.organisationId });
    }
    function canManage(userId: string, meeting: Meeting): boolean {
      const roles = rolesByUser.get(userId);
      if (roles === undefined) return false;
      for (let i = 0; i < roles.length; i++) {
        const r = roles[i]!;
        if (r.role === ROLE.PLATFORM_ADMIN) return true;
        if (r.role === ROLE.ORG_COORDINATOR && r.organisationId === meeting.organisationId) return true;
        if (r.role === ROLE.UNIT_COORDINATOR && meeting.organiserId === userId) return true;
      }
      return false;
    }
    const large = roundRobin(s).large;
    return {
      retained: rolesByUser,
      // The principal-cache rows' reference: the same round-robin questions, straight from the Map.
      cacheChecks: [
        {
          key: 'map-rr-large',
          lib: 'Map baseline',
          call: `canManage(userId, meeting), ${large.userIds.length.toLocaleString('en-US')} users in turn`,
          questions: large.queries,
          principals: large.userIds.length,
          check: (q: Query) => canManage(q.userId, q.meeting),
          pass(qs, from, to) {
            let n = 0;
            for (let i = from; i < to; i++) {
              const q = qs[i]!;
              if (canManage(q.userId, q.meeting)) n++;
            }
            return n;
          },
        },
      ],
      note: `Map of ${rolesByUser.size.toLocaleString('en-US')} users with a role`,
      checks: [
        {
          key: 'map',
          lib: 'Map baseline',
          call: 'canManage(userId, meeting)',
          check: (q: Query) => canManage(q.userId, q.meeting),
          pass(qs, from, to) {
            let n = 0;
            for (let i = from; i < to; i++) {
              const q = qs[i]!;
              if (canManage(q.userId, q.meeting)) n++;
            }
            return n;
          },
        },
      ],
    };
  },
};
