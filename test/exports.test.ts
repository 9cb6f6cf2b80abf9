// Checks the BUILT package (npm test builds first): every export key loads, under import and, except the
// ESM-only testing kit, under require; every tsup entry has its export key; and every entry exports exactly
// the runtime names listed in test/public-api.json, so an accidental export (an adapter internal leaking to
// the root, a helper forgotten in an index) fails here. An intended change: edit the list, or regenerate it
// with `UPDATE_PUBLIC_API=1 npx vitest run test/exports.test.ts` and read the diff before committing.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | Record<string, unknown>>;
};
const esmOnly = new Set(['./testing']);
const publicApiFile = fileURLToPath(new URL('./public-api.json', import.meta.url));
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

  it('every entry exports exactly the runtime names of test/public-api.json', () => {
    const actual: Record<string, string[]> = {};
    for (const key of entries) {
      const names = run(`const m = await import(${JSON.stringify(specifier(key))}); console.log(JSON.stringify(Object.keys(m).sort()))`, 'module');
      actual[specifier(key)] = JSON.parse(names) as string[];
    }
    if (process.env.UPDATE_PUBLIC_API === '1') writeFileSync(publicApiFile, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(publicApiFile, 'utf8')) as Record<string, string[]>;
    for (const entry of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const want = new Set(expected[entry] ?? []);
      const have = new Set(actual[entry] ?? []);
      const added = [...have].filter((name) => !want.has(name));
      const removed = [...want].filter((name) => !have.has(name));
      expect({ entry, added, removed }, `${entry}: exports changed; update test/public-api.json if intended`).toEqual({ entry, added: [], removed: [] });
    }
  });

  it('the root entry exports no adapter internal: those live in polity/store-kit', () => {
    const root = JSON.parse(readFileSync(publicApiFile, 'utf8')) as Record<string, string[]>;
    const internals = ['Mutex', 'joinableTransaction', 'assertKnownFields', 'encodeCursor', 'decodeCursor', 'listMatching', 'readUniqueKey', 'pageLimit', 'filterToSql'];
    expect(root['polity']?.filter((name) => internals.includes(name))).toEqual([]);
    expect(root['polity/store-kit']).toEqual(expect.arrayContaining(internals.filter((name) => name !== 'filterToSql')));
    expect(root['polity/adapters/postgres']).toContain('filterToSql');
  });

  it('./testing is ESM-only and says so to require()', () => {
    expect(() => run(`require('polity/testing')`, 'commonjs')).toThrow();
  });
});
