/**
 * `polity/adapters/notifiers/smtp`: e-mail through an SMTP transport the host builds with nodemailer (an
 * optional peer; this entry only takes the transport, it never imports nodemailer).
 *
 * @module polity/adapters/notifiers/smtp
 */
export * from './smtp-notifier';
