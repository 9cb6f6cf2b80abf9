/**
 * `licence.granted`: the platform operator granted an organisation's request for more named licences (MB-3);
 * the requester learns how many were added and, when known, how many the organisation now has.
 *
 * @module
 */
import { z } from 'zod';
import { greetings, quote, text } from './content';
import { defineTemplate } from './template';

/** Template of `licence.granted`: the requester learns that the request was granted. */
export const licenceGrantedTemplate = defineTemplate({
  kind: 'licence.granted',
  payload: z.object({
    givenName: z.string().min(1).optional(),
    requestId: z.string().min(1),
    organisationName: z.string().min(1),
    count: z.number().int().min(1),
    /** The organisation's allocation after the grant. */
    allocated: z.number().int().min(0).optional(),
    grantedBy: z.string().min(1),
    note: z.string().min(1).optional(),
  }),
  example: { givenName: 'Claire', requestId: 'licreq_1', organisationName: 'Rennes Métropole', count: 5, allocated: 25, grantedBy: 'Yann Le Gall', note: 'Granted for the new school year.' },
  translations: {
    el: (p) => ({
      subject: `Χορηγήθηκαν άδειες χρήσης – ${p.organisationName}`,
      greeting: greetings.el(p.givenName),
      blocks: [
        text(`Ο/Η ${p.grantedBy} ενέκρινε το αίτημά σας: ο φορέας ${p.organisationName} έλαβε ${p.count} επιπλέον άδειες χρήσης${p.allocated === undefined ? '' : ` (σύνολο ${p.allocated})`}.`),
        ...(p.note === undefined ? [] : [quote(p.note)]),
      ],
    }),
    it: (p) => ({
      subject: `Licenze assegnate – ${p.organisationName}`,
      greeting: greetings.it(p.givenName),
      blocks: [
        text(`${p.grantedBy} ha accolto la tua richiesta: ${p.organisationName} ha ${p.count} licenze in più${p.allocated === undefined ? '' : ` (${p.allocated} in tutto)`}.`),
        ...(p.note === undefined ? [] : [quote(p.note)]),
      ],
    }),
    sl: (p) => ({
      subject: `Licence so dodeljene – ${p.organisationName}`,
      greeting: greetings.sl(p.givenName),
      blocks: [
        text(`${p.grantedBy} je odobril(a) vašo zahtevo: organizacija ${p.organisationName} ima ${p.count} dodatnih licenc${p.allocated === undefined ? '' : ` (skupaj ${p.allocated})`}.`),
        ...(p.note === undefined ? [] : [quote(p.note)]),
      ],
    }),
    fr: (p) => ({
      subject: `Licences attribuées – ${p.organisationName}`,
      greeting: greetings.fr(p.givenName),
      blocks: [
        text(`${p.grantedBy} a accepté votre demande : ${p.organisationName} dispose de ${p.count} licence(s) supplémentaire(s)${p.allocated === undefined ? '' : ` (${p.allocated} au total)`}.`),
        ...(p.note === undefined ? [] : [quote(p.note)]),
      ],
    }),
    en: (p) => ({
      subject: `Licences granted – ${p.organisationName}`,
      greeting: greetings.en(p.givenName),
      blocks: [
        text(`${p.grantedBy} granted your request: ${p.organisationName} has ${p.count} more licence(s)${p.allocated === undefined ? '' : ` (${p.allocated} in all)`}.`),
        ...(p.note === undefined ? [] : [quote(p.note)]),
      ],
    }),
  },
});
