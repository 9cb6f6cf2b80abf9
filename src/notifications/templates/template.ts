/**
 * A typed notification template: the payload it reads (a zod schema) and one render function per language.
 * The `translations` record is keyed by every {@link Language}, so a template missing one does not compile;
 * the test suite also renders every template in every language and fails on blank or untranslated text.
 *
 * @module
 */
import type { z } from 'zod';
import type { Language } from '../../domain/primitives';
import type { Content } from './content';

/** What a template's render function gets besides the payload. */
export interface TemplateContext {
  readonly language: Language;
  /** The profile's label of a role in this language (`organisation_coordinator` → "Organisation coordinator"); the name itself when unknown. */
  roleLabel(role: string): string;
  /** A date and time in this language, in the given IANA time zone (UTC by default), e.g. "5 January 2026 at 10:00 UTC". */
  formatDateTime(instant: string | Date, timeZone?: string): string;
  /** A date without the time, in this language. */
  formatDate(instant: string | Date, timeZone?: string): string;
}

/** Renders one language of a template. */
export type Translation<P> = (payload: P, context: TemplateContext) => Content;

/** A notification template of one kind. Build one with {@link defineTemplate}. */
export interface Template<P = unknown> {
  /** The outbox `kind` it renders, e.g. `account.activation`. */
  readonly kind: string;
  /** Checks the outbox payload; a payload it refuses makes the message poison (parked as failed). */
  readonly payload: z.ZodType<P>;
  /** One render function for every language polity ships. */
  readonly translations: Readonly<Record<Language, Translation<P>>>;
  /**
   * Payload fields holding secrets (an activation link). The dispatcher replaces them with
   * {@link redactedValue} once the message is sent, so the outbox does not keep a usable link.
   */
  readonly secretFields: readonly string[];
  /** A payload that renders: used by the tests (every language, no blanks) and by the docs. */
  readonly example: P;
  /**
   * Checks a stored payload and renders it in the context's language.
   * @throws TemplatePayloadError when the payload does not fit the schema.
   */
  render(payload: unknown, context: TemplateContext): Content;
}

/**
 * A template whose payload type is erased, as a registry holds it: any {@link Template} fits, since
 * `render` checks the payload at run time.
 */
export interface RegisteredTemplate {
  readonly kind: string;
  readonly secretFields: readonly string[];
  readonly example: unknown;
  /**
   * Renders a stored payload in the context's language.
   * @throws when the payload does not fit the template's schema (the message is then poison).
   */
  render(payload: unknown, context: TemplateContext): Content;
}

/** A stored payload does not fit its template's schema: the message can never render (poison). */
export class TemplatePayloadError extends Error {
  override readonly name = 'TemplatePayloadError';
}

/** What a secret payload field holds after its message was sent. */
export const redactedValue = '[redacted]';

/** The definition {@link defineTemplate} takes. */
export interface TemplateDefinition<S extends z.ZodType> {
  /** The outbox `kind`. */
  readonly kind: string;
  /** The payload schema. */
  readonly payload: S;
  /** One render function for each of el, it, sl, fr, en. */
  readonly translations: Readonly<Record<Language, Translation<z.output<S>>>>;
  /** Payload fields to redact once sent. @defaultValue none */
  readonly secretFields?: readonly (keyof z.output<S> & string)[];
  /** A payload that renders, for tests and docs. */
  readonly example: z.output<S>;
}

/**
 * Defines a template, inferring the payload type from its schema.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { blocks, defineTemplate } from 'polity';
 *
 * const { text } = blocks;
 *
 * export const parcelArrived = defineTemplate({
 *   kind: 'parcel.arrived',
 *   payload: z.object({ givenName: z.string() }),
 *   example: { givenName: 'Maria' },
 *   translations: {
 *     el: (p) => ({ subject: 'Έφτασε δέμα', greeting: `Γεια σας ${p.givenName},`, blocks: [text('Έφτασε ένα δέμα για εσάς.')] }),
 *     it: (p) => ({ subject: 'È arrivato un pacco', greeting: `Gentile ${p.givenName},`, blocks: [text('È arrivato un pacco per te.')] }),
 *     sl: (p) => ({ subject: 'Prispel je paket', greeting: `Spoštovani ${p.givenName},`, blocks: [text('Za vas je prispel paket.')] }),
 *     fr: (p) => ({ subject: 'Un colis est arrivé', greeting: `Bonjour ${p.givenName},`, blocks: [text('Un colis est arrivé pour vous.')] }),
 *     en: (p) => ({ subject: 'A parcel arrived', greeting: `Hello ${p.givenName},`, blocks: [text('A parcel arrived for you.')] }),
 *   },
 * });
 * ```
 */
export function defineTemplate<S extends z.ZodType>(definition: TemplateDefinition<S>): Template<z.output<S>> {
  const { kind, payload, translations } = definition;
  return {
    kind,
    payload: payload as unknown as z.ZodType<z.output<S>>,
    translations,
    secretFields: definition.secretFields ?? [],
    example: definition.example,
    render(raw, context) {
      const parsed = payload.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
        throw new TemplatePayloadError(`the payload of "${kind}" does not fit its template: ${issues}`);
      }
      return translations[context.language](parsed.data as z.output<S>, context);
    },
  };
}

/** Templates by kind, as the dispatcher looks them up. */
export type TemplateRegistry = ReadonlyMap<string, RegisteredTemplate>;

/**
 * Builds a registry from templates; a later template of the same kind replaces an earlier one, so a host
 * can override a built-in: `templateRegistry(...builtInTemplates, myActivation)`.
 */
export function templateRegistry(...templates: readonly RegisteredTemplate[]): TemplateRegistry {
  return new Map(templates.map((template) => [template.kind, template]));
}
