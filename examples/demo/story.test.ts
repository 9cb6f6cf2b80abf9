// The demo's story, checked line by line where it matters: npm run demo prints the same.
import { PGlite } from '@electric-sql/pglite';
import { migrate, postgresStore } from 'polity/adapters/postgres';
import { describe, expect, it } from 'vitest';
import { runDemo } from './story';

describe('npm run demo', () => {
  it('plays the same story on embedded PGlite, as npm run demo does', async () => {
    const db = await PGlite.create();
    await migrate(db);
    const lines: string[] = [];
    await runDemo((line) => lines.push(line), { store: postgresStore(db), storeName: 'embedded PGlite' });
    await db.close();
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
});
