/**
 * The account states a list may be filtered by, and their store filters (`users.list`, "my users", KA-9).
 *
 * @module
 */
import { where, type Filter } from '../../domain/filter';

/** Account states a list may be filtered by. */
export const userStateFilters = ['pending', 'confirmed', 'active', 'inactive'] as const;

/** One of {@link userStateFilters}. */
export type UserStateFilter = (typeof userStateFilters)[number];

/** The store filter of an account-state filter: `pending` (e-mail not confirmed), `confirmed`, `active`, `inactive`. */
export function userStateWhere(state: UserStateFilter | undefined): Filter[] {
  switch (state) {
    case undefined:
      return [];
    case 'pending':
      return [where.isNull('emailConfirmedAt')];
    case 'confirmed':
      return [where.not(where.isNull('emailConfirmedAt'))];
    case 'active':
      return [where.eq('active', true)];
    case 'inactive':
      return [where.eq('active', false)];
  }
}
