/**
 * A notifier that sends e-mail through an SMTP transport the host builds (with nodemailer), so polity never
 * imports nodemailer itself.
 *
 * @module
 */
import type { Notification, Notifier } from 'polity';

/** The message the SMTP notifier hands its transport: the subset of nodemailer's mail options it uses. */
export interface SmtpMail {
  readonly from: string;
  readonly to: string | { readonly name: string; readonly address: string };
  readonly replyTo?: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** `<…@…>`: derived from the idempotency key, so a re-send carries the same Message-ID. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What sends the mail: a nodemailer `Transporter` fits (`nodemailer.createTransport(…)`). */
export interface SmtpTransport {
  /** Resolves once the server accepted the message; rejects otherwise. */
  sendMail(mail: SmtpMail): Promise<unknown>;
}

/** Options of {@link smtpNotifier}. */
export interface SmtpNotifierOptions {
  /** The transport, e.g. `nodemailer.createTransport({ host, port, secure, auth })`. */
  readonly transport: SmtpTransport;
  /** The sender, e.g. `"e:Presence" <no-reply@presence.example.gov>`. */
  readonly from: string;
  /** Where replies go. */
  readonly replyTo?: string;
  /**
   * The right-hand side of Message-IDs.
   * @defaultValue the domain of `from`
   */
  readonly messageIdDomain?: string;
}

// Characters allowed unescaped on the left of a Message-ID (RFC 5322 atext, minus "%" which escapes).
const atext = /[A-Za-z0-9!#$&'*+\-/=?^_`{|}~]/;

/**
 * The Message-ID of a notification: its idempotency key, escaped to what a Message-ID allows, at the
 * given domain. The same key always gives the same Message-ID, so a mail re-sent after a dispatcher
 * crash can be recognised as the same one.
 *
 * @example
 * ```ts
 * import { messageIdFor } from 'polity/adapters/notifiers/smtp';
 *
 * messageIdFor('account.activation:msg_1', 'presence.example.gov'); // '<account%2Eactivation%3Amsg_1@presence.example.gov>'
 * ```
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const left = [...idempotencyKey].map((c) => (atext.test(c) ? c : [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))).join('');
  return `<${left}@${domain}>`;
}

function domainOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match?.[1] ?? 'polity.invalid';
}

/**
 * Creates a {@link Notifier} that e-mails each notification (text and HTML) through the transport, with
 * `Message-ID` derived from the idempotency key and the headers `X-Polity-Idempotency-Key` and
 * `X-Polity-Kind`. A transport rejection (server down, message refused) rejects, so the dispatcher retries.
 *
 * @param options - See {@link SmtpNotifierOptions}.
 * @example
 * ```ts
 * import nodemailer from 'nodemailer';
 * import { smtpNotifier } from 'polity/adapters/notifiers/smtp';
 *
 * const notifier = smtpNotifier({
 *   transport: nodemailer.createTransport({ host: 'smtp.example.gov', port: 587, secure: false, auth: { user: 'polity', pass: 'secret' } }),
 *   from: '"e:Presence" <no-reply@presence.example.gov>',
 * });
 * ```
 */
export function smtpNotifier(options: SmtpNotifierOptions): Notifier {
  const domain = options.messageIdDomain ?? domainOf(options.from);
  return {
    async send(notification: Notification) {
      const { to } = notification;
      await options.transport.sendMail({
        from: options.from,
        to: to.name === undefined ? to.email : { name: to.name, address: to.email },
        ...(options.replyTo === undefined ? {} : { replyTo: options.replyTo }),
        subject: notification.subject,
        text: notification.text,
        ...(notification.html === undefined ? {} : { html: notification.html }),
        messageId: messageIdFor(notification.idempotencyKey, domain),
        headers: { 'X-Polity-Idempotency-Key': notification.idempotencyKey, 'X-Polity-Kind': notification.kind },
      });
    },
  };
}
