/**
 * What the filtering workload asks, twice: as polity's plan-driven list (the filter a policy plan produces,
 * built by hand here since the profiles' plans are not wired yet) and as the hand-written SQL of
 * ../shared/bench/pg, on the same table and selecting the same columns.
 *
 * @module
 */
import { where, type Filter } from 'polity';

/** The columns polity returns, so both sides decode the same rows. */
export const COLS =
  'id, organisation_id, unit_id, organiser_id, created_by_id, room_id, title, description, starts_at, ends_at, time_zone, status, participant_count, participant_limit, created_at, updated_at';

/** One principal's question, in both forms. */
export interface QueryCase {
  readonly key: string;
  readonly label: string;
  /** polity's filter (the policy plan) for the drawn scopes. */
  readonly plan: (scopes: Scopes) => Filter;
  /** The hand-written statement and its parameters for the same scopes. */
  readonly sql: string;
  readonly params: (scopes: Scopes) => unknown[];
}

/** The scopes drawn for one question. */
export type Scopes =
  | { readonly kind: 'organiser'; readonly organiser: string }
  | { readonly kind: 'organisation'; readonly organisation: string }
  | { readonly kind: 'mixed'; readonly organisations: readonly [string, string]; readonly organiser: string }
  | { readonly kind: 'multi'; readonly organiser: string; readonly units: readonly string[]; readonly organisation: string };

const page = 'ORDER BY starts_at, id LIMIT 50';

function scopesOf<K extends Scopes['kind']>(scopes: Scopes, kind: K): Extract<Scopes, { kind: K }> {
  if (scopes.kind !== kind) throw new Error(`expected ${kind} scopes, got ${scopes.kind}`);
  return scopes as Extract<Scopes, { kind: K }>;
}

/** The first pages "meetings I may manage" of the three principals (and the three-scope example). */
export const CASES: readonly QueryCase[] = [
  {
    key: 'a',
    label: '(a) unit coordinator: meetings they organise (EP-5)',
    plan: (s) => where.eq('organiserId', scopesOf(s, 'organiser').organiser),
    sql: `SELECT ${COLS} FROM meetings WHERE organiser_id = $1 ${page}`,
    params: (s) => [scopesOf(s, 'organiser').organiser],
  },
  {
    key: 'b',
    label: '(b) organisation coordinator: the organisation’s meetings',
    plan: (s) => where.eq('organisationId', scopesOf(s, 'organisation').organisation),
    sql: `SELECT ${COLS} FROM meetings WHERE organisation_id = $1 ${page}`,
    params: (s) => [scopesOf(s, 'organisation').organisation],
  },
  {
    key: 'c',
    label: '(c) multi-scope: 2 organisations coordinated + own meetings in a third',
    plan: (s) => {
      const m = scopesOf(s, 'mixed');
      return where.or(where.in('organisationId', [...m.organisations]), where.eq('organiserId', m.organiser));
    },
    // ../shared/bench/pg's fastest form: one ordered, limited index scan per scope, merged.
    sql: `SELECT * FROM (
  SELECT m.* FROM unnest($1::text[]) AS o (id)
  CROSS JOIN LATERAL (SELECT ${COLS} FROM meetings WHERE organisation_id = o.id ${page}) m
  UNION ALL
  (SELECT ${COLS} FROM meetings WHERE organiser_id = $2 AND organisation_id <> ALL($1::text[]) ${page})
) m
${page}`,
    params: (s) => {
      const m = scopesOf(s, 'mixed');
      return [[...m.organisations], m.organiser];
    },
  },
  {
    key: 'm',
    label: '(m) three scopes: own meetings, 3 units of one organisation, another organisation',
    plan: (s) => {
      const m = scopesOf(s, 'multi');
      return where.or(where.eq('organiserId', m.organiser), where.in('unitId', [...m.units]), where.eq('organisationId', m.organisation));
    },
    sql: `SELECT * FROM (
  (SELECT ${COLS} FROM meetings WHERE organiser_id = $1 ${page})
  UNION ALL
  (SELECT m.* FROM unnest($2::text[]) AS u (id)
   CROSS JOIN LATERAL (SELECT ${COLS} FROM meetings WHERE unit_id = u.id AND organiser_id <> $1 ${page}) m)
  UNION ALL
  (SELECT ${COLS} FROM meetings WHERE organisation_id = $3 AND organiser_id <> $1 AND unit_id <> ALL($2::text[]) ${page})
) m
${page}`,
    params: (s) => {
      const m = scopesOf(s, 'multi');
      return [m.organiser, [...m.units], m.organisation];
    },
  },
];

/** The plain OR the shared bench measured for (c): what a naive plan compiler would emit. */
export const C_OR_SQL = `SELECT ${COLS} FROM meetings WHERE organisation_id = ANY($1::text[]) OR organiser_id = $2 ${page}`;

/** (b)'s next page after a cursor row. */
export const B_NEXT_SQL = `SELECT ${COLS} FROM meetings WHERE organisation_id = $1 AND (starts_at, id) > ($2, $3) ${page}`;

/** (d): how many meetings one organisation has. */
export const COUNT_SQL = 'SELECT count(*) AS n FROM meetings WHERE organisation_id = $1';

/** (e): every meeting, for the load-then-filter baseline. */
export const LOAD_ALL_SQL = `SELECT ${COLS} FROM meetings`;
