/**
 * Runs the Store conformance suite on every target of test/targets.ts (memory, PGlite, the server at
 * `DATABASE_URL`); `POLITY_STORE_TARGETS` narrows them.
 */
import { describeStoreConformance } from 'polity/testing';
import { storeTargets, useStoreTargets } from '../targets';

for (const target of storeTargets) {
  describeStoreConformance(target.skip === undefined ? { name: target.name, create: target.create } : target);
}

useStoreTargets();
