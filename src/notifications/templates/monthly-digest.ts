/**
 * `digest.monthly`: the monthly summary per product of users added and users no longer active, recommending
 * removal of inactive users within 30 days (SC-15; advice only, nothing is removed).
 *
 * @module
 */
import { z } from 'zod';
import { greetings, list, text } from './content';
import { defineTemplate } from './template';

const product = z.object({ name: z.string().min(1), added: z.number().int().min(0), inactive: z.number().int().min(0) });

/** Template of `digest.monthly`. `month` is `YYYY-MM`. */
export const monthlyDigestTemplate = defineTemplate({
  kind: 'digest.monthly',
  payload: z.object({ institutionName: z.string().min(1), month: z.string().regex(/^\d{4}-\d{2}$/), products: z.array(product).min(1), removalWithinDays: z.number().int().positive().default(30) }),
  example: { institutionName: 'Comune di Esempio', month: '2026-01', products: [{ name: 'pagoPA', added: 3, inactive: 1 }, { name: 'App IO', added: 0, inactive: 2 }], removalWithinDays: 30 },
  translations: {
    el: (p, c) => ({
      subject: `Μηνιαία σύνοψη χρηστών ${monthName(p.month, c.language)} – ${p.institutionName}`,
      greeting: greetings.el(),
      blocks: [
        text(`Σύνοψη για ${monthName(p.month, c.language)}, ανά προϊόν:`),
        list(p.products.map((x) => `${x.name}: ${x.added} νέοι χρήστες, ${x.inactive} μη ενεργοί`)),
        text(`Συνιστούμε να αφαιρέσετε τους μη ενεργούς χρήστες εντός ${p.removalWithinDays} ημερών από τη λήψη. Τίποτα δεν αφαιρείται αυτόματα.`),
      ],
    }),
    it: (p, c) => ({
      subject: `Riepilogo mensile degli utenti di ${monthName(p.month, c.language)} – ${p.institutionName}`,
      greeting: greetings.it(),
      blocks: [
        text(`Riepilogo di ${monthName(p.month, c.language)}, per prodotto:`),
        list(p.products.map((x) => `${x.name}: ${x.added} utenti aggiunti, ${x.inactive} non più attivi`)),
        text(`Ti consigliamo di rimuovere gli utenti non più attivi entro ${p.removalWithinDays} giorni dalla ricezione. Nulla viene rimosso automaticamente.`),
      ],
    }),
    sl: (p, c) => ({
      subject: `Mesečni povzetek uporabnikov za ${monthName(p.month, c.language)} – ${p.institutionName}`,
      greeting: greetings.sl(),
      blocks: [
        text(`Povzetek za ${monthName(p.month, c.language)}, po storitvah:`),
        list(p.products.map((x) => `${x.name}: dodanih uporabnikov ${x.added}, neaktivnih ${x.inactive}`)),
        text(`Priporočamo, da neaktivne uporabnike odstranite v ${p.removalWithinDays} dneh od prejema. Nič se ne odstrani samodejno.`),
      ],
    }),
    fr: (p, c) => ({
      subject: `Synthèse mensuelle des utilisateurs – ${monthName(p.month, c.language)} – ${p.institutionName}`,
      greeting: greetings.fr(),
      blocks: [
        text(`Synthèse de ${monthName(p.month, c.language)}, par produit :`),
        list(p.products.map((x) => `${x.name} : ${x.added} utilisateurs ajoutés, ${x.inactive} utilisateurs inactifs`)),
        text(`Nous vous recommandons de retirer les utilisateurs inactifs dans les ${p.removalWithinDays} jours suivant la réception. Rien n’est retiré automatiquement.`),
      ],
    }),
    en: (p, c) => ({
      subject: `Monthly user summary for ${monthName(p.month, c.language)} – ${p.institutionName}`,
      greeting: greetings.en(),
      blocks: [
        text(`Summary for ${monthName(p.month, c.language)}, per product:`),
        list(p.products.map((x) => `${x.name}: ${x.added} users added, ${x.inactive} no longer active`)),
        text(`We recommend removing inactive users within ${p.removalWithinDays} days of receipt. Nothing is removed automatically.`),
      ],
    }),
  },
});

function monthName(month: string, language: string): string {
  return new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00.000Z`));
}
