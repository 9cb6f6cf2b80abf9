/**
 * Cedar through @cedar-policy/cedar-wasm, the official WebAssembly build of the Rust engine (Node build
 * `@cedar-policy/cedar-wasm/nodejs`), adapted from shared/bench/adapters/cedar.mjs and modelled the way the Cedar
 * docs model containment and roles:
 *
 *   entities  Meeting in Unit in Organisation                            (entity parents: containment)
 *             User in Role::"platformAdmin" | Role::"unitCoordinator"   (roles as groups)
 *             User.coordinatedOrganisations: Set<Organisation>          (scoped role, optional attribute)
 *             Meeting.organiser: User                                   (relationship, attribute)
 *   policies  three static permits (below); everything else is Cedar's default deny.
 *
 * API: `preparsePolicySet` once, then `statefulIsAuthorized` (the fastest call in the package). There is no
 * pre-parsed or stateful entity store, so every call carries its own entity slice as JSON, built from the app's
 * records: the principal and its role groups, the meeting, its unit and its organisation. Every answer carries
 * `diagnostics.reason` (the ids of the policies that decided), so the same call is Cedar's "explain".
 *
 * Node 20 (V8 11.3) work-around: with `--turbo-inline-js-wasm-calls` on, TurboFan inlines the JS→wasm call into the
 * glue, and when that frame is lazily deoptimized while the wasm call is on the stack the process aborts
 * ("Fatal error: unreachable code" in Deoptimizer::DoComputeBuiltinContinuation). `npm run bench:policy` passes
 * `--no-turbo-inline-js-wasm-calls` on the node command line; this module also turns it off at import, before the
 * wasm is loaded, for runs started without the flag. No other adapter calls wasm.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import v8 from 'node:v8';
import type * as CedarWasm from '@cedar-policy/cedar-wasm/nodejs';
import { ROLE, type Meeting, type Query, type Scenario, type ScenarioAssignment, type ScenarioRole } from '../scenario';
import type { Adapter, AdapterSetup, Explained } from '../types';

v8.setFlagsFromString('--no-turbo-inline-js-wasm-calls');

const require = createRequire(import.meta.url);
const PKG = '@cedar-policy/cedar-wasm';
const NODE_BUILD = `${PKG}/nodejs`; // CommonJS build that loads the wasm with fs; the default ESM build needs a bundler

/** The package's "." export has no `require` condition: read the version next to the Node build. */
export const cedarVersion: string = (() => {
  const pkg = JSON.parse(readFileSync(join(dirname(require.resolve(NODE_BUILD)), '..', 'package.json'), 'utf8')) as { name: string; version: string };
  if (pkg.name !== PKG) throw new Error(`unexpected package ${pkg.name}`);
  return pkg.version;
})();

/** Policy ids are the keys: they are what diagnostics.reason returns. */
export const POLICIES: Record<string, string> = {
  'platform-admin': `permit (
  principal in Role::"platformAdmin",
  action == Action::"manage",
  resource is Meeting
);`,
  'org-coordinator': `permit (
  principal,
  action == Action::"manage",
  resource is Meeting
) when {
  principal has coordinatedOrganisations &&
  resource in principal.coordinatedOrganisations
};`,
  'unit-coordinator-organiser': `permit (
  principal in Role::"unitCoordinator",
  action == Action::"manage",
  resource is Meeting
) when {
  resource.organiser == principal
};`,
};

export const SCHEMA = `
entity Role;
entity Organisation;
entity Unit in [Organisation];
entity User in [Role] {
  coordinatedOrganisations?: Set<Organisation>,
};
entity Meeting in [Unit] {
  organiser: User,
};
action manage appliesTo { principal: User, resource: Meeting };
`;

const PSET_ID = 'polity-bench-manage';
const ACTION = Object.freeze({ type: 'Action', id: 'manage' });
const CONTEXT = Object.freeze({});
const ROLE_GROUP: Partial<Record<ScenarioRole, string>> = { [ROLE.PLATFORM_ADMIN]: 'platformAdmin', [ROLE.UNIT_COORDINATOR]: 'unitCoordinator' };
/** Which policy must be named in diagnostics.reason when a user holding this role is allowed. */
const REASON_FOR_ROLE: Record<ScenarioRole, string> = {
  [ROLE.PLATFORM_ADMIN]: 'platform-admin',
  [ROLE.ORG_COORDINATOR]: 'org-coordinator',
  [ROLE.UNIT_COORDINATOR]: 'unit-coordinator-organiser',
};

const failure = (what: string, errors: readonly { message: string }[]) => new Error(`cedar ${what}: ${errors.map((e) => e.message).join('; ')}`);

export const cedar: Adapter = {
  key: 'cedar',
  lib: `${PKG} ${cedarVersion}`,
  setup(s: Scenario): AdapterSetup {
    const t0 = performance.now();
    const wasm = require(NODE_BUILD) as typeof CedarWasm; // compiles and instantiates the wasm (counted in setup)
    const loadMs = performance.now() - t0;

    // What a Cedar user does once: validate the policies against the schema (strict), then pre-parse.
    const v = wasm.validate({ schema: SCHEMA, policies: { staticPolicies: POLICIES }, validationSettings: { mode: 'strict' } });
    if (v.type !== 'success') throw failure('validate', v.errors);
    if (v.validationErrors.length) throw new Error(`cedar validate: ${JSON.stringify(v.validationErrors)}`);
    const r = wasm.preparsePolicySet(PSET_ID, { staticPolicies: POLICIES });
    if (r.type !== 'success') throw failure('preparsePolicySet', r.errors);

    // The app's own role store (the source the entity slice is built from).
    const assignmentsByUser = new Map<string, ScenarioAssignment[]>();
    for (const a of s.roleAssignments) {
      let list = assignmentsByUser.get(a.userId);
      if (!list) assignmentsByUser.set(a.userId, (list = []));
      list.push(a);
    }
    const setupMs = performance.now() - t0;

    // The request's entity slice: principal + its role groups, resource + its unit and organisation.
    function entitiesFor(userId: string, meeting: Meeting): CedarWasm.EntityJson[] {
      const attrs: Record<string, CedarWasm.CedarValueJson> = {};
      const parents: CedarWasm.EntityUidJson[] = [];
      const entities: CedarWasm.EntityJson[] = [{ uid: { type: 'User', id: userId }, attrs, parents }];
      const assignments = assignmentsByUser.get(userId);
      if (assignments !== undefined) {
        for (const a of assignments) {
          if (a.role === ROLE.ORG_COORDINATOR) {
            const orgs = (attrs['coordinatedOrganisations'] ??= []) as CedarWasm.CedarValueJson[];
            orgs.push({ __entity: { type: 'Organisation', id: a.organisationId ?? '' } });
          } else {
            const role = { type: 'Role', id: ROLE_GROUP[a.role] ?? '' };
            parents.push(role);
            entities.push({ uid: role, attrs: {}, parents: [] });
          }
        }
      }
      entities.push(
        { uid: { type: 'Meeting', id: meeting.id }, attrs: { organiser: { __entity: { type: 'User', id: meeting.organiserId } } }, parents: [{ type: 'Unit', id: meeting.unitId }] },
        { uid: { type: 'Unit', id: meeting.unitId }, attrs: {}, parents: [{ type: 'Organisation', id: meeting.organisationId }] },
        { uid: { type: 'Organisation', id: meeting.organisationId }, attrs: {}, parents: [] },
      );
      return entities;
    }

    function authorize(q: Query): CedarWasm.Response {
      const ans = wasm.statefulIsAuthorized({
        principal: { type: 'User', id: q.userId },
        action: ACTION,
        resource: { type: 'Meeting', id: q.meetingId },
        context: CONTEXT,
        preparsedPolicySetId: PSET_ID,
        entities: entitiesFor(q.userId, q.meeting),
      });
      if (ans.type !== 'success') throw failure('statefulIsAuthorized', ans.errors);
      const res = ans.response;
      // an erroring policy is skipped (counts as not satisfied); none may error here
      if (res.diagnostics.errors.length) throw new Error(`cedar evaluation error: ${JSON.stringify(res.diagnostics.errors)}`);
      return res;
    }
    const explain = (q: Query): Explained => {
      const res = authorize(q);
      return { allowed: res.decision === 'allow', reasons: res.diagnostics.reason.join('+') };
    };

    // Warm-up over all questions, checking that each allowed answer names exactly the policy its role implies.
    const tally = new Map<string, number>();
    for (const q of s.queries) {
      const e = explain(q);
      const role = assignmentsByUser.get(q.userId)?.[0]?.role;
      const want = q.expected && role ? REASON_FOR_ROLE[role] : '';
      if (e.allowed !== q.expected || e.reasons !== want) throw new Error(`cedar explain: ${q.category} ${q.userId} ${q.meetingId}: ${e.allowed} [${e.reasons}], want [${want}]`);
      const key = e.reasons || '(none: default deny)';
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    const tallyText = [...tally].map(([k, n]) => `${k} ${n}`).join(', ');
    const lib = `${PKG} ${cedarVersion}`;
    const call = 'statefulIsAuthorized (preparsed policy set, entity slice per request), decision + diagnostics.reason';

    return {
      retained: [assignmentsByUser],
      setupMs,
      note:
        `wasm load ${loadMs.toFixed(0)} ms + validate (strict, schema) + preparsePolicySet (3 policies) + role map; ` +
        `diagnostics.reason over the 10k questions: ${tallyText}; heap Δ excludes wasm linear memory (see external Δ)`,
      checks: [
        {
          key: 'cedar',
          lib,
          call,
          check: (q: Query) => authorize(q).decision === 'allow',
          pass(qs, from, to) {
            let n = 0;
            for (let i = from; i < to; i++) if (authorize(qs[i]!).decision === 'allow') n++;
            return n;
          },
        },
      ],
      explainer: {
        lib,
        call,
        explain,
        pass(qs, from, to) {
          let n = 0;
          for (let i = from; i < to; i++) {
            const res = authorize(qs[i]!);
            if (res.decision === 'allow' && res.diagnostics.reason.length > 0) n++;
          }
          return n;
        },
      },
    };
  },
};
