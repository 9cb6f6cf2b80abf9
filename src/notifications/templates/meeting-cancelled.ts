/**
 * `meeting.cancelled`: a meeting the reader was invited to is called off (for the meetings service).
 *
 * @module
 */
import { z } from 'zod';
import { greetings, quote, text } from './content';
import { defineTemplate } from './template';

/** Template of `meeting.cancelled`. The planned start shows in the reader's time zone (MB-11). */
export const meetingCancelledTemplate = defineTemplate({
  kind: 'meeting.cancelled',
  payload: z.object({
    givenName: z.string().min(1).optional(),
    title: z.string().min(1),
    cancelledBy: z.string().min(1),
    startsAt: z.string().min(1),
    timeZone: z.string().min(1),
    reason: z.string().min(1).optional(),
  }),
  example: { givenName: 'Giulia', title: 'Budget review', cancelledBy: 'Maria Coordinator', startsAt: '2026-02-02T09:00:00.000Z', timeZone: 'Europe/Athens', reason: 'The figures are not ready.' },
  translations: {
    el: (p, c) => ({
      subject: `Ακύρωση σύσκεψης: ${p.title}`,
      greeting: greetings.el(p.givenName),
      blocks: [text(`Ο/Η ${p.cancelledBy} ακύρωσε τη σύσκεψη «${p.title}» της ${c.formatDateTime(p.startsAt, p.timeZone)}.`), ...(p.reason === undefined ? [] : [quote(p.reason)])],
    }),
    it: (p, c) => ({
      subject: `Riunione annullata: ${p.title}`,
      greeting: greetings.it(p.givenName),
      blocks: [text(`${p.cancelledBy} ha annullato la riunione «${p.title}» del ${c.formatDateTime(p.startsAt, p.timeZone)}.`), ...(p.reason === undefined ? [] : [quote(p.reason)])],
    }),
    sl: (p, c) => ({
      subject: `Sestanek je odpovedan: ${p.title}`,
      greeting: greetings.sl(p.givenName),
      blocks: [text(`${p.cancelledBy} je odpovedal(a) sestanek »${p.title}« (${c.formatDateTime(p.startsAt, p.timeZone)}).`), ...(p.reason === undefined ? [] : [quote(p.reason)])],
    }),
    fr: (p, c) => ({
      subject: `Réunion annulée : ${p.title}`,
      greeting: greetings.fr(p.givenName),
      blocks: [text(`${p.cancelledBy} a annulé la réunion « ${p.title} » du ${c.formatDateTime(p.startsAt, p.timeZone)}.`), ...(p.reason === undefined ? [] : [quote(p.reason)])],
    }),
    en: (p, c) => ({
      subject: `Meeting cancelled: ${p.title}`,
      greeting: greetings.en(p.givenName),
      blocks: [text(`${p.cancelledBy} cancelled the meeting "${p.title}" of ${c.formatDateTime(p.startsAt, p.timeZone)}.`), ...(p.reason === undefined ? [] : [quote(p.reason)])],
    }),
  },
});
