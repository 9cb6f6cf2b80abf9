/**
 * Conditions, roles and scopes in words, for explanations and the permission matrix.
 *
 * @module
 */
import type { Filter, FilterValue } from '../domain/filter';
import type { Scope } from '../domain/scope';
import { isAttributeOperand, type AttributeRef, type Literal, type Operand, type RuleCondition } from './condition';
import type { PolicyResource, ScopeView } from './principal';
import type { RuleReach } from './rule';

/** `organiserId` → `organiser id`; `organisation_coordinator` → `organisation coordinator`. */
export function humanise(name: string): string {
  let words = humanised.get(name);
  if (words === undefined) {
    words = name
      .replace(/_/g, ' ')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase();
    // Names come from profiles and rules, a small closed set, so the memo stays small.
    if (humanised.size < 10_000) humanised.set(name, words);
  }
  return words;
}

const humanised = new Map<string, string>();

function refWords(ref: AttributeRef, kind: string): string {
  const dot = ref.indexOf('.');
  const name = ref.slice(dot + 1);
  // Attribute names stay as written (organiserId): they are what integrators pass and what docs list.
  switch (ref.slice(0, dot)) {
    case 'resource':
      return name === 'id' ? `the ${humanise(kind)}` : `the ${humanise(kind)}'s ${name}`;
    case 'principal':
      return name === 'id' ? 'them' : `their ${name}`;
    default:
      return name === 'role' ? 'the role they hold' : name === 'type' ? 'the type of their scope' : `the ${name.replace(/Id$/, '')} of their role`;
  }
}

function literalWords(value: Literal): string {
  if (value === null) return 'missing';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

function operandWords(value: Operand, kind: string): string {
  return isAttributeOperand(value) ? refWords(value.ref, kind) : literalWords(value);
}

const comparisonWords = { lt: 'is less than', lte: 'is at most', gt: 'is more than', gte: 'is at least' } as const;

/**
 * A condition in plain English, e.g. `the meeting's organiserId is them`.
 *
 * @param condition - The condition.
 * @param kind - The resource kind, to name `resource.*` attributes ("the meeting's …").
 */
export function describeCondition(condition: RuleCondition, kind: string): string {
  const words = (node: RuleCondition, nested: boolean): string => {
    switch (node.op) {
      case 'eq':
        if (node.value === null) return `${refWords(node.attr, kind)} is missing`;
        return `${refWords(node.attr, kind)} is ${operandWords(node.value, kind)}`;
      case 'in':
        return isAttributeOperand(node.values)
          ? `${refWords(node.attr, kind)} is one of ${refWords(node.values.ref, kind)}`
          : node.values.length === 0
            ? 'never (an empty list)'
            : `${refWords(node.attr, kind)} is one of ${node.values.map(literalWords).join(', ')}`;
      case 'not': {
        const inner = node.condition;
        if (inner.op === 'eq') {
          if (inner.value === null) return `${refWords(inner.attr, kind)} is set`;
          return `${refWords(inner.attr, kind)} is not ${operandWords(inner.value, kind)}`;
        }
        if (inner.op === 'in') return `not (${words(inner, false)})`;
        return `not (${words(inner, false)})`;
      }
      case 'and':
      case 'or': {
        const parts = node.op === 'and' ? node.all : node.any;
        if (parts.length === 0) return node.op === 'and' ? 'always' : 'never';
        if (parts.length === 1) return words(parts[0]!, nested);
        const text = parts.map((part) => words(part, true)).join(node.op === 'and' ? ' and ' : ' or ');
        return nested ? `(${text})` : text;
      }
      default:
        return `${refWords(node.attr, kind)} ${comparisonWords[node.op]} ${operandWords(node.value, kind)}`;
    }
  };
  return words(condition, false);
}

/** A scope in words: `the platform`, `organisation org_1`, `unit u_2 of organisation org_1`. */
export function scopeWords(scope: Scope): string {
  switch (scope.type) {
    case 'platform':
      return 'the platform';
    case 'organisation':
      return `organisation ${scope.organisationId}`;
    case 'unit':
      return `unit ${scope.unitId} of organisation ${scope.organisationId}`;
    case 'product':
      return `product ${scope.productId} of organisation ${scope.organisationId}`;
  }
}

/** The domain {@link Scope} of an assignment's view. */
export function scopeOfView(view: ScopeView): Scope {
  switch (view.type) {
    case 'platform':
      return { type: 'platform' };
    case 'organisation':
      return { type: 'organisation', organisationId: view.organisationId! };
    case 'unit':
      return { type: 'unit', organisationId: view.organisationId!, unitId: view.unitId! };
    case 'product':
      return { type: 'product', organisationId: view.organisationId!, productId: view.productId! };
  }
}

/**
 * How a role reached a resource, e.g. `organisation coordinator of organisation org_1, which contains unit
 * u_2` or `concierge of the platform, with the powers of administrator`.
 */
export function viaWords(role: string, asRole: string, view: ScopeView, reach: RuleReach, resource: PolicyResource): string {
  let text: string;
  switch (view.type) {
    case 'platform':
      text = `${humanise(role)} of the platform`;
      break;
    case 'organisation': {
      text = `${humanise(role)} of organisation ${view.organisationId}`;
      if (resource.organisationId === view.organisationId) {
        if (typeof resource.unitId === 'string') text += `, which contains unit ${resource.unitId}`;
        else if (typeof resource.productId === 'string') text += `, which contains product ${resource.productId}`;
      }
      break;
    }
    case 'unit':
      text = `${humanise(role)} of unit ${view.unitId} of organisation ${view.organisationId}`;
      break;
    case 'product':
      text = `${humanise(role)} on product ${view.productId} of organisation ${view.organisationId}`;
      break;
  }
  if (reach === 'organisation' && (view.type === 'unit' || view.type === 'product')) text += `, reaching all of organisation ${view.organisationId}`;
  if (reach === 'anywhere' && view.type !== 'platform') text += ', wherever the resource is';
  if (asRole !== role) text += `, with the powers of ${humanise(asRole)}`;
  return text;
}

/** A filter in words, for the permission matrix's relations: `deletedAt is missing`, `role is "participant"`. */
export function filterWords(filter: Filter): string {
  const value = (v: FilterValue | { readonly field: string }): string =>
    v === null ? 'missing' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? v.field : typeof v === 'string' ? `"${v}"` : String(v);
  switch (filter.kind) {
    case 'always':
      return 'always';
    case 'never':
      return 'never';
    case 'eq':
      return `${filter.field} is ${value(filter.value)}`;
    case 'in':
      return `${filter.field} is one of ${filter.values.map(value).join(', ')}`;
    case 'cmp':
      return `${filter.field} ${comparisonWords[filter.op]} ${value(filter.value)}`;
    case 'and':
    case 'or':
      return filter.filters.map((part) => (part.kind === 'and' || part.kind === 'or' ? `(${filterWords(part)})` : filterWords(part))).join(` ${filter.kind} `);
    case 'not':
      return `not (${filterWords(filter.filter)})`;
    case 'related':
      return `${filter.field} is the ${filter.key} of a ${filter.collection} record where ${filterWords(filter.where)}`;
  }
}
