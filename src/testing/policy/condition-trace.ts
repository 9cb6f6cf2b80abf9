/**
 * A kit-side evaluator of rule conditions that reports the outcome of every node it evaluates. It follows
 * the engine's semantics (two-valued; a comparison with a missing value is false; `and` / `or` stop as soon
 * as they are decided; values compare through the engine's own `comparable` / `compareValues`) and reads the
 * same plain-data trees, so coverage can name branches without a hook in
 * the engine. `test/policy-kit/trace-agrees.test.ts` checks it against the engine's `evaluateCondition` on
 * random conditions.
 *
 * @module
 */
import { comparable, comparableOperand as present, compareValues as compare, type AttributeRef, type Literal, type Operand, type PolicyResource, type Principal, type RuleCondition, type ScopeView } from 'polity';

/** Called once per node evaluated: its path from the rule (`when`, `when.any.1` …) and its outcome. */
export type BranchRecorder = (path: string, outcome: boolean) => void;

/** Reads `principal.id`, `principal.<attribute>`, `resource.<field>` or `scope.<field>`. */
export function readRef(ref: AttributeRef, principal: Principal, scope: ScopeView | null, resource: Readonly<Record<string, unknown>>): unknown {
  const dot = ref.indexOf('.');
  const name = ref.slice(dot + 1);
  switch (ref.slice(0, dot)) {
    case 'resource':
      return resource[name];
    case 'principal':
      return name === 'id' ? principal.id : principal.attributes?.[name];
    default:
      return scope === null ? undefined : (scope as unknown as Record<string, unknown>)[name];
  }
}

function listOf(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return value instanceof Set ? [...value] : [];
}

function isRef(operand: Operand | readonly Literal[]): operand is { readonly ref: AttributeRef } {
  return typeof operand === 'object' && operand !== null && !Array.isArray(operand);
}

/**
 * Evaluates a condition as the engine does, calling `record` for every node it evaluates.
 *
 * @param condition - The rule's condition; `undefined` is true and records nothing.
 * @param context - The principal, the assignment's scope (`null` for a rule that applies to any principal)
 *   and the resource.
 * @param record - Receives `(path, outcome)` per node evaluated, children before their parent.
 * @param path - The path of `condition` (default `when`, as in the rule).
 *
 * @example
 * ```ts
 * import { when } from 'polity';
 * import { traceCondition } from 'polity/testing';
 *
 * const seen: string[] = [];
 * traceCondition(
 *   when.or(when.eq('resource.ownerId', when.ref('principal.id')), when.eq('resource.public', true)),
 *   { principal: { id: 'u1', assignments: [] }, scope: null, resource: { kind: 'doc', organisationId: null, ownerId: 'u1' } },
 *   (path, outcome) => seen.push(`${path}=${outcome}`),
 * ); // true; seen: ['when.any.0=true', 'when=true'] (the `or` stopped at its first true part)
 * ```
 */
export function traceCondition(
  condition: RuleCondition | undefined,
  context: { readonly principal: Principal; readonly scope: ScopeView | null; readonly resource: PolicyResource | Readonly<Record<string, unknown>> },
  record: BranchRecorder,
  path = 'when',
): boolean {
  if (condition === undefined) return true;
  const { principal, scope, resource } = context;
  const visit = (node: RuleCondition, at: string): boolean => {
    let outcome: boolean;
    switch (node.op) {
      case 'and':
        outcome = true;
        for (let i = 0; i < node.all.length; i++) {
          if (!visit(node.all[i]!, `${at}.all.${i}`)) {
            outcome = false;
            break;
          }
        }
        break;
      case 'or':
        outcome = false;
        for (let i = 0; i < node.any.length; i++) {
          if (visit(node.any[i]!, `${at}.any.${i}`)) {
            outcome = true;
            break;
          }
        }
        break;
      case 'not':
        outcome = !visit(node.condition, `${at}.condition`);
        break;
      case 'eq': {
        const attr = readRef(node.attr, principal, scope, resource);
        if (node.value === null) {
          // "Is missing" keeps NaN as present, as the engine does (comparable, not present).
          outcome = comparable(attr) === null;
          break;
        }
        const left = present(attr);
        const right = present(isRef(node.value) ? readRef(node.value.ref, principal, scope, resource) : node.value);
        outcome = left !== null && right !== null && left === right;
        break;
      }
      case 'in': {
        const left = present(readRef(node.attr, principal, scope, resource));
        outcome = false;
        if (left !== null) {
          const list = isRef(node.values) ? listOf(readRef(node.values.ref, principal, scope, resource)) : node.values;
          for (const item of list) {
            if (present(item) === left) {
              outcome = true;
              break;
            }
          }
        }
        break;
      }
      default: {
        const left = present(readRef(node.attr, principal, scope, resource));
        const right = present(isRef(node.value) ? readRef(node.value.ref, principal, scope, resource) : node.value);
        outcome = left !== null && right !== null && compare(left, right, node.op);
      }
    }
    record(at, outcome);
    return outcome;
  };
  return visit(condition, path);
}
