/**
 * Test support (never imported by library code): a small hand-made profile to exercise the engine alone.
 *
 * @module
 */
import type { Language } from '../domain/primitives';
import type { ProfileRoleDefinition as RoleDefinition, Profile } from '../profiles/profile';
import type { Rule } from './rule';

/** Labels in every language, from one English word. */
export function labels(en: string): Record<Language, string> {
  return { el: `${en} (el)`, it: `${en} (it)`, sl: `${en} (sl)`, fr: `${en} (fr)`, en };
}

/** A role assignable everywhere. */
export function role(name: string, inherits: readonly string[] = []): RoleDefinition {
  return { name, labels: labels(name), inherits, assignableAt: ['platform', 'organisation', 'unit', 'product'] };
}

/** A profile with the given roles, actions and rules, and neutral settings otherwise. */
export function testProfile(parts: {
  readonly roles?: readonly RoleDefinition[];
  readonly actions?: readonly string[];
  readonly rules?: readonly Rule[];
  readonly grants?: Profile['grants'];
}): Profile {
  const roles = parts.roles ?? [role('reader'), role('editor', ['reader']), role('admin', ['editor'])];
  return {
    id: 'test',
    name: 'Test',
    defaultLanguage: 'en',
    roles,
    actions: (parts.actions ?? ['doc.read', 'doc.edit', 'doc.delete', 'meeting.manage']).map((name) => ({ name, description: `do ${name}` })),
    platformAdminRole: roles[roles.length - 1]!.name,
    rules: parts.rules ?? [],
    grants: parts.grants ?? { allowEqualLevel: false, rules: [] },
    limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 300, durationExemptRoles: [] },
    accounts: { deactivationBlocksSignIn: true, genericMailboxes: 'forbidden' },
    workflows: {},
  };
}
