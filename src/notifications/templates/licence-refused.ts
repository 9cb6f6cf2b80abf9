/**
 * `licence.refused`: the platform operator refused an organisation's request for more named licences, and
 * says why (MB-3, for the licences service).
 *
 * @module
 */
import { z } from 'zod';
import { greetings, quote, text } from './content';
import { defineTemplate } from './template';

/** Template of `licence.refused`: the requester learns that the request was refused, with the reason. */
export const licenceRefusedTemplate = defineTemplate({
  kind: 'licence.refused',
  payload: z.object({ givenName: z.string().min(1).optional(), requestId: z.string().min(1), organisationName: z.string().min(1), count: z.number().int().min(1), note: z.string().min(1) }),
  example: { givenName: 'Claire', requestId: 'licreq_1', organisationName: 'Rennes Métropole', count: 5, note: 'Please first deactivate the accounts nobody uses.' },
  translations: {
    el: (p) => ({
      subject: `Το αίτημα για άδειες χρήσης απορρίφθηκε – ${p.organisationName}`,
      greeting: greetings.el(p.givenName),
      blocks: [text(`Το αίτημά σας για ${p.count} επιπλέον άδειες χρήσης για τον φορέα ${p.organisationName} απορρίφθηκε.`), text('Αιτιολογία:'), quote(p.note)],
    }),
    it: (p) => ({
      subject: `La richiesta di licenze è stata respinta – ${p.organisationName}`,
      greeting: greetings.it(p.givenName),
      blocks: [text(`La tua richiesta di ${p.count} licenze aggiuntive per ${p.organisationName} è stata respinta.`), text('Motivazione:'), quote(p.note)],
    }),
    sl: (p) => ({
      subject: `Zahteva za licence je zavrnjena – ${p.organisationName}`,
      greeting: greetings.sl(p.givenName),
      blocks: [text(`Vaša zahteva za dodatne licence (${p.count}) za organizacijo ${p.organisationName} je zavrnjena.`), text('Obrazložitev:'), quote(p.note)],
    }),
    fr: (p) => ({
      subject: `Votre demande de licences a été refusée – ${p.organisationName}`,
      greeting: greetings.fr(p.givenName),
      blocks: [text(`Votre demande de ${p.count} licence(s) supplémentaire(s) pour ${p.organisationName} a été refusée.`), text('Motif :'), quote(p.note)],
    }),
    en: (p) => ({
      subject: `Your request for licences was refused – ${p.organisationName}`,
      greeting: greetings.en(p.givenName),
      blocks: [text(`Your request for ${p.count} more licence(s) for ${p.organisationName} was refused.`), text('Reason:'), quote(p.note)],
    }),
  },
});
