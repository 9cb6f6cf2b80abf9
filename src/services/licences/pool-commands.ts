/**
 * Reading and setting an organisation's pool of named licences (MB-2, MB-3): `licences.summary` and
 * `licences.allocate`. In a profile without a licensed role both are `forbidden` (`no_licences`).
 *
 * @module
 */
import { defineCommand, defineQuery } from '../kernel/define';
import { allocateLicencesInputSchema, licenceSummaryInputSchema } from './inputs';
import { assertCountsLicences, readSummary, setAllocation } from './pool';

/** `licences.summary` (MB-2): licensed users against allocated licences. */
export const licenceSummary = defineQuery({
  name: 'licences.summary',
  input: licenceSummaryInputSchema,
  action: 'licence_pool.read',
  precheck: (_input, context) => assertCountsLicences(context, 'licence_pool.read'),
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: ({ loaded }) => ({ kind: 'licence_pool', organisationId: loaded.id }),
  run: ({ tx, loaded }) => readSummary(tx, loaded.id),
});

/**
 * `licences.allocate` (MB-3): sets the allocation, never below what is in use. The write is guarded on the
 * pool row (and its check constraint), so concurrent takes and allocations never oversubscribe it.
 */
export const allocateLicences = defineCommand({
  name: 'licences.allocate',
  input: allocateLicencesInputSchema,
  action: 'licence_pool.allocate',
  precheck: (_input, context) => assertCountsLicences(context, 'licence_pool.allocate'),
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: ({ loaded }) => ({ kind: 'licence_pool', organisationId: loaded.id }),
  async run({ work, input, loaded: organisation }) {
    const { before, after } = await setAllocation(work, organisation.id, input.allocated);
    // Setting the allocation it already has changes nothing, and says so by writing nothing to the trail.
    if (before.allocated !== after.allocated) {
      work.audit({
        organisationId: organisation.id,
        action: 'licence_pool.allocate',
        targetType: 'organisation',
        targetId: organisation.id,
        summary: `allocated ${after.allocated} named licences to ${organisation.name} (was ${before.allocated}; ${after.used} in use, ${after.reserved} reserved)`,
        changes: { allocated: after.allocated, previousAllocated: before.allocated, used: after.used, reserved: after.reserved },
      });
    }
    return after;
  },
});
