// The memory and console notifiers.
import { describe, expect, it } from 'vitest';
import type { Notification } from 'polity';
import { consoleNotifier, memoryNotifier } from '../../adapters/notifiers/index';

const n = (key: string): Notification => ({ idempotencyKey: key, kind: 'k.x', to: { email: 'A@gov.test' }, language: 'en', subject: 'Subject', text: 'Body', data: {} });

describe('memoryNotifier', () => {
  it('records what it accepts, counts duplicates, and fails when programmed to', async () => {
    const notifier = memoryNotifier({ fail: (notification) => (notification.idempotencyKey === 'bad' ? new Error('refused') : undefined) });
    await notifier.send(n('k1'));
    await notifier.send(n('k1'));
    await expect(notifier.send(n('bad'))).rejects.toThrow('refused');
    notifier.failNext(1);
    await expect(notifier.send(n('k2'))).rejects.toThrow(/programmed failure/);
    await notifier.send(n('k2'));
    expect(notifier.sent.map((s) => s.idempotencyKey)).toEqual(['k1', 'k1', 'k2']);
    expect(notifier.duplicates()).toBe(1);
    expect(notifier.attempts).toBe(5);
    expect(notifier.sentTo('a@gov.test')).toHaveLength(3);
    notifier.clear();
    expect(notifier.sent).toHaveLength(0);
  });
});

describe('consoleNotifier', () => {
  it('prints recipient, subject, key and body', async () => {
    const lines: string[] = [];
    await consoleNotifier({ log: (line) => lines.push(line) }).send(n('k1'));
    await consoleNotifier({ log: (line) => lines.push(line), body: false }).send(n('k2'));
    expect(lines).toEqual(['[polity k.x] to A@gov.test (en) · Subject · key k1\nBody', '[polity k.x] to A@gov.test (en) · Subject · key k2']);
  });
});
