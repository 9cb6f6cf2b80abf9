/**
 * Products an institution subscribes to (SC-1) and the roles each product defines (SC-2).
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, timestampSchema } from './primitives';

/** A code such as `prod-io` or `api_operator`: lower case letters, digits, `-` and `_`. */
export const codeSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a code uses lower-case letters, digits, "-" and "_"');

/** Schema of a {@link Product}. */
export const productSchema = z.object({
  id: idSchema,
  organisationId: idSchema,
  /** The product's platform-wide code; an organisation subscribes to a code once. */
  code: codeSchema,
  name: nameSchema,
  status: z.enum(['active', 'suspended']),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** An organisation's subscription to a product (SC-1). */
export type Product = z.infer<typeof productSchema>;

/** The two role categories of a product (SC-2): a user is never both on one product (SC-11). */
export const productRoleCategories = ['admin', 'operator'] as const;

/** Schema of a {@link ProductRole}. */
export const productRoleSchema = z.object({
  id: idSchema,
  /** The product code the role belongs to (roles are defined per product, for every subscriber). */
  productCode: codeSchema,
  code: codeSchema,
  label: nameSchema,
  description: z.string().trim().max(1000, 'a description has at most 1000 characters'),
  category: z.enum(productRoleCategories),
  /** Whether a user may hold this role together with others of the same category (SC-10). */
  allowsMultiple: z.boolean(),
});

/** A product-specific role such as "API operator", in one category (SC-2). */
export type ProductRole = z.infer<typeof productRoleSchema>;
