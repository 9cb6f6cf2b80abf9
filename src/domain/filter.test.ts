import { describe, expect, it } from 'vitest';
import { filterFields, matchesFilter, renameFilterFields, where } from './filter';

const pool = { id: 'pool_1', allocated: 3, used: 2, reserved: 0, note: null, at: new Date('2026-01-01T00:00:00Z') };

describe('matchesFilter', () => {
  it('compares fields with values and with other fields', () => {
    expect(matchesFilter(where.eq('id', 'pool_1'), pool)).toBe(true);
    expect(matchesFilter(where.lt('used', where.field('allocated')), pool)).toBe(true);
    expect(matchesFilter(where.lt('used', where.field('reserved')), pool)).toBe(false);
    expect(matchesFilter(where.gte('at', new Date('2026-01-01T00:00:00Z')), pool)).toBe(true);
    expect(matchesFilter(where.gt('at', new Date('2026-01-01T00:00:00Z')), pool)).toBe(false);
  });

  it('treats eq(field, null) as IS NULL', () => {
    expect(matchesFilter(where.isNull('note'), pool)).toBe(true);
    expect(matchesFilter(where.isNull('id'), pool)).toBe(false);
    expect(matchesFilter(where.isNull('missing'), pool)).toBe(true);
  });

  it('follows SQL three-valued logic: not(unknown) is unknown, so it matches nothing', () => {
    expect(matchesFilter(where.eq('note', 'x'), pool)).toBe(false);
    expect(matchesFilter(where.not(where.eq('note', 'x')), pool)).toBe(false);
    expect(matchesFilter(where.not(where.lt('note', 3)), pool)).toBe(false);
    expect(matchesFilter(where.or(where.eq('note', 'x'), where.eq('id', 'pool_1')), pool)).toBe(true);
    expect(matchesFilter(where.not(where.and(where.eq('note', 'x'), where.eq('id', 'other'))), pool)).toBe(true);
  });

  it('handles in-lists, including empty ones and nulls', () => {
    expect(matchesFilter(where.in('id', ['a', 'pool_1']), pool)).toBe(true);
    expect(matchesFilter(where.in('id', []), pool)).toBe(false);
    expect(matchesFilter(where.not(where.in('id', [])), pool)).toBe(true);
    expect(matchesFilter(where.not(where.in('id', ['a', null])), pool)).toBe(false);
    expect(matchesFilter(where.in('note', ['a']), pool)).toBe(false);
  });

  it('treats and() as true, or() as false, and the constants as themselves', () => {
    expect(matchesFilter(where.and(), pool)).toBe(true);
    expect(matchesFilter(where.or(), pool)).toBe(false);
    expect(matchesFilter(where.always(), pool)).toBe(true);
    expect(matchesFilter(where.never(), pool)).toBe(false);
  });
});

describe('filterFields', () => {
  it('lists every field, including field references', () => {
    const filter = where.and(where.eq('id', 'x'), where.not(where.lt('used', where.field('allocated'))), where.in('status', ['a']));
    expect([...filterFields(filter)].sort()).toEqual(['allocated', 'id', 'status', 'used']);
  });
});

describe('renameFilterFields', () => {
  it('renames fields everywhere in the tree, field references included, and keeps the rest', () => {
    const filter = where.and(
      where.in('organisationId', ['org_1']),
      where.not(where.eq('status', 'suspended')),
      where.or(where.lt('organisationId', where.field('organisationId')), where.never()),
    );
    expect(renameFilterFields(filter, { organisationId: 'id' })).toEqual(
      where.and(where.in('id', ['org_1']), where.not(where.eq('status', 'suspended')), where.or(where.lt('id', where.field('id')), where.never())),
    );
    const record = { id: 'org_1', organisationId: 'org_2', status: 'active' };
    expect(matchesFilter(renameFilterFields(where.eq('organisationId', 'org_1'), { organisationId: 'id' }), record)).toBe(true);
  });
});
