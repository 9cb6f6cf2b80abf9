/**
 * node-casbin, RBAC with domains (domain = organisation) plus an ownership condition on r.obj (adapted from
 * shared/bench/adapters/casbin.mjs). The anchor run has two models; this benchmark keeps the faster, "shared"
 * one: each role permission written once (3 p lines), the domain only on the 11,020 g lines
 * (`g, <user>, <role>, <org id | *>`; platform admins hold their role in the pseudo-domain `*`). The textbook
 * per-org layout (2,001 p lines, ≈1.5 ms per denial in the anchor run) would take ~15 s per 10,000-question pass
 * and only make the ratio larger, so it is left to the anchor benchmark.
 *
 * @module
 */
import { newEnforcer, newModel, StringAdapter } from 'casbin';
import { pkgVersion } from '../../lib/env';
import type { Query, Scenario } from '../scenario';
import type { Adapter, AdapterSetup } from '../types';

export const casbinVersion = pkgVersion('casbin');

export const MODEL_SHARED = `
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, act, scope

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.act == p.act && (g(r.sub, p.sub, r.dom) || g(r.sub, p.sub, "*")) && (p.scope == "any" || r.obj.organiserId == r.sub)
`;

export const casbin: Adapter = {
  key: 'casbin',
  lib: `casbin ${casbinVersion} [shared model]`,
  async setup(s: Scenario): Promise<AdapterSetup> {
    const pLines = ['p, platform_admin, manage, any', 'p, org_coordinator, manage, any', 'p, unit_coordinator, manage, own'];
    const gLines = s.roleAssignments.map((a) => `g, ${a.userId}, ${a.role}, ${a.organisationId ?? '*'}`);
    const csv = [...pLines, ...gLines].join('\n');
    // timed from here: what the app pays at start-up with the policy text in hand
    const t0 = performance.now();
    const enforcer = await newEnforcer(newModel(MODEL_SHARED), new StringAdapter(csv));
    const setupMs = performance.now() - t0;
    const lib = `casbin ${casbinVersion}`;
    return {
      retained: enforcer,
      setupMs,
      note: `newEnforcer + StringAdapter: ${pLines.length} p + ${gLines.length.toLocaleString('en-US')} g lines (CSV generation not timed)`,
      checks: [
        {
          key: 'casbin-sync',
          lib,
          call: "enforceSync(user, org, meeting, 'manage')",
          check: (q: Query) => enforcer.enforceSync(q.userId, q.meeting.organisationId, q.meeting, 'manage'),
          pass(qs, from, to) {
            let n = 0;
            for (let i = from; i < to; i++) {
              const q = qs[i]!;
              if (enforcer.enforceSync(q.userId, q.meeting.organisationId, q.meeting, 'manage')) n++;
            }
            return n;
          },
        },
        {
          key: 'casbin-async',
          lib,
          call: "await enforce(user, org, meeting, 'manage')",
          async: true,
          check: (q: Query) => enforcer.enforce(q.userId, q.meeting.organisationId, q.meeting, 'manage'),
          async pass(qs, from, to) {
            let n = 0;
            for (let i = from; i < to; i++) {
              const q = qs[i]!;
              if (await enforcer.enforce(q.userId, q.meeting.organisationId, q.meeting, 'manage')) n++;
            }
            return n;
          },
        },
      ],
    };
  },
};
