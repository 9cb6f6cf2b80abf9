/**
 * CASL, the idiomatic way (adapted from shared/bench/adapters/casl.mjs): one Ability per user, built with
 * AbilityBuilder from the user's role assignments and cached per user; check = `ability.can('manage', meeting)`.
 * Meetings are instances of class Meeting, so CASL detects the subject type by constructor name (its default).
 *
 * @module
 */
import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { pkgVersion } from '../../lib/env';
import { ROLE, type Query, type Scenario, type ScenarioAssignment } from '../scenario';
import type { Adapter, AdapterSetup } from '../types';

export const caslVersion = pkgVersion('@casl/ability');

export function defineAbilityFor(userId: string, assignments: readonly ScenarioAssignment[]): MongoAbility {
  const { can, build } = new AbilityBuilder<MongoAbility>(createMongoAbility);
  for (const a of assignments) {
    if (a.role === ROLE.PLATFORM_ADMIN) can('manage', 'Meeting');
    else if (a.role === ROLE.ORG_COORDINATOR) can('manage', 'Meeting', { organisationId: a.organisationId! });
    else if (a.role === ROLE.UNIT_COORDINATOR) can('manage', 'Meeting', { organiserId: userId });
  }
  return build();
}

const NONE: readonly ScenarioAssignment[] = [];

export const casl: Adapter = {
  key: 'casl',
  lib: `@casl/ability ${caslVersion}`,
  setup(s: Scenario): AdapterSetup {
    // The app's own role store (what defineAbilityFor reads); built here so the heap figure is honest.
    const assignmentsByUser = new Map<string, ScenarioAssignment[]>();
    for (const a of s.roleAssignments) {
      let list = assignmentsByUser.get(a.userId);
      if (!list) assignmentsByUser.set(a.userId, (list = []));
      list.push(a);
    }
    const abilities = new Map<string, MongoAbility>(); // per-user cache
    const abilityFor = (userId: string): MongoAbility => {
      let ab = abilities.get(userId);
      if (ab === undefined) {
        ab = defineAbilityFor(userId, assignmentsByUser.get(userId) ?? NONE);
        abilities.set(userId, ab);
      }
      return ab;
    };
    // warm the cache for every user that appears in the questions: the warm check measures a built ability
    for (const q of s.queries) abilityFor(q.userId);

    const buildAndCheck = (q: Query) => defineAbilityFor(q.userId, assignmentsByUser.get(q.userId) ?? NONE).can('manage', q.meeting);
    return {
      retained: [assignmentsByUser, abilities],
      perItem: { count: abilities.size, what: 'ability' },
      note: `${abilities.size.toLocaleString('en-US')} abilities cached (every user in the questions) + the app's Map of assignments by user`,
      checks: [
        {
          key: 'casl',
          lib: `@casl/ability ${caslVersion}`,
          call: "ability.can('manage', meeting), ability cached per user",
          check: (q: Query) => abilityFor(q.userId).can('manage', q.meeting),
          pass(qs, from, to) {
            let n = 0;
            for (let i = from; i < to; i++) {
              const q = qs[i]!;
              if (abilityFor(q.userId).can('manage', q.meeting)) n++;
            }
            return n;
          },
        },
      ],
      firstCheck: {
        lib: `@casl/ability ${caslVersion}`,
        call: "assignments from the Map → defineAbilityFor (AbilityBuilder + build) → can('manage', meeting)",
        check: buildAndCheck,
        pass(qs, from, to) {
          let n = 0;
          for (let i = from; i < to; i++) {
            const q = qs[i]!;
            if (defineAbilityFor(q.userId, assignmentsByUser.get(q.userId) ?? NONE).can('manage', q.meeting)) n++;
          }
          return n;
        },
      },
    };
  },
};
