/**
 * The checks every command acting in an organisation or a unit shares, and how they look to the policy.
 *
 * @module
 */
import type { Organisation } from '../../domain/organisation';
import type { Unit } from '../../domain/unit';
import { conflict, notFound } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import type { ReadOptions, StoreSession } from '../../ports/store';

/**
 * Refuses to add anything (users, units, roles, meetings) to a suspended organisation: suspension freezes
 * it until it is resumed, and nothing in it is deleted. A command that started before a suspension
 * committed may still finish (READ COMMITTED); one that starts after it is refused.
 *
 * @throws {@link PolityError} `conflict` (`constraint: 'organisation.suspended'`).
 */
export function assertNotSuspended(organisation: Organisation): void {
  if (organisation.status === 'suspended') throw conflict('organisation.suspended', 'the organisation is suspended: resume it first', { organisationId: organisation.id });
}

/**
 * Reads an organisation and locks it for the command that changes it (suspending and resuming never
 * interleave).
 *
 * @throws {@link PolityError} `not_found` when there is none with this id.
 */
export async function lockOrganisation(session: StoreSession, organisationId: string): Promise<Organisation> {
  const organisation = await session.organisations.get(organisationId, { lock: 'update' });
  if (organisation === null) throw notFound('organisation', organisationId);
  return organisation;
}

/**
 * Loads a unit, optionally requiring it to be in a given organisation.
 *
 * @throws {@link PolityError} `not_found` when there is none, or it belongs to another organisation.
 */
export async function loadUnit(session: StoreSession, unitId: string, organisationId?: string, options?: ReadOptions): Promise<Unit> {
  const unit = await session.units.get(unitId, options);
  if (unit === null || (organisationId !== undefined && unit.organisationId !== organisationId)) throw notFound('unit', unitId);
  return unit;
}

/** An organisation as a policy resource. */
export function organisationResource(organisation: Pick<Organisation, 'id' | 'status'>): PolicyResource {
  return { kind: 'organisation', id: organisation.id, organisationId: organisation.id, status: organisation.status };
}

/** A unit as a policy resource (`unitId` is the unit itself, so a role held at that unit reaches it). */
export function unitResource(unit: Pick<Unit, 'id' | 'organisationId' | 'parentId'>): PolicyResource {
  return { kind: 'unit', id: unit.id, organisationId: unit.organisationId, unitId: unit.id, parentId: unit.parentId };
}
