import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { profiles } from '../profiles/index';
import { permissionMatrix } from './matrix';

const docs = (file: string) => fileURLToPath(new URL(`../../docs/permissions/${file}`, import.meta.url));

describe('permission matrices', () => {
  for (const profile of Object.values(profiles)) {
    it(`docs/permissions/${profile.id}.md is up to date (else run npx tsx scripts/permission-matrix.ts)`, () => {
      expect(readFileSync(docs(`${profile.id}.md`), 'utf8')).toBe(permissionMatrix(profile));
    });
  }

  it('prints every role with its label, and every condition in words with its source', () => {
    const text = permissionMatrix(profiles.ePresence);
    expect(text).toContain('| `organisation_coordinator` | Συντονιστής Φορέα | Organisation coordinator | `unit_coordinator`, `user` | organisation | no |');
    expect(text).toContain("✓ if the meeting's organiserId is them (EP-5)");
    expect(text).toContain("✗ never if the user's hasMeetings is not false (EP-11)");
    expect(text).toContain('| platform admin | organisation coordinator, unit coordinator, user | the `roleChangeRequest` workflow | EP-6 |');
  });

  it('renders the same text every time (no clock, no randomness)', () => {
    expect(permissionMatrix(profiles.megalis)).toBe(permissionMatrix(profiles.megalis));
  });
});
