/**
 * The migrations against the catalogue: every collection has its table with the columns, types and
 * nullability the adapter derives from the entity schema, every unique constraint its index (partial where
 * the catalogue says), every tenant table its `organisation_id`, and every rule across fields a check
 * constraint that the database enforces on its own.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionNames } from 'polity';
import { migrate } from './migrate';
import { sqlTypeOf, tableSpecs } from './tables';

const schema = 'catalogue_check';
const tables = tableSpecs(schema);
let db: PGlite;

beforeAll(async () => {
  db = await PGlite.create();
  await migrate(db, { schema });
}, 120_000);

afterAll(async () => {
  await db.close();
});

/** `format_type` names of the SQL types the adapter uses. */
const formatted: Record<string, string> = {
  text: 'text',
  int4: 'integer',
  float8: 'double precision',
  bool: 'boolean',
  timestamptz: 'timestamp with time zone',
  jsonb: 'jsonb',
  'text[]': 'text[]',
};

describe('postgres adapter: migrations match the catalogue', () => {
  it('every collection has a table whose columns are its fields (plus the lower-cased keys), typed and nullable as its schema says', async () => {
    for (const name of collectionNames) {
      const table = tables.get(name);
      if (table === undefined) throw new Error(name);
      const { rows } = await db.query<{ column: string; type: string; nullable: boolean; collation: string | null }>(
        `SELECT a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable, co.collname AS collation
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
         WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        [schema, table.table],
      );
      const expected = [
        ...table.columns.map((column) => ({ column: column.column, type: formatted[sqlTypeOf[column.kind]], nullable: column.nullable })),
        ...table.columns.filter((column) => column.lower !== null).map((column) => ({ column: column.lower, type: 'text', nullable: column.nullable })),
      ];
      const byName = (a: { column: string | null }, b: { column: string | null }) => String(a.column).localeCompare(String(b.column));
      expect(rows.map(({ column, type, nullable }) => ({ column, type, nullable })).sort(byName), name).toEqual(expected.sort(byName));
      // Texts order by code point, as the memory store orders them.
      for (const row of rows) if (row.type === 'text') expect(row.collation, `${name}.${row.column}`).toBe('C');
    }
  });

  it('every unique constraint of the catalogue is a unique index of the same name, partial exactly where the catalogue says', async () => {
    for (const name of collectionNames) {
      const table = tables.get(name);
      if (table === undefined) throw new Error(name);
      for (const unique of [{ name: `${name}.id`, where: undefined }, ...table.uniques]) {
        const { rows } = await db.query<{ unique: boolean; predicate: string | null }>(
          `SELECT i.indisunique AS unique, pg_get_expr(i.indpred, i.indrelid) AS predicate
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = $1 AND c.relname = $2`,
          [schema, unique.name],
        );
        expect(rows, unique.name).toHaveLength(1);
        expect(rows[0]?.unique, unique.name).toBe(true);
        expect(rows[0]?.predicate !== null, `${unique.name} is partial`).toBe(unique.where !== undefined);
      }
    }
  });

  it('every table of tenant data has organisation_id (an organisation is its own id; product roles are platform data)', () => {
    const withoutOrganisation = collectionNames.filter((name) => !tables.get(name)?.byField.has('organisationId'));
    expect(withoutOrganisation).toEqual(['organisations', 'productRoles']);
  });

  it('the database itself refuses rows that break a rule across fields (what guarded updates and updates rely on)', async () => {
    const q = (sql: string) => db.exec(`SET search_path TO ${schema}; ${sql}`);
    await q(`INSERT INTO organisations (id, name, status, created_at, updated_at) VALUES ('o', 'O', 'active', now(), now());
      INSERT INTO users (id, organisation_id, given_name, family_name, email, email_lower, time_zone, language, identity_source, active, created_at, updated_at)
      VALUES ('u', 'o', 'A', 'B', 'a@b.test', 'a@b.test', 'UTC', 'en', 'local', true, now(), now()), ('v', 'o', 'A', 'B', 'c@b.test', 'c@b.test', 'UTC', 'en', 'local', true, now(), now());`);
    const refused: [string, string][] = [
      ['licencePools.allocated.licences_oversubscribed', `INSERT INTO licence_pools VALUES ('p', 'o', 5, 4, 2, now())`],
      ['licencePools.used.negative', `INSERT INTO licence_pools VALUES ('p', 'o', 5, -1, 0, now())`],
      ['units.parentId.own_parent', `INSERT INTO units VALUES ('x', 'o', 'x', 'X', now(), now())`],
      ['meetings.endsAt.ends_before_start', `INSERT INTO meetings VALUES ('m', 'o', NULL, 'u', 'u', NULL, 'M', NULL, now(), now() - interval '1 hour', 'UTC', 'scheduled', 1, 10, now(), now())`],
      ['meetings.participantCount.too_many_participants', `INSERT INTO meetings VALUES ('m', 'o', NULL, 'u', 'u', NULL, 'M', NULL, now(), now() + interval '1 hour', 'UTC', 'scheduled', 11, 10, now(), now())`],
      ['assignments.scopeType.scope_mismatch', `INSERT INTO assignments VALUES ('a', 'u', 'r', 'platform', 'o', NULL, NULL, 'active', NULL, now(), now())`],
      ['activationTokens.expiresAt.expires_before_creation', `INSERT INTO activation_tokens VALUES ('t', 'o', 'u', repeat('a', 64), 'activation', 'a@b.test', now() - interval '1 day', NULL, NULL, now())`],
      ['formerOversights.userId.self_oversight', `INSERT INTO former_oversights VALUES ('f', 'o', 'u', 'u', 'u', now())`],
      ['outbox.attempts.negative', `INSERT INTO outbox VALUES ('x', NULL, 'k', NULL, 'a@b.test', 'en', '{}', 'key', 'pending', -1, now(), NULL, NULL, now(), NULL)`],
    ];
    for (const [constraint, sql] of refused) {
      const error = await q(sql).then(
        () => null,
        (caught: unknown) => caught as { code?: string; constraint?: string },
      );
      expect(error?.code, constraint).toBe('23514');
      expect(error?.constraint, constraint).toBe(constraint);
    }
  });
});
