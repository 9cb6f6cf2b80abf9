/**
 * Units over time (EP-4): organisation coordinators create units, rename and move them inside their
 * organisation (never under themselves), and delete a unit once it is empty.
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../domain/filter';
import { idSchema, nameSchema } from '../domain/primitives';
import { assertValidUnitParent, type Unit } from '../domain/unit';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import type { Page, StoreSession } from '../ports/store';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { assertNotSuspended, loadOrganisation, loadUnit, unitResource } from './organisation-guards';
import { collectIds, listQuery, pageInputShape } from './paging';

/** Input of {@link UnitsApi.create}. */
export const createUnitInputSchema = z.strictObject({
  organisationId: idSchema,
  name: nameSchema,
  /** The unit it sits in; directly under the organisation when absent or `null`. */
  parentId: idSchema.nullable().optional(),
});
/** Input of {@link UnitsApi.create}. */
export type CreateUnitInput = z.input<typeof createUnitInputSchema>;

/** Input of {@link UnitsApi.rename}. */
export const renameUnitInputSchema = z.strictObject({ unitId: idSchema, name: nameSchema });
/** Input of {@link UnitsApi.rename}. */
export type RenameUnitInput = z.input<typeof renameUnitInputSchema>;

/** Input of {@link UnitsApi.move}. */
export const moveUnitInputSchema = z.strictObject({
  unitId: idSchema,
  /** The new parent unit in the same organisation, or `null` for directly under the organisation. */
  parentId: idSchema.nullable(),
});
/** Input of {@link UnitsApi.move}. */
export type MoveUnitInput = z.input<typeof moveUnitInputSchema>;

/** Input of {@link UnitsApi.delete}. */
export const deleteUnitInputSchema = z.strictObject({ unitId: idSchema });
/** Input of {@link UnitsApi.delete}. */
export type DeleteUnitInput = z.input<typeof deleteUnitInputSchema>;

/** Input of {@link UnitsApi.list}. */
export const listUnitsInputSchema = z.strictObject({ organisationId: idSchema, ...pageInputShape });
/** Input of {@link UnitsApi.list}. */
export type ListUnitsInput = z.input<typeof listUnitsInputSchema>;

/** `actor.units`: the units of an organisation. */
export interface UnitsApi {
  /**
   * Creates a unit in an organisation, optionally inside another unit (EP-4).
   *
   * @throws {@link PolityError} `invalid_input` (bad input, a parent in another organisation); `not_found` for
   *   the organisation; `forbidden` unless `unit.create` is allowed; `conflict` when the organisation is suspended.
   * @example
   * ```ts
   * const unit = await polity.as(coordinatorId).units.create({ organisationId, name: 'Technical Directorate' });
   * ```
   */
  create(input: CreateUnitInput): Promise<Unit>;
  /**
   * Renames a unit.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `unit.update` is allowed.
   */
  rename(input: RenameUnitInput): Promise<Unit>;
  /**
   * Moves a unit under another unit of its organisation, or directly under the organisation.
   *
   * @throws {@link PolityError} `invalid_input` on `parentId` (`unit_cycle`, `foreign_parent`, `unknown_parent`);
   *   `not_found`; `forbidden` unless `unit.update` is allowed.
   */
  move(input: MoveUnitInput): Promise<Unit>;
  /**
   * Deletes an empty unit: refused while it has coordinators (live role assignments), meetings or units inside it.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `unit.delete` is allowed;
   *   `conflict` (`constraint: 'unit.not_empty'`) with the counts.
   */
  delete(input: DeleteUnitInput): Promise<Unit>;
  /**
   * Lists the units of an organisation by name, paged.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `unit.read` is allowed on the
   *   organisation's units.
   */
  list(input: ListUnitsInput): Promise<Page<Unit>>;
}

/** The units of an organisation by id, plus the proposed parent wherever it lives (so a foreign one is named as such). */
async function unitsOf(session: StoreSession, organisationId: string, parentId: string | null): Promise<Map<string, Unit>> {
  const units = await collectIds(session.units, where.eq('organisationId', organisationId), (u) => u);
  const byId = new Map(units.map((u) => [u.id, u]));
  if (parentId !== null && !byId.has(parentId)) {
    const parent = await session.units.get(parentId);
    if (parent !== null) byId.set(parent.id, parent);
  }
  return byId;
}

async function create(context: ServiceContext, actorId: string, input: CreateUnitInput): Promise<Unit> {
  const data = parseWith(createUnitInputSchema, input, 'input of units.create');
  return runCommand(context, actorId, { action: 'unit.create' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    const parentId = data.parentId ?? null;
    authorise(context, actor, 'unit.create', { kind: 'unit', organisationId: organisation.id, unitId: parentId, parentId });
    assertNotSuspended(organisation);
    const id = context.ids.id('unit');
    if (parentId !== null) assertValidUnitParent(await unitsOf(tx, organisation.id, parentId), { id, organisationId: organisation.id }, parentId);
    const now = context.clock.now();
    const unit = await tx.units.insert({ id, organisationId: organisation.id, parentId, name: data.name, createdAt: now, updatedAt: now });
    await appendAudit(tx, context, {
      organisationId: organisation.id,
      actorId: actor.user.id,
      action: 'unit.create',
      targetType: 'unit',
      targetId: unit.id,
      summary: `created unit ${unit.name} in organisation ${organisation.name}`,
      changes: { name: unit.name, parentId },
    });
    return unit;
  });
}

async function rename(context: ServiceContext, actorId: string, input: RenameUnitInput): Promise<Unit> {
  const data = parseWith(renameUnitInputSchema, input, 'input of units.rename');
  return runCommand(context, actorId, { action: 'unit.update' }, async (tx, actor) => {
    const unit = await loadUnit(tx, data.unitId);
    authorise(context, actor, 'unit.update', unitResource(unit));
    if (unit.name === data.name) return unit;
    const updated = await tx.units.update(unit.id, { name: data.name, updatedAt: context.clock.now() });
    await appendAudit(tx, context, {
      organisationId: unit.organisationId,
      actorId: actor.user.id,
      action: 'unit.rename',
      targetType: 'unit',
      targetId: unit.id,
      summary: `renamed unit ${unit.name} to ${updated.name}`,
      changes: { name: updated.name, previousName: unit.name },
    });
    return updated;
  });
}

async function move(context: ServiceContext, actorId: string, input: MoveUnitInput): Promise<Unit> {
  const data = parseWith(moveUnitInputSchema, input, 'input of units.move');
  return runCommand(context, actorId, { action: 'unit.update' }, async (tx, actor) => {
    const unit = await loadUnit(tx, data.unitId);
    authorise(context, actor, 'unit.update', unitResource(unit));
    if (unit.parentId === data.parentId) return unit;
    assertValidUnitParent(await unitsOf(tx, unit.organisationId, data.parentId), unit, data.parentId);
    const updated = await tx.units.update(unit.id, { parentId: data.parentId, updatedAt: context.clock.now() });
    await appendAudit(tx, context, {
      organisationId: unit.organisationId,
      actorId: actor.user.id,
      action: 'unit.move',
      targetType: 'unit',
      targetId: unit.id,
      summary: `moved unit ${unit.name} ${data.parentId === null ? 'directly under its organisation' : `under unit ${data.parentId}`}`,
      changes: { parentId: data.parentId, previousParentId: unit.parentId },
    });
    return updated;
  });
}

async function remove(context: ServiceContext, actorId: string, input: DeleteUnitInput): Promise<Unit> {
  const data = parseWith(deleteUnitInputSchema, input, 'input of units.delete');
  return runCommand(context, actorId, { action: 'unit.delete' }, async (tx, actor) => {
    const unit = await loadUnit(tx, data.unitId);
    authorise(context, actor, 'unit.delete', unitResource(unit));
    const coordinators = await tx.assignments.count(where.and(where.eq('unitId', unit.id), where.in('status', ['invited', 'active', 'suspended'])));
    const meetings = await tx.meetings.count(where.eq('unitId', unit.id));
    const subunits = await tx.units.count(where.eq('parentId', unit.id));
    if (coordinators + meetings + subunits > 0) {
      const held = [coordinators > 0 ? `${coordinators} role holder(s)` : '', meetings > 0 ? `${meetings} meeting(s)` : '', subunits > 0 ? `${subunits} unit(s)` : '']
        .filter(Boolean)
        .join(', ');
      throw new PolityError('conflict', `unit ${unit.name} is not empty: it has ${held}`, {
        details: { constraint: 'unit.not_empty', unitId: unit.id, coordinators, meetings, subunits },
      });
    }
    await tx.units.delete(unit.id);
    await appendAudit(tx, context, {
      organisationId: unit.organisationId,
      actorId: actor.user.id,
      action: 'unit.delete',
      targetType: 'unit',
      targetId: unit.id,
      summary: `deleted the empty unit ${unit.name}`,
      changes: { name: unit.name, parentId: unit.parentId },
    });
    return unit;
  });
}

async function list(context: ServiceContext, actorId: string, input: ListUnitsInput): Promise<Page<Unit>> {
  const data = parseWith(listUnitsInputSchema, input, 'input of units.list');
  return runCommand(context, actorId, { action: 'unit.read' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    authorise(context, actor, 'unit.read', { kind: 'unit', organisationId: organisation.id, unitId: null });
    return tx.units.list(listQuery(where.eq('organisationId', organisation.id), [{ field: 'name' }], data));
  });
}

/** Builds `actor.units` for one acting user. */
export function unitsApi(context: ServiceContext, actorId: string): UnitsApi {
  return {
    create: (input) => create(context, actorId, input),
    rename: (input) => rename(context, actorId, input),
    move: (input) => move(context, actorId, input),
    delete: (input) => remove(context, actorId, input),
    list: (input) => list(context, actorId, input),
  };
}
