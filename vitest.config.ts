import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The package's own names resolve to the sources in tests, as they do for `tsc` through tsconfig paths. */
export const polityAliases = [
  { find: /^polity$/, replacement: here('./src/index.ts') },
  { find: /^polity\/testing$/, replacement: here('./src/testing/index.ts') },
  { find: /^polity\/store-kit$/, replacement: here('./src/store-kit/index.ts') },
  { find: /^polity\/adapters\/memory$/, replacement: here('./adapters/memory/index.ts') },
  { find: /^polity\/adapters\/postgres$/, replacement: here('./adapters/postgres/index.ts') },
  { find: /^polity\/adapters\/notifiers\/smtp$/, replacement: here('./adapters/notifiers/smtp.ts') },
  { find: /^polity\/adapters\/notifiers$/, replacement: here('./adapters/notifiers/index.ts') },
];

export default defineConfig({
  resolve: { alias: polityAliases },
  test: {
    include: ['src/**/*.test.ts', 'adapters/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'] },
    testTimeout: 20_000,
  },
});
