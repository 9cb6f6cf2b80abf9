/**
 * Predictable ids and secrets for tests.
 *
 * @module
 */
import type { Ids } from '../ports/ids';

/**
 * {@link Ids} that count: `org_1`, `org_2`, `user_1` … (one counter per kind) and secrets `secret_1`,
 * `secret_2` …, so a test can name what it expects. Never use it in production: its secrets are guessable.
 */
export function sequentialIds(): Ids {
  const counters = new Map<string, number>();
  const next = (kind: string): number => {
    const value = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, value);
    return value;
  };
  return {
    id: (kind) => `${kind}_${next(kind)}`,
    secret: () => `secret_${next('\0secret')}`,
  };
}
