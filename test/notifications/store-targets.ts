// The stores the notification fault tests run on, as the conformance suite picks them (test/conformance/
// store.test.ts): memory, PGlite (one instance per file, one schema per test) and the real server at
// DATABASE_URL (left out without it). POLITY_STORE_TARGETS=memory,pglite narrows the list. Each test title
// starts with the target's name (`postgres: …`), which .ci/run counts per target.
import pg from 'pg';
import { createPolity, profiles, type Store } from 'polity';
import { memoryStore } from 'polity/adapters/memory';
import { sequentialIds, testClock } from 'polity/testing';
import { migrate, postgresStore } from '../../adapters/postgres/index';
import { databaseUrl, dropSchema, pgliteStore, serverStore, testSchemaName } from '../conformance/pg-targets';
import type { World } from '../services/world';

/** Several stores on one outbox, as dispatchers in separate processes would each have their own. */
export interface SharedOutbox {
  readonly stores: readonly Store[];
  close(): Promise<void>;
}

export interface NotificationTarget {
  readonly name: 'memory' | 'pglite' | 'postgres';
  readonly available: boolean;
  /** A fresh, empty store; closing it drops what it made. */
  readonly create: () => Promise<Store>;
  /** `count` stores over one fresh outbox: the same store where the target has one connection anyway. */
  readonly shared: (count: number) => Promise<SharedOutbox>;
}

async function sameStore(create: () => Promise<Store>, count: number): Promise<SharedOutbox> {
  const store = await create();
  return { stores: Array.from({ length: count }, () => store), close: () => store.close() };
}

/** One schema, `count` pools of 2 connections and a store on each: the dispatchers share nothing but the server. */
async function serverStores(count: number): Promise<SharedOutbox> {
  const schema = testSchemaName('polity_n');
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await migrate(admin, { schema });
  const pools = Array.from({ length: count }, () => new pg.Pool({ connectionString: databaseUrl, max: 2 }));
  const stores = pools.map((pool) => postgresStore(pool, { schema }));
  return {
    stores,
    async close() {
      await Promise.all(stores.map((store) => store.close()));
      await Promise.all(pools.map((pool) => pool.end()));
      await dropSchema(admin, schema);
      await admin.end();
    },
  };
}

const ALL: readonly NotificationTarget[] = [
  { name: 'memory', available: true, create: async () => memoryStore(), shared: (count) => sameStore(async () => memoryStore(), count) },
  { name: 'pglite', available: true, create: pgliteStore, shared: (count) => sameStore(pgliteStore, count) },
  { name: 'postgres', available: databaseUrl !== undefined, create: serverStore, shared: serverStores },
];

const wanted = process.env['POLITY_STORE_TARGETS']?.split(',').map((name) => name.trim()).filter((name) => name !== '');

/** The targets to run here. */
export const notificationTargets: readonly NotificationTarget[] = ALL.filter((target) => target.available && (wanted === undefined || wanted.includes(target.name)));
if (notificationTargets.length === 0) throw new Error(`no store target to run: POLITY_STORE_TARGETS=${String(wanted)} matches none available`);

/** A polity over `store`, with a pinned clock and predictable ids, as test/services/world.ts makes on memory. */
export function worldOn(store: Store): World {
  const clock = testClock('2026-01-05T09:00:00.000Z');
  const polity = createPolity({ store, profile: profiles.ePresence, clock, ids: sequentialIds(), activationUrl: (token) => `https://portal.test/activate?token=${encodeURIComponent(token)}` });
  return { polity, store, clock };
}
