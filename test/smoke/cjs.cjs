// Loads the BUILT package through its own name and exports map, as a CommonJS consumer would.
const assert = require('node:assert/strict');
const polity = require('polity');
const { memoryStore } = require('polity/adapters/memory');
const { postgresStore, migrate } = require('polity/adapters/postgres');
const { webhookNotifier } = require('polity/adapters/notifiers');
const { smtpNotifier } = require('polity/adapters/notifiers/smtp');

assert.equal(typeof polity.createPolity, 'function', 'createPolity is exported');
assert.equal(typeof memoryStore, 'function', 'memoryStore is exported');
assert.equal(typeof postgresStore, 'function', 'postgresStore is exported');
assert.equal(typeof migrate, 'function', 'migrate is exported');
assert.equal(typeof webhookNotifier, 'function', 'webhookNotifier is exported');
assert.equal(typeof smtpNotifier, 'function', 'smtpNotifier is exported');
const error = new polity.PolityError('limit_exceeded', 'full', { details: { limit: 'licences', max: 1 } });
assert.ok(polity.isPolityError(error, 'limit_exceeded'));
assert.equal(polity.toHttpStatus(error), 422);
assert.throws(() => require('polity/testing'), /ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_REQUIRE_ESM|exports/, 'polity/testing is ESM-only');

(async () => {
  const store = memoryStore();
  const now = new Date('2026-01-05T09:00:00Z');
  await store.organisations.insert({ id: 'org_1', name: 'Smoke', code: null, status: 'active', createdAt: now, updatedAt: now });
  assert.equal((await store.organisations.get('org_1')).name, 'Smoke');
  await store.close();
  console.log('CJS require of the built package: ok');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
