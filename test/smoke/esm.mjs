// Loads the BUILT package through its own name and exports map, as an ESM consumer would.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as polity from 'polity';
import { memoryStore } from 'polity/adapters/memory';
import { memoryNotifier } from 'polity/adapters/notifiers';
import { smtpNotifier } from 'polity/adapters/notifiers/smtp';
import { migrate, postgresStore } from 'polity/adapters/postgres';

assert.equal(typeof polity.createPolity, 'function', 'createPolity is exported');
assert.equal(typeof polity.PolityError, 'function', 'PolityError is exported');
assert.equal(typeof memoryStore, 'function', 'memoryStore is exported');
assert.equal(typeof postgresStore, 'function', 'postgresStore is exported');
assert.equal(typeof migrate, 'function', 'migrate is exported');
assert.equal(typeof memoryNotifier, 'function', 'memoryNotifier is exported');
assert.equal(typeof smtpNotifier, 'function', 'smtpNotifier is exported');

// An error made by the CJS copy is recognised by the ESM copy: the brand is Symbol.for('polity.error').
const cjs = createRequire(import.meta.url)('polity');
assert.notEqual(cjs.PolityError, polity.PolityError, 'two copies are loaded side by side');
assert.ok(polity.isPolityError(new cjs.PolityError('conflict', 'from CJS')), 'ESM recognises a CJS PolityError');
assert.equal(polity.toHttpStatus(new cjs.PolityError('not_found', 'from CJS')), 404);

const store = memoryStore();
const now = new Date('2026-01-05T09:00:00Z');
await store.organisations.insert({ id: 'org_1', name: 'Smoke', code: null, status: 'active', createdAt: now, updatedAt: now });
assert.equal((await store.organisations.get('org_1'))?.name, 'Smoke');
await store.close();

// The Postgres adapter on embedded PGlite, through the built package.
const { PGlite } = await import('@electric-sql/pglite');
const db = await PGlite.create();
await migrate(db);
const pgStore = postgresStore(db);
await pgStore.organisations.insert({ id: 'org_1', name: 'Smoke', code: null, status: 'active', createdAt: now, updatedAt: now });
assert.equal((await pgStore.organisations.get('org_1'))?.name, 'Smoke');
await pgStore.close();
await db.close();
console.log('ESM import of the built package: ok');
