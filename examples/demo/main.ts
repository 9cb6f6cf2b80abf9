/**
 * `npm run demo`: plays the e:Presence story of {@link runDemo} on the console, on embedded PGlite (PostgreSQL
 * compiled to WebAssembly, in this process: no server needed), through the Postgres adapter.
 *
 * @module
 */
import { PGlite } from '@electric-sql/pglite';
import { migrate, postgresStore } from 'polity/adapters/postgres';
import { runDemo } from './story';

const db = await PGlite.create();
await migrate(db);
await runDemo((line) => console.log(line), { store: postgresStore(db), storeName: 'embedded PGlite (the Postgres adapter)' });
await db.close();
