import { describe, expect, it } from 'vitest';
import { matchesFilter, where, type RelatedFilter } from '../domain/filter';
import { isPolityError } from '../errors';
import { ePresence } from '../profiles/e-presence';
import { oneKa } from '../profiles/one-ka';
import { extendProfile } from '../profiles/profile';
import { at, who } from '../profiles/rule-cases.testkit';
import { when } from './condition';
import type { PolicyDefinition } from './definition';
import { createPolicy } from './policy';
import type { Rule } from './rule';

const meeting = (id: string, organiserId = 'someone') => ({ kind: 'meeting', id, organisationId: 'org_1', unitId: null, organiserId });

function issuesOf(definition: PolicyDefinition): { path: string; code: string }[] {
  try {
    createPolicy(definition);
  } catch (error) {
    if (isPolityError(error, 'invalid_input')) return (error.details?.issues ?? []).map(({ path, code }) => ({ path, code }));
    throw error;
  }
  return [];
}

const docs = (rules: readonly Rule[], relations: PolicyDefinition['relations']): PolicyDefinition => ({
  id: 'docs',
  roles: [{ name: 'reader', assignableAt: ['organisation'] }],
  actions: [{ name: 'doc.read', description: 'read a document' }],
  rules,
  grants: { allowEqualLevel: false, rules: [] },
  ...(relations === undefined ? {} : { relations }),
});
const readRule = (condition: Rule['when']): Rule => ({ id: 'r', source: 'T', effect: 'allow', roles: '*', actions: ['doc.read'], resource: 'doc', ...(condition === undefined ? {} : { when: condition }) });
const linked = { collection: 'participants', valueField: 'meetingId', principalField: 'userId' };

describe('relations: principal attributes the Store answers', () => {
  it('EP-3: a principal without invitedMeetingIds is planned with a semi-join on participants, not an empty list', () => {
    const policy = createPolicy(ePresence);
    expect(policy.plan(who('u_1'), 'meeting.join', 'meeting')).toEqual(
      where.or(where.eq('organiserId', 'u_1'), where.related('id', 'participants', 'meetingId', where.eq('userId', 'u_1'))),
    );
    // A principal that carries the list is planned with it, as before.
    expect(policy.plan(who('u_1', [], { invitedMeetingIds: ['m_2'] }), 'meeting.join', 'meeting')).toEqual(where.or(where.eq('organiserId', 'u_1'), where.in('id', ['m_2'])));
  });

  it('EP-3: check, decide and explain fail closed without the list, and read well', () => {
    const policy = createPolicy(ePresence);
    expect(policy.check(who('u_1'), 'meeting.join', meeting('m_2'))).toBe(false);
    expect(policy.check(who('u_1', [], { invitedMeetingIds: ['m_2'] }), 'meeting.join', meeting('m_2'))).toBe(true);
    expect(policy.decide(who('u_1'), 'meeting.join', meeting('m_2')).allowed).toBe(false);
    const explanation = policy.explain(who('u_1'), 'meeting.join', meeting('m_2'));
    expect(explanation.unmetConditions[0]?.required).toBe('the meeting\'s organiserId is "u_1" or the meeting is one of their invitedMeetingIds');
    expect(explanation.summary).toContain('only when the meeting\'s organiserId is "u_1" or the meeting is one of their invitedMeetingIds');
  });

  it('KA-5, KA-11: a manager’s surveys are those of the users they oversee (not deleted) and oversaw, as semi-joins', () => {
    const manager = who('mgr', [at.organisation('manager', 'o1')]);
    const plan = createPolicy(oneKa).plan(manager, 'survey.read', 'survey');
    const overseen = where.related('ownerId', 'users', 'id', where.and(where.isNull('deletedAt'), where.eq('managerId', 'mgr')));
    const oversaw = where.related('ownerId', 'formerOversights', 'userId', where.eq('managerId', 'mgr'));
    expect(plan).toEqual(where.and(where.eq('organisationId', 'o1'), where.or(oversaw, overseen, where.eq('ownerId', 'mgr'))));
    // Evaluated against a world: u1 overseen, u2 deleted, u3 formerly overseen.
    const users = [
      { id: 'u1', managerId: 'mgr', deletedAt: null },
      { id: 'u2', managerId: 'mgr', deletedAt: new Date(0) },
      { id: 'u4', managerId: 'other', deletedAt: null },
    ];
    const formerOversights = [{ id: 'f1', managerId: 'mgr', userId: 'u3' }];
    const related = (node: RelatedFilter) =>
      new Set((node.collection === 'users' ? users : formerOversights).filter((r) => matchesFilter(node.where, r)).map((r) => (r as Record<string, unknown>)[node.key] as string));
    const seen = ['u1', 'u2', 'u3', 'u4', 'mgr'].filter((ownerId) => matchesFilter(plan, { kind: 'survey', organisationId: 'o1', ownerId }, { related }));
    expect(seen).toEqual(['u1', 'u3', 'mgr']);
  });

  it('refuses a relation read otherwise than as "resource.<field> in principal.<relation>"', () => {
    const misuses = [
      when.eq('resource.meetingId', when.ref('principal.linked')),
      when.in('principal.id', when.ref('principal.linked')),
      when.eq('principal.linked', null),
      when.not(when.lt('resource.level', when.ref('principal.linked'))),
    ];
    for (const condition of misuses) expect(issuesOf(docs([readRule(condition)], { linked })).map((i) => i.code), JSON.stringify(condition)).toEqual(['relation_misuse']);
    // The issue names the node: here the comparison inside the `not`.
    expect(issuesOf(docs([readRule(misuses[3])], { linked }))).toEqual([{ path: 'rules.0.when.condition', code: 'relation_misuse' }]);
    expect(issuesOf(docs([readRule(when.not(when.in('resource.id', when.ref('principal.linked'))))], { linked }))).toEqual([]);
  });

  it('refuses a relation over a collection, field or filter the Store does not have, or named id', () => {
    expect(issuesOf(docs([], { linked: { ...linked, collection: 'invitations' } }))).toEqual([{ path: 'relations.linked.collection', code: 'unknown_collection' }]);
    expect(issuesOf(docs([], { linked: { ...linked, valueField: 'meeting' } }))).toEqual([{ path: 'relations.linked.valueField', code: 'unknown_field' }]);
    expect(issuesOf(docs([], { linked: { ...linked, where: where.isNull('deletedAt') } }))).toEqual([{ path: 'relations.linked.where', code: 'unknown_field' }]);
    expect(issuesOf(docs([], { id: linked }))).toEqual([{ path: 'relations.id', code: 'relation_name' }]);
    expect(issuesOf(docs([], { linked: { ...linked, extra: 1 } as never })).map((i) => i.code)).toContain('unrecognized_keys');
  });

  it('extendProfile replaces or adds relations beside the base ones, checked like any definition', () => {
    const ours = extendProfile(oneKa, { id: 'our-ka', relations: { formerlyOverseenUserIds: { ...oneKa.relations!.formerlyOverseenUserIds!, where: where.always() } } });
    expect(Object.keys(ours.relations ?? {}).sort()).toEqual(['formerlyOverseenUserIds', 'overseenUserIds']);
    expect(ours.relations?.formerlyOverseenUserIds?.where).toEqual(where.always());
    expect(() => extendProfile(oneKa, { relations: { coEditedSurveyIds: { collection: 'surveyCoEditors', valueField: 'surveyId', principalField: 'userId' } } })).toThrow(/no stored collection/);
  });

  it('EP-3, KA-5, KA-11: the shipped profiles declare their relations; coEditedSurveyIds and peerCoordinatorIds stay loaded lists', () => {
    expect(ePresence.relations).toEqual({ invitedMeetingIds: linked });
    expect(Object.keys(oneKa.relations ?? {}).sort()).toEqual(['formerlyOverseenUserIds', 'overseenUserIds']);
    // Not declared: without the list, an empty list, as before (KA-6 co-editors reach nothing).
    const coEditor = who('u', [at.organisation('user', 'o1')]);
    expect(JSON.stringify(createPolicy(oneKa).plan(coEditor, 'survey.update', 'survey'))).not.toContain('coEdit');
  });
});
