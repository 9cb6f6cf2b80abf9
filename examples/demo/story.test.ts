// The demo's story, checked line by line where it matters: npm run demo prints the same.
import { PGlite } from '@electric-sql/pglite';
import { migrate, postgresStore } from 'polity/adapters/postgres';
import { describe, expect, it } from 'vitest';
import { runMegalisDemo } from './megalis-story';
import { runDemo } from './story';

describe('npm run demo', () => {
  it('plays the same story on embedded PGlite, as npm run demo does', async () => {
    const db = await PGlite.create();
    await migrate(db, { schema: 'presence' });
    await migrate(db, { schema: 'megalis' });
    const lines: string[] = [];
    await runDemo((line) => lines.push(line), { store: postgresStore(db, { schema: 'presence' }), storeName: 'embedded PGlite' });
    const megalis: string[] = [];
    await runMegalisDemo((line) => megalis.push(line), { store: postgresStore(db, { schema: 'megalis' }), storeName: 'embedded PGlite' });
    await db.close();
    expect(megalis[0]).toBe('Mégalis Bretagne, on embedded PGlite');
    expect(megalis.join('\n')).toContain('1 meeting held, 2 participants, 2.50 participant-hours');
    expect(lines[0]).toBe('e:Presence, on embedded PGlite');
    expect(lines.join('\n')).toContain('Why: Forbidden by EP-11 (rule ep-11-keep-users-with-meetings)');
    expect(lines.filter((line) => /^ {3}2026-03-02 \d\d:\d\d {2}/.test(line)).length).toBe(4);
  }, 60_000);

  it('plays the e:Presence story: organisation, units, an activated coordinator, an approved request, a refused delete explained', async () => {
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toContain('Ada creates the organisation "Ministry of Digital Governance".');
    expect(text).toContain('and its units "Directorate of Digital Services" and "Press Office".');
    expect(text).toContain('Ada invites Nikos Georgiou as unit coordinator of "Directorate of Digital Services".');
    expect(text).toContain('he must confirm his e-mail address and accept the terms.');
    expect(text).toContain('Nikos follows the link, confirms his address and accepts the terms: his account is active.');
    expect(text).toContain('Ada approves the request: Maria is now organisation coordinator');
    expect(text).toMatch(/Approving it a second time changes nothing: invalid_transition/);
    expect(text).toContain("Maria tries to delete Nikos's account: refused (forbidden).");
    expect(text).toContain('Why: Forbidden by EP-11 (rule ep-11-keep-users-with-meetings)');
    expect(text).toContain('In plain words (EP-11): Whoever created or joined a meeting is never deleted, only deactivated.');
    expect(text).toContain('Nikos can no longer sign in: unauthenticated');
    expect(lines.filter((line) => /^ {3}2026-03-02 \d\d:\d\d {2}/.test(line)).map((line) => line.trim().split(/\s+/)[2])).toEqual(['user.add', 'user.sign_in', 'account.confirm', 'user.deactivate']);
  });

  it('plays the Mégalis story: licences run out and are granted, a delegated booking is refused and explained, a concierge books across a DST night, a room, the planning and statistics', async () => {
    const lines: string[] = [];
    await runMegalisDemo((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toContain('each pending invitation reserves a licence: 1 used + 2 reserved of 3 (0 free).');
    expect(text).toContain('Anne invites Paul: refused (limit_exceeded): 1 used + 2 reserved of 3 allocated (MB-3: a hard cap).');
    expect(text).toContain('their reservations become licences: 3 used + 0 reserved of 3 (0 free).');
    expect(text).toContain('Camille grants them (MB-3), and Anne is told by e-mail: 3 used + 0 reserved of 5 (2 free).');
    expect(text).toContain('Anne deactivates him, which frees his licence (MB-5, MB-12): 3 used + 0 reserved of 5 (2 free).');
    expect(text).toContain('Claire books a meeting for Paul: refused (forbidden).');
    expect(text).toContain('Why: rule mb-8-book-for-licensed-colleague (MB-8) needs');
    expect(text).toContain('so it lasts 12 hours: exactly the limit, accepted');
    expect(text).toContain('dialling "Conseil-Rennes" reaches it (the same room)');
    expect(lines.filter((line) => line.startsWith('   2026-03-2'))).toEqual([
      '   2026-03-26 10:00 → 2026-03-26 11:30  Weekly digital team meeting (ended)',
      '   2026-03-28 20:00 → 2026-03-29 09:00  Data centre migration watch (scheduled)',
    ]);
    expect(text).toContain('1 meeting held, 2 participants, 2.50 participant-hours,');
    expect(text).toContain('licences 3 used of 5.');
  });
});
