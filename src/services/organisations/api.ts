/**
 * `actor.organisations`, `actor.units` and `actor.coordinators`: onboarding and running organisations,
 * their units over time (EP-4), and their coordinators (EP-10).
 *
 * @module
 */
import type { Organisation } from '../../domain/organisation';
import type { Unit } from '../../domain/unit';
import type { Page } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { bindAll } from '../kernel/pipeline';
import { listCoordinators, messageCoordinators } from './coordinators';
import type {
  CoordinatorView,
  CreateOrganisationInput,
  CreateOrganisationResult,
  CreateUnitInput,
  DeleteUnitInput,
  ListCoordinatorsInput,
  ListUnitsInput,
  MessageCoordinatorsInput,
  MessageCoordinatorsResult,
  MoveUnitInput,
  OrganisationStatusInput,
  RenameUnitInput,
  UpdateOrganisationInput,
} from './inputs';
import { createOrganisation, resumeOrganisation, suspendOrganisation, updateOrganisation } from './organisations';
import { createUnit, deleteUnit, listUnits, moveUnit, renameUnit } from './units';

export {
  createOrganisationInputSchema,
  createUnitInputSchema,
  deleteUnitInputSchema,
  listCoordinatorsInputSchema,
  listUnitsInputSchema,
  messageCoordinatorsInputSchema,
  moveUnitInputSchema,
  organisationStatusInputSchema,
  renameUnitInputSchema,
  updateOrganisationInputSchema,
  type CoordinatorView,
  type CreateOrganisationInput,
  type CreateOrganisationResult,
  type CreateUnitInput,
  type DeleteUnitInput,
  type ListCoordinatorsInput,
  type ListUnitsInput,
  type MessageCoordinatorsInput,
  type MessageCoordinatorsResult,
  type MoveUnitInput,
  type OrganisationStatusInput,
  type RenameUnitInput,
  type UpdateOrganisationInput,
} from './inputs';

/** `actor.organisations`: onboarding and running organisations. */
export interface OrganisationsApi {
  /**
   * Creates an organisation. Where the profile names a founder role (1KA), the person responsible gets a
   * pending account with that role and an activation e-mail, never a password (KA-1).
   *
   * @throws {@link PolityError} `invalid_input` (a missing or refused `responsible`, a generic mailbox where the
   *   profile forbids them); `forbidden` unless the policy allows `organisation.create` (platform admins);
   *   `conflict` when the code or the responsible person's e-mail is in use.
   * @example
   * ```ts
   * const { organisation } = await polity.as(adminId).organisations.create({ name: 'Ministry of Digital Governance', code: 'MDG' });
   * ```
   */
  create(input: CreateOrganisationInput): Promise<CreateOrganisationResult>;
  /**
   * Renames an organisation or changes its code.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `organisation.update` is allowed; `conflict` for a code in use.
   */
  update(input: UpdateOrganisationInput): Promise<Organisation>;
  /**
   * Suspends an organisation: its members cannot act and nothing may be added to it; nothing is deleted.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden`; `invalid_transition` when already suspended.
   */
  suspend(input: OrganisationStatusInput): Promise<Organisation>;
  /**
   * Resumes a suspended organisation.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden`; `invalid_transition` when not suspended.
   */
  resume(input: OrganisationStatusInput): Promise<Organisation>;
}

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

/** `actor.coordinators` (EP-10). */
export interface CoordinatorsApi {
  /**
   * Lists the coordinators of an organisation by family and given name, with an optional search, paged.
   * Each row holds only what EP-14 lets the organisation coordinator see.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless the policy lets the actor read the
   *   profiles of the organisation's coordinators (`user.read_profile`, EP-10).
   * @example
   * ```ts
   * const page = await polity.as(coordinatorId).coordinators.list({ organisationId, search: 'papa' });
   * ```
   */
  list(input: ListCoordinatorsInput): Promise<Page<CoordinatorView>>;
  /**
   * Sends one informational message to every coordinator of the organisation but the sender (EP-10).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `organisation.message_coordinators` is allowed.
   */
  message(input: MessageCoordinatorsInput): Promise<MessageCoordinatorsResult>;
}

/** The namespaces of this area, as an actor carries them. */
export interface OrganisationNamespaces {
  readonly organisations: OrganisationsApi;
  readonly units: UnitsApi;
  readonly coordinators: CoordinatorsApi;
}

/** Builds `actor.organisations`, `actor.units` and `actor.coordinators` for one acting user. */
export function organisationsArea(context: ServiceContext, actorId: string): OrganisationNamespaces {
  return {
    organisations: bindAll(context, actorId, { create: createOrganisation, update: updateOrganisation, suspend: suspendOrganisation, resume: resumeOrganisation }),
    units: bindAll(context, actorId, { create: createUnit, rename: renameUnit, move: moveUnit, delete: deleteUnit, list: listUnits }),
    coordinators: bindAll(context, actorId, { list: listCoordinators, message: messageCoordinators }),
  };
}
