/**
 * The layers, checked file by file: every import of every non-test source file under a rule's folders is
 * read (with TypeScript's own pre-processor, so an import in a comment or an `@example` does not count),
 * resolved (relative paths, and the package's own names: `polity` is the root entry, which re-exports every
 * layer), and refused when it lands in a folder the rule forbids. A new rule is one row of {@link rules}.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** One layer rule: no non-test file under `from` imports anything under `forbid`. */
interface LayerRule {
  /** What the rule says, for the test title. */
  readonly title: string;
  /** Folders (or files) the rule applies to, relative to the repository root. */
  readonly from: readonly string[];
  /**
   * What they may not import: folders or files relative to the root (`src/services`, `src/index.ts`), or a
   * package name, where a trailing `*` stands for any name it starts with (`node:*`).
   */
  readonly forbid: readonly string[];
  /** Why, for the failure message. */
  readonly why: string;
}

/** The pure layers: they do no I/O and see nothing above them. */
const pure = ['src/policy', 'src/workflows', 'src/domain'];

const rules: readonly LayerRule[] = [
  {
    title: 'the pure layers (policy, workflows, domain) import no services, profiles, store-kit, runtime, notifications or adapter',
    from: pure,
    // The root entry re-exports every layer: importing `polity` (or src/index.ts) from below would import them all.
    forbid: ['src/services', 'src/profiles', 'src/store-kit', 'src/runtime', 'src/notifications', 'src/polity.ts', 'src/index.ts', 'adapters'],
    why: 'imports point down only: the engine, the machines and the entities are what the layers above are built on (docs/architecture.md)',
  },
  {
    title: 'the domain imports nothing from the policy engine or the workflows',
    from: ['src/domain'],
    forbid: ['src/policy', 'src/workflows'],
    why: 'the domain is the bottom layer: entities, the filter language and how values compare',
  },
  {
    title: 'the pure layers import no Node built-in and no database or mail driver',
    from: pure,
    forbid: ['node:*', 'fs', 'path', 'net', 'http', 'https', 'child_process', 'pg', '@electric-sql/pglite', 'nodemailer'],
    why: 'domain, policy and workflows do no I/O: give them data, get data back',
  },
  {
    title: 'no library file imports test support (*.testkit.ts)',
    from: ['src', 'adapters'],
    forbid: ['*.testkit'],
    why: 'a testkit is test support, never shipped code',
  },
  {
    title: 'the services import no adapter and no store-kit (they talk to the Store port only)',
    from: ['src/services'],
    forbid: ['adapters', 'src/store-kit'],
    why: 'services talk to the Store port only; cursors, mutexes and the other helpers adapters share are theirs (polity/store-kit)',
  },
  {
    title: 'the store-kit imports no services and no adapter',
    from: ['src/store-kit'],
    forbid: ['src/services', 'adapters'],
    why: 'the store-kit is what adapters share below the services; it sees the Store port and the domain only',
  },
];

/** Test files and test support are not shipped: their imports are not the layers'. */
function isTestFile(path: string): boolean {
  return /\.(test|test-d|testkit|property\.test)\.ts$/.test(path);
}

/** Every non-test `.ts` file under a folder (or the file itself), relative to the root. */
function sourceFiles(folder: string): string[] {
  const absolute = join(root, folder);
  if (statSync(absolute).isFile()) return [folder];
  const out: string[] = [];
  for (const entry of readdirSync(absolute, { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !isTestFile(entry.name)) out.push(path);
  }
  return out;
}

/** The package's own names and the file each resolves to (package.json `exports`, the sources). */
const ownNames: Readonly<Record<string, string>> = {
  polity: 'src/index.ts',
  'polity/testing': 'src/testing/index.ts',
  'polity/store-kit': 'src/store-kit/index.ts',
  'polity/adapters/memory': 'adapters/memory/index.ts',
  'polity/adapters/postgres': 'adapters/postgres/index.ts',
  'polity/adapters/notifiers': 'adapters/notifiers/index.ts',
  'polity/adapters/notifiers/smtp': 'adapters/notifiers/smtp.ts',
};

/** An import as the rules compare it: a root-relative path for our own modules, else the package name. */
interface ResolvedImport {
  readonly specifier: string;
  /** Root-relative, with `.ts` (a folder resolves to its `index.ts`); `null` for another package. */
  readonly path: string | null;
}

function resolveImport(file: string, specifier: string): ResolvedImport {
  const own = ownNames[specifier];
  if (own !== undefined) return { specifier, path: own };
  if (!specifier.startsWith('.')) return { specifier, path: null };
  const target = relative(root, resolve(join(root, dirname(file)), specifier)).split('\\').join('/').replace(/\.js$/, '');
  for (const candidate of [target, `${target}.ts`, `${target}/index.ts`]) {
    try {
      if (statSync(join(root, candidate)).isFile()) return { specifier, path: candidate };
    } catch {
      // not this one
    }
  }
  return { specifier, path: `${target}.ts` };
}

/** Every module a file imports or re-exports, statically or through `import('…')` / `require('…')` of a literal. */
function importsOf(file: string): ResolvedImport[] {
  const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return info.importedFiles.map((imported) => resolveImport(file, imported.fileName));
}

function forbids(pattern: string, imported: ResolvedImport): boolean {
  if (pattern.startsWith('*.')) return imported.path !== null && imported.path.endsWith(`${pattern.slice(1)}.ts`);
  if (pattern.endsWith('*')) return imported.path === null && imported.specifier.startsWith(pattern.slice(0, -1));
  if (imported.path === null) return imported.specifier === pattern || imported.specifier.startsWith(`${pattern}/`);
  return imported.path === pattern || imported.path.startsWith(`${pattern}/`);
}

describe('architecture: imports point down only', () => {
  for (const rule of rules) {
    it(rule.title, () => {
      const files = rule.from.flatMap(sourceFiles);
      expect(files.length).toBeGreaterThan(0);
      const broken: string[] = [];
      for (const file of files) {
        for (const imported of importsOf(file)) {
          const pattern = rule.forbid.find((forbidden) => forbids(forbidden, imported));
          if (pattern !== undefined) broken.push(`${file} imports ${imported.specifier}${imported.path === null ? '' : ` (${imported.path})`}`);
        }
      }
      expect(broken, `${rule.why}:\n${broken.join('\n')}`).toEqual([]);
    });
  }

  it('reads imports as TypeScript does: re-exports, type-only and dynamic imports count, comments and examples do not', () => {
    const read = (source: string) => ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
    expect(read("/** ```ts\n * import { x } from 'polity';\n * ``` */\nexport type { Y } from '../services/y';\nconst z = import('../profiles/z');")).toEqual(['../services/y', '../profiles/z']);
    expect(resolveImport('src/policy/policy.ts', '../profiles/index')).toEqual({ specifier: '../profiles/index', path: 'src/profiles/index.ts' });
    expect(resolveImport('src/policy/policy.ts', '../domain')).toEqual({ specifier: '../domain', path: 'src/domain/index.ts' });
    expect(forbids('src/services', resolveImport('src/policy/x.ts', '../services/kernel/define-command'))).toBe(true);
    expect(forbids('adapters', resolveImport('src/domain/x.ts', 'polity/adapters/memory'))).toBe(true);
    expect(forbids('src/index.ts', resolveImport('src/policy/x.ts', 'polity'))).toBe(true);
    expect(forbids('node:*', resolveImport('src/policy/x.ts', 'node:fs'))).toBe(true);
    expect(forbids('src/policy', resolveImport('src/domain/x.ts', '../policy-notes'))).toBe(false);
  });
});
