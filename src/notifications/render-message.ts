/**
 * From an outbox message to a {@link Notification}: find the kind's template, check the payload, render in
 * the message's language. Every way this can fail is permanent, so the dispatcher parks the message at once
 * instead of retrying it.
 *
 * @module
 */
import type { OutboxMessage } from '../domain/outbox-message';
import type { Notification } from '../ports/notifier';
import type { Profile } from '../profiles/index';
import { templateContext } from './templates/format';
import { layout } from './templates/layout';
import type { TemplateRegistry } from './templates/template';

/** A message that can never be sent as stored (unknown kind, payload that does not fit, blank output). */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

/**
 * Renders an outbox message in its own language (which the services set from the user's override or the
 * profile's default).
 *
 * @param templates - Templates by kind.
 * @param profile - Where role labels come from.
 * @throws PoisonMessageError when no template has the message's kind, or its template refuses the payload
 *   or renders something blank.
 */
export function renderMessage(message: OutboxMessage, templates: TemplateRegistry, profile?: Pick<Profile, 'roles'>): Notification {
  const template = templates.get(message.kind);
  if (template === undefined) throw new PoisonMessageError(`no template for the notification kind "${message.kind}"`);
  try {
    const rendered = layout(template.render(message.payload, templateContext(message.language, profile)), message.language);
    return {
      idempotencyKey: message.idempotencyKey,
      kind: message.kind,
      to: { email: message.recipientEmail, ...(message.recipientUserId === null ? {} : { userId: message.recipientUserId }) },
      language: message.language,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      data: message.payload,
    };
  } catch (error) {
    throw new PoisonMessageError(`"${message.kind}" cannot be rendered: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
