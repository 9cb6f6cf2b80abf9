/**
 * Requests for more named licences (MB-3): an organisation's administrator asks, the platform operator or
 * the concierge grants or refuses, once, through {@link licenceRequestMachine}. A grant raises the pool's
 * allocation by the number asked for in the same transaction; either way the requester is told by e-mail.
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../domain/filter';
import { licenceRequestStatuses, type LicenceRequest } from '../domain/licence-request';
import { idSchema } from '../domain/primitives';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import type { PolicyResource } from '../policy/index';
import type { Page, StoreSession } from '../ports/store';
import { licenceRequestMachine } from '../workflows/licence-request-machine';
import { transitionOrThrow } from '../workflows/machine';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { assertCountsLicences, raiseAllocation, readSummary, type LicenceSummary } from './licence-pool';
import { notifyUser } from './notify';
import { loadOrganisation } from './organisation-guards';
import { listQuery, pageInputShape } from './paging';

const noteSchema = z.string().trim().min(1, 'a note cannot be empty').max(2000, 'a note has at most 2000 characters');

/** Input of {@link LicencesApi.request}. */
export const requestLicencesInputSchema = z.strictObject({
  organisationId: idSchema,
  /** How many more licences, 1–100000. */
  count: z.number().int('a count is a whole number').min(1, 'ask for at least one licence').max(100_000, 'ask for at most 100000 licences at once'),
  /** Why, for the operator. */
  reason: z.string().trim().min(1, 'a reason cannot be empty').max(2000, 'a reason has at most 2000 characters').optional(),
});
/** Input of {@link LicencesApi.request}. */
export type RequestLicencesInput = z.input<typeof requestLicencesInputSchema>;

/** Input of {@link LicencesApi.grant}. */
export const grantLicenceRequestInputSchema = z.strictObject({
  requestId: idSchema,
  /** A note for the requester and the trail. */
  note: noteSchema.optional(),
});
/** Input of {@link LicencesApi.grant}. */
export type GrantLicenceRequestInput = z.input<typeof grantLicenceRequestInputSchema>;

/** Input of {@link LicencesApi.refuse}: a refusal says why. */
export const refuseLicenceRequestInputSchema = z.strictObject({
  requestId: idSchema,
  /** Why the request is refused, for the requester and the trail. */
  note: noteSchema,
});
/** Input of {@link LicencesApi.refuse}. */
export type RefuseLicenceRequestInput = z.input<typeof refuseLicenceRequestInputSchema>;

/** Input of {@link LicencesApi.requests}. */
export const listLicenceRequestsInputSchema = z
  .strictObject({
    /** Only this organisation's requests. */
    organisationId: idSchema.optional(),
    /** Only requests in this state. */
    status: z.enum(licenceRequestStatuses).optional(),
    ...pageInputShape,
  })
  .optional();
/** Input of {@link LicencesApi.requests}. */
export type ListLicenceRequestsInput = z.input<typeof listLicenceRequestsInputSchema>;

/** What {@link LicencesApi.grant} did. */
export interface GrantLicenceRequestResult {
  /** The request, now `granted`. */
  readonly request: LicenceRequest;
  /** The organisation's licences after the grant. */
  readonly licences: LicenceSummary;
}

function requestResource(request: Pick<LicenceRequest, 'id' | 'organisationId' | 'requestedById' | 'status'>): PolicyResource {
  return { kind: 'licence_request', id: request.id, organisationId: request.organisationId, requestedById: request.requestedById, status: request.status };
}

/** Licence requests are a workflow a profile turns on (`workflows.licenceRequest`, MB-3). */
function assertWorkflowOn(context: ServiceContext, action: string): void {
  assertCountsLicences(context, action);
  if (context.profile.workflows['licenceRequest'] === true) return;
  throw new PolityError('forbidden', `${context.profile.name} has no licence requests`, {
    details: { action, explanation: { reason: 'workflow_off', workflow: 'licenceRequest' } },
  });
}

async function loadRequest(tx: StoreSession, requestId: string): Promise<LicenceRequest> {
  const request = await tx.licenceRequests.get(requestId);
  if (request === null) throw new PolityError('not_found', `no licence request ${requestId}`, { details: { requestId } });
  return request;
}

/**
 * Files a request for more licences. See {@link LicencesApi.request}.
 *
 * @throws {@link PolityError} as {@link LicencesApi.request}.
 */
export async function requestLicences(context: ServiceContext, actorId: string, input: RequestLicencesInput): Promise<LicenceRequest> {
  const data = parseWith(requestLicencesInputSchema, input, 'input of licences.request');
  assertWorkflowOn(context, 'licence_request.create');
  return runCommand(context, actorId, { action: 'licence_request.create' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    const now = context.clock.now();
    const draft = { id: context.ids.id('licreq'), organisationId: organisation.id, requestedById: actor.user.id, status: 'requested' as const };
    authorise(context, actor, 'licence_request.create', requestResource(draft));
    const request = await tx.licenceRequests.insert({
      ...draft,
      count: data.count,
      reason: data.reason ?? null,
      decidedById: null,
      decidedAt: null,
      decisionNote: null,
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(tx, context, {
      organisationId: organisation.id,
      actorId: actor.user.id,
      action: 'licence_request.file',
      targetType: 'organisation',
      targetId: organisation.id,
      summary: `asked for ${data.count} more named licence(s) for ${organisation.name} (request ${request.id})`,
      changes: { requestId: request.id, count: data.count, reason: request.reason },
    });
    return request;
  });
}

/**
 * The requests the actor may see, newest first. See {@link LicencesApi.requests}.
 *
 * @throws {@link PolityError} as {@link LicencesApi.requests}.
 */
export async function listLicenceRequests(context: ServiceContext, actorId: string, input: ListLicenceRequestsInput): Promise<Page<LicenceRequest>> {
  const data = parseWith(listLicenceRequestsInputSchema, input, 'input of licences.requests') ?? {};
  assertWorkflowOn(context, 'licence_request.read');
  return runCommand(context, actorId, { action: 'licence_request.read' }, async (tx, actor) => {
    // Asking for one organisation's requests is a question about that organisation: answered, or refused
    // (`forbidden`), never silently emptied, as `users.list` does.
    if (data.organisationId !== undefined) {
      const organisation = await loadOrganisation(tx, data.organisationId);
      authorise(context, actor, 'licence_request.read', { kind: 'licence_request', organisationId: organisation.id });
    }
    const plan = context.policy.plan(actor.principal, 'licence_request.read', 'licence_request');
    const filter = where.and(
      plan,
      ...(data.organisationId === undefined ? [] : [where.eq('organisationId', data.organisationId)]),
      ...(data.status === undefined ? [] : [where.eq('status', data.status)]),
    );
    return tx.licenceRequests.list(listQuery(filter, [{ field: 'createdAt', direction: 'desc' }], data));
  });
}

/**
 * Grants or refuses an open request. See {@link LicencesApi.grant} and {@link LicencesApi.refuse}.
 *
 * @throws {@link PolityError} as {@link LicencesApi.grant}.
 */
export async function decideLicenceRequest(
  context: ServiceContext,
  actorId: string,
  input: GrantLicenceRequestInput | RefuseLicenceRequestInput,
  event: 'grant' | 'refuse',
): Promise<GrantLicenceRequestResult> {
  const data = event === 'grant' ? parseWith(grantLicenceRequestInputSchema, input, 'input of licences.grant') : parseWith(refuseLicenceRequestInputSchema, input, 'input of licences.refuse');
  assertWorkflowOn(context, 'licence_request.decide');
  return runCommand(context, actorId, { action: 'licence_request.decide' }, async (tx, actor) => {
    const request = await loadRequest(tx, data.requestId);
    authorise(context, actor, 'licence_request.decide', requestResource(request));
    // The policy said the actor is platform staff who decide on licences: the machine's `operator`.
    const { state, effects } = transitionOrThrow(licenceRequestMachine, request.status, { type: event }, { context: { noteGiven: data.note !== undefined }, roles: ['operator'] });
    const organisation = await loadOrganisation(tx, request.organisationId);
    const now = context.clock.now();
    let allocation: { before: LicenceSummary; after: LicenceSummary } | null = null;
    for (const effect of effects) {
      switch (effect.type) {
        case 'raise_allocation':
          allocation = await raiseAllocation(tx, context, request.organisationId, request.count);
          break;
        case 'notify_requester': {
          const requester = await tx.users.get(request.requestedById);
          if (requester === null) break;
          const common = { givenName: requester.givenName, requestId: request.id, organisationName: organisation.name, count: request.count };
          if (state === 'granted') {
            await notifyUser(tx, context, requester, 'licence.granted', {
              ...common,
              ...(allocation === null ? {} : { allocated: allocation.after.allocated }),
              grantedBy: `${actor.user.givenName} ${actor.user.familyName}`,
              ...(data.note === undefined ? {} : { note: data.note }),
            });
          } else {
            await notifyUser(tx, context, requester, 'licence.refused', { ...common, note: data.note ?? '' });
          }
          break;
        }
      }
    }
    const updated = await tx.licenceRequests.update(request.id, { status: state, decidedById: actor.user.id, decidedAt: now, decisionNote: data.note ?? null, updatedAt: now });
    const licences = allocation?.after ?? (await readSummary(tx, request.organisationId));
    await appendAudit(tx, context, {
      organisationId: request.organisationId,
      actorId: actor.user.id,
      action: `licence_request.${event}`,
      targetType: 'organisation',
      targetId: request.organisationId,
      summary:
        allocation === null
          ? `refused the request ${request.id} for ${request.count} more named licence(s) for ${organisation.name}`
          : `granted the request ${request.id}: ${organisation.name} is allocated ${allocation.after.allocated} named licences (was ${allocation.before.allocated})`,
      changes: {
        requestId: request.id,
        status: state,
        count: request.count,
        ...(allocation === null ? {} : { allocated: allocation.after.allocated, previousAllocated: allocation.before.allocated }),
        ...(data.note === undefined ? {} : { note: data.note }),
      },
    });
    return { request: updated, licences };
  });
}
