/**
 * Units (Οργανική Μονάδα): a tree inside one organisation.
 *
 * @module
 */
import { z } from 'zod';
import { invalidInput, type PolityError } from '../errors';
import { idSchema, nameSchema, timestampSchema } from './primitives';

/** Schema of a {@link Unit}. */
export const unitSchema = z
  .object({
    id: idSchema,
    organisationId: idSchema,
    /** The parent unit in the same organisation, or `null` for a unit directly under the organisation. */
    parentId: idSchema.nullable(),
    name: nameSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .refine((unit) => unit.parentId !== unit.id, { path: ['parentId'], message: 'a unit cannot be its own parent' });

/** A unit of an organisation, possibly inside another unit. */
export type Unit = z.infer<typeof unitSchema>;

/** The ids of a unit's ancestors, nearest first. Stops (rather than loops) if the data already holds a cycle. */
export function unitAncestors(unitsById: ReadonlyMap<string, Pick<Unit, 'id' | 'parentId'>>, unitId: string): string[] {
  const ancestors: string[] = [];
  const seen = new Set([unitId]);
  let parentId = unitsById.get(unitId)?.parentId ?? null;
  while (parentId !== null && !seen.has(parentId)) {
    ancestors.push(parentId);
    seen.add(parentId);
    parentId = unitsById.get(parentId)?.parentId ?? null;
  }
  return ancestors;
}

/**
 * Checks that `unit` may hang under `parent`: same organisation, and no cycle (the parent is not the unit
 * itself nor one of its descendants).
 *
 * @throws {@link PolityError} `invalid_input` naming `parentId`.
 */
export function assertValidUnitParent(
  unitsById: ReadonlyMap<string, Pick<Unit, 'id' | 'parentId' | 'organisationId'>>,
  unit: Pick<Unit, 'id' | 'organisationId'>,
  parentId: string | null,
): void {
  if (parentId === null) return;
  const parent = unitsById.get(parentId);
  const fail = (message: string, code: 'unknown_parent' | 'foreign_parent' | 'unit_cycle'): never => {
    throw invalidInput('parentId', message, code);
  };
  if (!parent) fail('the parent unit does not exist', 'unknown_parent');
  else if (parent.organisationId !== unit.organisationId) fail('the parent unit belongs to another organisation', 'foreign_parent');
  else if (parentId === unit.id || unitAncestors(unitsById, parentId).includes(unit.id)) fail('a unit cannot be moved under itself', 'unit_cycle');
}
