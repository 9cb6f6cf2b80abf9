/**
 * Writes docs/permissions/<profile id>.md, the permission matrix of every shipped profile. Run
 * `npx tsx scripts/permission-matrix.ts` after changing a profile; `src/policy/matrix.test.ts` fails while a
 * committed matrix differs from what this renders.
 *
 * Importing this file writes nothing: only running it does.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profiles } from '../src/profiles/index';
import { profileMatrix } from '../src/profiles/profile-matrix';

/** Where the matrices go, relative to the repository root. */
export const permissionDocsDir = 'docs/permissions';

/** Every page: its file name inside {@link permissionDocsDir} and its text. */
export function permissionPages(): { readonly file: string; readonly content: string }[] {
  return Object.values(profiles).map((profile) => ({ file: `${profile.id}.md`, content: profileMatrix(profile) }));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = join(root, permissionDocsDir);
  mkdirSync(dir, { recursive: true });
  for (const page of permissionPages()) {
    writeFileSync(join(dir, page.file), page.content);
    console.log(`wrote ${join(permissionDocsDir, page.file)}`);
  }
}
