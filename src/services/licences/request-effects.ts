/**
 * What the licence-request machine's effects do (its one typed effect map): a grant raises the
 * organisation's allocation by the number asked for, in the same transaction (MB-3); either way the
 * requester is told by e-mail (`licence.granted`, `licence.refused`).
 *
 * @module
 */
import type { LicenceRequest } from '../../domain/licence-request';
import type { Organisation } from '../../domain/organisation';
import type { LicenceRequestEffect, LicenceRequestState } from '../../workflows/licence-request-machine';
import type { LoadedPrincipal } from '../kernel/acting-user';
import { runEffects, type EffectHandlers } from '../kernel/effects';
import type { Work } from '../kernel/work';
import { raiseAllocation, type LicenceSummary } from './pool';

/** What the effects act on; `allocation` is filled in by `raise_allocation`. */
export interface LicenceRequestEffectArgs {
  readonly work: Work;
  readonly actor: LoadedPrincipal;
  readonly request: LicenceRequest;
  readonly organisation: Organisation;
  /** The state the request moves to. */
  readonly state: LicenceRequestState;
  readonly note: string | undefined;
  allocation: { readonly before: LicenceSummary; readonly after: LicenceSummary } | null;
}

const licenceRequestEffects: EffectHandlers<LicenceRequestEffect, LicenceRequestEffectArgs> = {
  async raise_allocation(_effect, args) {
    args.allocation = await raiseAllocation(args.work, args.request.organisationId, args.request.count);
  },
  async notify_requester(_effect, { work, actor, request, organisation, state, note, allocation }) {
    const requester = await work.tx.users.get(request.requestedById);
    if (requester === null) return;
    const common = { givenName: requester.givenName, requestId: request.id, organisationName: organisation.name, count: request.count };
    if (state === 'granted') {
      work.notify(requester, 'licence.granted', {
        ...common,
        ...(allocation === null ? {} : { allocated: allocation.after.allocated }),
        grantedBy: `${actor.user.givenName} ${actor.user.familyName}`,
        ...(note === undefined ? {} : { note }),
      });
    } else {
      work.notify(requester, 'licence.refused', { ...common, note: note ?? '' });
    }
  },
};

/** Carries out the licence-request machine's effects in order. */
export async function applyLicenceRequestEffects(effects: readonly LicenceRequestEffect[], args: LicenceRequestEffectArgs): Promise<void> {
  await runEffects(licenceRequestEffects, effects, args);
}
