/**
 * Organisations: platform admins create them (with their first manager where the profile has one, KA-1),
 * rename them, suspend and resume them.
 *
 * @module
 */
import { z } from 'zod';
import type { Organisation } from '../domain/organisation';
import { idSchema, nameSchema } from '../domain/primitives';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import { assertMailboxAllowed, createPendingAccount, newAccountShape } from './accounts';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { loadOrganisation, organisationResource } from './organisation-guards';

const codeField = z.string().trim().min(1, 'a code cannot be empty').max(64, 'a code has at most 64 characters');

/** Input of {@link OrganisationsApi.create}. */
export const createOrganisationInputSchema = z.strictObject({
  name: nameSchema,
  /** The official identifier (IPA code, tax number …), unique on the platform; matched by the identity registry (EP-7). */
  code: codeField.nullable().optional(),
  /**
   * The person responsible for the organisation. Required where the profile names a founder role (1KA: they
   * become its first manager, KA-1); refused where it names none.
   */
  responsible: z.strictObject(newAccountShape).optional(),
});

/** Input of {@link OrganisationsApi.create}. */
export type CreateOrganisationInput = z.input<typeof createOrganisationInputSchema>;

/** What {@link OrganisationsApi.create} created. */
export interface CreateOrganisationResult {
  readonly organisation: Organisation;
  /** The responsible person's new, pending account (KA-1), or `null` when the profile has no founder role. */
  readonly responsible: User | null;
}

/** Input of {@link OrganisationsApi.update}. */
export const updateOrganisationInputSchema = z
  .strictObject({ organisationId: idSchema, name: nameSchema.optional(), code: codeField.nullable().optional() })
  .refine((input) => input.name !== undefined || input.code !== undefined, { path: ['name'], message: 'give a new name or code', params: { reason: 'nothing_to_change' } });

/** Input of {@link OrganisationsApi.update}. */
export type UpdateOrganisationInput = z.input<typeof updateOrganisationInputSchema>;

/** Input of {@link OrganisationsApi.suspend} and {@link OrganisationsApi.resume}. */
export const organisationStatusInputSchema = z.strictObject({
  organisationId: idSchema,
  /** Why, for the audit trail. */
  reason: z.string().trim().min(1, 'a reason cannot be empty').max(500, 'a reason has at most 500 characters').optional(),
});

/** Input of {@link OrganisationsApi.suspend} and {@link OrganisationsApi.resume}. */
export type OrganisationStatusInput = z.input<typeof organisationStatusInputSchema>;

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

async function create(context: ServiceContext, actorId: string, input: CreateOrganisationInput): Promise<CreateOrganisationResult> {
  const data = parseWith(createOrganisationInputSchema, input, 'input of organisations.create');
  const founderRole = context.profile.organisationFounderRole;
  if (founderRole !== undefined && data.responsible === undefined) {
    const message = `${context.profile.name} organisations are created with the person responsible, who becomes their first ${founderRole} (KA-1)`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'responsible', message, code: 'required' }] } });
  }
  if (founderRole === undefined && data.responsible !== undefined) {
    const message = `${context.profile.name} names no founder role: add coordinators after creating the organisation`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'responsible', message, code: 'no_founder_role' }] } });
  }
  if (data.responsible !== undefined) assertMailboxAllowed(context.profile, data.responsible.email, 'responsible.email');

  return runCommand(context, actorId, { action: 'organisation.create' }, async (tx, actor) => {
    authorise(context, actor, 'organisation.create', { kind: 'organisation', organisationId: null });
    const now = context.clock.now();
    const organisation = await tx.organisations.insert({
      id: context.ids.id('org'),
      name: data.name,
      code: data.code ?? null,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
    let responsible: User | null = null;
    if (founderRole !== undefined && data.responsible !== undefined) {
      const created = await createPendingAccount(tx, context, {
        account: data.responsible,
        organisationId: organisation.id,
        role: founderRole,
        scope: { type: 'organisation', organisationId: organisation.id },
        managerId: null,
        grantedById: actor.user.id,
        payload: { organisationName: organisation.name, role: founderRole },
      });
      responsible = created.user;
    }
    await appendAudit(tx, context, {
      organisationId: organisation.id,
      actorId: actor.user.id,
      action: 'organisation.create',
      targetType: 'organisation',
      targetId: organisation.id,
      summary: `created organisation ${organisation.name}${responsible === null ? '' : ` with ${responsible.email} as its first ${founderRole} (KA-1)`}`,
      changes: { name: organisation.name, code: organisation.code, ...(responsible === null ? {} : { responsibleId: responsible.id, founderRole }) },
    });
    return { organisation, responsible };
  });
}

async function update(context: ServiceContext, actorId: string, input: UpdateOrganisationInput): Promise<Organisation> {
  const data = parseWith(updateOrganisationInputSchema, input, 'input of organisations.update');
  return runCommand(context, actorId, { action: 'organisation.update' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    authorise(context, actor, 'organisation.update', organisationResource(organisation));
    const changes: Record<string, unknown> = {};
    if (data.name !== undefined && data.name !== organisation.name) changes['name'] = data.name;
    if (data.code !== undefined && data.code !== organisation.code) changes['code'] = data.code;
    if (Object.keys(changes).length === 0) return organisation;
    const updated = await tx.organisations.update(organisation.id, { ...changes, updatedAt: context.clock.now() });
    await appendAudit(tx, context, {
      organisationId: organisation.id,
      actorId: actor.user.id,
      action: 'organisation.update',
      targetType: 'organisation',
      targetId: organisation.id,
      summary: `changed ${Object.keys(changes).join(' and ')} of organisation ${updated.name}`,
      changes,
    });
    return updated;
  });
}

async function setStatus(context: ServiceContext, actorId: string, input: OrganisationStatusInput, to: Organisation['status']): Promise<Organisation> {
  const event = to === 'suspended' ? 'suspend' : 'resume';
  const data = parseWith(organisationStatusInputSchema, input, `input of organisations.${event}`);
  const action = `organisation.${event}`;
  return runCommand(context, actorId, { action }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    authorise(context, actor, action, organisationResource(organisation));
    if (organisation.status === to) {
      throw new PolityError('invalid_transition', `organisation ${organisation.id} is already ${to}`, {
        details: { machine: 'organisation', state: organisation.status, event },
      });
    }
    const updated = await tx.organisations.update(organisation.id, { status: to, updatedAt: context.clock.now() });
    await appendAudit(tx, context, {
      organisationId: organisation.id,
      actorId: actor.user.id,
      action: `organisation.${event}`,
      targetType: 'organisation',
      targetId: organisation.id,
      summary: `${to === 'suspended' ? 'suspended' : 'resumed'} organisation ${organisation.name}${data.reason === undefined ? '' : `: ${data.reason}`}`,
      changes: { status: to, ...(data.reason === undefined ? {} : { reason: data.reason }) },
    });
    return updated;
  });
}

/** Builds `actor.organisations` for one acting user. */
export function organisationsApi(context: ServiceContext, actorId: string): OrganisationsApi {
  return {
    create: (input) => create(context, actorId, input),
    update: (input) => update(context, actorId, input),
    suspend: (input) => setStatus(context, actorId, input, 'suspended'),
    resume: (input) => setStatus(context, actorId, input, 'active'),
  };
}
