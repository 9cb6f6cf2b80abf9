/**
 * `meeting.invitation`: the reader is invited to a meeting (for the meetings service).
 *
 * @module
 */
import { z } from 'zod';
import { action, greetings, quote, text } from './content';
import { defineTemplate } from './template';

/** Template of `meeting.invitation`. Times show in the meeting's time zone. */
export const meetingInvitationTemplate = defineTemplate({
  kind: 'meeting.invitation',
  payload: z.object({
    givenName: z.string().min(1).optional(),
    title: z.string().min(1),
    organiser: z.string().min(1),
    startsAt: z.string().min(1),
    endsAt: z.string().min(1),
    timeZone: z.string().min(1),
    description: z.string().min(1).optional(),
    joinUrl: z.string().min(1).optional(),
  }),
  example: { givenName: 'Giulia', title: 'Budget review', organiser: 'Maria Coordinator', startsAt: '2026-02-02T09:00:00.000Z', endsAt: '2026-02-02T10:00:00.000Z', timeZone: 'Europe/Athens', description: 'Agenda: Q1 figures.', joinUrl: 'https://meet.example.gov/m/1' },
  translations: {
    el: (p, c) => ({
      subject: `Πρόσκληση σε σύσκεψη: ${p.title}`,
      greeting: greetings.el(p.givenName),
      blocks: [
        text(`Ο/Η ${p.organiser} σας προσκαλεί στη σύσκεψη «${p.title}».`),
        text(`Έναρξη: ${c.formatDateTime(p.startsAt, p.timeZone)}\nΛήξη: ${c.formatDateTime(p.endsAt, p.timeZone)}`),
        ...(p.description === undefined ? [] : [quote(p.description)]),
        ...(p.joinUrl === undefined ? [] : [action('Συμμετοχή στη σύσκεψη', p.joinUrl)]),
      ],
    }),
    it: (p, c) => ({
      subject: `Invito alla riunione: ${p.title}`,
      greeting: greetings.it(p.givenName),
      blocks: [
        text(`${p.organiser} ti invita alla riunione «${p.title}».`),
        text(`Inizio: ${c.formatDateTime(p.startsAt, p.timeZone)}\nFine: ${c.formatDateTime(p.endsAt, p.timeZone)}`),
        ...(p.description === undefined ? [] : [quote(p.description)]),
        ...(p.joinUrl === undefined ? [] : [action('Partecipa alla riunione', p.joinUrl)]),
      ],
    }),
    sl: (p, c) => ({
      subject: `Vabilo na sestanek: ${p.title}`,
      greeting: greetings.sl(p.givenName),
      blocks: [
        text(`${p.organiser} vas vabi na sestanek »${p.title}«.`),
        text(`Začetek: ${c.formatDateTime(p.startsAt, p.timeZone)}\nKonec: ${c.formatDateTime(p.endsAt, p.timeZone)}`),
        ...(p.description === undefined ? [] : [quote(p.description)]),
        ...(p.joinUrl === undefined ? [] : [action('Pridruži se sestanku', p.joinUrl)]),
      ],
    }),
    fr: (p, c) => ({
      subject: `Invitation à la réunion : ${p.title}`,
      greeting: greetings.fr(p.givenName),
      blocks: [
        text(`${p.organiser} vous invite à la réunion « ${p.title} ».`),
        text(`Début : ${c.formatDateTime(p.startsAt, p.timeZone)}\nFin : ${c.formatDateTime(p.endsAt, p.timeZone)}`),
        ...(p.description === undefined ? [] : [quote(p.description)]),
        ...(p.joinUrl === undefined ? [] : [action('Rejoindre la réunion', p.joinUrl)]),
      ],
    }),
    en: (p, c) => ({
      subject: `Meeting invitation: ${p.title}`,
      greeting: greetings.en(p.givenName),
      blocks: [
        text(`${p.organiser} invites you to the meeting "${p.title}".`),
        text(`Starts: ${c.formatDateTime(p.startsAt, p.timeZone)}\nEnds: ${c.formatDateTime(p.endsAt, p.timeZone)}`),
        ...(p.description === undefined ? [] : [quote(p.description)]),
        ...(p.joinUrl === undefined ? [] : [action('Join the meeting', p.joinUrl)]),
      ],
    }),
  },
});
