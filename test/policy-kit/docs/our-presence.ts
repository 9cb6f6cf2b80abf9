// A snippet of docs/testing-policies.md: the integrator's profile, imported by the example test.
// #region profile
import { extendProfile, profiles, when } from 'polity';

// Our platform: e:Presence, plus one rule of our own. OURS-1 is our reference for it.
export const ourPresence = extendProfile(profiles.ePresence, {
  id: 'our-presence',
  rules: [
    {
      id: 'ours-unit-users',
      source: 'OURS-1',
      effect: 'allow',
      roles: ['unit_coordinator'],
      actions: ['user.read_profile'],
      resource: 'user',
      when: when.eq('resource.role', 'user'),
      description: 'A unit coordinator sees the plain users of their unit.',
    },
  ],
});
// #endregion
