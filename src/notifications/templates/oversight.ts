/**
 * 1KA oversight (KA-3, KA-4, KA-8): `oversight.user_added` and `oversight.user_assigned` tell a manager about
 * a user they now oversee; `oversight.manager_changed` tells the user who oversees them.
 *
 * @module
 */
import { z } from 'zod';
import { greetings, text } from './content';
import { defineTemplate } from './template';

const person = { userId: z.string().min(1), givenName: z.string().min(1), familyName: z.string().min(1), email: z.string().min(1) };

/** Template of `oversight.user_added`: a user the reader manages was added (KA-8). */
export const oversightUserAddedTemplate = defineTemplate({
  kind: 'oversight.user_added',
  payload: z.object({ ...person, organisationName: z.string().min(1) }),
  example: { userId: 'user_2', givenName: 'Petra', familyName: 'Novak', email: 'petra.novak@gov.example', organisationName: 'Ministry of Public Administration' },
  translations: {
    el: (p) => ({ subject: `Νέος χρήστης υπό την εποπτεία σας: ${p.givenName} ${p.familyName}`, greeting: greetings.el(), blocks: [text(`Ο/Η ${p.givenName} ${p.familyName} (${p.email}) προστέθηκε στον φορέα ${p.organisationName} υπό την εποπτεία σας. Θα λάβει e-mail ενεργοποίησης.`)] }),
    it: (p) => ({ subject: `Nuovo utente sotto la tua supervisione: ${p.givenName} ${p.familyName}`, greeting: greetings.it(), blocks: [text(`${p.givenName} ${p.familyName} (${p.email}) è stato aggiunto a ${p.organisationName} sotto la tua supervisione. Riceverà un’e-mail di attivazione.`)] }),
    sl: (p) => ({ subject: `Nov uporabnik pod vašim nadzorom: ${p.givenName} ${p.familyName}`, greeting: greetings.sl(), blocks: [text(`${p.givenName} ${p.familyName} (${p.email}) je bil(a) dodan(a) v organizacijo ${p.organisationName} pod vašim nadzorom. Prejel(a) bo e-pošto za aktivacijo.`)] }),
    fr: (p) => ({ subject: `Nouvel utilisateur sous votre responsabilité : ${p.givenName} ${p.familyName}`, greeting: greetings.fr(), blocks: [text(`${p.givenName} ${p.familyName} (${p.email}) a été ajouté(e) à ${p.organisationName} sous votre responsabilité. Un e-mail d’activation lui est envoyé.`)] }),
    en: (p) => ({ subject: `New user under your oversight: ${p.givenName} ${p.familyName}`, greeting: greetings.en(), blocks: [text(`${p.givenName} ${p.familyName} (${p.email}) was added to ${p.organisationName} under your oversight. They will receive an activation e-mail.`)] }),
  },
});

/** Template of `oversight.user_assigned`: an administrator assigned an existing user to the reader (KA-4). */
export const oversightUserAssignedTemplate = defineTemplate({
  kind: 'oversight.user_assigned',
  payload: z.object(person),
  example: { userId: 'user_2', givenName: 'Petra', familyName: 'Novak', email: 'petra.novak@gov.example' },
  translations: {
    el: (p) => ({ subject: `Σας ανατέθηκε ο χρήστης ${p.givenName} ${p.familyName}`, greeting: greetings.el(), blocks: [text(`Ο/Η ${p.givenName} ${p.familyName} (${p.email}) είναι πλέον υπό την εποπτεία σας.`)] }),
    it: (p) => ({ subject: `Ti è stato assegnato l’utente ${p.givenName} ${p.familyName}`, greeting: greetings.it(), blocks: [text(`${p.givenName} ${p.familyName} (${p.email}) è ora sotto la tua supervisione.`)] }),
    sl: (p) => ({ subject: `Dodeljen vam je uporabnik ${p.givenName} ${p.familyName}`, greeting: greetings.sl(), blocks: [text(`${p.givenName} ${p.familyName} (${p.email}) je zdaj pod vašim nadzorom.`)] }),
    fr: (p) => ({ subject: `L’utilisateur ${p.givenName} ${p.familyName} vous a été confié`, greeting: greetings.fr(), blocks: [text(`${p.givenName} ${p.familyName} (${p.email}) est désormais sous votre responsabilité.`)] }),
    en: (p) => ({ subject: `${p.givenName} ${p.familyName} was assigned to you`, greeting: greetings.en(), blocks: [text(`${p.givenName} ${p.familyName} (${p.email}) is now under your oversight.`)] }),
  },
});

/** Template of `oversight.manager_changed`: the reader's manager changed, or they were left unassigned. */
export const oversightManagerChangedTemplate = defineTemplate({
  kind: 'oversight.manager_changed',
  payload: z.object({ managerId: z.string().min(1).nullable(), manager: z.string().min(1).optional() }),
  example: { managerId: 'user_7', manager: 'Janez Kranjc' },
  translations: {
    el: (p) => ({ subject: 'Αλλαγή υπεύθυνου', greeting: greetings.el(), blocks: [text(p.managerId === null ? 'Δεν έχετε πλέον υπεύθυνο.' : `Υπεύθυνός σας είναι πλέον ο/η ${p.manager ?? p.managerId}.`)] }),
    it: (p) => ({ subject: 'Cambio di responsabile', greeting: greetings.it(), blocks: [text(p.managerId === null ? 'Non hai più un responsabile.' : `Il tuo responsabile è ora ${p.manager ?? p.managerId}.`)] }),
    sl: (p) => ({ subject: 'Sprememba upravitelja', greeting: greetings.sl(), blocks: [text(p.managerId === null ? 'Nimate več upravitelja.' : `Vaš upravitelj je zdaj ${p.manager ?? p.managerId}.`)] }),
    fr: (p) => ({ subject: 'Changement de responsable', greeting: greetings.fr(), blocks: [text(p.managerId === null ? 'Vous n’avez plus de responsable.' : `Votre responsable est désormais ${p.manager ?? p.managerId}.`)] }),
    en: (p) => ({ subject: 'Your manager changed', greeting: greetings.en(), blocks: [text(p.managerId === null ? 'You no longer have a manager.' : `Your manager is now ${p.manager ?? p.managerId}.`)] }),
  },
});
