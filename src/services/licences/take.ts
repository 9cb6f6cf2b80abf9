/**
 * Taking one named licence of an organisation's pool (MB-3, MB-12), for a held seat or a reservation.
 * Reservations whose activation link expired are given back by `housekeeping.run()`; until it runs they
 * still count in the pool, so a take that finds no licence free first lapses that organisation's expired
 * reservations, in its own transaction, and looks again once.
 *
 * @module
 */
import { where } from '../../domain/filter';
import { freeLicences, type LicencePool } from '../../domain/licence-pool';
import type { Work } from '../kernel/work';
import { lapseExpiredReservationsOf } from './lapse';
import { findPool, guardedPoolWrite, licencesExhausted, type LicenceCounter } from './pool';

/**
 * Takes one licence of an organisation's pool for a held seat (`used`) or a reservation (`reserved`).
 *
 * When the pool shows none free, the organisation's reservations whose link has expired are lapsed first
 * (`licence.lapse` events, actor: the system, as housekeeping writes them) and the pool is read again, once.
 * That happens before any write to the pool: a refused write can leave a PostgreSQL transaction unusable, so
 * the retry never follows one. When the take still fails, the caller's transaction rolls back, lapses
 * included, and nothing is written.
 *
 * @throws {@link PolityError} `limit_exceeded` ({@link licencesExhausted}) when none is free or the
 *   organisation has no pool.
 */
export async function takeLicence(work: Work, organisationId: string, counter: LicenceCounter): Promise<LicencePool> {
  const current = await poolWithFreeLicence(work, organisationId);
  // The guard keeps the counter below the cap on the row's latest version; the backstop keeps the sum.
  const taken = await guardedPoolWrite(() =>
    work.tx.licencePools.guardedUpdate({
      where: where.and(where.eq('id', current.id), where.lt(counter, where.field('allocated'))),
      increment: { [counter]: 1 },
      set: { updatedAt: work.now },
    }),
  );
  if (taken === null) throw licencesExhausted(organisationId, current);
  return taken;
}

/**
 * The organisation's pool as it is now, when it shows a licence free: read without a lock, the expired
 * reservations lapsed first (once) when none is. It promises nothing about a later write, which the guarded
 * write of {@link takeLicence} decides; it lets a command that will need a licence refuse before it writes
 * anything (1,000 people invited at once into a full pool: each refusal costs three statements, not ten).
 *
 * @throws {@link PolityError} `limit_exceeded` ({@link licencesExhausted}) when none is free or the
 *   organisation has no pool.
 */
export async function poolWithFreeLicence(work: Work, organisationId: string): Promise<LicencePool> {
  const { tx } = work;
  let pool = await findPool(tx, organisationId);
  if (pool !== null && freeLicences(pool) < 1 && (await lapseExpiredReservationsOf(work, organisationId)) > 0) {
    pool = await findPool(tx, organisationId);
  }
  if (pool === null || freeLicences(pool) < 1) throw licencesExhausted(organisationId, pool);
  return pool;
}
