/**
 * Generic (role) mailboxes: `info@…`, `secretariat@…`. Some platforms refuse them for accounts (SC-15:
 * personal institutional addresses only); others allow them (KA-13); the profile's
 * `accounts.genericMailboxes` decides.
 *
 * @module
 */

/**
 * Local parts that name a function rather than a person, in the platforms' languages (English, Greek
 * transliterated, Italian, Slovenian, French). A heuristic: it catches the common role addresses, not every one.
 */
export const genericMailboxNames: ReadonlySet<string> = new Set([
  // English and international
  'admin', 'administrator', 'administration', 'contact', 'contacts', 'enquiries', 'hello', 'help', 'helpdesk',
  'hostmaster', 'hr', 'info', 'information', 'inquiries', 'mail', 'no-reply', 'noreply', 'office', 'postmaster',
  'press', 'reception', 'sales', 'secretariat', 'secretary', 'service', 'services', 'support', 'team', 'webmaster',
  // Greek (transliterated)
  'grammateia', 'protokollo', 'grafeio',
  // Italian
  'pec', 'protocollo', 'segreteria', 'ufficio', 'urp',
  // Slovenian
  'glavna', 'pisarna', 'tajnistvo', 'vlozisce',
  // French
  'accueil', 'courrier', 'direction', 'mairie', 'secretariat-general',
]);

/**
 * Tells whether an e-mail address is a generic (role) mailbox: its local part, lower-cased and without a
 * `+tag`, is one of {@link genericMailboxNames}. Pure.
 *
 * @example
 * ```ts
 * import { isGenericMailbox } from 'polity';
 *
 * isGenericMailbox('Info@city.example'); // true
 * isGenericMailbox('maria.papadopoulou@city.example'); // false
 * ```
 */
export function isGenericMailbox(email: string): boolean {
  const at = email.lastIndexOf('@');
  const local = (at < 0 ? email : email.slice(0, at)).trim().toLowerCase();
  const untagged = local.split('+')[0] ?? local;
  return genericMailboxNames.has(untagged);
}
