/**
 * {@link describePolicy}: declarative policy fixtures. Named principals, named resources and a list of
 * expected answers become one vitest test per expectation, titled by its source ID, with coverage recorded.
 *
 * @module
 */
import { describe, it } from 'vitest';
import { PolityError, type InputIssue, type InputIssueCode, type PolicyResource, type Principal } from 'polity';
import { assessDecision } from './assess-decision';
import { trackCoverage, type CoveragePolicy, type CoverageReport } from './coverage';
import { expectFullCoverage, type ExpectFullCoverageOptions } from './expect-full-coverage';
import { policyOf, type PolicySubject } from './subject';

/** What one expectation of {@link describePolicy} says besides the answer. */
export interface PolicyExpectationBase<P extends string, R extends string> {
  /** The rule the expectation checks (`EP-5`, your own `OURS-1`): the test title starts with it. */
  readonly source?: string;
  /** The rest of the title; by default `<principal> may <action> <resource>` (or `may not`). */
  readonly title?: string;
  /** A key of `principals`. */
  readonly principal: P;
  readonly action: string;
  /** A key of `resources`. */
  readonly resource: R;
}

/**
 * One expected answer. `allowedBy` (with `allow: true`) and `forbiddenBy` (with `allow: false`) also require
 * a rule with that source or id among the allowing or forbidding rules; each doubles as the title's
 * source when `source` is absent.
 */
export type PolicyExpectation<P extends string = string, R extends string = string> = PolicyExpectationBase<P, R> &
  (
    | { readonly allow: true; readonly allowedBy?: string; readonly forbiddenBy?: never }
    | { readonly allow: false; readonly forbiddenBy?: string; readonly allowedBy?: never }
  );

/** The fixtures of {@link describePolicy}. */
export interface PolicyFixtures<P extends Readonly<Record<string, Principal>>, R extends Readonly<Record<string, PolicyResource>>> {
  /** The `describe` title. @default `<profile name>: policy fixtures` */
  readonly name?: string;
  /** Principals by the name expectations use (`unitCoordinator`). */
  readonly principals: P;
  /** Resources by the name expectations use (`ownMeeting`). */
  readonly resources: R;
  /** The answers expected; names are checked against `principals` and `resources` by the compiler. */
  readonly expectations: readonly PolicyExpectation<NoInfer<Extract<keyof P, string>>, NoInfer<Extract<keyof R, string>>>[];
  /**
   * Adds a last test that fails unless the fixtures matched every rule and sent every condition branch both
   * ways ({@link expectFullCoverage}); pass options to ignore rules or skip branches.
   *
   * @default false
   */
  readonly requireFullCoverage?: boolean | ExpectFullCoverageOptions;
}

/** What {@link describePolicy} returns: the recording policy the fixtures asked, and its coverage. */
export interface PolicySuite {
  /** The policy the fixtures ask, recording coverage: ask it more questions in your own tests too. */
  readonly policy: CoveragePolicy;
  /** The coverage so far: call it in a test that runs after the fixtures (later in the file). */
  report(): CoverageReport;
  /** The test titles, in order. */
  readonly titles: readonly string[];
}

/**
 * The title {@link describePolicy} gives an expectation: its source first (or the rule it requires), as
 * every test of the project is named.
 *
 * @example
 * ```ts
 * import { expectationTitle } from 'polity/testing';
 *
 * expectationTitle({ principal: 'unitCoordinator', action: 'meeting.manage', resource: 'ownMeeting', allow: true, allowedBy: 'EP-5' });
 * // 'EP-5: unitCoordinator may meeting.manage ownMeeting'
 * ```
 */
export function expectationTitle(expectation: PolicyExpectation): string {
  const source = expectation.source ?? expectation.allowedBy ?? expectation.forbiddenBy;
  const rest = expectation.title ?? `${expectation.principal} ${expectation.allow ? 'may' : 'may not'} ${expectation.action} ${expectation.resource}`;
  return source === undefined ? rest : `${source}: ${rest}`;
}

/**
 * Registers a vitest `describe` block with one test per expectation, titled by its source ID
 * (`EP-5: unitCoordinator may meeting.manage ownMeeting`). Each test asks `check` for the answer and
 * `explain` for the rules, and fails with the explanation's summary. No database: principals and resources
 * are plain objects. Every question is recorded by a coverage tracker ({@link trackCoverage}).
 *
 * @param subject - The policy, or a profile (compiled once).
 * @param fixtures - {@link PolicyFixtures}.
 * @returns The tracked policy and its coverage report.
 * @throws {@link polity!PolityError} `invalid_input`, when the block is registered, naming every expectation whose
 *   principal, resource or action is unknown (so a typo fails loudly, not as a puzzling denial).
 * @see docs/testing-policies.md
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 * import { describePolicy } from 'polity/testing';
 *
 * describePolicy(profiles.ePresence, {
 *   principals: {
 *     unitCoordinator: { id: 'uc1', assignments: [{ role: 'unit_coordinator', scopeType: 'unit', organisationId: 'org_1', unitId: 'u_2', status: 'active' }] },
 *   },
 *   resources: {
 *     ownMeeting: { kind: 'meeting', id: 'm_1', organisationId: 'org_1', unitId: 'u_2', organiserId: 'uc1' },
 *     colleaguesMeeting: { kind: 'meeting', id: 'm_2', organisationId: 'org_1', unitId: 'u_2', organiserId: 'uc9' },
 *   },
 *   expectations: [
 *     { principal: 'unitCoordinator', action: 'meeting.manage', resource: 'ownMeeting', allow: true, allowedBy: 'EP-5' },
 *     { source: 'EP-5', principal: 'unitCoordinator', action: 'meeting.manage', resource: 'colleaguesMeeting', allow: false },
 *   ],
 * });
 * ```
 */
export function describePolicy<P extends Readonly<Record<string, Principal>>, R extends Readonly<Record<string, PolicyResource>>>(
  subject: PolicySubject,
  fixtures: PolicyFixtures<P, R>,
): PolicySuite {
  const policy = trackCoverage(policyOf(subject, 'describePolicy'));
  const issues: InputIssue[] = [];
  fixtures.expectations.forEach((e, i) => {
    const problem = (field: string, message: string, code: InputIssueCode) => issues.push({ path: `expectations.${i}.${field}`, message: `${expectationTitle(e)}: ${message}`, code });
    if (!Object.hasOwn(fixtures.principals, e.principal)) problem('principal', `unknown principal ${e.principal}`, 'unknown_principal');
    if (!Object.hasOwn(fixtures.resources, e.resource)) problem('resource', `unknown resource ${e.resource}`, 'unknown_resource');
    if (!policy.hasAction(e.action)) problem('action', `${policy.definition.id} does not declare action ${e.action}`, 'unknown_action');
  });
  if (issues.length > 0) {
    throw new PolityError('invalid_input', `describePolicy: ${issues.map((issue) => issue.message).join('; ')}`, { details: { issues } });
  }

  const titles = fixtures.expectations.map((e) => expectationTitle(e));
  describe(fixtures.name ?? `${policy.definition.name ?? policy.definition.id}: policy fixtures`, () => {
    fixtures.expectations.forEach((e, i) => {
      it(titles[i]!, () => {
        const by = e.allow ? e.allowedBy : e.forbiddenBy;
        const assessment = assessDecision(policy, fixtures.principals[e.principal]!, e.action, fixtures.resources[e.resource]!, by === undefined ? { allow: e.allow } : { allow: e.allow, by });
        if (!assessment.pass) {
          const error = new Error(assessment.message());
          // Reported as a failed assertion, as `expect` failures are.
          error.name = 'AssertionError';
          throw error;
        }
      });
    });
    const requirement = fixtures.requireFullCoverage ?? false;
    if (requirement !== false) {
      it(`coverage: the fixtures match every rule of ${policy.definition.id} and send every condition branch both ways`, () => {
        expectFullCoverage(policy.report(), requirement === true ? {} : requirement);
      });
    }
  });
  return { policy, report: () => policy.report(), titles };
}
