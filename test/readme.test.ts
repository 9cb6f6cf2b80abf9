// Keeps the README's quick start honest: the block marked "quickstart" is written to a module and run.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const block = /<!-- quickstart[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
const dir = new URL('./.readme/', import.meta.url);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the README quick start runs and prints what it says', async () => {
  expect(block, 'README has a quickstart block').toBeTruthy();
  mkdirSync(dir, { recursive: true });
  const file = new URL('./quickstart.ts', dir);
  writeFileSync(file, `${block}\nexport {};\n`);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
  });
  try {
    await import(/* @vite-ignore */ file.href);
  } finally {
    log.mockRestore();
  }
  expect(lines[0]).toBe('true ["EP-real"]');
  expect(lines[1]).toMatch(/^Not permitted: user_2 holds unit coordinator of unit unit_1/);
  expect(lines[1]).toContain('EP-5 (rule ep-5-manage-own-meetings) allows unit coordinator of unit unit_1 of organisation org_1 only when the meeting\'s organiserId is "user_2"');
  expect(lines[2]).toMatch(/^refused: the platform already has an administrator/);
});
