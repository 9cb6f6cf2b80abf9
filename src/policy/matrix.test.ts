import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { profiles } from '../profiles/index';
import { profileMatrix } from '../profiles/profile-matrix';
import { permissionMatrix } from './matrix';

const docs = (file: string) => fileURLToPath(new URL(`../../docs/permissions/${file}`, import.meta.url));

describe('permission matrices', () => {
  for (const profile of Object.values(profiles)) {
    it(`docs/permissions/${profile.id}.md is up to date (else run npx tsx scripts/permission-matrix.ts)`, () => {
      expect(readFileSync(docs(`${profile.id}.md`), 'utf8')).toBe(profileMatrix(profile));
    });
  }

  it('prints every role with its label, and every condition in words with its source', () => {
    const text = profileMatrix(profiles.ePresence);
    expect(text).toContain('| `organisation_coordinator` | Συντονιστής Φορέα | Organisation coordinator | `unit_coordinator`, `user` | organisation | no |');
    expect(text).toContain("✓ if the meeting's organiserId is them (EP-5)");
    expect(text).toContain("✗ never if the user's hasMeetings is not false (EP-11)");
    expect(text).toContain('| platform admin | organisation coordinator, unit coordinator, user | the `roleChangeRequest` workflow | EP-6 |');
  });

  it('renders the same text every time (no clock, no randomness)', () => {
    expect(profileMatrix(profiles.megalis)).toBe(profileMatrix(profiles.megalis));
  });

  it('prints a bare definition (no labels, no settings) and takes the label language as an option', () => {
    const definition = {
      id: 'docs',
      roles: [{ name: 'reader', assignableAt: ['organisation' as const] }, { name: 'editor', inherits: ['reader'], assignableAt: ['organisation' as const], labels: { fr: 'Rédacteur' } }],
      actions: [{ name: 'doc.read', description: 'read a document' }],
      rules: [{ id: 'readers-read', source: 'DOC-1', effect: 'allow' as const, roles: ['reader'], actions: ['doc.read'], resource: 'doc' }],
      grants: { allowEqualLevel: false, rules: [] },
    };
    const text = permissionMatrix(definition, { language: 'fr' });
    expect(text.startsWith('# Permission matrix: docs (`docs`)\n\n## Roles')).toBe(true);
    expect(text).toContain('| `editor` | Rédacteur | — | `reader` | organisation | no |');
    expect(text).toContain('✓ (DOC-1)');
    expect(text).not.toContain('## Limits');
    // A profile given as a definition: its engine part only, its settings left to profileMatrix.
    expect(permissionMatrix(profiles.oneKa)).not.toContain('## Limits');
    expect(profileMatrix(profiles.oneKa)).toContain('## Limits, accounts, workflows');
  });
});
