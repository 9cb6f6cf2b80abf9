import { describe, expect, it } from 'vitest';
import { languages } from '../domain/primitives';
import type { Scope, ScopeType } from '../domain/scope';
import { createPolicy } from '../policy/policy';
import { standardActions } from './actions';
import { dataGovCy, ePresence, megalis, oneKa, profiles, selfcare } from './index';
import { at, who } from './rule-cases.testkit';

/** The RULES.md prefix of each shipped profile and its highest rule number. */
const ruleBooks = { 'e-presence': ['EP', 17], selfcare: ['SC', 16], 'data-gov-cy': ['DG', 4], 'one-ka': ['KA', 13], megalis: ['MB', 12] } as const;

describe('shipped profiles', () => {
  it('are the five platforms, by name', () => {
    expect(profiles).toEqual({ ePresence, selfcare, dataGovCy, oneKa, megalis });
    expect(Object.values(profiles).map((p) => [p.id, p.defaultLanguage])).toEqual([
      ['e-presence', 'el'],
      ['selfcare', 'it'],
      ['data-gov-cy', 'el'],
      ['one-ka', 'sl'],
      ['megalis', 'fr'],
    ]);
  });

  for (const profile of Object.values(profiles)) {
    describe(profile.id, () => {
      it('labels every role in all five languages', () => {
        for (const role of profile.roles) for (const language of languages) expect(role.labels[language].trim()).not.toBe('');
      });

      it('declares the standard action catalogue', () => {
        expect(profile.actions.map((a) => a.name)).toEqual(standardActions.map((a) => a.name));
      });

      it('traces every rule and grant rule to its rule book (an ID, or a documented -open / -real choice)', () => {
        const [prefix, highest] = ruleBooks[profile.id as keyof typeof ruleBooks];
        for (const source of [...profile.rules.map((r) => r.source), ...profile.grants.rules.map((g) => g.source)]) {
          const match = new RegExp(`^${prefix}-(\\d+|open|real)$`).exec(source);
          expect(match, source).not.toBeNull();
          if (match && /^\d+$/.test(match[1]!)) expect(Number(match[1])).toBeLessThanOrEqual(highest);
        }
      });

      it('lets the bootstrap platform admin act at platform scope', () => {
        const policy = createPolicy(profile);
        const admin = who('root', [at.platform(profile.platformAdminRole)]);
        const scopeFor = (type: ScopeType): Scope =>
          type === 'platform'
            ? { type }
            : type === 'organisation'
              ? { type, organisationId: 'o1' }
              : type === 'unit'
                ? { type, organisationId: 'o1', unitId: 'u1' }
                : { type, organisationId: 'o1', productId: 'p1' };
        const grantable = profile.roles.filter((role) => policy.canGrant(admin, role.name, scopeFor(role.assignableAt[0]!)));
        expect(grantable.length).toBeGreaterThan(0);
      });

      it('defaults to the platform limits of EP-1 and EP-2', () => {
        expect(profile.limits).toMatchObject({ meetingMaxMinutes: 720, meetingMaxParticipants: 300 });
      });
    });
  }
});
