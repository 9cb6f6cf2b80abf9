/**
 * `coordinators.message` (an administrator writes to every coordinator of an organisation) and
 * `coordinator.appointed` (someone was made a coordinator, EP-4/EP-5).
 *
 * @module
 */
import { z } from 'zod';
import { greetings, quote, text } from './content';
import { defineTemplate } from './template';

/** Template of `coordinators.message`. Subject and body are the sender's own words, quoted as written. */
export const coordinatorsMessageTemplate = defineTemplate({
  kind: 'coordinators.message',
  payload: z.object({ organisationName: z.string().min(1), subject: z.string().min(1), body: z.string().min(1), from: z.string().min(1) }),
  example: { organisationName: 'Ministry of Digital Governance', subject: 'Training on Monday', body: 'Dear colleagues,\nthe training starts at 10:00.', from: 'Ada Admin' },
  translations: {
    el: (p) => ({ subject: `[${p.organisationName}] ${p.subject}`, greeting: greetings.el(), blocks: [text(`Μήνυμα από ${p.from} προς τους συντονιστές του φορέα ${p.organisationName}:`), quote(p.body)] }),
    it: (p) => ({ subject: `[${p.organisationName}] ${p.subject}`, greeting: greetings.it(), blocks: [text(`Messaggio di ${p.from} ai coordinatori di ${p.organisationName}:`), quote(p.body)] }),
    sl: (p) => ({ subject: `[${p.organisationName}] ${p.subject}`, greeting: greetings.sl(), blocks: [text(`Sporočilo, ki ga je ${p.from} poslal(a) koordinatorjem organizacije ${p.organisationName}:`), quote(p.body)] }),
    fr: (p) => ({ subject: `[${p.organisationName}] ${p.subject}`, greeting: greetings.fr(), blocks: [text(`Message de ${p.from} aux coordinateurs de ${p.organisationName} :`), quote(p.body)] }),
    en: (p) => ({ subject: `[${p.organisationName}] ${p.subject}`, greeting: greetings.en(), blocks: [text(`A message from ${p.from} to the coordinators of ${p.organisationName}:`), quote(p.body)] }),
  },
});

/** Template of `coordinator.appointed`: the reader was made a coordinator of an organisation or unit. */
export const coordinatorAppointedTemplate = defineTemplate({
  kind: 'coordinator.appointed',
  payload: z.object({ givenName: z.string().min(1).optional(), organisationName: z.string().min(1), unitName: z.string().min(1).optional(), role: z.string().min(1), appointedBy: z.string().min(1) }),
  example: { givenName: 'Eleni', organisationName: 'Ministry of Digital Governance', unitName: 'Press Office', role: 'unit_coordinator', appointedBy: 'Maria Coordinator' },
  translations: {
    el: (p, c) => ({
      subject: `Ορισμός ως «${c.roleLabel(p.role)}»`,
      greeting: greetings.el(p.givenName),
      blocks: [text(`Ο/Η ${p.appointedBy} σας όρισε «${c.roleLabel(p.role)}» στον φορέα ${p.organisationName}${p.unitName === undefined ? '' : `, μονάδα ${p.unitName}`}.`), text('Οι νέες σας δυνατότητες είναι διαθέσιμες από την επόμενη σύνδεσή σας.')],
    }),
    it: (p, c) => ({
      subject: `Nomina a «${c.roleLabel(p.role)}»`,
      greeting: greetings.it(p.givenName),
      blocks: [text(`${p.appointedBy} ti ha nominato «${c.roleLabel(p.role)}» presso ${p.organisationName}${p.unitName === undefined ? '' : `, unità ${p.unitName}`}.`), text('Le nuove funzioni sono disponibili dal prossimo accesso.')],
    }),
    sl: (p, c) => ({
      subject: `Imenovanje za »${c.roleLabel(p.role)}«`,
      greeting: greetings.sl(p.givenName),
      blocks: [text(`${p.appointedBy} vas je imenoval(a) za »${c.roleLabel(p.role)}« v organizaciji ${p.organisationName}${p.unitName === undefined ? '' : `, enota ${p.unitName}`}.`), text('Nove možnosti so na voljo ob naslednji prijavi.')],
    }),
    fr: (p, c) => ({
      subject: `Nomination : ${c.roleLabel(p.role)}`,
      greeting: greetings.fr(p.givenName),
      blocks: [text(`${p.appointedBy} vous a nommé(e) « ${c.roleLabel(p.role)} » au sein de ${p.organisationName}${p.unitName === undefined ? '' : `, unité ${p.unitName}`}.`), text('Vos nouvelles fonctions sont disponibles dès votre prochaine connexion.')],
    }),
    en: (p, c) => ({
      subject: `Appointed: ${c.roleLabel(p.role)}`,
      greeting: greetings.en(p.givenName),
      blocks: [text(`${p.appointedBy} has appointed you ${c.roleLabel(p.role)} in ${p.organisationName}${p.unitName === undefined ? '' : `, unit ${p.unitName}`}.`), text('Your new powers are available from your next sign-in.')],
    }),
  },
});
