/**
 * {@link expectFullCoverage}: the CI gate on a coverage report.
 *
 * @module
 */
import type { CoverageReport } from './coverage';
import { branchGapsToShow, branchGapWords, ruleGapWords } from './format-coverage';

/** Options of {@link expectFullCoverage}. */
export interface ExpectFullCoverageOptions {
  /** Rule ids or sources whose gaps are accepted (a rule you test elsewhere, a `-real` rule …). */
  readonly ignore?: readonly string[];
  /**
   * Whether every condition branch must also go both ways, not only every rule match.
   *
   * @default true
   */
  readonly branches?: boolean;
}

/**
 * What {@link expectFullCoverage} throws: an assertion error whose message lists every gap.
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 * import { expectFullCoverage, PolicyCoverageError, trackCoverage } from 'polity/testing';
 *
 * try {
 *   expectFullCoverage(trackCoverage(profiles.oneKa).report());
 * } catch (error) {
 *   if (error instanceof PolicyCoverageError) console.log(error.gaps.length, 'gaps');
 * }
 * ```
 */
export class PolicyCoverageError extends Error {
  /** Each gap in words, one per line of the message. */
  readonly gaps: readonly string[];

  constructor(profileId: string, gaps: readonly string[]) {
    super(`policy coverage of ${profileId} is incomplete (${gaps.length} gap${gaps.length === 1 ? '' : 's'}):\n${gaps.map((gap) => `  - ${gap}`).join('\n')}`);
    // Named as vitest and chai name failed assertions, so reporters show it as a failure, not a crash.
    this.name = 'AssertionError';
    this.gaps = gaps;
  }
}

/**
 * Fails unless every rule matched at least once and (by default) every condition branch came out both
 * true and false, naming each gap by rule ID, source and branch path. Outcomes no data can produce (the
 * false of an empty `and`) are not required. Also fails when the kit's trace disagreed with the engine.
 *
 * @param report - From {@link CoverageRecorder.report}, after the fixtures ran.
 * @param options - {@link ExpectFullCoverageOptions}.
 * @throws {@link PolicyCoverageError} listing every gap.
 * @see docs/testing-policies.md
 *
 * @example
 * ```ts
 * import { expect, it } from 'vitest';
 * import { profiles } from 'polity';
 * import { describePolicy, expectFullCoverage } from 'polity/testing';
 *
 * const suite = describePolicy(profiles.megalis, { principals: {}, resources: {}, expectations: [] });
 * it('covers every Mégalis rule but the operator ones', () => {
 *   expect(() => expectFullCoverage(suite.report(), { ignore: ['MB-3'] })).toThrow(/mb-7-book-own-conferences/);
 * });
 * ```
 */
export function expectFullCoverage(report: CoverageReport, options: ExpectFullCoverageOptions = {}): void {
  const ignored = new Set(options.ignore ?? []);
  const skip = (ruleId: string, source: string) => ignored.has(ruleId) || ignored.has(source);
  const gaps = report.uncovered.rules.filter((rule) => !skip(rule.ruleId, rule.source)).map(ruleGapWords);
  if (options.branches ?? true) {
    gaps.push(...branchGapsToShow(report).filter((gap) => !skip(gap.ruleId, gap.source)).map(branchGapWords));
  }
  gaps.push(...report.mismatches.map((m) => `kit and engine disagree: ${m}`));
  if (gaps.length > 0) throw new PolicyCoverageError(report.profileId, gaps);
}
