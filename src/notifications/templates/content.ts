/**
 * What a template produces: a subject and a list of plain-text blocks. Templates never write HTML; one
 * renderer turns the blocks into text and HTML and escapes everything on the way, so user-supplied content
 * (a coordinator's message, a unit name) cannot inject markup whatever a template does.
 *
 * @module
 */

/** One block of a notification body. Every string is plain text; the renderer escapes it for HTML. */
export type Block =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'action'; readonly label: string; readonly url: string }
  | { readonly type: 'quote'; readonly text: string }
  | { readonly type: 'list'; readonly items: readonly string[] };

/** A rendered notification before layout: subject, greeting and body blocks, all plain text. */
export interface Content {
  readonly subject: string;
  /** The opening line ("Hello Maria,"). */
  readonly greeting: string;
  readonly blocks: readonly Block[];
}

/** A paragraph. */
export const text = (value: string): Block => ({ type: 'text', text: value });
/** A link the reader acts on (activation, joining a meeting). Only `http:`, `https:`, `mailto:` or relative URLs render. */
export const action = (label: string, url: string): Block => ({ type: 'action', label, url });
/** Someone else's words, quoted as they wrote them (line breaks kept). */
export const quote = (value: string): Block => ({ type: 'quote', text: value });
/** A bulleted list. */
export const list = (items: readonly string[]): Block => ({ type: 'list', items });

/** The opening line in each language, with the reader's given name when the payload has it. */
export const greetings: Readonly<Record<'el' | 'it' | 'sl' | 'fr' | 'en', (name?: string) => string>> = {
  el: (name) => (name === undefined ? 'Γεια σας,' : `Γεια σας ${name},`),
  it: (name) => (name === undefined ? 'Gentile utente,' : `Gentile ${name},`),
  sl: (name) => (name === undefined ? 'Spoštovani,' : `Spoštovani ${name},`),
  fr: (name) => (name === undefined ? 'Bonjour,' : `Bonjour ${name},`),
  en: (name) => (name === undefined ? 'Hello,' : `Hello ${name},`),
};
