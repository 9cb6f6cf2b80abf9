/**
 * Loading an organisation or a unit a command acts in, with the checks every such command shares.
 *
 * @module
 */
import type { Organisation } from '../domain/organisation';
import type { Unit } from '../domain/unit';
import { PolityError } from '../errors';
import type { PolicyResource } from '../policy/index';
import type { StoreSession } from '../ports/store';

/**
 * Loads an organisation.
 *
 * @throws {@link PolityError} `not_found` when there is none with this id.
 */
export async function loadOrganisation(session: StoreSession, organisationId: string): Promise<Organisation> {
  const organisation = await session.organisations.get(organisationId);
  if (organisation === null) throw new PolityError('not_found', `no organisation ${organisationId}`, { details: { organisationId } });
  return organisation;
}

/**
 * Refuses to add anything (users, units, roles) to a suspended organisation: suspension freezes it until
 * it is resumed, and nothing in it is deleted.
 *
 * @throws {@link PolityError} `conflict` (`constraint: 'organisation.suspended'`).
 */
export function assertNotSuspended(organisation: Organisation): void {
  if (organisation.status === 'suspended') {
    throw new PolityError('conflict', `organisation ${organisation.id} is suspended: resume it first`, {
      details: { constraint: 'organisation.suspended', organisationId: organisation.id },
    });
  }
}

/**
 * Loads a unit, optionally requiring it to be in a given organisation.
 *
 * @throws {@link PolityError} `not_found` when there is none, or it belongs to another organisation.
 */
export async function loadUnit(session: StoreSession, unitId: string, organisationId?: string): Promise<Unit> {
  const unit = await session.units.get(unitId);
  if (unit === null || (organisationId !== undefined && unit.organisationId !== organisationId)) {
    throw new PolityError('not_found', `no unit ${unitId}${organisationId === undefined ? '' : ` in organisation ${organisationId}`}`, { details: { unitId } });
  }
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
