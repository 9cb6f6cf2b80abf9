// The stores the notification tests run on: the targets of test/targets.ts (memory, PGlite, the real server
// at DATABASE_URL; POLITY_STORE_TARGETS narrows them), each with a way to put several stores on one outbox.
// Each test title starts with the target's name (`postgres: …`), which .ci/run counts per target.
import pg from 'pg';
import type { Store } from 'polity';
import { migrate, postgresStore } from '../../adapters/postgres/index';
import { databaseUrl, dropSchema, testSchemaName } from '../conformance/pg-targets';
import { storeTargets, type StoreTarget, type StoreTargetName } from '../targets';
import { worldOn as servicesWorldOn, type World } from '../services/world';

/** Several stores on one outbox, as dispatchers in separate processes would each have their own. */
export interface SharedOutbox {
  readonly stores: readonly Store[];
  close(): Promise<void>;
}

export interface NotificationTarget extends StoreTarget {
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

/** How each target puts several stores on one outbox. */
const sharing: Readonly<Record<StoreTargetName, (target: StoreTarget, count: number) => Promise<SharedOutbox>>> = {
  memory: (target, count) => sameStore(target.create, count),
  pglite: (target, count) => sameStore(target.create, count),
  postgres: (_, count) => serverStores(count),
};

/** The targets to run here. */
export const notificationTargets: readonly NotificationTarget[] = storeTargets.map((target) => ({ ...target, shared: (count: number) => sharing[target.name](target, count) }));

/** A polity over `store`, with a pinned clock and predictable ids, as test/services/world.ts makes. */
export const worldOn = (store: Store): World => servicesWorldOn(store);
