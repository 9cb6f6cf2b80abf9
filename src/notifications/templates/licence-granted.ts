/**
 * `licence.granted`: the reader now holds one of the organisation's named licences (MB-3, for the licences
 * service).
 *
 * @module
 */
import { z } from 'zod';
import { greetings, text } from './content';
import { defineTemplate } from './template';

/** Template of `licence.granted`. */
export const licenceGrantedTemplate = defineTemplate({
  kind: 'licence.granted',
  payload: z.object({ givenName: z.string().min(1).optional(), organisationName: z.string().min(1), role: z.string().min(1), grantedBy: z.string().min(1), productName: z.string().min(1).optional() }),
  example: { givenName: 'Claire', organisationName: 'Mégalis Bretagne', role: 'organiser', grantedBy: 'Yann Le Gall', productName: 'Visio' },
  translations: {
    el: (p, c) => ({ subject: `Σας χορηγήθηκε άδεια χρήσης – ${p.organisationName}`, greeting: greetings.el(p.givenName), blocks: [text(`Ο/Η ${p.grantedBy} σας χορήγησε άδεια χρήσης ως «${c.roleLabel(p.role)}» στον φορέα ${p.organisationName}${p.productName === undefined ? '' : ` για το ${p.productName}`}.`)] }),
    it: (p, c) => ({ subject: `Ti è stata assegnata una licenza – ${p.organisationName}`, greeting: greetings.it(p.givenName), blocks: [text(`${p.grantedBy} ti ha assegnato una licenza come «${c.roleLabel(p.role)}» presso ${p.organisationName}${p.productName === undefined ? '' : ` per ${p.productName}`}.`)] }),
    sl: (p, c) => ({ subject: `Dodeljena vam je licenca – ${p.organisationName}`, greeting: greetings.sl(p.givenName), blocks: [text(`${p.grantedBy} vam je dodelil(a) licenco za vlogo »${c.roleLabel(p.role)}« v organizaciji ${p.organisationName}${p.productName === undefined ? '' : ` za ${p.productName}`}.`)] }),
    fr: (p, c) => ({ subject: `Une licence vous a été attribuée – ${p.organisationName}`, greeting: greetings.fr(p.givenName), blocks: [text(`${p.grantedBy} vous a attribué une licence « ${c.roleLabel(p.role)} » au sein de ${p.organisationName}${p.productName === undefined ? '' : ` pour ${p.productName}`}.`)] }),
    en: (p, c) => ({ subject: `A licence was granted to you – ${p.organisationName}`, greeting: greetings.en(p.givenName), blocks: [text(`${p.grantedBy} has granted you a ${c.roleLabel(p.role)} licence in ${p.organisationName}${p.productName === undefined ? '' : ` for ${p.productName}`}.`)] }),
  },
});
