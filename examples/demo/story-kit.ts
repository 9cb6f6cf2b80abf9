/**
 * What both demo stories share: where lines go, where a story plays, a clock that moves only when the story
 * says so, and reading the activation link a person received.
 *
 * @module
 */
import { where, type Clock, type Store } from 'polity';

/** Where a story's lines go (`console.log` in `main.ts`, an array in the test). */
export type Output = (line: string) => void;

/** Where a story plays. */
export interface DemoOptions {
  /**
   * The store to play on; closed at the end.
   * @defaultValue a new `memoryStore()`
   */
  readonly store?: Store;
  /** How the first line names the store, e.g. `"embedded PGlite"`. */
  readonly storeName?: string;
}

/** A clock the story moves itself: forward by minutes, or to an instant. */
export interface StoryClock extends Clock {
  advance(minutes: number): void;
  set(instant: string): void;
}

/** A clock that starts at `start` and moves only when the story says so. */
export function storyClock(start: string): StoryClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (minutes) => {
      now += minutes * 60_000;
    },
    set: (instant) => {
      now = new Date(instant).getTime();
    },
  };
}

/** The secret of the latest activation link e-mailed to an address, as the person would click it. */
export async function linkSentTo(store: Store, email: string): Promise<string> {
  const mails = await store.outbox.list({ where: where.and(where.eq('kind', 'account.activation'), where.eq('recipientEmail', email)), limit: 100 });
  const link = String(mails.items.at(-1)?.payload['link'] ?? '');
  return new URL(link).searchParams.get('token') ?? '';
}
