/**
 * `npm run demo`: plays the e:Presence story of {@link runDemo}, then the Mégalis story of
 * {@link runMegalisDemo}, on the console, on embedded PGlite (PostgreSQL compiled to WebAssembly, in this
 * process: no server needed), through the Postgres adapter. Each story has its own schema.
 *
 * @module
 */
import { PGlite } from '@electric-sql/pglite';
import { migrate, postgresStore } from 'polity/adapters/postgres';
import { runMegalisDemo } from './megalis-story';
import { runDemo } from './story';

const db = await PGlite.create();
const storeName = 'embedded PGlite (the Postgres adapter)';
await migrate(db, { schema: 'presence' });
await runDemo((line) => console.log(line), { store: postgresStore(db, { schema: 'presence' }), storeName });
console.log('');
await migrate(db, { schema: 'megalis' });
await runMegalisDemo((line) => console.log(line), { store: postgresStore(db, { schema: 'megalis' }), storeName });
await db.close();
