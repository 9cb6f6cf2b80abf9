/**
 * Units over time (EP-4): organisation coordinators create units, rename and move them inside their
 * organisation (never under themselves), and delete a unit once it is empty.
 *
 * @module
 */
import { where } from '../../domain/filter';
import { assertValidUnitParent, type Unit } from '../../domain/unit';
import { conflict } from '../../errors';
import type { StoreSession } from '../../ports/store';
import { defineCommand, defineQuery } from '../kernel/define';
import { collectAll, listQuery } from '../kernel/paging';
import { assertNotSuspended, loadUnit, unitResource } from './guards';
import { createUnitInputSchema, deleteUnitInputSchema, listUnitsInputSchema, moveUnitInputSchema, renameUnitInputSchema } from './inputs';

/** The units of an organisation by id, plus the proposed parent wherever it lives (so a foreign one is named as such). */
async function unitsOf(session: StoreSession, organisationId: string, parentId: string | null): Promise<Map<string, Unit>> {
  const units = await collectAll(session.units, where.eq('organisationId', organisationId), (u) => u);
  const byId = new Map(units.map((u) => [u.id, u]));
  if (parentId !== null && !byId.has(parentId)) {
    const parent = await session.units.get(parentId);
    if (parent !== null) byId.set(parent.id, parent);
  }
  return byId;
}

/** `units.create` (EP-4). */
export const createUnit = defineCommand({
  name: 'units.create',
  input: createUnitInputSchema,
  action: 'unit.create',
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: ({ loaded, input }) => ({ kind: 'unit', organisationId: loaded.id, unitId: input.parentId ?? null, parentId: input.parentId ?? null }),
  async run({ tx, work, input, loaded: organisation }) {
    assertNotSuspended(organisation);
    const parentId = input.parentId ?? null;
    const id = work.id('unit');
    // A new unit is in no cycle: only the parent's organisation is checked (the foreign key keeps it existing).
    if (parentId !== null) assertValidUnitParent(await unitsOf(tx, organisation.id, parentId), { id, organisationId: organisation.id }, parentId);
    return tx.units.insert({ id, organisationId: organisation.id, parentId, name: input.name, createdAt: work.now, updatedAt: work.now });
  },
  audit: ({ loaded: organisation }, unit) => ({
    organisationId: organisation.id,
    action: 'unit.create',
    targetType: 'unit',
    targetId: unit.id,
    summary: `created unit ${unit.name} in organisation ${organisation.name}`,
    changes: { name: unit.name, parentId: unit.parentId },
  }),
});

/** `units.rename`. */
export const renameUnit = defineCommand({
  name: 'units.rename',
  input: renameUnitInputSchema,
  action: 'unit.update',
  load: ({ tx, input }) => loadUnit(tx, input.unitId, undefined, { lock: 'update' }),
  resource: ({ loaded }) => unitResource(loaded),
  run: async ({ tx, work, input, loaded: unit }) => (unit.name === input.name ? unit : tx.units.update(unit.id, { name: input.name, updatedAt: work.now })),
  audit: ({ loaded: unit }, updated) =>
    unit.name === updated.name
      ? null
      : {
          organisationId: unit.organisationId,
          action: 'unit.rename',
          targetType: 'unit',
          targetId: unit.id,
          summary: `renamed unit ${unit.name} to ${updated.name}`,
          changes: { name: updated.name, previousName: unit.name },
        },
});

/**
 * `units.move`. SERIALIZABLE: "no cycle" is a predicate over every unit of the organisation, which two
 * moves at once (A under B, B under A) could each find true.
 */
export const moveUnit = defineCommand({
  name: 'units.move',
  input: moveUnitInputSchema,
  action: 'unit.update',
  isolation: 'serializable',
  load: ({ tx, input }) => loadUnit(tx, input.unitId),
  resource: ({ loaded }) => unitResource(loaded),
  async run({ tx, work, input, loaded: unit }) {
    if (unit.parentId === input.parentId) return unit;
    assertValidUnitParent(await unitsOf(tx, unit.organisationId, input.parentId), unit, input.parentId);
    return tx.units.update(unit.id, { parentId: input.parentId, updatedAt: work.now });
  },
  audit: ({ loaded: unit, input }, updated) =>
    unit.parentId === updated.parentId
      ? null
      : {
          organisationId: unit.organisationId,
          action: 'unit.move',
          targetType: 'unit',
          targetId: unit.id,
          summary: `moved unit ${unit.name} ${input.parentId === null ? 'directly under its organisation' : `under unit ${input.parentId}`}`,
          changes: { parentId: input.parentId, previousParentId: unit.parentId },
        },
});

/**
 * `units.delete`: only an empty unit. The unit is locked; a meeting or role added to it at the same time
 * is refused by its foreign key, so a unit never goes with something still in it.
 */
export const deleteUnit = defineCommand({
  name: 'units.delete',
  input: deleteUnitInputSchema,
  action: 'unit.delete',
  load: ({ tx, input }) => loadUnit(tx, input.unitId, undefined, { lock: 'update' }),
  resource: ({ loaded }) => unitResource(loaded),
  async run({ tx, loaded: unit }) {
    const coordinators = await tx.assignments.count(where.and(where.eq('unitId', unit.id), where.in('status', ['invited', 'active', 'suspended'])));
    const meetings = await tx.meetings.count(where.eq('unitId', unit.id));
    const subunits = await tx.units.count(where.eq('parentId', unit.id));
    if (coordinators + meetings + subunits > 0) {
      const held = [coordinators > 0 ? `${coordinators} role holder(s)` : '', meetings > 0 ? `${meetings} meeting(s)` : '', subunits > 0 ? `${subunits} unit(s)` : '']
        .filter(Boolean)
        .join(', ');
      throw conflict('unit.not_empty', `the unit is not empty: it has ${held}`, { unitId: unit.id, coordinators, meetings, subunits });
    }
    await tx.units.delete(unit.id);
    return unit;
  },
  audit: (_steps, unit) => ({
    organisationId: unit.organisationId,
    action: 'unit.delete',
    targetType: 'unit',
    targetId: unit.id,
    summary: `deleted the empty unit ${unit.name}`,
    changes: { name: unit.name, parentId: unit.parentId },
  }),
});

/** `units.list`: the units of an organisation by name. */
export const listUnits = defineQuery({
  name: 'units.list',
  input: listUnitsInputSchema,
  action: 'unit.read',
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: ({ loaded }) => ({ kind: 'unit', organisationId: loaded.id, unitId: null }),
  run: ({ tx, input, loaded: organisation }) => tx.units.list(listQuery(where.eq('organisationId', organisation.id), [{ field: 'name' }], input)),
});
