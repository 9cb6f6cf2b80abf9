// Checks the BUILT package (npm test builds first): every export key loads, under import and, except the
// ESM-only testing kit, under require; and every tsup entry has its export key.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | Record<string, unknown>>;
};
const esmOnly = new Set(['./testing']);
const entries = Object.keys(manifest.exports).filter((key) => key !== './package.json');

function specifier(key: string): string {
  return key === '.' ? 'polity' : `polity/${key.slice(2)}`;
}

function run(code: string, type: 'module' | 'commonjs'): string {
  return execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], { cwd: root, encoding: 'utf8' }).trim();
}

describe('package exports', () => {
  it('has an export key for every tsup entry', async () => {
    const { default: configs } = await import('../tsup.config');
    const list = (Array.isArray(configs) ? configs : [configs]) as { entry: Record<string, string> }[];
    const names = list.flatMap((config) => Object.keys(config.entry));
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) expect(entries).toContain(name === 'index' ? '.' : `./${name.replace(/\/index$/, '')}`);
  });

  it.each(entries)('%s loads with import() and exports something', (key) => {
    const count = run(`const m = await import(${JSON.stringify(specifier(key))}); console.log(Object.keys(m).length)`, 'module');
    expect(Number(count)).toBeGreaterThan(0);
  });

  it.each(entries.filter((key) => !esmOnly.has(key)))('%s loads with require() and exports something', (key) => {
    const count = run(`console.log(Object.keys(require(${JSON.stringify(specifier(key))})).length)`, 'commonjs');
    expect(Number(count)).toBeGreaterThan(0);
  });

  it('./testing is ESM-only and says so to require()', () => {
    expect(() => run(`require('polity/testing')`, 'commonjs')).toThrow();
  });
});
