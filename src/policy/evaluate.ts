/**
 * The reference interpreter of conditions and reach, used by `explain`. It reads the tree directly and
 * shares no code with the compiled hot path, so the property tests comparing the two catch a bug in either.
 *
 * @module
 */
import { isAttributeOperand, type AttributeRef, type Operand, type RuleCondition } from './condition';
import type { PolicyResource, Principal, ScopeView } from './principal';
import { comparable, comparableOperand as present, compareValues } from '../domain/compare';
import { listOf } from './residual';
import type { RuleReach } from './rule';

/** A reference split once: where it reads (0 resource, 1 principal, 2 scope) and the attribute's name. */
interface ParsedRef {
  readonly root: 0 | 1 | 2;
  readonly name: string;
}

/** References come from rules, a small closed set: split each once, not on every read. */
const parsedRefs = new Map<string, ParsedRef>();

function parseRef(ref: string): ParsedRef {
  let parsed = parsedRefs.get(ref);
  if (parsed === undefined) {
    const dot = ref.indexOf('.');
    const root = ref.slice(0, dot);
    // The name as an internalised string (a property key), so that reading it is a plain keyed load.
    const name = Object.keys({ [ref.slice(dot + 1)]: 0 })[0]!;
    parsed = { root: root === 'resource' ? 0 : root === 'principal' ? 1 : 2, name };
    if (parsedRefs.size < 10_000) parsedRefs.set(ref, parsed);
  }
  return parsed;
}

/** Reads an attribute: `principal.id`, `principal.<attribute>`, `resource.<field>`, `scope.<field>`. */
export function readAttribute(ref: AttributeRef, principal: Principal, scope: ScopeView | null, resource: Readonly<Record<string, unknown>>): unknown {
  const { root, name } = parseRef(ref);
  if (root === 0) return resource[name];
  if (root === 1) return name === 'id' ? principal.id : principal.attributes?.[name];
  return scope === null ? undefined : (scope as unknown as Record<string, unknown>)[name];
}

/**
 * Evaluates a condition (two-valued: a comparison with a missing value is false).
 *
 * @param condition - The rule's condition; `undefined` is true.
 * @param scope - The assignment's scope (`null` for rules that apply to any principal).
 */
export function evaluateCondition(
  condition: RuleCondition | undefined,
  principal: Principal,
  scope: ScopeView | null,
  resource: Readonly<Record<string, unknown>>,
): boolean {
  if (condition === undefined) return true;
  switch (condition.op) {
    case 'and':
      for (const part of condition.all) if (!evaluateCondition(part, principal, scope, resource)) return false;
      return true;
    case 'or':
      for (const part of condition.any) if (evaluateCondition(part, principal, scope, resource)) return true;
      return false;
    case 'not':
      return !evaluateCondition(condition.condition, principal, scope, resource);
    case 'eq': {
      const attr = readAttribute(condition.attr, principal, scope, resource);
      if (condition.value === null) return comparable(attr) === null;
      const left = present(attr);
      const right = present(operandValue(condition.value, principal, scope, resource));
      return left !== null && right !== null && left === right;
    }
    case 'in': {
      const left = present(readAttribute(condition.attr, principal, scope, resource));
      if (left === null) return false;
      const list = isAttributeOperand(condition.values) ? listOf(readAttribute(condition.values.ref, principal, scope, resource)) : condition.values;
      for (const item of list) if (present(item) === left) return true;
      return false;
    }
    default: {
      const left = present(readAttribute(condition.attr, principal, scope, resource));
      const right = present(operandValue(condition.value, principal, scope, resource));
      return left !== null && right !== null && compareValues(left, right, condition.op);
    }
  }
}

function operandValue(value: Operand, principal: Principal, scope: ScopeView | null, resource: Readonly<Record<string, unknown>>): unknown {
  return isAttributeOperand(value) ? readAttribute(value.ref, principal, scope, resource) : value;
}

/** Whether a resource lies within an assignment's reach for a rule. */
export function withinReach(scope: ScopeView, reach: RuleReach, resource: PolicyResource): boolean {
  if (reach === 'anywhere' || scope.type === 'platform') return true;
  if (resource.organisationId !== scope.organisationId) return false;
  if (reach === 'organisation' || scope.type === 'organisation') return true;
  if (scope.type === 'unit') return resource.unitId === scope.unitId;
  return resource.productId === scope.productId;
}
