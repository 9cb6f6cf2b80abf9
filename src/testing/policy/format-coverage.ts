/**
 * {@link formatCoverage}: a coverage report as Markdown (for a CI summary or a PR comment) or plain text
 * (for a terminal).
 *
 * @module
 */
import type { BranchGap, CoverageReport, RuleCoverage } from './coverage';

/** Options of {@link formatCoverage}. */
export interface FormatCoverageOptions {
  /**
   * `markdown`: a heading, a table of every rule and a list of gaps. `text`: totals and the gaps only.
   *
   * @default 'markdown'
   */
  readonly format?: 'markdown' | 'text';
}

/** A rule that never matched, in words. */
export function ruleGapWords(rule: RuleCoverage): string {
  const why = !rule.canMatch ? 'can never match (its condition is never true)' : rule.nearMisses > 0 ? `never matched (${rule.nearMisses} near miss${rule.nearMisses === 1 ? '' : 'es'})` : 'never matched';
  return `rule ${rule.ruleId} (${rule.source}, ${rule.effect} ${rule.actions.join(', ')}) ${why}`;
}

/**
 * The branch gaps worth printing: a rule's whole condition never true is the rule never matching, which
 * the rule's own gap already says.
 */
export function branchGapsToShow(report: CoverageReport): BranchGap[] {
  const unmatched = new Set(report.uncovered.rules.map((rule) => rule.ruleId));
  return report.uncovered.branches.filter((gap) => !(gap.path === 'when' && gap.outcome && unmatched.has(gap.ruleId)));
}

/** A branch outcome never seen, in words. */
export function branchGapWords(gap: BranchGap): string {
  return `rule ${gap.ruleId} (${gap.source}) at ${gap.path}: ${gap.condition}, never ${gap.outcome ? 'true' : 'false'}`;
}

function totalsLine(report: CoverageReport): string {
  const { rules, branches } = report.totals;
  return (
    `rules matched ${rules.covered}/${rules.total} (${rules.percent} %), ` +
    `condition branch outcomes ${branches.covered}/${branches.total} (${branches.percent} %), ` +
    `${report.questions} question${report.questions === 1 ? '' : 's'} asked`
  );
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * Formats a coverage report: totals, then every rule that never matched and every branch outcome never
 * seen, named by rule ID and source; in Markdown, also a table of every rule.
 *
 * @param report - From {@link CoverageRecorder.report}.
 * @param options - {@link FormatCoverageOptions}.
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 * import { formatCoverage, trackCoverage } from 'polity/testing';
 *
 * const policy = trackCoverage(profiles.megalis);
 * console.log(formatCoverage(policy.report(), { format: 'text' }));
 * // Policy coverage of megalis: rules matched 0/21 (0 %), condition branch outcomes 0/28 (0 %), 0 questions asked
 * // Not exercised:
 * // - rule mb-7-book-own-conferences (MB-7, allow meeting.create) never matched
 * // …
 * ```
 */
export function formatCoverage(report: CoverageReport, options: FormatCoverageOptions = {}): string {
  const gaps = [...report.uncovered.rules.map(ruleGapWords), ...branchGapsToShow(report).map(branchGapWords)];
  const mismatches = report.mismatches.map((m) => `kit and engine disagree: ${m}`);
  if ((options.format ?? 'markdown') === 'text') {
    const lines = [`Policy coverage of ${report.profileId}: ${totalsLine(report)}`];
    if (gaps.length > 0) lines.push('Not exercised:', ...gaps.map((gap) => `- ${gap}`));
    else lines.push('Every rule matched and every condition branch went both ways.');
    lines.push(...mismatches.map((m) => `! ${m}`));
    return lines.join('\n');
  }
  const lines = [`## Policy coverage: ${report.profileId}`, '', `${totalsLine(report)}.`, '', '| rule | source | effect | matched | near misses | branch outcomes |', '| --- | --- | --- | ---: | ---: | --- |'];
  for (const rule of report.rules) {
    const branches = report.branches.filter((b) => b.ruleId === rule.ruleId);
    let possible = 0;
    let seen = 0;
    for (const b of branches) {
      for (const [can, count] of [
        [b.canBeTrue, b.whenTrue],
        [b.canBeFalse, b.whenFalse],
      ] as const) {
        if (!can) continue;
        possible++;
        if (count > 0) seen++;
      }
    }
    const mark = rule.covered ? '' : ' ✗';
    lines.push(`| \`${cell(rule.ruleId)}\`${mark} | ${cell(rule.source)} | ${rule.effect} | ${rule.matched} | ${rule.nearMisses} | ${possible === 0 ? '—' : `${seen}/${possible}`} |`);
  }
  lines.push('', '### Not exercised', '');
  if (gaps.length === 0) lines.push('Nothing: every rule matched and every condition branch went both ways.');
  else lines.push(...gaps.map((gap) => `- ${gap}`));
  if (mismatches.length > 0) lines.push('', '### Disagreements', '', ...mismatches.map((m) => `- ${m}`));
  return lines.join('\n');
}
