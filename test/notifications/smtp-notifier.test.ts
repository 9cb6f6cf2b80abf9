// The SMTP notifier through nodemailer against a real SMTP server on 127.0.0.1.
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notification } from 'polity';
import { messageIdFor, smtpNotifier } from '../../adapters/notifiers/smtp';
import { smtpPeer, type SmtpPeer } from './smtp-peer';

const notification: Notification = {
  idempotencyKey: 'account.activation:msg_7',
  kind: 'account.activation',
  to: { email: 'maria@gov.test', name: 'Maria Papadopoulou' },
  language: 'el',
  subject: 'Ενεργοποιήστε τον λογαριασμό σας',
  text: 'Γεια σας Maria,\n',
  html: '<p>Γεια σας Maria,</p>',
  data: {},
};

let peer: SmtpPeer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
});

describe('smtpNotifier', () => {
  it('sends text and HTML with a Message-ID derived from the idempotency key', async () => {
    peer = await smtpPeer();
    const transport = createTransport({ host: '127.0.0.1', port: peer.port, secure: false, ignoreTLS: true });
    const notifier = smtpNotifier({ transport, from: '"e:Presence" <no-reply@presence.example.gov>' });
    await notifier.send(notification);
    await notifier.send(notification); // a re-send after a crash: the same Message-ID
    expect(peer.received).toHaveLength(2);
    const [mail] = peer.received;
    expect(mail?.messageId).toBe('<account%2Eactivation%3Amsg_7@presence.example.gov>');
    expect(peer.received[1]?.messageId).toBe(mail?.messageId);
    expect(mail?.to).toEqual(['maria@gov.test']);
    expect(mail?.raw).toMatch(/X-Polity-Idempotency-Key: account\.activation:msg_7/);
    expect(mail?.raw).toMatch(/Content-Type: text\/html/);
    expect(mail?.raw).toMatch(/Content-Type: text\/plain/);
    transport.close();
  });

  it('rejects while the server is down', async () => {
    peer = await smtpPeer();
    const port = peer.port;
    await peer.stop();
    const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
    await expect(smtpNotifier({ transport, from: 'no-reply@x.test' }).send(notification)).rejects.toThrow(/ECONNREFUSED|connect/i);
  });

  it('escapes idempotency keys into valid Message-IDs', () => {
    expect(messageIdFor('a b@c<d>é', 'x.test')).toBe('<a%20b%40c%3Cd%3E%C3%A9@x.test>');
    expect(messageIdFor('coordinators.message:message_1:user_2', 'x.test')).toBe('<coordinators%2Emessage%3Amessage_1%3Auser_2@x.test>');
  });
});
