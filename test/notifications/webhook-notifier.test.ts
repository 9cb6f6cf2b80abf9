// The webhook notifier against a real HTTP receiver on 127.0.0.1.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notification } from 'polity';
import { verifyWebhookSignature, webhookNotifier, WebhookDeliveryError } from '../../adapters/notifiers/index';

const notification: Notification = {
  idempotencyKey: 'account.activation:msg_1',
  kind: 'account.activation',
  to: { email: 'maria@gov.test', userId: 'user_1' },
  language: 'el',
  subject: 'Ενεργοποιήστε τον λογαριασμό σας',
  text: 'Γεια σας Maria,',
  html: '<p>Γεια σας Maria,</p>',
  data: { givenName: 'Maria' },
};

interface Received { readonly headers: IncomingMessage['headers']; readonly body: string }

let server: Server | undefined;

async function receiver(answer: (received: Received) => { status: number; delayMs?: number }): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const { status, delayMs = 0 } = answer(entry);
      setTimeout(() => response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'refused'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/polity`, received };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

describe('webhookNotifier', () => {
  it('POSTs the notification as JSON, signed, with the idempotency key', async () => {
    const { url, received } = await receiver(() => ({ status: 202 }));
    await webhookNotifier({ url, secret: 'shared secret', timeoutMs: 2000 }).send(notification);
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(delivery?.headers['idempotency-key']).toBe('account.activation:msg_1');
    expect(delivery?.headers['x-polity-kind']).toBe('account.activation');
    expect(delivery?.headers['x-polity-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(delivery?.body ?? '', delivery?.headers['x-polity-signature'] as string, 'shared secret')).toBe(true);
    expect(verifyWebhookSignature(delivery?.body ?? '', delivery?.headers['x-polity-signature'] as string, 'another secret')).toBe(false);
    expect(verifyWebhookSignature(`${delivery?.body} `, delivery?.headers['x-polity-signature'] as string, 'shared secret')).toBe(false);
    expect(JSON.parse(delivery?.body ?? '{}')).toEqual({ ...notification, html: '<p>Γεια σας Maria,</p>' });
  });

  it('rejects on a non-2xx answer, with the status', async () => {
    const { url } = await receiver(() => ({ status: 503 }));
    const error = await webhookNotifier({ url, secret: 's' }).send(notification).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookDeliveryError);
    expect((error as WebhookDeliveryError).status).toBe(503);
    expect(String(error)).toContain('webhook answered 503: refused');
  });

  it('rejects when the receiver is too slow', async () => {
    const { url } = await receiver(() => ({ status: 200, delayMs: 1000 }));
    await expect(webhookNotifier({ url, secret: 's', timeoutMs: 100 }).send(notification)).rejects.toThrow(/no answer within 100 ms/);
  });

  it('rejects when nobody listens', async () => {
    const { url } = await receiver(() => ({ status: 200 }));
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    await expect(webhookNotifier({ url, secret: 's', timeoutMs: 2000 }).send(notification)).rejects.toThrow(/webhook unreachable/);
  });

  it('uses the fetch it is given', async () => {
    const calls: string[] = [];
    const notifier = webhookNotifier({ url: 'https://hooks.test/x', secret: 's', fetch: async (u, init) => { calls.push(`${u} ${init.headers['idempotency-key']}`); return { ok: true, status: 200, text: async () => '' }; } });
    await notifier.send(notification);
    expect(calls).toEqual(['https://hooks.test/x account.activation:msg_1']);
  });
});
