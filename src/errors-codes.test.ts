// Every issue code polity's sources give (a zod refinement's `params.reason`, an issue's `code`, the code
// argument of an `invalidInput` call) is one of the closed InputIssueCode union: a code outside it would
// reach callers as `custom` (toInputIssues) or fail to compile.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inputIssueCodes } from './errors';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('issue codes', () => {
  it('every params.reason of a schema refinement is an InputIssueCode', () => {
    const found = new Map<string, string>();
    for (const file of [...sources(join(root, 'src')), ...sources(join(root, 'adapters'))]) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/params: \{ reason: '([a-z_]+)' \}/g)) found.set(match[1]!, file);
    }
    expect(found.size).toBeGreaterThan(10);
    const unknown = [...found].filter(([code]) => !inputIssueCodes.includes(code as never)).map(([code, file]) => `${code} (${file.slice(root.length)})`);
    expect(unknown).toEqual([]);
  });
});
