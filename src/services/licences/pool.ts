/**
 * An organisation's pool of named licences as the services read and change it (MB-2, MB-3, MB-12): which
 * profiles count licences, the counts a pool shows, and the guarded writes that give back and allocate
 * licences without ever letting `used + reserved` pass `allocated` (taking one is `licence-take.ts`, which
 * also lapses expired reservations when none is free).
 *
 * Every write here is a guarded update pinned to the pool's id, so concurrent callers queue on the pool row;
 * the zod refine and the Postgres check constraint `licencePools.allocated.licences_oversubscribed` are the
 * backstop for the sum the filter language cannot express, and a refusal by the backstop is reported like
 * a refusal by the guard.
 *
 * @module
 */
import { where } from '../../domain/filter';
import { freeLicences, type LicencePool } from '../../domain/licence-pool';
import { conflict, forbidden, internal, isPolityError, limitExceeded, type PolityError } from '../../errors';
import type { StoreSession } from '../../ports/store';
import type { Profile } from '../../profiles/index';
import type { ServiceContext } from '../kernel/context';
import type { Work } from '../kernel/work';

/** An organisation's licences at a glance (MB-2): allocated against in use, with the seats invitations hold. */
export interface LicenceSummary {
  /** The hard cap (MB-3); 0 for an organisation that was never allocated any. */
  readonly allocated: number;
  /** Licences held by active users (MB-12): the "licensed users" of MB-2. */
  readonly used: number;
  /** Licences held for pending invitations to a licensed role, until the activation link expires. */
  readonly reserved: number;
  /** `allocated - used - reserved`: what one more activation or invitation may take. */
  readonly free: number;
}

/** Which of a pool's counters a seat takes: `used` for a held seat, `reserved` for a reservation. */
export type LicenceCounter = 'used' | 'reserved';

/** The roles of a profile whose holders take a named licence while active (MB-12). */
export function licensedRoles(profile: Profile): readonly string[] {
  return profile.roles.filter((role) => role.licensed === true).map((role) => role.name);
}

/**
 * Whether a profile counts named licences: one of its roles is `licensed` (Mégalis: user, delegated
 * organiser, administrator). For any other profile every licence effect is a no-op.
 */
export function countsLicences(profile: Profile): boolean {
  return licensedRoles(profile).length > 0;
}

/**
 * Refuses a licences command in a profile that counts no licences, before the store is touched: the
 * question has no answer there, which is clearer than an empty pool.
 *
 * @throws {@link PolityError} `forbidden` with `explanation.reason: 'no_licences'`.
 */
export function assertCountsLicences(context: Pick<ServiceContext, 'profile'>, action: string): void {
  if (countsLicences(context.profile)) return;
  throw forbidden(action, 'no_licences', { reason: 'no_licences', summary: `No role of ${context.profile.name} takes a named licence.` });
}

/** The pool of an organisation, or `null` when it was never allocated licences. */
export function findPool(tx: StoreSession, organisationId: string): Promise<LicencePool | null> {
  return tx.licencePools.findUnique('licencePools.organisation', { organisationId });
}

/** The counts of a pool; a missing pool is one with nothing allocated. */
export function summaryOf(pool: Pick<LicencePool, 'allocated' | 'used' | 'reserved'> | null): LicenceSummary {
  if (pool === null) return { allocated: 0, used: 0, reserved: 0, free: 0 };
  return { allocated: pool.allocated, used: pool.used, reserved: pool.reserved, free: freeLicences(pool) };
}

/** The counts of an organisation's pool, read in the caller's transaction. */
export async function readSummary(tx: StoreSession, organisationId: string): Promise<LicenceSummary> {
  return summaryOf(await findPool(tx, organisationId));
}

/**
 * The error of an act that needs a licence none is free for (MB-3: "activation fails when licensed =
 * allocated"). `details` carries the counts: `max` is the allocation, `current` what is taken
 * (`used + reserved`), `requested` how many licences the act needed (always 1 here).
 */
export function licencesExhausted(organisationId: string, pool: Pick<LicencePool, 'allocated' | 'used' | 'reserved'> | null): PolityError<'limit_exceeded'> {
  const { allocated, used, reserved } = summaryOf(pool);
  return limitExceeded(
    { limit: 'licences', max: allocated, current: used + reserved, requested: 1, organisationId, allocated, used, reserved, source: 'MB-3' },
    `the organisation has no named licence free: ${used} in use and ${reserved} reserved of ${allocated} allocated (MB-3)`,
  );
}

/** Whether an error is the backstop refusing a pool with `used + reserved > allocated` (memory refine or Postgres check). */
export function isOversubscribed(error: unknown): boolean {
  return isPolityError(error, 'invalid_input') && (error.details?.issues ?? []).some((issue) => issue.code === 'licences_oversubscribed');
}

/**
 * Runs a guarded pool write, turning a refusal by the backstop (the pool schema, the Postgres check
 * constraint) into "nothing matched".
 *
 * @returns The pool as written, or `null` when the guard or the backstop refused.
 */
export async function guardedPoolWrite(run: () => Promise<LicencePool[]>): Promise<LicencePool | null> {
  try {
    return (await run())[0] ?? null;
  } catch (error) {
    if (isOversubscribed(error)) return null;
    throw error;
  }
}

/**
 * Gives one licence back to an organisation's pool.
 *
 * @throws {@link PolityError} `internal` when the counter is already 0: a seat existed that the pool did not count.
 */
export async function returnLicence(work: Work, organisationId: string, counter: LicenceCounter): Promise<LicencePool> {
  const [returned] = await work.tx.licencePools.guardedUpdate({
    where: where.and(where.eq('organisationId', organisationId), where.gt(counter, 0)),
    increment: { [counter]: -1 },
    set: { updatedAt: work.now },
  });
  if (returned === undefined) throw internal(`the organisation counts no ${counter} licence to give back`, { organisationId, counter });
  return returned;
}

/**
 * Turns a reservation into a held licence (`reserved - 1`, `used + 1`). The sum does not change, so this
 * never fails for lack of licences: activating the holder of a reservation always succeeds.
 *
 * @throws {@link PolityError} `internal` when the pool counts no reservation.
 */
export async function holdReservation(work: Work, organisationId: string): Promise<LicencePool> {
  const [held] = await work.tx.licencePools.guardedUpdate({
    where: where.and(where.eq('organisationId', organisationId), where.gt('reserved', 0)),
    increment: { reserved: -1, used: 1 },
    set: { updatedAt: work.now },
  });
  if (held === undefined) throw internal('the organisation counts no reservation to turn into a held licence', { organisationId });
  return held;
}

/**
 * The most named licences one organisation may be allocated: the bound of `licences.allocate`, and of a
 * granted request (which adds to the allocation).
 */
export const maxAllocated = 1_000_000;

/** The error of a grant that would take an allocation past {@link maxAllocated}. */
function aboveMaxAllocated(organisationId: string, allocated: number, by: number): PolityError<'limit_exceeded'> {
  return limitExceeded(
    { limit: 'allocation', max: maxAllocated, actual: allocated + by, allocated, requested: by, organisationId, source: 'MB-3' },
    `the organisation is allocated ${allocated} named licences: ${by} more would pass the most one organisation may have (${maxAllocated})`,
  );
}

/**
 * The pool of an organisation, created empty when it has none. Two commands creating it at once: one
 * insert wins (the unique constraint `licencePools.organisation`), the other reads the winner's pool.
 */
async function poolOf(work: Work, organisationId: string, lock?: 'update'): Promise<{ pool: LicencePool; created: boolean }> {
  const found = await work.tx.licencePools.findUnique('licencePools.organisation', { organisationId }, lock === undefined ? undefined : { lock });
  if (found !== null) return { pool: found, created: false };
  try {
    const pool = await work.tx.licencePools.insert({ id: work.id('pool'), organisationId, allocated: 0, used: 0, reserved: 0, updatedAt: work.now });
    return { pool, created: true };
  } catch (error) {
    if (!isPolityError(error, 'conflict') || error.details?.constraint !== 'licencePools.organisation') throw error;
    const winner = await work.tx.licencePools.findUnique('licencePools.organisation', { organisationId }, lock === undefined ? undefined : { lock });
    if (winner === null) throw error;
    return { pool: winner, created: false };
  }
}

/**
 * Adds licences to an organisation's pool (a granted request, MB-3), creating the pool if it has none.
 * The allocation never passes {@link maxAllocated}, the same bound as `licences.allocate`: the check comes
 * before any write, and the guard on the pool row keeps it under concurrent grants.
 *
 * @throws {@link PolityError} `limit_exceeded` (`limit: 'allocation'`, `max`, `actual` (the allocation the
 *   grant would make), `allocated`, `requested`, `organisationId`) when it would pass the bound.
 */
export async function raiseAllocation(work: Work, organisationId: string, by: number): Promise<{ before: LicenceSummary; after: LicenceSummary }> {
  const { pool, created } = await poolOf(work, organisationId);
  if (pool.allocated + by > maxAllocated) throw aboveMaxAllocated(organisationId, pool.allocated, by);
  // The guard re-checks the bound on the row's newest version: concurrent grants never pass it.
  const [raised] = await work.tx.licencePools.guardedUpdate({
    where: where.and(where.eq('id', pool.id), where.lte('allocated', maxAllocated - by)),
    increment: { allocated: by },
    set: { updatedAt: work.now },
  });
  if (raised === undefined) throw aboveMaxAllocated(organisationId, pool.allocated, by);
  return { before: created ? summaryOf(null) : summaryOf(pool), after: summaryOf(raised) };
}

/** The error of lowering a pool below what is in use (the pool can never be oversubscribed). */
function belowInUse(organisationId: string, pool: LicencePool, requested: number): PolityError<'conflict'> {
  const inUse = pool.used + pool.reserved;
  return conflict('licence_pool.below_in_use', `the organisation has ${pool.used} licences in use and ${pool.reserved} reserved: it cannot be allocated fewer than ${inUse} (asked for ${requested})`, {
    organisationId,
    requested,
    allocated: pool.allocated,
    used: pool.used,
    reserved: pool.reserved,
    inUse,
  });
}

/**
 * Sets an organisation's allocation, creating the pool if it has none.
 *
 * @throws {@link PolityError} `conflict` (`constraint: 'licence_pool.below_in_use'`, with the counts) when
 *   `allocated` is below `used + reserved`.
 */
export async function setAllocation(work: Work, organisationId: string, allocated: number): Promise<{ before: LicenceSummary; after: LicenceSummary }> {
  // Locked: takes and returns queue behind the new allocation, so "never below what is in use" is checked
  // on the counts the write will see (a refused write would end the PostgreSQL transaction).
  const { pool, created } = await poolOf(work, organisationId, 'update');
  const before = created ? summaryOf(null) : summaryOf(pool);
  if (allocated < pool.used + pool.reserved) throw belowInUse(organisationId, pool, allocated);
  if (allocated === pool.allocated) return { before, after: summaryOf(pool) };
  // The check constraint keeps `used + reserved <= allocated` on the newest version of the row.
  const changed = await guardedPoolWrite(() => work.tx.licencePools.guardedUpdate({ where: where.eq('id', pool.id), set: { allocated, updatedAt: work.now } }));
  if (changed === null) throw belowInUse(organisationId, pool, allocated);
  return { before, after: summaryOf(changed) };
}
