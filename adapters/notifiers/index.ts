/**
 * `polity/adapters/notifiers`: ways notifications leave — memory (tests), console (development) and
 * webhook (signed JSON over HTTP). SMTP lives in `polity/adapters/notifiers/smtp`, so importing this entry
 * never needs nodemailer.
 *
 * @module polity/adapters/notifiers
 */
export * from './console-notifier';
export * from './memory-notifier';
export * from './webhook-notifier';
