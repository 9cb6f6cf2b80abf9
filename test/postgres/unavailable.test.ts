/**
 * Issue #12, item 8: a store that cannot be reached is `unavailable` (HTTP 503, `retryable: true`), not
 * `internal`, whether the database refuses the connection or the server ends it mid-session, and whether
 * the caller is the Store itself or a command run through the kernel. Against real peers: a closed port on
 * this machine, and the real PostgreSQL server (`DATABASE_URL`) terminating the store's own backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPolity, isPolityError, profiles, toHttpStatus, type PolityError } from 'polity';
import { postgresStore } from 'polity/adapters/postgres';
import { databaseUrl, storeInFreshSchema } from '../conformance/pg-targets';

async function rejection(promise: Promise<unknown>): Promise<PolityError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!isPolityError(caught)) throw new Error(`expected a PolityError, got ${String(caught)}`);
  return caught;
}

function expectUnavailable(error: PolityError): void {
  expect(error.code).toBe('unavailable');
  expect(error.retryable).toBe(true);
  expect(toHttpStatus(error)).toBe(503);
  // The message names no host, port or driver detail; the driver's error stays in `cause`.
  expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:1\b/);
  expect(error.cause).toBeInstanceOf(Error);
}

describe('postgres: a store that cannot be reached', () => {
  // Port 1 on the loopback: nothing listens there, so every connection is refused at once.
  const closedPort = new pg.Pool({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'test', max: 2, connectionTimeoutMillis: 2_000 });

  afterAll(() => closedPort.end());

  it('a Store call on a refused connection is unavailable (503, retryable), not internal', async () => {
    const store = postgresStore(closedPort);
    expectUnavailable(await rejection(store.users.count()));
    expectUnavailable(await rejection(store.transaction(async (tx) => tx.users.count())));
  });

  it('a command and a query through the kernel report unavailable too, before any authorisation', async () => {
    const polity = createPolity({ store: postgresStore(closedPort), profile: profiles.ePresence });
    expectUnavailable(await rejection(polity.as('user_1').users.list({ organisationId: 'org_1' })));
    expectUnavailable(await rejection(polity.as('user_1').organisations.update({ organisationId: 'org_1', name: 'Renamed' })));
  });
});

describe.skipIf(databaseUrl === undefined)('postgres: the real server ends the connection', () => {
  const applicationName = `polity_unavailable_${process.pid}`;
  let client: pg.Client;
  let admin: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl, application_name: applicationName });
    admin = new pg.Client({ connectionString: databaseUrl });
    await Promise.all([client.connect(), admin.connect()]);
    // The driver emits 'error' on a terminated client; the store's calls report it, so here it is only noted.
    client.on('error', () => undefined);
  });

  afterAll(async () => {
    await admin.end();
    await client.end().catch(() => undefined);
  });

  it('a backend terminated by the server (57P01, then a closed socket) is unavailable', async () => {
    const store = await storeInFreshSchema(client);
    expect(await store.users.count()).toBe(0);
    const terminated = await admin.query<{ done: boolean }>('select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = $1', [applicationName]);
    expect(terminated.rows.map((row) => row.done)).toEqual([true]);
    expectUnavailable(await rejection(store.users.count()));
    expectUnavailable(await rejection(store.users.count()));
  });
});
