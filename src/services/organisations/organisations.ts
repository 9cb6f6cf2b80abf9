/**
 * Organisations: platform admins create them (with their first manager where the profile has one, KA-1),
 * rename them, suspend and resume them.
 *
 * @module
 */
import type { Organisation } from '../../domain/organisation';
import type { User } from '../../domain/user';
import { invalidInput, invalidTransition } from '../../errors';
import type { ServiceContext } from '../kernel/context';
import { defineCommand } from '../kernel/define';
import { assertMailboxAllowed, createPendingAccount } from '../accounts/new-account';
import { lockOrganisation, organisationResource } from './guards';
import { createOrganisationInputSchema, organisationStatusInputSchema, updateOrganisationInputSchema, type CreateOrganisationResult } from './inputs';

/** KA-1: a founder role means the organisation is created with its responsible person; none means it is not. */
function assertResponsibleMatchesProfile(input: { readonly responsible?: { readonly email: string } | undefined }, context: ServiceContext): void {
  const founderRole = context.profile.organisationFounderRole;
  if (founderRole !== undefined && input.responsible === undefined) {
    throw invalidInput('responsible', `${context.profile.name} organisations are created with the person responsible, who becomes their first ${founderRole} (KA-1)`, 'required');
  }
  if (founderRole === undefined && input.responsible !== undefined) {
    throw invalidInput('responsible', `${context.profile.name} names no founder role: add coordinators after creating the organisation`, 'no_founder_role');
  }
  if (input.responsible !== undefined) assertMailboxAllowed(context.profile, input.responsible.email, 'responsible.email');
}

/** `organisations.create` (KA-1 where the profile names a founder role). */
export const createOrganisation = defineCommand({
  name: 'organisations.create',
  input: createOrganisationInputSchema,
  action: 'organisation.create',
  precheck: assertResponsibleMatchesProfile,
  resource: () => ({ kind: 'organisation', organisationId: null }),
  async run({ tx, work, input, actor, context }): Promise<CreateOrganisationResult> {
    const organisation = await tx.organisations.insert({ id: work.id('org'), name: input.name, code: input.code ?? null, status: 'active', createdAt: work.now, updatedAt: work.now });
    const founderRole = context.profile.organisationFounderRole;
    let responsible: User | null = null;
    if (founderRole !== undefined && input.responsible !== undefined) {
      const created = await createPendingAccount(work, {
        account: input.responsible,
        organisationId: organisation.id,
        role: founderRole,
        scope: { type: 'organisation', organisationId: organisation.id },
        managerId: null,
        grantedById: actor.user.id,
        payload: { organisationName: organisation.name, role: founderRole },
      });
      responsible = created.user;
    }
    return { organisation, responsible };
  },
  audit: ({ context }, { organisation, responsible }) => {
    const founderRole = context.profile.organisationFounderRole;
    return {
      organisationId: organisation.id,
      action: 'organisation.create',
      targetType: 'organisation',
      targetId: organisation.id,
      summary: `created organisation ${organisation.name}${responsible === null ? '' : ` with ${responsible.email} as its first ${founderRole ?? ''} (KA-1)`}`,
      changes: { name: organisation.name, code: organisation.code, ...(responsible === null ? {} : { responsibleId: responsible.id, founderRole: founderRole ?? null }) },
    };
  },
});

/** The fields of an organisation an update changes: only those that differ. */
function changedFields(organisation: Organisation, input: { readonly name?: string | undefined; readonly code?: string | null | undefined }): Partial<Pick<Organisation, 'name' | 'code'>> {
  const changes: { name?: string; code?: string | null } = {};
  if (input.name !== undefined && input.name !== organisation.name) changes.name = input.name;
  if (input.code !== undefined && input.code !== organisation.code) changes.code = input.code;
  return changes;
}

/** `organisations.update`: a new name or code. */
export const updateOrganisation = defineCommand({
  name: 'organisations.update',
  input: updateOrganisationInputSchema,
  action: 'organisation.update',
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: ({ loaded }) => organisationResource(loaded),
  async run({ tx, work, input, loaded: organisation }) {
    const changes = changedFields(organisation, input);
    return Object.keys(changes).length === 0 ? organisation : tx.organisations.update(organisation.id, { ...changes, updatedAt: work.now });
  },
  audit: ({ input, loaded: organisation }, updated) => {
    const changes = changedFields(organisation, input);
    if (Object.keys(changes).length === 0) return null;
    return {
      organisationId: organisation.id,
      action: 'organisation.update',
      targetType: 'organisation',
      targetId: organisation.id,
      summary: `changed ${Object.keys(changes).join(' and ')} of organisation ${updated.name}`,
      changes,
    };
  },
});

/** `organisations.suspend` / `organisations.resume`: the organisation row is locked, so the two never interleave. */
function setStatus(to: Organisation['status']) {
  const event = to === 'suspended' ? 'suspend' : 'resume';
  return defineCommand({
    name: `organisations.${event}`,
    input: organisationStatusInputSchema,
    action: `organisation.${event}`,
    load: ({ tx, input }) => lockOrganisation(tx, input.organisationId),
    resource: ({ loaded }) => organisationResource(loaded),
    async run({ tx, work, loaded: organisation }) {
      if (organisation.status === to) throw invalidTransition({ machine: 'organisation', state: organisation.status, event }, `the organisation is already ${to}`);
      return tx.organisations.update(organisation.id, { status: to, updatedAt: work.now });
    },
    audit: ({ input, loaded: organisation }) => ({
      organisationId: organisation.id,
      action: `organisation.${event}`,
      targetType: 'organisation',
      targetId: organisation.id,
      summary: `${to === 'suspended' ? 'suspended' : 'resumed'} organisation ${organisation.name}${input.reason === undefined ? '' : `: ${input.reason}`}`,
      changes: { status: to, ...(input.reason === undefined ? {} : { reason: input.reason }) },
    }),
  });
}

/** `organisations.suspend`. */
export const suspendOrganisation = setStatus('suspended');
/** `organisations.resume`. */
export const resumeOrganisation = setStatus('active');
