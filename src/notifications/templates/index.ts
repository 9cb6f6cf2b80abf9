/**
 * The built-in notification templates, one per kind the services enqueue (and the kinds the meetings,
 * licences, nominations and digests services will), each in el, it, sl, fr and en.
 *
 * @module
 */
import { accountActivationTemplate } from './account-activation';
import { certifiedNominationRequestTemplate } from './certified-mail';
import { coordinatorAppointedTemplate, coordinatorsMessageTemplate } from './coordinators';
import { licenceGrantedTemplate } from './licence-granted';
import { licenceRefusedTemplate } from './licence-refused';
import { meetingCancelledTemplate } from './meeting-cancelled';
import { meetingInvitationTemplate } from './meeting-invitation';
import { monthlyDigestTemplate } from './monthly-digest';
import { oversightManagerChangedTemplate, oversightUserAddedTemplate, oversightUserAssignedTemplate } from './oversight';
import { roleRequestDecidedTemplate, roleRequestFiledTemplate } from './role-request';
import { templateRegistry, type RegisteredTemplate, type TemplateRegistry } from './template';

import { action, list, quote, text } from './content';

export { greetings, type Block, type Content } from './content';
export { templateContext } from './format';
export { escapeHtml, layout as layoutContent, TemplateOutputError, type RenderedNotification } from './layout';
export * from './template';

/**
 * The blocks a template body is made of; every string is plain text, escaped when laid out as HTML.
 *
 * @example
 * ```ts
 * import { blocks } from 'polity';
 *
 * const body = [blocks.text('Your request was approved.'), blocks.action('Open', 'https://portal.example.gov/requests/1')];
 * ```
 */
export const blocks = { text, action, quote, list } as const;
export {
  accountActivationTemplate,
  certifiedNominationRequestTemplate,
  coordinatorAppointedTemplate,
  coordinatorsMessageTemplate,
  licenceGrantedTemplate,
  licenceRefusedTemplate,
  meetingCancelledTemplate,
  meetingInvitationTemplate,
  monthlyDigestTemplate,
  oversightManagerChangedTemplate,
  oversightUserAddedTemplate,
  oversightUserAssignedTemplate,
  roleRequestDecidedTemplate,
  roleRequestFiledTemplate,
};

/** Every built-in template, for `templateRegistry(...builtInTemplates, yourOwn)`. */
export const builtInTemplates: readonly RegisteredTemplate[] = [
  accountActivationTemplate,
  roleRequestFiledTemplate,
  roleRequestDecidedTemplate,
  coordinatorsMessageTemplate,
  coordinatorAppointedTemplate,
  oversightUserAddedTemplate,
  oversightUserAssignedTemplate,
  oversightManagerChangedTemplate,
  meetingInvitationTemplate,
  meetingCancelledTemplate,
  licenceGrantedTemplate,
  licenceRefusedTemplate,
  certifiedNominationRequestTemplate,
  monthlyDigestTemplate,
];

/** The built-in templates by kind: the dispatcher's default. */
export const defaultTemplates: TemplateRegistry = templateRegistry(...builtInTemplates);
