// Random profiles, principals and resources for the kit's property tests: small vocabularies so that
// conditions, scopes and values collide often, plus the awkward values (missing, NaN, Dates, objects).
import fc from 'fast-check';
import type { Literal, PolicyResource, Principal, PrincipalAssignment, Profile, Rule, RuleCondition, RuleReach } from 'polity';

export const roleNames = ['ra', 'rb', 'rc', 'rd'] as const;
export const actions = ['doc.read', 'doc.edit'] as const;
const orgs = ['o1', 'o2'] as const;
const units = ['u1', 'u2'] as const;
const products = ['p1', 'p2'] as const;

const labels = (en: string) => ({ el: en, it: en, sl: en, fr: en, en });

export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>('a', 'b', 'draft', 'published', 'o1', 'u1') },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(0, 1, 2, 3) },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, undefined) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(Number.NaN, { x: 1 }, ['a'], new Date(0), new Date(86_400_000), '1') },
);

const resourceFields = ['ownerId', 'status', 'level', 'flag', 'organisationId', 'unitId'] as const;
const literal: fc.Arbitrary<Literal> = fc.constantFrom<Literal>('a', 'b', 'draft', 'published', 'o1', 0, 1, 2, true, false);
const resourceRef = fc.constantFrom(...resourceFields).map((f) => `resource.${f}` as const);
const principalRef = fc.constantFrom('id', 'level', 'flag', 'team').map((f) => `principal.${f}` as const);
const scopeRef = fc.constantFrom('organisationId', 'unitId', 'productId', 'role', 'type').map((f) => `scope.${f}` as const);

/** A random condition tree; `withScope` lets it read `scope.*` (not allowed in `'*'` rules). */
export function conditionArb(withScope: boolean): fc.Arbitrary<RuleCondition> {
  const anyRef = withScope ? fc.oneof(resourceRef, principalRef, scopeRef) : fc.oneof(resourceRef, principalRef);
  const operand = fc.oneof(literal, anyRef.map((ref) => ({ ref })));
  const atom: fc.Arbitrary<RuleCondition> = fc.oneof(
    fc.record({ op: fc.constant('eq' as const), attr: anyRef, value: operand }),
    fc.record({ op: fc.constant('eq' as const), attr: anyRef, value: fc.constant(null) }),
    fc.record({ op: fc.constant('in' as const), attr: anyRef, values: fc.oneof(fc.array(literal, { maxLength: 3 }), fc.constant({ ref: 'principal.team' as const })) }),
    fc.record({ op: fc.constantFrom('lt' as const, 'lte' as const, 'gt' as const, 'gte' as const), attr: anyRef, value: operand }),
  );
  const tree = fc.letrec<{ node: RuleCondition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ op: 'and' as const, all })),
      fc.array(tie('node'), { maxLength: 3 }).map((any) => ({ op: 'or' as const, any })),
      tie('node').map((condition) => ({ op: 'not' as const, condition })),
    ),
  }));
  return tree.node;
}

/** A random rule with id `<prefix><index>`. */
export function ruleArb(index: number, prefix = 'r'): fc.Arbitrary<Rule> {
  return fc
    .record({
      effect: fc.constantFrom<'allow' | 'forbid'>('allow', 'allow', 'forbid'),
      roles: fc.subarray([...roleNames], { minLength: 1 }),
      acts: fc.subarray([...actions], { minLength: 1 }),
      reach: fc.constantFrom<RuleReach | undefined>(undefined, 'scope', 'organisation', 'anywhere'),
      anyone: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    })
    .chain((r) =>
      fc.option(conditionArb(!r.anyone), { nil: undefined, freq: 3 }).map((when): Rule => ({
        id: `${prefix}${index}`,
        source: `S-${index}`,
        effect: r.effect,
        roles: r.anyone ? '*' : r.roles,
        actions: r.acts,
        resource: 'doc',
        ...(r.anyone || r.reach === undefined ? {} : { reach: r.reach }),
        ...(when === undefined ? {} : { when }),
      })),
    );
}

/** A profile with four roles (random acyclic inheritance) and `rules`. */
export function profileWith(rules: readonly Rule[], inherits: readonly (readonly string[])[] = [[], [], [], []]): Profile {
  return {
    id: 'random',
    name: 'Random',
    defaultLanguage: 'en',
    roles: roleNames.map((name, i) => ({ name, labels: labels(name), inherits: inherits[i] ?? [], assignableAt: ['platform', 'organisation', 'unit', 'product'] })),
    actions: actions.map((name) => ({ name, description: `do ${name}` })),
    platformAdminRole: 'rd',
    rules,
    grants: { allowEqualLevel: false, rules: [] },
    limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 300, durationExemptRoles: [] },
    accounts: { deactivationBlocksSignIn: true, genericMailboxes: 'forbidden' },
    workflows: {},
  };
}

export const inheritsArb: fc.Arbitrary<(readonly string[])[]> = fc
  .tuple(fc.subarray(['ra']), fc.subarray(['ra', 'rb']), fc.subarray(['ra', 'rb', 'rc']))
  .map(([b, c, d]) => [[], b, c, d]);

export const rulesArb: fc.Arbitrary<Rule[]> = fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(i))));

export const profileArb: fc.Arbitrary<Profile> = fc.tuple(rulesArb, inheritsArb).map(([rules, inherits]) => profileWith(rules, inherits));

export const assignmentArb: fc.Arbitrary<PrincipalAssignment> = fc
  .record({
    role: fc.constantFrom(...roleNames, 'ghost'),
    scopeType: fc.constantFrom('platform' as const, 'organisation' as const, 'unit' as const, 'product' as const),
    organisationId: fc.constantFrom(...orgs),
    unitId: fc.constantFrom(...units),
    productId: fc.constantFrom(...products),
    status: fc.constantFrom('active', 'active', 'active', 'suspended'),
  })
  .map((a) => ({
    role: a.role,
    scopeType: a.scopeType,
    organisationId: a.scopeType === 'platform' ? null : a.organisationId,
    unitId: a.scopeType === 'unit' ? a.unitId : null,
    productId: a.scopeType === 'product' ? a.productId : null,
    status: a.status,
  }));

export const principalArb: fc.Arbitrary<Principal> = fc.record({
  id: fc.constantFrom('a', 'b', 'c'),
  assignments: fc.array(assignmentArb, { maxLength: 3 }),
  attributes: fc.record({ level: anyValue, flag: anyValue, team: fc.oneof(fc.array(anyValue, { maxLength: 3 }), anyValue) }),
});

export const resourceArb: fc.Arbitrary<PolicyResource> = fc
  .record({
    kind: fc.constantFrom('doc', 'doc', 'doc', 'other'),
    organisationId: fc.constantFrom<string | null>(...orgs, null),
    unitId: fc.constantFrom<string | null | undefined>(...units, null, undefined),
    productId: fc.constantFrom<string | null | undefined>(...products, null, undefined),
    ownerId: anyValue,
    status: anyValue,
    level: anyValue,
    flag: anyValue,
  })
  .map((r) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(r)) if (value !== undefined) out[key] = value;
    return out as unknown as PolicyResource;
  });
