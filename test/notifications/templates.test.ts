// Every template renders in every language without blanks or untranslated English, every kind the
// services enqueue has a template, and user-supplied content cannot inject markup.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { languages, profiles, type OutboxMessage } from 'polity';
import {
  builtInTemplates,
  coordinatorsMessageTemplate,
  defaultTemplates,
  defineTemplate,
  layoutContent,
  PoisonMessageError,
  renderMessage,
  templateContext,
  templateRegistry,
  blocks,
} from '../../src/notifications/index';

function outbox(kind: string, payload: Record<string, unknown>, language: OutboxMessage['language'] = 'en'): OutboxMessage {
  const at = new Date('2026-01-05T09:00:00.000Z');
  return { id: 'msg_1', organisationId: null, kind, recipientUserId: 'user_1', recipientEmail: 'maria@gov.test', language, payload, idempotencyKey: `${kind}:msg_1`, status: 'pending', attempts: 0, availableAt: at, leaseUntil: null, lastError: null, createdAt: at, sentAt: null };
}

describe('templates', () => {
  it('has one template per kind, no two of the same kind', () => {
    expect(new Set(builtInTemplates.map((t) => t.kind)).size).toBe(builtInTemplates.length);
    expect(defaultTemplates.size).toBe(builtInTemplates.length);
  });

  it('has a template for every kind the services enqueue today', () => {
    const dir = fileURLToPath(new URL('../../src/services/', import.meta.url));
    const kinds = new Set<string>();
    // Every area folder: a command asks for a notification through its unit of work (`work.notify`, `work.enqueue`).
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = readFileSync(`${dir}${file}`, 'utf8');
      for (const match of source.matchAll(/\.notify\([^)]*?,\s*'([a-z][a-z0-9_.-]*)'/gs)) kinds.add(match[1] as string);
      for (const match of source.matchAll(/\.enqueue\(\{[^]*?kind:\s*'([a-z][a-z0-9_.-]*)'/g)) kinds.add(match[1] as string);
    }
    expect(kinds.size).toBeGreaterThanOrEqual(7);
    for (const kind of kinds) expect(defaultTemplates.has(kind), `template for ${kind}`).toBe(true);
  });

  for (const template of builtInTemplates) {
    describe(template.kind, () => {
      const rendered = Object.fromEntries(languages.map((language) => [language, renderMessage(outbox(template.kind, template.example as Record<string, unknown>, language), defaultTemplates, profiles.ePresence)]));

      it.each([...languages])('renders subject, text and HTML in %s, none blank', (language) => {
        const n = rendered[language];
        expect(n?.subject.trim()).not.toBe('');
        expect(n?.text.trim()).not.toBe('');
        expect(n?.html).toContain(`<html lang="${language}">`);
        expect(`${n?.subject} ${n?.text}`).not.toMatch(/undefined|\[object Object\]|Invalid Date|NaN/);
      });

      it.each(languages.filter((l) => l !== 'en'))('is translated into %s (not the English text)', (language) => {
        expect(rendered[language]?.text).not.toBe(rendered.en?.text);
        // Subjects made only of user content ("[org] subject") are the same everywhere; the body never is.
        if (template.kind !== 'coordinators.message') expect(rendered[language]?.subject).not.toBe(rendered.en?.subject);
      });
    });
  }

  it('fails, never renders blank, when a translation is missing its text', () => {
    const { text } = blocks;
    const broken = defineTemplate({
      kind: 'test.broken',
      payload: z.object({ name: z.string() }),
      example: { name: 'x' },
      translations: {
        el: () => ({ subject: 'Θέμα', greeting: 'Γεια,', blocks: [text('Κείμενο')] }),
        it: () => ({ subject: 'Oggetto', greeting: 'Ciao,', blocks: [text('Testo')] }),
        sl: () => ({ subject: ' ', greeting: 'Živjo,', blocks: [text('Besedilo')] }),
        fr: () => ({ subject: 'Objet', greeting: 'Bonjour,', blocks: [text('')] }),
        en: (p) => ({ subject: 'Subject', greeting: `Hello ${(p as { missing?: string }).missing},`, blocks: [text('Text')] }),
      },
    });
    const registry = templateRegistry(broken);
    expect(() => renderMessage(outbox('test.broken', { name: 'x' }, 'el'), registry)).not.toThrow();
    expect(() => renderMessage(outbox('test.broken', { name: 'x' }, 'sl'), registry)).toThrow(/subject is blank/);
    expect(() => renderMessage(outbox('test.broken', { name: 'x' }, 'fr'), registry)).toThrow(/paragraph is blank/);
    expect(() => renderMessage(outbox('test.broken', { name: 'x' }, 'en'), registry)).toThrow(/missing value/);
  });

  it('escapes user-supplied content in HTML and keeps it verbatim in text', () => {
    const n = renderMessage(
      outbox('coordinators.message', { organisationName: 'Ministry <b>X</b>', subject: 'Hi <script>alert(1)</script>', body: '<script>alert("pwned")</script>\n& more', from: 'Eve "<img src=x onerror=alert(1)>"' }),
      defaultTemplates,
    );
    expect(n.html).not.toContain('<script>');
    expect(n.html).not.toContain('<img');
    expect(n.html).not.toContain('<b>');
    expect(n.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;<br>&amp; more');
    expect(n.text).toContain('> <script>alert("pwned")</script>');
    expect(n.subject).toBe('[Ministry <b>X</b>] Hi <script>alert(1)</script>');
  });

  it('refuses links that are not http, https, mailto or relative', () => {
    const { action, text } = blocks;
    const content = { subject: 's', greeting: 'g', blocks: [action('Go', 'javascript:alert(1)')] };
    expect(() => layoutContent(content, 'en')).toThrow(/javascript/);
    expect(layoutContent({ ...content, blocks: [action('Go', 'activate?token=a"b')] }, 'en').html).toContain('href="activate?token=a&quot;b"');
  });

  it('renders in the message language, with the profile role label in that language', () => {
    const payload = { requestId: 'r1', decision: 'approved', role: 'organisation_coordinator' };
    const el = renderMessage(outbox('role_request.decided', payload, 'el'), defaultTemplates, profiles.ePresence);
    const label = profiles.ePresence.roles.find((r) => r.name === 'organisation_coordinator')?.labels.el ?? '';
    expect(label).not.toBe('');
    expect(el.text).toContain(label);
    expect(el.subject).toBe('Το αίτημα ρόλου σας εγκρίθηκε');
    expect(templateContext('fr').roleLabel('unit_coordinator')).toBe('unit coordinator');
  });

  it('makes a message poison when its kind is unknown or its payload does not fit', () => {
    expect(() => renderMessage(outbox('no.such_kind', {}), defaultTemplates)).toThrow(PoisonMessageError);
    expect(() => renderMessage(outbox('no.such_kind', {}), defaultTemplates)).toThrow(/no template for the notification kind "no.such_kind"/);
    expect(() => renderMessage(outbox('role_request.decided', { decision: 'maybe' }), defaultTemplates)).toThrow(/does not fit its template/);
  });

  it('shows the organisation and role in an invitation, dates in the reader language', () => {
    const n = renderMessage(outbox(coordinatorsMessageTemplate.kind, coordinatorsMessageTemplate.example, 'it'), defaultTemplates);
    expect(n.text).toContain('Messaggio di Ada Admin');
    const activation = renderMessage(outbox('account.activation', { purpose: 'activation', givenName: 'Maria', link: 'https://x.test/a', expiresAt: '2026-01-12T09:00:00.000Z' }, 'fr'), defaultTemplates);
    expect(activation.text).toContain('12 janvier 2026');
    expect(activation.html).toContain('href="https://x.test/a"');
  });
});
