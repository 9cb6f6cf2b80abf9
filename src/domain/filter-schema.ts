/**
 * The schema of a {@link Filter} given as data (a relation's `where` in a policy definition): the node shapes,
 * with unknown keys refused so a typo never passes silently. Whether the fields exist is `filter-fields.ts`'s.
 *
 * @module
 */
import { z } from 'zod';
import type { Filter } from './filter';

const field = z.string().min(1).max(100);
const value = z.union([z.string(), z.number(), z.boolean(), z.date(), z.null()]);
const operand = z.union([value, z.strictObject({ field })]);

/** Schema of a {@link Filter} (recursive). */
export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.strictObject({ kind: z.literal('always') }),
    z.strictObject({ kind: z.literal('never') }),
    z.strictObject({ kind: z.literal('eq'), field, value: operand }),
    z.strictObject({ kind: z.literal('in'), field, values: z.array(value) }),
    z.strictObject({ kind: z.literal('cmp'), field, op: z.enum(['lt', 'lte', 'gt', 'gte']), value: operand }),
    z.strictObject({ kind: z.literal('and'), filters: z.array(filterSchema) }),
    z.strictObject({ kind: z.literal('or'), filters: z.array(filterSchema) }),
    z.strictObject({ kind: z.literal('not'), filter: filterSchema }),
    z.strictObject({ kind: z.literal('related'), field, collection: field, key: field, where: filterSchema }),
  ]),
) as z.ZodType<Filter>;
