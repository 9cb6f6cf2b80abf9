// Keeps docs/workflows/*.md in step with the machines: this fails while a committed page differs from what
// scripts/workflow-diagrams.ts renders. Fix by running `npx tsx scripts/workflow-diagrams.ts`.
// (Reading files is fine here: the test is not part of the pure library code it sits next to.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isGeneratedWorkflowDoc, renderWorkflowDocs, workflowDocsDir } from '../../scripts/workflow-diagrams';

const dir = join(fileURLToPath(new URL('../..', import.meta.url)), workflowDocsDir);
const hint = 'run `npx tsx scripts/workflow-diagrams.ts` and commit the result';

describe('workflow docs', () => {
  const pages = renderWorkflowDocs();

  it('X-3: renders a page per machine, deterministically', () => {
    expect(pages.map((page) => page.file)).toEqual(['account.md', 'licence-request.md', 'meeting.md', 'role-request.md']);
    expect(renderWorkflowDocs()).toEqual(pages);
  });

  it.each(pages.map((page) => [page.file, page.content] as const))('X-3: docs/workflows/%s is up to date', (file, content) => {
    const path = join(dir, file);
    expect(existsSync(path), `${workflowDocsDir}/${file} is missing: ${hint}`).toBe(true);
    expect(readFileSync(path, 'utf8'), `${workflowDocsDir}/${file} is stale: ${hint}`).toBe(content);
  });

  it('X-3: holds no generated page that no machine produces', () => {
    const wanted = new Set(pages.map((page) => page.file));
    const stale = existsSync(dir)
      ? readdirSync(dir).filter((file) => file.endsWith('.md') && !wanted.has(file) && isGeneratedWorkflowDoc(readFileSync(join(dir, file), 'utf8')))
      : [];
    expect(stale, hint).toEqual([]);
  });

  it('X-3: the account page holds the diagram and the rule sources', () => {
    const account = pages.find((page) => page.file === 'account.md')?.content ?? '';
    expect(account).toContain('```mermaid\nstateDiagram-v2\n  [*] --> pending_active: create\n');
    expect(account).toContain('| `never_in_a_meeting` | `delete` | EP-11, EP-16 |');
    expect(account).toContain('| `local_identity` | `change_email` | EP-12 |');
  });
});
