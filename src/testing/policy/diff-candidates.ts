/**
 * The questions {@link diffPolicies} asks both policies for one action: principals built from both
 * profiles' roles and scopes, resources placed in and out of those scopes, and attribute values taken from
 * the rule conditions of that action (each value a condition mentions, a value matching none, and a missing
 * one).
 *
 * @module
 */
import { conditionRefs, forEachComparison, type AttributeRef, type ComparisonCondition, type Literal, type Policy, type PolicyResource, type Principal, type PrincipalAssignment, type Rule, type RuleCondition, type ScopeType } from 'polity';

/** Where candidate principals hold their roles. */
export const candidateScopes = {
  organisationId: 'org_1',
  otherOrganisationId: 'org_2',
  unitId: 'unit_1',
  otherUnitId: 'unit_2',
  productId: 'prod_1',
  otherProductId: 'prod_2',
} as const;

/** The id of every candidate principal. */
export const candidatePrincipalId = 'p_1';

/** Candidate principals and resources for one action. */
export interface ActionCandidates {
  readonly principals: readonly Principal[];
  readonly resources: readonly PolicyResource[];
  /** Whether attribute combinations were sampled because the full product exceeded the budget. */
  readonly truncated: boolean;
}

const slotFields = new Set(['organisationId', 'unitId', 'productId']);
const missing = Symbol('missing');
type Value = Literal | typeof missing | readonly Literal[];

/** Refs compared with each other share one class of values (union-find). */
class Classes {
  private readonly parent = new Map<string, string>();
  readonly literals = new Map<string, Literal[]>();
  /** Principal list attributes, with the refs whose values are looked up in them. */
  readonly lists = new Map<string, string[]>();

  find(ref: string): string {
    let root = this.parent.get(ref) ?? ref;
    if (!this.parent.has(ref)) this.parent.set(ref, ref);
    while (root !== (this.parent.get(root) ?? root)) root = this.parent.get(root)!;
    this.parent.set(ref, root);
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }

  literal(ref: string, value: Literal): void {
    this.find(ref);
    const list = this.literals.get(ref) ?? [];
    list.push(value);
    this.literals.set(ref, list);
  }

  members(root: string): string[] {
    return [...this.parent.keys()].filter((ref) => this.find(ref) === root);
  }
}

function collect(condition: RuleCondition, classes: Classes): void {
  forEachComparison(condition, (node) => collectComparison(node, classes));
}

function collectComparison(node: ComparisonCondition, classes: Classes): void {
  switch (node.op) {
    case 'in':
      classes.find(node.attr);
      if (Array.isArray(node.values)) node.values.forEach((value: Literal) => classes.literal(node.attr, value));
      else {
        const listRef = (node.values as { ref: AttributeRef }).ref;
        classes.lists.set(listRef, [...(classes.lists.get(listRef) ?? []), node.attr]);
      }
      return;
    default: {
      classes.find(node.attr);
      const value = node.value;
      if (typeof value === 'object' && value !== null) classes.union(node.attr, value.ref);
      else if (value !== null) {
        classes.literal(node.attr, value);
        // Numbers: the value and both neighbours, so each side of a boundary (and "another number") is tried.
        if (typeof value === 'number') {
          classes.literal(node.attr, value - 1);
          classes.literal(node.attr, value + 1);
        }
      }
    }
  }
}

function nameOf(ref: string): string {
  return ref.slice(ref.indexOf('.') + 1);
}

function distinct<T>(values: readonly T[]): T[] {
  const out: T[] = [];
  for (const value of values) if (!out.some((seen) => Object.is(seen, value))) out.push(value);
  return out;
}

/** The values of a class: mentioned literals (booleans both ways), ids of candidate scopes, a fresh token. */
function classValues(classes: Classes, root: string, roles: readonly string[]): Literal[] {
  const members = classes.members(root);
  const literals = members.flatMap((ref) => classes.literals.get(ref) ?? []);
  const values: Literal[] = [...literals];
  if (literals.some((v) => typeof v === 'boolean')) values.push(true, false);
  const names = new Set(members.map(nameOf));
  for (const ref of members) {
    if (ref === 'principal.id') values.push(candidatePrincipalId);
    if (ref === 'scope.role') values.push(...roles);
    if (ref === 'scope.type') values.push('platform', 'organisation', 'unit', 'product');
  }
  const slotRef = members.some((ref) => ref.startsWith('resource.') || ref.startsWith('scope.'));
  if (slotRef && names.has('organisationId')) values.push(candidateScopes.organisationId, candidateScopes.otherOrganisationId);
  if (slotRef && names.has('unitId')) values.push(candidateScopes.unitId, candidateScopes.otherUnitId);
  if (slotRef && names.has('productId')) values.push(candidateScopes.productId, candidateScopes.otherProductId);
  // A value equal to nothing the rules mention; booleans and numbers already have one (the negation, a neighbour).
  const selfNegating = literals.length > 0 && literals.every((v) => typeof v === 'boolean' || typeof v === 'number');
  const base = nameOf(members.find((ref) => ref.startsWith('resource.')) ?? members[0] ?? root);
  if (!selfNegating || members.length > 1) values.push(`${base}_1`);
  return distinct(values);
}

function productSize(domains: ReadonlyMap<string, readonly Value[]>): number {
  let size = 1;
  for (const values of domains.values()) size *= values.length;
  return size;
}

/**
 * Up to `count` combinations of named domains: the full cartesian product when it fits; otherwise each
 * value once (the others at their first value), everything missing, then a deterministic pseudo-random
 * fill, so a large product is sampled the same way on every run.
 */
function combinations(domains: ReadonlyMap<string, readonly Value[]>, count: number): { combos: Map<string, Value>[]; truncated: boolean } {
  const entries = [...domains];
  if (productSize(domains) <= count) {
    let combos: Map<string, Value>[] = [new Map()];
    for (const [name, values] of entries) combos = combos.flatMap((combo) => values.map((value) => new Map(combo).set(name, value)));
    return { combos, truncated: false };
  }
  const first = new Map<string, Value>(entries.map(([name, values]) => [name, values[0]!]));
  const reduced = [first];
  for (const [name, values] of entries) for (const value of values.slice(1)) reduced.push(new Map(first).set(name, value));
  reduced.push(new Map<string, Value>(entries.map(([name]) => [name, missing])));
  const combos = reduced.slice(0, Math.max(1, count));
  const seen = new Set(combos.map((combo) => keyOf(combo)));
  // A linear congruential generator with a fixed seed: the same sample on every run, so CI is stable.
  let seed = 0x2545f491;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed % n;
  };
  for (let attempts = 0; combos.length < count && attempts < count * 4; attempts++) {
    const combo = new Map<string, Value>(entries.map(([name, values]) => [name, values[next(values.length)]!]));
    const key = keyOf(combo);
    if (seen.has(key)) continue;
    seen.add(key);
    combos.push(combo);
  }
  return { combos, truncated: true };
}

function keyOf(combo: ReadonlyMap<string, Value>): string {
  return JSON.stringify([...combo].map(([name, value]) => [name, value === missing ? '\u0000missing' : value]));
}

function assignmentAt(role: string, scopeType: ScopeType): PrincipalAssignment {
  const { organisationId, unitId, productId } = candidateScopes;
  switch (scopeType) {
    case 'platform':
      return { role, scopeType, organisationId: null, unitId: null, productId: null, status: 'active' };
    case 'organisation':
      return { role, scopeType, organisationId, unitId: null, productId: null, status: 'active' };
    case 'unit':
      return { role, scopeType, organisationId, unitId, productId: null, status: 'active' };
    case 'product':
      return { role, scopeType, organisationId, unitId: null, productId, status: 'active' };
  }
}

function rulesOf(policy: Policy, action: string): Rule[] {
  return policy.hasAction(action) ? policy.definition.rules.filter((rule) => rule.actions.includes(action)) : [];
}

/** Roles (of either policy) that hold one of `named`: the roles a rule reaches. */
function holders(policies: readonly Policy[], named: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const policy of policies) {
    for (const role of policy.roles.roles) for (const target of named) if (policy.roles.includes(role, target)) out.add(role);
  }
  return out;
}

/**
 * Builds the candidate questions for one action of two policies.
 *
 * @param budget - Most questions (principals × resources) for the action; attribute combinations are
 *   sampled to stay within it.
 */
export function actionCandidates(action: string, a: Policy, b: Policy, budget: number): ActionCandidates {
  const policies = [a, b];
  const rules = [...rulesOf(a, action), ...rulesOf(b, action)];
  const classes = new Classes();
  for (const rule of rules) if (rule.when !== undefined) collect(rule.when, classes);

  const roleNames = distinct(policies.flatMap((p) => p.definition.roles.map((r) => r.name)));
  const valuesOf = new Map<string, Literal[]>();
  const values = (ref: string): Literal[] => {
    const root = classes.find(ref);
    let list = valuesOf.get(root);
    if (list === undefined) valuesOf.set(root, (list = classValues(classes, root, roleNames)));
    return list;
  };

  // Principal attributes: scalars take their class's values; lists hold every value of the compared class.
  const principalDomains = new Map<string, Value[]>();
  for (const [listRef, attrs] of classes.lists) {
    if (!listRef.startsWith('principal.')) continue;
    principalDomains.set(nameOf(listRef), [distinct(attrs.flatMap(values)), missing]);
  }
  const allRefs = new Set<string>();
  for (const rule of rules) if (rule.when !== undefined) for (const ref of conditionRefs(rule.when)) allRefs.add(ref);
  for (const ref of allRefs) {
    if (!ref.startsWith('principal.') || ref === 'principal.id' || principalDomains.has(nameOf(ref))) continue;
    principalDomains.set(nameOf(ref), [...values(ref), missing]);
  }
  // Resource attributes other than the placement, which varies below.
  const resourceDomains = new Map<string, Value[]>();
  for (const ref of allRefs) {
    if (!ref.startsWith('resource.') || slotFields.has(nameOf(ref)) || nameOf(ref) === 'kind') continue;
    const own = values(ref);
    // A value in no principal list, when the class feeds one: "present but not listed".
    const listed = [...classes.lists.values()].some((attrs) => attrs.some((attr) => classes.find(attr) === classes.find(ref)));
    resourceDomains.set(nameOf(ref), listed ? [...own, `${nameOf(ref)}_2`, missing] : [...own, missing]);
  }

  // Who: nobody, each role at each scope it is assignable at, and pairs where a role-scoped forbid meets an allow.
  const assignable = new Map<string, Set<ScopeType>>();
  for (const policy of policies) {
    for (const role of policy.definition.roles) {
      const scopes = assignable.get(role.name) ?? new Set<ScopeType>();
      for (const scopeType of role.assignableAt) scopes.add(scopeType);
      assignable.set(role.name, scopes);
    }
  }
  const singles: PrincipalAssignment[] = [];
  for (const role of roleNames) for (const scopeType of assignable.get(role) ?? []) singles.push(assignmentAt(role, scopeType));
  const forbidRoles = holders(policies, new Set(rules.filter((r) => r.effect === 'forbid' && r.roles !== '*').flatMap((r) => r.roles as readonly string[])));
  const allowRoles = holders(policies, new Set(rules.filter((r) => r.effect === 'allow' && r.roles !== '*').flatMap((r) => r.roles as readonly string[])));
  const sets: PrincipalAssignment[][] = [[], ...singles.map((s) => [s])];
  const pairs = new Set<string>();
  for (const f of singles) {
    if (!forbidRoles.has(f.role)) continue;
    for (const role of allowRoles) {
      if (role === f.role) continue;
      // One partner per role: at the forbidden role's scope type when it is assignable there, else its first.
      const partners = singles.filter((x) => x.role === role);
      const partner = partners.find((x) => x.scopeType === f.scopeType) ?? partners[0];
      if (partner === undefined) continue;
      // Either order is the same principal: ask once.
      const key = [f, partner].map((x) => `${x.role}@${x.scopeType}`).sort().join('+');
      if (pairs.has(key)) continue;
      pairs.add(key);
      sets.push([f, partner]);
    }
  }

  // Where: in the candidate unit and product, elsewhere in the organisation, in another one, at platform level,
  // plus any id a condition compares a placement field with.
  const { organisationId: o1, otherOrganisationId: o2, unitId: u1, otherUnitId: u2, productId: p1, otherProductId: p2 } = candidateScopes;
  const placements: { organisationId: string | null; unitId: string | null; productId: string | null }[] = [
    { organisationId: o1, unitId: u1, productId: null },
    { organisationId: o1, unitId: u2, productId: null },
    { organisationId: o1, unitId: null, productId: null },
    { organisationId: o1, unitId: null, productId: p1 },
    { organisationId: o1, unitId: null, productId: p2 },
    { organisationId: o2, unitId: null, productId: null },
    { organisationId: null, unitId: null, productId: null },
  ];
  for (const field of slotFields) {
    for (const literal of classes.literals.get(`resource.${field}`) ?? []) {
      if (typeof literal !== 'string') continue;
      placements.push(field === 'organisationId' ? { organisationId: literal, unitId: null, productId: null } : { organisationId: o1, unitId: null, productId: null, [field]: literal });
    }
  }
  // The budget is shared out: every assignment set meets every placement; attribute combinations fill the rest.
  const perPair = Math.max(1, Math.floor(budget / (sets.length * placements.length)));
  // Over budget: resources keep up to √budget combinations and principals get the rest, so neither starves.
  const resourceShare = Math.min(productSize(resourceDomains), Math.ceil(Math.sqrt(perPair)));
  const principalCombos = combinations(principalDomains, Math.max(1, Math.floor(perPair / resourceShare)));
  const resourceCombos = combinations(resourceDomains, Math.max(1, Math.floor(perPair / principalCombos.combos.length)));

  const principals: Principal[] = [];
  for (const assignments of sets) {
    for (const combo of principalCombos.combos) {
      const attributes: Record<string, unknown> = {};
      for (const [name, value] of combo) if (value !== missing) attributes[name] = value;
      principals.push(Object.keys(attributes).length === 0 ? { id: candidatePrincipalId, assignments } : { id: candidatePrincipalId, assignments, attributes });
    }
  }

  const kind = action.slice(0, action.indexOf('.'));
  const resources: PolicyResource[] = [];
  for (const placement of placements) {
    for (const combo of resourceCombos.combos) {
      const resource: Record<string, unknown> = { kind };
      if (!combo.has('id')) resource.id = 'r_1';
      // Only the organisation is a required field; a missing unit or product reads as absent, as in real data.
      resource.organisationId = placement.organisationId;
      if (placement.unitId !== null) resource.unitId = placement.unitId;
      if (placement.productId !== null) resource.productId = placement.productId;
      for (const [name, value] of combo) if (value !== missing) resource[name] = value;
      resources.push(resource as PolicyResource);
    }
  }
  return { principals, resources, truncated: principalCombos.truncated || resourceCombos.truncated };
}
