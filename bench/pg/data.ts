/**
 * The benchmark's data, in polity's own schema (created by `migrate`): 1,000 organisations × 10 units, 100
 * users per organisation (10 per unit), and meetings spread as in ../shared/bench/pg (meeting i belongs to
 * unit i/100 and organisation i/1000; its organiser is one of the unit's 10 users; starts on a 15-minute slot
 * of 2026; rows written in start order). Ids are the shared bench's: substr(md5(prefix || n), 1, 21), so the
 * same random draws pick the same organisations, units and organisers.
 *
 * Loaded with generate_series in a few statements. The meetings table's indexes and primary key are dropped
 * for the load and rebuilt after it, and foreign-key triggers are off meanwhile
 * (`session_replication_role = replica`); the data is consistent by construction, which the load checks.
 *
 * @module
 */
import { createHash } from 'node:crypto';

export const MEETINGS_PER_UNIT = 100;
export const UNITS_PER_ORG = 10;
export const USERS_PER_UNIT = 10;
export const MEETINGS_PER_ORG = MEETINGS_PER_UNIT * UNITS_PER_ORG;

/** Same ids as the SQL generator: substr(md5(prefix || n), 1, 21). */
export const sqlId = (prefix: string, n: number): string => createHash('md5').update(`${prefix}${String(n)}`).digest('hex').slice(0, 21);

/** The statements that fill the tables (after `migrate`), for `meetings` meetings. */
export function loadStatements(meetings: number): { readonly name: string; readonly sql: string }[] {
  const orgs = meetings / MEETINGS_PER_ORG;
  const units = orgs * UNITS_PER_ORG;
  const users = units * USERS_PER_UNIT;
  return [
    {
      name: 'organisations',
      sql: `INSERT INTO organisations (id, name, code, code_lower, status, created_at, updated_at)
SELECT substr(md5('o' || o), 1, 21), 'Organisation ' || o, NULL, NULL, 'active', timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00'
FROM generate_series(0, ${String(orgs - 1)}) o`,
    },
    {
      name: 'units',
      sql: `INSERT INTO units (id, organisation_id, parent_id, name, created_at, updated_at)
SELECT substr(md5('u' || u), 1, 21), substr(md5('o' || (u / ${String(UNITS_PER_ORG)})), 1, 21), NULL, 'Unit ' || u, timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00'
FROM generate_series(0, ${String(units - 1)}) u`,
    },
    {
      name: 'users',
      sql: `INSERT INTO users (id, organisation_id, title, given_name, family_name, tax_code, email, email_lower, phone, work_phone, country, postcode,
  time_zone, language, identity_source, identity_verified_at, email_confirmed_at, terms_accepted_at, active, manager_id, last_sign_in_at, created_at, updated_at, deleted_at)
SELECT substr(md5('p' || n), 1, 21), substr(md5('o' || (n / ${String(UNITS_PER_ORG * USERS_PER_UNIT)})), 1, 21), NULL, 'Ada', 'Organiser ' || n, NULL,
  'p' || n || '@bench.test', 'p' || n || '@bench.test', NULL, NULL, NULL, NULL, 'Europe/Athens', 'en', 'local', NULL,
  timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00', true, NULL, NULL, timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00', NULL
FROM generate_series(0, ${String(users - 1)}) n`,
    },
    {
      name: 'meetings',
      sql: `INSERT INTO meetings (id, organisation_id, unit_id, organiser_id, created_by_id, room_id, title, description, starts_at, ends_at,
  time_zone, status, participant_count, participant_limit, created_at, updated_at)
SELECT substr(md5('m' || i), 1, 21), substr(md5('o' || (i / ${String(MEETINGS_PER_ORG)})), 1, 21), substr(md5('u' || (i / ${String(MEETINGS_PER_UNIT)})), 1, 21),
  p, p, NULL, 'Meeting ' || i, NULL, s, s + interval '1 hour', 'Europe/Athens', 'scheduled', 1, 10,
  timestamptz '2025-12-01 00:00:00+00', timestamptz '2025-12-01 00:00:00+00'
FROM (
  SELECT i,
    substr(md5('p' || ((i / ${String(MEETINGS_PER_UNIT)}) * ${String(USERS_PER_UNIT)} + (hashint4(i) & 2147483647) % ${String(USERS_PER_UNIT)})), 1, 21) AS p,
    timestamptz '2026-01-01 00:00:00+00' + ((hashint4(-1 - i) & 2147483647) % 35040) * interval '15 minutes' AS s
  FROM generate_series(0, ${String(meetings - 1)}) i
) g
ORDER BY s, 1`,
    },
  ];
}

/** Orphans a consistent load never has: meetings whose organisation, unit or organiser is missing. */
export const ORPHANS_SQL = `SELECT
  (SELECT count(*) FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = m.organisation_id))
+ (SELECT count(*) FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.id = m.unit_id))
+ (SELECT count(*) FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM users p WHERE p.id = m.organiser_id)) AS n`;

/** Deterministic PRNG (mulberry32), the shared bench's, so every run draws the same parameters. */
export function prng(seed: number): { next: () => number; int: (n: number) => number } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** The principals' scopes, drawn at random. */
export interface Draws {
  /** A unit coordinator: an organiser (~10 meetings). */
  organiser(): string;
  /** An organisation coordinator: an organisation (1,000 meetings). */
  organisation(): string;
  /** The shared bench's mixed principal: two organisations coordinated + organiser in a third. */
  mixed(): { organisations: [string, string]; organiser: string };
  /** The example: organiser of own meetings, coordinator of 3 units of one organisation, coordinator of another organisation. */
  multi(): { organiser: string; units: string[]; organisation: string };
}

/** Random scopes for a data set of `meetings` meetings. */
export function draws(meetings: number, seed: number): Draws {
  const orgs = meetings / MEETINGS_PER_ORG;
  const usersPerOrg = UNITS_PER_ORG * USERS_PER_UNIT;
  const users = orgs * usersPerOrg;
  const r = prng(seed);
  const userOrg = (u: number) => Math.floor(u / usersPerOrg);
  return {
    organiser: () => sqlId('p', r.int(users)),
    organisation: () => sqlId('o', r.int(orgs)),
    mixed: () => {
      const o1 = r.int(orgs);
      let o2 = r.int(orgs);
      while (o2 === o1) o2 = r.int(orgs);
      let u = r.int(users);
      while (userOrg(u) === o1 || userOrg(u) === o2) u = r.int(users);
      return { organisations: [sqlId('o', o1), sqlId('o', o2)], organiser: sqlId('p', u) };
    },
    multi: () => {
      const unitOrg = r.int(orgs);
      let org = r.int(orgs);
      while (org === unitOrg) org = r.int(orgs);
      const first = r.int(UNITS_PER_ORG - 2);
      const units = [0, 1, 2].map((k) => sqlId('u', unitOrg * UNITS_PER_ORG + first + k));
      let u = r.int(users);
      while (userOrg(u) === unitOrg || userOrg(u) === org) u = r.int(users);
      return { organiser: sqlId('p', u), units, organisation: sqlId('o', org) };
    },
  };
}
