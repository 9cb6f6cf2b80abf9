/**
 * The inputs of `actor.licences` (MB-2 … MB-5, MB-12), and what they answer.
 *
 * @module
 */
import { z } from 'zod';
import { licenceRequestStatuses, type LicenceRequest } from '../../domain/licence-request';
import { idSchema } from '../../domain/primitives';
import { pageInputShape } from '../kernel/paging';
import { maxAllocated, type LicenceSummary } from './pool';

/** Input of {@link LicencesApi.summary}. */
export const licenceSummaryInputSchema = z.strictObject({ organisationId: idSchema });
/** Input of {@link LicencesApi.summary}. */
export type LicenceSummaryInput = z.input<typeof licenceSummaryInputSchema>;

/** Input of {@link LicencesApi.allocate}. */
export const allocateLicencesInputSchema = z.strictObject({
  organisationId: idSchema,
  /** The new number of named licences, 0–1000000 (`maxAllocated`); never below those in use and reserved. */
  allocated: z.number().int('a count is a whole number').min(0, 'a count cannot be negative').max(maxAllocated, `at most ${maxAllocated} licences`),
});
/** Input of {@link LicencesApi.allocate}. */
export type AllocateLicencesInput = z.input<typeof allocateLicencesInputSchema>;

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

