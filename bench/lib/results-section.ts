/**
 * bench/RESULTS.md holds one section per benchmark, each between its own markers:
 *
 *   <!-- bench:policy:start -->
 *   …written by `npm run bench:policy`…
 *   <!-- bench:policy:end -->
 *
 * A benchmark rewrites only its own section and leaves every other byte of the file as it was. A missing file
 * is created with a placeholder for each known benchmark; a missing section is appended at the end.
 *
 *   import { writeResultsSection } from '../lib/results-section';
 *   writeResultsSection('policy', markdown);
 *
 * @module
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** bench/RESULTS.md */
export const RESULTS_FILE = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

/** The benchmarks the file has a section for, in order, and who fills each in. */
export const KNOWN_SECTIONS: readonly { readonly name: string; readonly placeholder: string }[] = [
  { name: 'policy', placeholder: 'Not measured yet: run `npm run bench:policy`.' },
  { name: 'pg', placeholder: '`npm run bench:pg` arrives with issue #7: nothing measured yet.' },
  { name: 'outbox', placeholder: '`npm run bench:outbox` arrives with issue #8: nothing measured yet.' },
];

const NAME = /^[a-z][a-z0-9-]*$/;

export const startMarker = (name: string) => `<!-- bench:${name}:start -->`;
export const endMarker = (name: string) => `<!-- bench:${name}:end -->`;

/** A section with its markers, the body between blank lines. */
export function section(name: string, body: string): string {
  return `${startMarker(name)}\n\n${body.trim()}\n\n${endMarker(name)}`;
}

/** The file as created when missing: a title, a line on how it is written, then one placeholder per benchmark. */
export function skeleton(): string {
  const parts = [
    '# Benchmarks',
    'Each section is rewritten by its own script (`npm run bench:<name>`) between its markers; everything else in this file is left as it is.',
    ...KNOWN_SECTIONS.map((s) => section(s.name, s.placeholder)),
  ];
  return `${parts.join('\n\n')}\n`;
}

function indexOfOnly(doc: string, marker: string): number {
  const at = doc.indexOf(marker);
  if (at !== -1 && doc.indexOf(marker, at + marker.length) !== -1) throw new Error(`RESULTS: ${marker} appears more than once`);
  return at;
}

/**
 * Returns `doc` with the section `name` replaced by `body` (markers kept); every byte outside that section is
 * unchanged. A section that is not there yet is appended. Throws on a half-present or duplicated section rather
 * than guess.
 */
export function replaceSection(doc: string, name: string, body: string): string {
  if (!NAME.test(name)) throw new Error(`RESULTS: bad section name ${JSON.stringify(name)}`);
  const start = startMarker(name);
  const end = endMarker(name);
  if (body.includes(start) || body.includes(end)) throw new Error(`RESULTS: the body of ${name} contains its own markers`);
  const s = indexOfOnly(doc, start);
  const e = indexOfOnly(doc, end);
  if (s === -1 && e === -1) {
    const sep = doc.length === 0 ? '' : doc.endsWith('\n\n') ? '' : doc.endsWith('\n') ? '\n' : '\n\n';
    return `${doc}${sep}${section(name, body)}\n`;
  }
  if (s === -1 || e === -1 || e < s) throw new Error(`RESULTS: the markers of section ${name} are incomplete or out of order`);
  return doc.slice(0, s) + section(name, body) + doc.slice(e + end.length);
}

/** Rewrites one section of bench/RESULTS.md (or of `file`), creating the file from {@link skeleton} when missing. */
export function writeResultsSection(name: string, body: string, file: string = RESULTS_FILE): void {
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : skeleton();
  const next = replaceSection(doc, name, body);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, next);
  renameSync(tmp, file); // whole-file swap: a concurrent reader never sees half a file
}
