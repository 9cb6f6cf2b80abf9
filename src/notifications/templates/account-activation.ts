/**
 * `account.activation`: the link that confirms an address and activates an account (EP-8), sent on
 * invitation, on resend and on a change of address (`purpose: 'email_change'`).
 *
 * @module
 */
import { z } from 'zod';
import { action, greetings, text } from './content';
import { defineTemplate } from './template';

const payload = z.object({
  purpose: z.enum(['activation', 'email_change']),
  givenName: z.string().min(1),
  link: z.string().min(1),
  expiresAt: z.string().min(1),
  organisationName: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  invitedBy: z.string().min(1).optional(),
  timeZone: z.string().optional(),
});

/** Template of `account.activation`. The link is a secret: redacted from the outbox once sent. */
export const accountActivationTemplate = defineTemplate({
  kind: 'account.activation',
  payload,
  secretFields: ['link'],
  example: {
    purpose: 'activation',
    givenName: 'Maria',
    link: 'https://portal.example.gov/activate?token=abc',
    expiresAt: '2026-01-12T09:00:00.000Z',
    organisationName: 'Ministry of Digital Governance',
    role: 'organisation_coordinator',
    invitedBy: 'Ada Admin',
  },
  translations: {
    el: (p, c) => ({
      subject: p.purpose === 'email_change' ? 'Επιβεβαιώστε τη νέα σας διεύθυνση e-mail' : `Ενεργοποιήστε τον λογαριασμό σας${p.organisationName === undefined ? '' : ` – ${p.organisationName}`}`,
      greeting: greetings.el(p.givenName),
      blocks: [
        ...(p.invitedBy !== undefined && p.organisationName !== undefined
          ? [text(`Ο/Η ${p.invitedBy} σας πρόσθεσε στον φορέα ${p.organisationName}${p.role === undefined ? '' : ` με ρόλο «${c.roleLabel(p.role)}»`}.`)]
          : []),
        text(p.purpose === 'email_change' ? 'Ανοίξτε τον παρακάτω σύνδεσμο για να επιβεβαιώσετε αυτή τη διεύθυνση.' : 'Ανοίξτε τον παρακάτω σύνδεσμο για να ενεργοποιήσετε τον λογαριασμό σας.'),
        action(p.purpose === 'email_change' ? 'Επιβεβαίωση διεύθυνσης' : 'Ενεργοποίηση λογαριασμού', p.link),
        text(`Ο σύνδεσμος ισχύει έως ${c.formatDateTime(p.expiresAt, p.timeZone)}. Αν δεν περιμένατε αυτό το μήνυμα, μπορείτε να το αγνοήσετε.`),
      ],
    }),
    it: (p, c) => ({
      subject: p.purpose === 'email_change' ? 'Conferma il tuo nuovo indirizzo e-mail' : `Attiva il tuo account${p.organisationName === undefined ? '' : ` – ${p.organisationName}`}`,
      greeting: greetings.it(p.givenName),
      blocks: [
        ...(p.invitedBy !== undefined && p.organisationName !== undefined
          ? [text(`${p.invitedBy} ti ha aggiunto a ${p.organisationName}${p.role === undefined ? '' : ` con il ruolo «${c.roleLabel(p.role)}»`}.`)]
          : []),
        text(p.purpose === 'email_change' ? 'Apri il link qui sotto per confermare questo indirizzo.' : 'Apri il link qui sotto per attivare il tuo account.'),
        action(p.purpose === 'email_change' ? 'Conferma indirizzo' : 'Attiva account', p.link),
        text(`Il link è valido fino al ${c.formatDateTime(p.expiresAt, p.timeZone)}. Se non ti aspettavi questa e-mail, puoi ignorarla.`),
      ],
    }),
    sl: (p, c) => ({
      subject: p.purpose === 'email_change' ? 'Potrdite svoj novi e-poštni naslov' : `Aktivirajte svoj račun${p.organisationName === undefined ? '' : ` – ${p.organisationName}`}`,
      greeting: greetings.sl(p.givenName),
      blocks: [
        ...(p.invitedBy !== undefined && p.organisationName !== undefined
          ? [text(`${p.invitedBy} vas je dodal(a) v organizacijo ${p.organisationName}${p.role === undefined ? '' : ` z vlogo »${c.roleLabel(p.role)}«`}.`)]
          : []),
        text(p.purpose === 'email_change' ? 'Odprite spodnjo povezavo, da potrdite ta naslov.' : 'Odprite spodnjo povezavo, da aktivirate svoj račun.'),
        action(p.purpose === 'email_change' ? 'Potrdi naslov' : 'Aktiviraj račun', p.link),
        text(`Povezava velja do ${c.formatDateTime(p.expiresAt, p.timeZone)}. Če tega sporočila niste pričakovali, ga lahko prezrete.`),
      ],
    }),
    fr: (p, c) => ({
      subject: p.purpose === 'email_change' ? 'Confirmez votre nouvelle adresse e-mail' : `Activez votre compte${p.organisationName === undefined ? '' : ` – ${p.organisationName}`}`,
      greeting: greetings.fr(p.givenName),
      blocks: [
        ...(p.invitedBy !== undefined && p.organisationName !== undefined
          ? [text(`${p.invitedBy} vous a ajouté(e) à ${p.organisationName}${p.role === undefined ? '' : ` avec le rôle « ${c.roleLabel(p.role)} »`}.`)]
          : []),
        text(p.purpose === 'email_change' ? 'Ouvrez le lien ci-dessous pour confirmer cette adresse.' : 'Ouvrez le lien ci-dessous pour activer votre compte.'),
        action(p.purpose === 'email_change' ? 'Confirmer l’adresse' : 'Activer le compte', p.link),
        text(`Le lien est valable jusqu’au ${c.formatDateTime(p.expiresAt, p.timeZone)}. Si vous n’attendiez pas ce message, vous pouvez l’ignorer.`),
      ],
    }),
    en: (p, c) => ({
      subject: p.purpose === 'email_change' ? 'Confirm your new e-mail address' : `Activate your account${p.organisationName === undefined ? '' : ` – ${p.organisationName}`}`,
      greeting: greetings.en(p.givenName),
      blocks: [
        ...(p.invitedBy !== undefined && p.organisationName !== undefined
          ? [text(`${p.invitedBy} has added you to ${p.organisationName}${p.role === undefined ? '' : ` as ${c.roleLabel(p.role)}`}.`)]
          : []),
        text(p.purpose === 'email_change' ? 'Open the link below to confirm this address.' : 'Open the link below to activate your account.'),
        action(p.purpose === 'email_change' ? 'Confirm address' : 'Activate account', p.link),
        text(`The link works until ${c.formatDateTime(p.expiresAt, p.timeZone)}. If you did not expect this e-mail, you can ignore it.`),
      ],
    }),
  },
});
