/**
 * The parts of the `policy` section added for issue #12: the principal-cache rows (round-robin.ts), and
 * every ratio of the run beside the baseline run's (bench/policy/baseline.json), so a later run shows
 * whether each stayed within ±10 % of HEAD's.
 *
 * @module
 */
import { fmt } from '../lib/env';
import { ROUND_ROBIN_LENGTH } from './round-robin';

/** One principal-cache row as measured. */
export interface CacheRow {
  readonly id: string;
  readonly lib: string;
  readonly call: string;
  readonly principals: number;
  /** µs/check, median over whole passes. */
  readonly us: number;
  readonly batchP50: number;
  readonly batchP99: number;
  readonly passes: number;
}

/** What bench/policy/baseline.json keeps: every ratio, every row's µs/check (by row), the cache rows. */
export interface PolicyBaselineFigures {
  readonly ratios: Readonly<Record<string, number>>;
  readonly microseconds: Readonly<Record<string, number>>;
  readonly cache: readonly CacheRow[];
}

/** The bound of the cache target: the check over 32,000 principals in turn within this of the 7,510 one. */
export const CACHE_BOUND = 1.3;

const times = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(3)}×`);

/** The cache rows' ratios: the large round-robin against the small one and against the Map on the same questions. */
export function cacheRatios(rows: readonly CacheRow[]): { largeOverSmall: number; largeOverMap: number } {
  const large = rows.find((r) => r.id === 'cache:polity-rr-large');
  const small = rows.find((r) => r.id === 'cache:polity-rr-small');
  const map = rows.find((r) => r.id === 'cache:map-rr-large');
  return { largeOverSmall: large !== undefined && small !== undefined ? large.us / small.us : Number.NaN, largeOverMap: large !== undefined && map !== undefined ? large.us / map.us : Number.NaN };
}

/** The principal-cache subsection: its rows, its target, and the baseline's figures beside them. */
export function renderCacheSection(rows: readonly CacheRow[], before: readonly CacheRow[] | null, head: string): string[] {
  if (rows.length === 0) return [];
  const { largeOverSmall, largeOverMap } = cacheRatios(rows);
  const small = rows.find((r) => r.id === 'cache:polity-rr-small');
  const map = rows.find((r) => r.id === 'cache:map-rr-large');
  const was = before === null ? null : cacheRatios(before);
  const lines = [
    '### Principal cache past 16,384 principals',
    '',
    `A portal checking many users in turn: the headline's call, \`policy.check(principal, 'meeting.manage', meeting)\` with a principal object the app holds per user, over ${ROUND_ROBIN_LENGTH.toLocaleString('en-US')} questions that visit a set of users round-robin (each asking about a meeting of their own unit; expected answers from the scenario's rule, all asserted). The large set is every role holder and then plain users up to 32,000; the small one the 7,510 users of the anchor's questions (the headline row's principal objects). At HEAD the engine remembers the last 16,384 principals it saw once, so in a round of 32,000 each is forgotten before it comes back and compiled again on every check; a later engine takes \`createPolicy(definition, { principalCacheSize })\` (default 65,536). Timed in the same interleaved rounds as the rows above.`,
    '',
    `| implementation | call | principals in turn | µs/check | batch p50 (µs) | batch p99 (µs) | passes | × Map (same questions) | ÷ 7,510 in turn | ${head} µs/check |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const b = before?.find((x) => x.id === r.id);
    lines.push(
      `| ${r.lib} | ${r.call} | ${r.principals.toLocaleString('en-US')} | ${fmt(r.us)} | ${fmt(r.batchP50)} | ${fmt(r.batchP99)} | ${String(r.passes)} | ${map === undefined || r === map ? '–' : times(r.us / map.us)} | ${small === undefined || r.lib !== 'polity' ? '–' : times(r.us / small.us)} | ${b === undefined ? '–' : fmt(b.us)} |`,
    );
  }
  const ok = largeOverSmall <= CACHE_BOUND;
  lines.push(
    '',
    `- polity's check keeps its speed past 16,384 principals seen in turn: 32,000 in turn ${times(largeOverSmall)} the time of 7,510 in turn (target ≤ ${String(CACHE_BOUND)}×, the flatness bound of issue #12's other lines), ${times(largeOverMap)} the Map baseline's on the same questions — ${ok ? '**met**' : '**missed**'}${was === null ? '' : `; ${head}: ${times(was.largeOverSmall)}, ${times(was.largeOverMap)} the Map's`}`,
    '',
  );
  return lines;
}

/** Every ratio of the run beside the baseline's, and whether it stayed within ±10 % (issue #12: the refactor keeps them). */
export function renderRatioSection(now: Readonly<Record<string, number>>, before: Readonly<Record<string, number>> | null, head: string): string[] {
  const lines = [
    `### Ratios against ${head}`,
    '',
    before === null
      ? 'No baseline yet (bench/policy/baseline.json): this run\'s ratios, as a later run will compare them.'
      : 'Each ratio of this run beside the same ratio in the baseline run (bench/policy/baseline.json), both measured on this shared machine; within ±10 % is what issue #12 asks of the refactor. Ratios are "how many times" as in the tables above (× Map: times the baseline\'s time, lower is better; × CASL, × casbin, × Cedar: times faster).',
    '',
    `| ratio | this run | ${head} | change | within ±10 % |`,
    '| --- | ---: | ---: | ---: | --- |',
  ];
  for (const [name, value] of Object.entries(now)) {
    const was = before?.[name];
    const change = was === undefined ? Number.NaN : value / was - 1;
    lines.push(`| ${name} | ${times(value)} | ${times(was)} | ${Number.isFinite(change) ? `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} %` : '–'} | ${Number.isFinite(change) ? (Math.abs(change) <= 0.1 ? 'yes' : '**no**') : '–'} |`);
  }
  lines.push('');
  return lines;
}

/** A row of the run's tables, for the ratios: its label and µs per check (or explain). */
export interface RatioInput {
  readonly label: string;
  readonly us: number;
}

/**
 * Every ratio of a run, by name: each warm row against the Map baseline, polity's rows against CASL and
 * casbin, explain against Cedar, the first check against CASL's, and the cache rows'.
 */
export function ratioRows(input: {
  readonly checks: readonly (RatioInput & { readonly polity: boolean })[];
  readonly map?: number;
  readonly casl?: number;
  readonly casbin?: number;
  readonly explain?: { readonly polity: number; readonly cedar: number };
  readonly first?: { readonly polity: { readonly pass: number; readonly p50: number; readonly mean: number }; readonly casl: { readonly pass: number; readonly p50: number; readonly mean: number } };
  readonly cache: readonly CacheRow[];
}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of input.checks) {
    if (input.map !== undefined && !row.label.startsWith('Map baseline')) out[`${row.label}: × Map`] = row.us / input.map;
    if (row.polity && input.casl !== undefined) out[`${row.label}: × CASL`] = input.casl / row.us;
    if (row.polity && input.casbin !== undefined) out[`${row.label}: × casbin enforceSync`] = input.casbin / row.us;
  }
  if (input.explain !== undefined) out['polity explain: × Cedar'] = input.explain.cedar / input.explain.polity;
  if (input.first !== undefined) {
    out['first check, 10k pass: polity × CASL'] = input.first.casl.pass / input.first.polity.pass;
    out['first check, per call p50: polity × CASL'] = input.first.casl.p50 / input.first.polity.p50;
    out['first check, per call mean: polity × CASL'] = input.first.casl.mean / input.first.polity.mean;
  }
  const cache = cacheRatios(input.cache);
  if (Number.isFinite(cache.largeOverSmall)) out['principal cache: 32,000 in turn ÷ 7,510 in turn'] = cache.largeOverSmall;
  if (Number.isFinite(cache.largeOverMap)) out['principal cache: 32,000 in turn × Map'] = cache.largeOverMap;
  return out;
}
