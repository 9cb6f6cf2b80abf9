/**
 * `role_request.filed` (to the organisation's coordinators) and `role_request.decided` (to the requester,
 * EP-6: "on approval the user … is told by e-mail").
 *
 * @module
 */
import { z } from 'zod';
import { greetings, quote, text } from './content';
import { defineTemplate } from './template';

/** Template of `role_request.filed`: someone asked for a role in an organisation the reader coordinates. */
export const roleRequestFiledTemplate = defineTemplate({
  kind: 'role_request.filed',
  payload: z.object({ requestId: z.string().min(1), requester: z.string().min(1), role: z.string().min(1), organisationName: z.string().min(1) }),
  example: { requestId: 'request_1', requester: 'Nikos Papadopoulos', role: 'unit_coordinator', organisationName: 'Ministry of Digital Governance' },
  translations: {
    el: (p, c) => ({
      subject: `Νέο αίτημα ρόλου – ${p.organisationName}`,
      greeting: greetings.el(),
      blocks: [text(`Ο/Η ${p.requester} ζήτησε τον ρόλο «${c.roleLabel(p.role)}» στον φορέα ${p.organisationName}.`), text(`Μπορείτε να δείτε το αίτημα (${p.requestId}) στην πλατφόρμα.`)],
    }),
    it: (p, c) => ({
      subject: `Nuova richiesta di ruolo – ${p.organisationName}`,
      greeting: greetings.it(),
      blocks: [text(`${p.requester} ha chiesto il ruolo «${c.roleLabel(p.role)}» presso ${p.organisationName}.`), text(`Puoi consultare la richiesta (${p.requestId}) sulla piattaforma.`)],
    }),
    sl: (p, c) => ({
      subject: `Nova zahteva za vlogo – ${p.organisationName}`,
      greeting: greetings.sl(),
      blocks: [text(`${p.requester} je zaprosil(a) za vlogo »${c.roleLabel(p.role)}« v organizaciji ${p.organisationName}.`), text(`Zahtevo (${p.requestId}) si lahko ogledate na platformi.`)],
    }),
    fr: (p, c) => ({
      subject: `Nouvelle demande de rôle – ${p.organisationName}`,
      greeting: greetings.fr(),
      blocks: [text(`${p.requester} a demandé le rôle « ${c.roleLabel(p.role)} » au sein de ${p.organisationName}.`), text(`Vous pouvez consulter la demande (${p.requestId}) sur la plateforme.`)],
    }),
    en: (p, c) => ({
      subject: `New role request – ${p.organisationName}`,
      greeting: greetings.en(),
      blocks: [text(`${p.requester} has asked for the role "${c.roleLabel(p.role)}" in ${p.organisationName}.`), text(`You can review the request (${p.requestId}) on the platform.`)],
    }),
  },
});

const decided = z.object({ requestId: z.string().min(1), decision: z.enum(['approved', 'rejected']), role: z.string().min(1), note: z.string().min(1).optional() });

/** Template of `role_request.decided`: the requester learns the decision, with the decider's note if any. */
export const roleRequestDecidedTemplate = defineTemplate({
  kind: 'role_request.decided',
  payload: decided,
  example: { requestId: 'request_1', decision: 'approved', role: 'unit_coordinator', note: 'Welcome aboard.' },
  translations: {
    el: (p, c) => ({
      subject: p.decision === 'approved' ? 'Το αίτημα ρόλου σας εγκρίθηκε' : 'Το αίτημα ρόλου σας απορρίφθηκε',
      greeting: greetings.el(),
      blocks: [
        text(p.decision === 'approved' ? `Το αίτημά σας για τον ρόλο «${c.roleLabel(p.role)}» εγκρίθηκε. Ο ρόλος είναι πλέον ενεργός.` : `Το αίτημά σας για τον ρόλο «${c.roleLabel(p.role)}» απορρίφθηκε.`),
        ...(p.note === undefined ? [] : [text('Σημείωση:'), quote(p.note)]),
      ],
    }),
    it: (p, c) => ({
      subject: p.decision === 'approved' ? 'La tua richiesta di ruolo è stata approvata' : 'La tua richiesta di ruolo è stata respinta',
      greeting: greetings.it(),
      blocks: [
        text(p.decision === 'approved' ? `La tua richiesta per il ruolo «${c.roleLabel(p.role)}» è stata approvata. Il ruolo è ora attivo.` : `La tua richiesta per il ruolo «${c.roleLabel(p.role)}» è stata respinta.`),
        ...(p.note === undefined ? [] : [text('Nota:'), quote(p.note)]),
      ],
    }),
    sl: (p, c) => ({
      subject: p.decision === 'approved' ? 'Vaša zahteva za vlogo je odobrena' : 'Vaša zahteva za vlogo je zavrnjena',
      greeting: greetings.sl(),
      blocks: [
        text(p.decision === 'approved' ? `Vaša zahteva za vlogo »${c.roleLabel(p.role)}« je odobrena. Vloga je zdaj aktivna.` : `Vaša zahteva za vlogo »${c.roleLabel(p.role)}« je zavrnjena.`),
        ...(p.note === undefined ? [] : [text('Opomba:'), quote(p.note)]),
      ],
    }),
    fr: (p, c) => ({
      subject: p.decision === 'approved' ? 'Votre demande de rôle a été acceptée' : 'Votre demande de rôle a été refusée',
      greeting: greetings.fr(),
      blocks: [
        text(p.decision === 'approved' ? `Votre demande pour le rôle « ${c.roleLabel(p.role)} » a été acceptée. Le rôle est désormais actif.` : `Votre demande pour le rôle « ${c.roleLabel(p.role)} » a été refusée.`),
        ...(p.note === undefined ? [] : [text('Note :'), quote(p.note)]),
      ],
    }),
    en: (p, c) => ({
      subject: p.decision === 'approved' ? 'Your role request was approved' : 'Your role request was rejected',
      greeting: greetings.en(),
      blocks: [
        text(p.decision === 'approved' ? `Your request for the role "${c.roleLabel(p.role)}" was approved. The role is now active.` : `Your request for the role "${c.roleLabel(p.role)}" was rejected.`),
        ...(p.note === undefined ? [] : [text('Note:'), quote(p.note)]),
      ],
    }),
  },
});
