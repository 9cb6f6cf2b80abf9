/**
 * The {@link TemplateContext} the dispatcher hands templates: dates in the reader's language and role labels
 * from the profile.
 *
 * @module
 */
import type { Language } from '../../domain/primitives';
import type { Profile } from '../../profiles/index';
import type { TemplateContext } from './template';

function toDate(instant: string | Date): Date {
  return instant instanceof Date ? instant : new Date(instant);
}

function knownZone(timeZone: string | undefined): string {
  if (timeZone === undefined) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    // An unknown time zone in a payload should not make the mail poison: fall back to UTC.
    return 'UTC';
  }
}

function formatter(language: Language, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(language, withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone } : { dateStyle: 'long', timeZone });
}

/**
 * Makes the context templates render with.
 *
 * @param language - The reader's language.
 * @param profile - Where role labels come from; without it a role shows as its name.
 */
export function templateContext(language: Language, profile?: Pick<Profile, 'roles'>): TemplateContext {
  const labels = new Map(profile?.roles.map((role) => [role.name, role.labels[language]]) ?? []);
  return {
    language,
    roleLabel: (role) => labels.get(role) ?? role.replace(/_/g, ' '),
    formatDateTime: (instant, timeZone) => {
      const zone = knownZone(timeZone);
      return `${formatter(language, zone, true).format(toDate(instant))} (${zone})`;
    },
    formatDate: (instant, timeZone) => formatter(language, knownZone(timeZone), false).format(toDate(instant)),
  };
}
