import { defineConfig } from 'tsup';

/**
 * Every entry here has one key in package.json `exports`. Entries import each other through the package's
 * own name (`polity`, `polity/adapters/memory`), marked external, so the built adapters and the testing kit
 * share the one copy of the core instead of bundling their own.
 */
const external = [/^polity(\/.*)?$/, 'vitest', 'pg', '@electric-sql/pglite', 'nodemailer'];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'store-kit/index': 'src/store-kit/index.ts',
      'adapters/memory/index': 'adapters/memory/index.ts',
      'adapters/postgres/index': 'adapters/postgres/index.ts',
      'adapters/notifiers/index': 'adapters/notifiers/index.ts',
      'adapters/notifiers/smtp': 'adapters/notifiers/smtp.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    external,
  },
  {
    // The testing kit imports vitest, which cannot be require()d: ESM only.
    entry: { 'testing/index': 'src/testing/index.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    external,
  },
]);
