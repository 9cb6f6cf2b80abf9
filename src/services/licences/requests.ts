/**
 * Requests for more named licences (MB-3): an organisation's administrator asks, the platform operator or
 * the concierge grants or refuses, once, through {@link licenceRequestMachine}.
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { LicenceRequest } from '../../domain/licence-request';
import { forbidden, notFound } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import type { ReadOptions, StoreSession } from '../../ports/store';
import { licenceRequestMachine } from '../../workflows/licence-request-machine';
import { actionOf, enterOrThrow, transitionOrThrow } from '../../workflows/machine';
import type { ServiceContext } from '../kernel/context';
import { defineCommand, defineQuery } from '../kernel/define';
import { listQuery } from '../kernel/paging';
import { grantLicenceRequestInputSchema, listLicenceRequestsInputSchema, refuseLicenceRequestInputSchema, requestLicencesInputSchema, type GrantLicenceRequestResult } from './inputs';
import { assertCountsLicences, readSummary } from './pool';
import { applyLicenceRequestEffects, type LicenceRequestEffectArgs } from './request-effects';

function requestResource(request: Pick<LicenceRequest, 'id' | 'organisationId' | 'requestedById' | 'status'>): PolicyResource {
  return { kind: 'licence_request', id: request.id, organisationId: request.organisationId, requestedById: request.requestedById, status: request.status };
}

/** Licence requests are a workflow a profile turns on (`workflows.licenceRequest`, MB-3). */
function assertWorkflowOn(context: ServiceContext, action: string): void {
  assertCountsLicences(context, action);
  if (context.profile.workflows['licenceRequest'] === true) return;
  throw forbidden(action, 'workflow_off', { reason: 'workflow_off', summary: `${context.profile.name} has no licence requests.`, workflow: 'licenceRequest' });
}

async function loadRequest(tx: StoreSession, requestId: string, options?: ReadOptions): Promise<LicenceRequest> {
  const request = await tx.licenceRequests.get(requestId, options);
  if (request === null) throw notFound('licence_request', requestId, { requestId });
  return request;
}

/** `licences.request` (MB-3): a request in state `requested`. */
export const requestLicences = defineCommand({
  name: 'licences.request',
  input: requestLicencesInputSchema,
  action: actionOf(licenceRequestMachine, 'create'),
  precheck: (_input, context) => assertWorkflowOn(context, 'licence_request.create'),
  async load({ work, input, actor }) {
    const organisation = await work.organisation(input.organisationId);
    const { state } = enterOrThrow(licenceRequestMachine, { context: { noteGiven: false } });
    return { organisation, draft: { id: work.id('licreq'), organisationId: organisation.id, requestedById: actor.user.id, status: state } };
  },
  resource: ({ loaded }) => requestResource(loaded.draft),
  run: ({ tx, work, input, loaded: { draft } }) =>
    tx.licenceRequests.insert({ ...draft, count: input.count, reason: input.reason ?? null, decidedById: null, decidedAt: null, decisionNote: null, createdAt: work.now, updatedAt: work.now }),
  audit: ({ input, loaded: { organisation } }, request) => ({
    organisationId: organisation.id,
    action: 'licence_request.file',
    targetType: 'organisation',
    targetId: organisation.id,
    summary: `asked for ${input.count} more named licence(s) for ${organisation.name} (request ${request.id})`,
    changes: { requestId: request.id, count: input.count, reason: request.reason },
  }),
});

/**
 * `licences.requests`: the requests the actor may see, newest first. Asking for one organisation's is a
 * question about that organisation: answered, or refused (`forbidden`), never silently emptied.
 */
export const listLicenceRequests = defineQuery({
  name: 'licences.requests',
  input: listLicenceRequestsInputSchema,
  action: 'licence_request.read',
  precheck: (_input, context) => assertWorkflowOn(context, 'licence_request.read'),
  resource: 'plan',
  async run({ tx, work, input, policy }) {
    const page = input ?? {};
    if (page.organisationId !== undefined) {
      const organisation = await work.organisation(page.organisationId);
      await policy.authorise('licence_request.read', { kind: 'licence_request', organisationId: organisation.id });
    }
    const plan = await policy.plan('licence_request.read', 'licence_request');
    const filter = where.and(
      plan,
      ...(page.organisationId === undefined ? [] : [where.eq('organisationId', page.organisationId)]),
      ...(page.status === undefined ? [] : [where.eq('status', page.status)]),
    );
    return tx.licenceRequests.list(listQuery(filter, [{ field: 'createdAt', direction: 'desc' }], page));
  },
});

/**
 * `licences.grant` / `licences.refuse`: the request is locked, so two decisions on one request run one
 * after the other and the second finds it decided (`invalid_transition`).
 */
function decide(event: 'grant' | 'refuse') {
  return defineCommand({
    name: `licences.${event}`,
    input: event === 'grant' ? grantLicenceRequestInputSchema : refuseLicenceRequestInputSchema,
    action: actionOf(licenceRequestMachine, event),
    precheck: (_input, context) => assertWorkflowOn(context, 'licence_request.decide'),
    load: ({ tx, input }) => loadRequest(tx, input.requestId, { lock: 'update' }),
    resource: ({ loaded }) => requestResource(loaded),
    async run({ tx, work, input, actor, loaded: request }): Promise<GrantLicenceRequestResult> {
      // The policy said the actor is platform staff who decide on licences: the machine's `operator`.
      const { state, effects } = transitionOrThrow(licenceRequestMachine, request.status, { type: event }, { context: { noteGiven: input.note !== undefined }, roles: ['operator'] });
      const organisation = await work.organisation(request.organisationId);
      const args: LicenceRequestEffectArgs = { work, actor, request, organisation, state, note: input.note, allocation: null };
      await applyLicenceRequestEffects(effects, args);
      const { allocation } = args;
      const updated = await tx.licenceRequests.update(request.id, { status: state, decidedById: actor.user.id, decidedAt: work.now, decisionNote: input.note ?? null, updatedAt: work.now });
      work.audit({
        organisationId: request.organisationId,
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
          ...(input.note === undefined ? {} : { note: input.note }),
        },
      });
      return { request: updated, licences: allocation?.after ?? (await readSummary(tx, request.organisationId)) };
    },
  });
}

/** `licences.grant` (MB-3): the allocation grows by the number asked for, in the same transaction. */
export const grantLicenceRequest = decide('grant');
/** `licences.refuse`: a refusal says why. */
export const refuseLicenceRequest = decide('refuse');
