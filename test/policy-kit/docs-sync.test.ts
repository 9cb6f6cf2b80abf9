// docs/testing-policies.md quotes its code from files the project type-checks and runs. Each ```ts block
// follows a `<!-- snippet: <file>#<region> -->` marker and must equal that region of that file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const doc = readFileSync(new URL('docs/testing-policies.md', root), 'utf8');

/** The lines between `// #region <name>` and the next `// #endregion`, as written. */
function region(file: string, name: string): string {
  const lines = readFileSync(new URL(file, root), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  if (start < 0) throw new Error(`${file} has no region ${name}`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// #endregion');
  return lines.slice(start + 1, end).join('\n').trim();
}

const blocks = [...doc.matchAll(/(?:<!-- snippet: (\S+)#(\S+) -->\n)?```ts\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1], region: m[2], code: m[3]!.trim() }));

describe('docs/testing-policies.md', () => {
  it('has TypeScript blocks, each quoting a region of a checked file', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    for (const block of blocks) expect(block.file, block.code.slice(0, 80)).toBeDefined();
  });

  it.each(blocks.filter((b) => b.file !== undefined).map((b) => [`${b.file}#${b.region}`, b] as const))('quotes %s verbatim', (_, block) => {
    expect(block.code).toBe(region(block.file!, block.region!));
  });

  it('quotes every region of the example, so the walkthrough covers it all', () => {
    const quoted = new Set(blocks.map((b) => `${b.file}#${b.region}`));
    for (const name of ['imports', 'who', 'fixtures', 'matchers', 'coverage', 'diff']) expect(quoted).toContain(`test/policy-kit/docs/our-presence.policy.test.ts#${name}`);
  });
});
