// docs/administration.md shows the machines' own diagrams: this fails when a machine changes and the page does not.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { accountMachine, toMermaid } from 'polity';
import { roleRequestMachine } from '../../src/workflows/role-request-machine';

const page = readFileSync(new URL('../../docs/administration.md', import.meta.url), 'utf8');

it('docs/administration.md holds the account and role-request diagrams as the machines draw them', () => {
  const blocks = [...page.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((match) => match[1]);
  expect(blocks).toEqual([toMermaid(accountMachine), toMermaid(roleRequestMachine)]);
});

it('docs/administration.md documents the reduced view field by field', () => {
  expect(page).toContain('exactly `id`, `organisationId`, `displayName`');
});

it('docs/licences-and-meetings.md holds the licence-request and meeting diagrams as the machines draw them', async () => {
  const { licenceRequestMachine, meetingMachine } = await import('polity');
  const licences = readFileSync(new URL('../../docs/licences-and-meetings.md', import.meta.url), 'utf8');
  const blocks = [...licences.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((match) => match[1]);
  expect(blocks).toEqual([toMermaid(licenceRequestMachine), toMermaid(meetingMachine)]);
});
