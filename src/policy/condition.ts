/**
 * The condition language of rules (`when`): a small serialisable tree over `principal.*`, `resource.*` and
 * `scope.*` attributes. Because it is data, one tree is evaluated in memory, compiled to a closure for the
 * hot path, turned into a query plan ({@link Filter}) and printed in words for the permission matrix.
 *
 * Semantics are two-valued: a comparison involving a missing value (`null`, `undefined`, or anything that is
 * not a string, number, boolean or Date) is **false**, and `not` simply flips. The literal `null` on the
 * right of `eq` asks "is the value missing?". So `not(eq('resource.hasMeetings', false))` is true when the
 * attribute is missing: write negations that way when a missing value must fail closed.
 *
 * @module
 */
import { z } from 'zod';
import type { ComparisonOperator } from '../domain/compare';

/** A reference to an attribute: `principal.id`, `principal.<attribute>`, `resource.<field>` or `scope.<field>`. */
export type AttributeRef = `principal.${string}` | `resource.${string}` | `scope.${string}`;

/** A constant in a condition: JSON scalars only, so rules stay serialisable. */
export type Literal = string | number | boolean | null;

/** An operand that reads another attribute rather than a constant. */
export interface AttributeOperand {
  readonly ref: AttributeRef;
}

/** The right-hand side of a comparison: a constant or another attribute. */
export type Operand = Literal | AttributeOperand;

/** Ordered comparisons (the filter language's {@link ComparisonOperator}: one set, one meaning). */
export type ComparisonOp = ComparisonOperator;

/**
 * A condition tree.
 *
 * - `eq`: `attr` equals `value` (another attribute or a constant); with the literal `null`, "`attr` is missing".
 * - `in`: `attr` is one of `values`, a literal list or a list held by the principal or the scope
 *   (`resource.ownerId ∈ principal.overseenUserIds`). Lists never come from the resource, so every
 *   condition stays expressible as a query plan.
 * - `lt` / `lte` / `gt` / `gte`: ordered comparison (Dates compare by instant).
 * - `and` / `or` / `not`: combinators (`and` of nothing is true, `or` of nothing is false).
 */
export type RuleCondition =
  | { readonly op: 'eq'; readonly attr: AttributeRef; readonly value: Operand }
  | { readonly op: 'in'; readonly attr: AttributeRef; readonly values: readonly Literal[] | AttributeOperand }
  | { readonly op: ComparisonOp; readonly attr: AttributeRef; readonly value: Operand }
  | { readonly op: 'and'; readonly all: readonly RuleCondition[] }
  | { readonly op: 'or'; readonly any: readonly RuleCondition[] }
  | { readonly op: 'not'; readonly condition: RuleCondition };

/** The fields of an assignment a condition may read through `scope.*`. */
export const scopeAttributes = ['type', 'organisationId', 'unitId', 'productId', 'role'] as const;

/** One of the {@link scopeAttributes}. */
export type ScopeAttribute = (typeof scopeAttributes)[number];

const refPattern = /^(principal|resource|scope)\.[A-Za-z_][A-Za-z0-9_]*$/;

/** Schema of an {@link AttributeRef}: `principal.`, `resource.` or `scope.` followed by one identifier. */
export const attributeRefSchema = z
  .string()
  .regex(refPattern, 'an attribute is "principal.<name>", "resource.<name>" or "scope.<name>"')
  .refine((ref) => !ref.startsWith('scope.') || (scopeAttributes as readonly string[]).includes(ref.slice(6)), {
    message: `a scope attribute is one of ${scopeAttributes.join(', ')}`,
  }) as unknown as z.ZodType<AttributeRef>;

const literalSchema = z.union([z.string(), z.number().refine(Number.isFinite, 'a number must be finite'), z.boolean(), z.null()]);
const attributeOperandSchema = z.strictObject({ ref: attributeRefSchema });
const operandSchema = z.union([literalSchema, attributeOperandSchema]);

/** Schema of a {@link RuleCondition} (recursive; unknown keys are refused so typos do not pass silently). */
export const ruleConditionSchema: z.ZodType<RuleCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ op: z.literal('eq'), attr: attributeRefSchema, value: operandSchema }),
    z.strictObject({
      op: z.literal('in'),
      attr: attributeRefSchema,
      values: z.union([
        z.array(literalSchema),
        attributeOperandSchema.refine((o) => !o.ref.startsWith('resource.'), {
          message: 'the list of "in" comes from the principal or the scope, never from the resource',
        }),
      ]),
    }),
    z.strictObject({ op: z.enum(['lt', 'lte', 'gt', 'gte']), attr: attributeRefSchema, value: operandSchema }),
    z.strictObject({ op: z.literal('and'), all: z.array(ruleConditionSchema) }),
    z.strictObject({ op: z.literal('or'), any: z.array(ruleConditionSchema) }),
    z.strictObject({ op: z.literal('not'), condition: ruleConditionSchema }),
  ]),
) as z.ZodType<RuleCondition>;

/**
 * Builders for {@link RuleCondition} trees. The left side is always an attribute; the right side is a
 * constant or `when.ref(...)`.
 *
 * @example
 * ```ts
 * import { when } from 'polity';
 *
 * // EP-5: a unit coordinator manages the meetings they organised.
 * const organisedByThem = when.eq('resource.organiserId', when.ref('principal.id'));
 * // KA-5: a manager reaches the resources of the users they oversee.
 * const overseen = when.in('resource.ownerId', when.ref('principal.overseenUserIds'));
 * const both = when.and(organisedByThem, when.not(when.isNull('resource.unitId')));
 * ```
 */
export const when = {
  /** Refers to an attribute on the right-hand side. */
  ref: (ref: AttributeRef): AttributeOperand => ({ ref }),
  /** `attr = value`. */
  eq: (attr: AttributeRef, value: Operand): RuleCondition => ({ op: 'eq', attr, value }),
  /** `attr ≠ value`: true also when `attr` is missing (it is `not(eq)`). */
  ne: (attr: AttributeRef, value: Operand): RuleCondition => ({ op: 'not', condition: { op: 'eq', attr, value } }),
  /** `attr` is missing (`null`, `undefined`, or not a scalar). */
  isNull: (attr: AttributeRef): RuleCondition => ({ op: 'eq', attr, value: null }),
  /** `attr` is present. */
  isSet: (attr: AttributeRef): RuleCondition => ({ op: 'not', condition: { op: 'eq', attr, value: null } }),
  /** `attr ∈ values` (a literal list, or a list held by the principal or the scope). */
  in: (attr: AttributeRef, values: readonly Literal[] | AttributeOperand): RuleCondition => ({ op: 'in', attr, values }),
  /** `attr < value`. */
  lt: (attr: AttributeRef, value: Operand): RuleCondition => ({ op: 'lt', attr, value }),
  /** `attr ≤ value`. */
  lte: (attr: AttributeRef, value: Operand): RuleCondition => ({ op: 'lte', attr, value }),
  /** `attr > value`. */
  gt: (attr: AttributeRef, value: Operand): RuleCondition => ({ op: 'gt', attr, value }),
  /** `attr ≥ value`. */
  gte: (attr: AttributeRef, value: Operand): RuleCondition => ({ op: 'gte', attr, value }),
  /** All of the conditions. */
  and: (...all: RuleCondition[]): RuleCondition => ({ op: 'and', all }),
  /** Any of the conditions. */
  or: (...any: RuleCondition[]): RuleCondition => ({ op: 'or', any }),
  /** The negation of a condition. */
  not: (condition: RuleCondition): RuleCondition => ({ op: 'not', condition }),
} as const;

/** Tells whether an operand is an attribute reference rather than a constant. */
export function isAttributeOperand(operand: Operand | readonly Literal[]): operand is AttributeOperand {
  return typeof operand === 'object' && operand !== null && !Array.isArray(operand);
}

/** A comparison of a condition tree: any node but `and`, `or` and `not`. */
export type ComparisonCondition = Exclude<RuleCondition, { readonly op: 'and' | 'or' | 'not' }>;

/** Calls `visit` for every comparison of a condition tree, left to right, through `and`, `or` and `not`. */
export function forEachComparison(condition: RuleCondition, visit: (comparison: ComparisonCondition) => void): void {
  switch (condition.op) {
    case 'and':
      condition.all.forEach((node) => forEachComparison(node, visit));
      return;
    case 'or':
      condition.any.forEach((node) => forEachComparison(node, visit));
      return;
    case 'not':
      forEachComparison(condition.condition, visit);
      return;
    default:
      visit(condition);
  }
}

/** Every attribute a condition reads, in order of first appearance. */
export function conditionRefs(condition: RuleCondition): AttributeRef[] {
  const refs = new Set<AttributeRef>();
  forEachComparison(condition, (node) => {
    refs.add(node.attr);
    if (node.op === 'in') {
      if (isAttributeOperand(node.values)) refs.add(node.values.ref);
    } else if (isAttributeOperand(node.value)) refs.add(node.value.ref);
  });
  return [...refs];
}
