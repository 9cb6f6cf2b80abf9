/**
 * `certified.nomination_request`: the certified e-mail (PEC) sent to an institution when a product
 * administrator is to be appointed, asking its legal representative to sign the nomination form (SC-5).
 * Hosts route this kind to a certified-mail notifier.
 *
 * @module
 */
import { z } from 'zod';
import { action, greetings, text } from './content';
import { defineTemplate } from './template';

/** Template of `certified.nomination_request`. */
export const certifiedNominationRequestTemplate = defineTemplate({
  kind: 'certified.nomination_request',
  payload: z.object({
    institutionName: z.string().min(1),
    productName: z.string().min(1),
    legalRepresentative: z.string().min(1),
    nominee: z.string().min(1),
    requestedBy: z.string().min(1),
    formUrl: z.string().min(1).optional(),
  }),
  example: { institutionName: 'Comune di Esempio', productName: 'pagoPA', legalRepresentative: 'Mario Rossi', nominee: 'Giulia Bianchi', requestedBy: 'Giulia Bianchi', formUrl: 'https://selfcare.example.it/nominations/1' },
  translations: {
    el: (p) => ({
      subject: `Αίτημα ορισμού διαχειριστή για το ${p.productName} – ${p.institutionName}`,
      greeting: greetings.el(p.legalRepresentative),
      blocks: [
        text(`Ο/Η ${p.requestedBy} ζήτησε τον ορισμό του/της ${p.nominee} ως διαχειριστή του ${p.productName} για τον φορέα ${p.institutionName}.`),
        text('Ως νόμιμος εκπρόσωπος, κατεβάστε το έντυπο ορισμού, υπογράψτε το ψηφιακά (p7m) και μεταφορτώστε το. Ο διαχειριστής προστίθεται μόνο μετά από αυτό.'),
        ...(p.formUrl === undefined ? [] : [action('Έντυπο ορισμού', p.formUrl)]),
      ],
    }),
    it: (p) => ({
      subject: `Richiesta di nomina dell’amministratore di ${p.productName} – ${p.institutionName}`,
      greeting: greetings.it(p.legalRepresentative),
      blocks: [
        text(`${p.requestedBy} ha chiesto la nomina di ${p.nominee} come amministratore di ${p.productName} per ${p.institutionName}.`),
        text('In qualità di legale rappresentante, scarica il modulo di nomina, firmalo digitalmente (p7m) e caricalo. Solo allora l’amministratore viene aggiunto.'),
        ...(p.formUrl === undefined ? [] : [action('Modulo di nomina', p.formUrl)]),
      ],
    }),
    sl: (p) => ({
      subject: `Zahteva za imenovanje skrbnika za ${p.productName} – ${p.institutionName}`,
      greeting: greetings.sl(p.legalRepresentative),
      blocks: [
        text(`${p.requestedBy} je zaprosil(a) za imenovanje osebe ${p.nominee} za skrbnika storitve ${p.productName} v ustanovi ${p.institutionName}.`),
        text('Kot zakoniti zastopnik prenesite obrazec za imenovanje, ga digitalno podpišite (p7m) in ga naložite. Šele nato je skrbnik dodan.'),
        ...(p.formUrl === undefined ? [] : [action('Obrazec za imenovanje', p.formUrl)]),
      ],
    }),
    fr: (p) => ({
      subject: `Demande de nomination de l’administrateur de ${p.productName} – ${p.institutionName}`,
      greeting: greetings.fr(p.legalRepresentative),
      blocks: [
        text(`${p.requestedBy} a demandé la nomination de ${p.nominee} comme administrateur de ${p.productName} pour ${p.institutionName}.`),
        text('En tant que représentant légal, téléchargez le formulaire de nomination, signez-le électroniquement (p7m) et déposez-le. L’administrateur n’est ajouté qu’ensuite.'),
        ...(p.formUrl === undefined ? [] : [action('Formulaire de nomination', p.formUrl)]),
      ],
    }),
    en: (p) => ({
      subject: `Request to appoint the ${p.productName} administrator – ${p.institutionName}`,
      greeting: greetings.en(p.legalRepresentative),
      blocks: [
        text(`${p.requestedBy} has asked for ${p.nominee} to be appointed administrator of ${p.productName} for ${p.institutionName}.`),
        text('As legal representative, download the nomination form, sign it digitally (p7m) and upload it. Only then is the administrator added.'),
        ...(p.formUrl === undefined ? [] : [action('Nomination form', p.formUrl)]),
      ],
    }),
  },
});
