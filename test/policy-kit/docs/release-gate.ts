// A snippet of docs/testing-policies.md: type-checked with the project, never run (its file name is not a
// test's, and the snapshot it reads is the integrator's).
// #region gate
// test/release-gate.test.ts
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { defineProfile, type Profile } from 'polity';
import { expectNoNewAccess, formatPolicyDiff } from 'polity/testing';
import { ourPresence } from './our-presence';

// At each release: writeFileSync('test/our-presence.released.json', JSON.stringify(ourPresence, null, 2)).
const released = defineProfile(JSON.parse(readFileSync(new URL('./our-presence.released.json', import.meta.url), 'utf8')) as Profile);

it('the change under review grants nothing the last release did not', () => {
  const diff = expectNoNewAccess(released, ourPresence); // throws, listing each gain with a witness
  console.log(formatPolicyDiff(diff)); // what it takes away, for the reviewer
});
// #endregion
