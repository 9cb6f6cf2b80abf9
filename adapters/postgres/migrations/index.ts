/**
 * Every migration of the Postgres adapter, in version order. Add a file `NNNN-name.ts` and list it here;
 * never edit one that was released.
 *
 * @module
 */
import { initMigration } from './0001-init';
import { licencesContactsMigration } from './0002-licences-contacts';
import { relationIndexesMigration } from './0003-relation-indexes';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** The adapter's migrations, oldest first. */
export const migrations: readonly Migration[] = [initMigration, licencesContactsMigration, relationIndexesMigration];
