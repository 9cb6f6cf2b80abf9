/**
 * Owned items (surveys, datasets, recordings …) that oversight (KA-5) and co-editing (KA-6) reach.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, timestampSchema } from './primitives';
import { codeSchema } from './product';

/** Schema of a {@link Resource}. */
export const resourceSchema = z.object({
  id: idSchema,
  organisationId: idSchema,
  unitId: idSchema.nullable(),
  ownerId: idSchema,
  /** What it is, in the host's words: `survey`, `dataset`, `recording` … */
  kind: codeSchema,
  title: nameSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** A generic owned item of an organisation. */
export type Resource = z.infer<typeof resourceSchema>;
