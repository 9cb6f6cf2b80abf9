import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter, where, type Filter, type FilterValue } from '../domain/filter';
import { isPolityError } from '../errors';
import { ePresence } from '../profiles/e-presence';
import { at, who } from '../profiles/rule-cases.testkit';
import { filterToSql } from './filter-to-sql';
import { createPolicy } from './policy';

const columns = { organisationId: 'organisation_id', unitId: 'm.unit_id', organiserId: '"organiserId"', level: 'level', at: 'at' };

/**
 * A tiny evaluator of the SQL that filterToSql emits, with SQL's three-valued logic (NULL is unknown), so
 * the text itself, not just its shape, is checked against matchesFilter.
 */
function evaluateSql(
  text: string,
  params: readonly FilterValue[],
  row: Readonly<Record<string, unknown>>,
  firstParam = 1,
  columnMap: Readonly<Record<string, string>> = columns,
): boolean {
  const byColumn = new Map(Object.entries(columnMap).map(([field, column]) => [column, field]));
  const tokens = text.match(/"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$.]*|\$\d+|<=|>=|[()=<>,]/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++]!;
  const take = (token: string) => {
    if (next() !== token) throw new Error(`expected ${token} at ${pos - 1} in ${text}`);
  };
  type Truth = boolean | null;
  const scalar = (v: unknown): string | number | boolean | null => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v.getTime();
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  };
  const operand = (): string | number | boolean | null => {
    const token = next();
    if (token.startsWith('$')) return scalar(params[Number(token.slice(1)) - firstParam]);
    const field = byColumn.get(token);
    if (field === undefined) throw new Error(`unknown column ${token}`);
    return scalar(row[field]);
  };
  const primary = (): Truth => {
    const token = peek();
    if (token === 'TRUE' || token === 'FALSE') {
      next();
      return token === 'TRUE';
    }
    if (token === 'NOT') {
      next();
      take('(');
      const inner = expression();
      take(')');
      return inner === null ? null : !inner;
    }
    if (token === '(') {
      next();
      const inner = expression();
      take(')');
      return inner;
    }
    const left = operand();
    const op = next();
    if (op === 'IS') {
      take('NULL');
      return left === null;
    }
    if (op === 'IN') {
      take('(');
      const values: (string | number | boolean | null)[] = [operand()];
      while (peek() === ',') {
        next();
        values.push(operand());
      }
      take(')');
      if (left === null) return null;
      if (values.some((v) => v === left)) return true;
      return values.some((v) => v === null) ? null : false;
    }
    const right = operand();
    if (left === null || right === null) return null;
    switch (op) {
      case '=':
        return left === right;
      case '<':
        return left < right;
      case '<=':
        return left <= right;
      case '>':
        return left > right;
      case '>=':
        return left >= right;
      default:
        throw new Error(`unknown operator ${op}`);
    }
  };
  const expression = (): Truth => {
    let value = primary();
    while (peek() === 'AND' || peek() === 'OR') {
      const op = next();
      const right = primary();
      if (op === 'AND') value = value === false || right === false ? false : value === null || right === null ? null : true;
      else value = value === true || right === true ? true : value === null || right === null ? null : false;
    }
    return value;
  };
  const result = expression();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${text}`);
  return result === true;
}

const field = fc.constantFrom(...(Object.keys(columns) as (keyof typeof columns)[]));
const value: fc.Arbitrary<FilterValue> = fc.oneof(
  fc.constantFrom<FilterValue>('o1', 'o2', 'u1', 'a', 0, 1, 2, true, false, null),
  fc.constantFrom(new Date(0), new Date(1000)),
);
const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Filter>(where.always(), where.never()),
    fc.tuple(field, fc.oneof(value, field.map((f) => where.field(f)))).map(([f, v]) => where.eq(f, v)),
    fc.tuple(field, fc.array(value, { maxLength: 3 })).map(([f, vs]) => where.in(f, vs)),
    fc.tuple(field, fc.constantFrom('lt', 'lte', 'gt', 'gte' as const), fc.oneof(value, field.map((f) => where.field(f)))).map(
      ([f, op, v]): Filter => ({ kind: 'cmp', field: f, op, value: v }),
    ),
    fc.array(tie('f'), { maxLength: 3 }).map((fs) => where.and(...fs)),
    fc.array(tie('f'), { maxLength: 3 }).map((fs) => where.or(...fs)),
    tie('f').map((f) => where.not(f)),
  ),
})).f;
const rowArb = fc.record({
  organisationId: fc.constantFrom<unknown>('o1', 'o2', null),
  unitId: fc.constantFrom<unknown>('u1', null, undefined),
  organiserId: fc.constantFrom<unknown>('a', 'b', null, 1),
  level: fc.constantFrom<unknown>(0, 1, 2, null, 'a'),
  at: fc.constantFrom<unknown>(new Date(0), new Date(1000), null, 0),
});

describe('filterToSql', () => {
  it('compiles constants, IS NULL, IN and combinators, with every value as a parameter', () => {
    expect(filterToSql(where.always(), { columns })).toEqual({ text: 'TRUE', params: [] });
    expect(filterToSql(where.never(), { columns })).toEqual({ text: 'FALSE', params: [] });
    expect(filterToSql(where.isNull('unitId'), { columns })).toEqual({ text: 'm.unit_id IS NULL', params: [] });
    expect(filterToSql(where.in('organisationId', []), { columns })).toEqual({ text: 'FALSE', params: [] });
    expect(filterToSql(where.and(), { columns }).text).toBe('TRUE');
    expect(filterToSql(where.or(), { columns }).text).toBe('FALSE');
    const plan = where.and(where.eq('organisationId', 'o1'), where.or(where.not(where.isNull('unitId')), where.eq('organiserId', 'u_1')));
    expect(filterToSql(plan, { columns, firstParam: 3 })).toEqual({
      text: '(organisation_id = $3 AND (NOT (m.unit_id IS NULL) OR "organiserId" = $4))',
      params: ['o1', 'u_1'],
    });
    expect(filterToSql(where.in('level', [1, 2, true]), { columns })).toEqual({ text: 'level IN ($1, $2, $3)', params: [1, 2, true] });
    expect(filterToSql(where.lt('level', where.field('at')), { columns })).toEqual({ text: 'level < at', params: [] });
  });

  it('never puts a value in the text, however hostile', () => {
    const { text, params } = filterToSql(where.eq('organiserId', "x'); DROP TABLE users; --"), { columns });
    expect(text).toBe('"organiserId" = $1');
    expect(params).toEqual(["x'); DROP TABLE users; --"]);
  });

  it('refuses a field outside the whitelist, an unsafe column name, or a bad first parameter', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return isPolityError(error, 'invalid_input') ? error.details?.issues[0]?.code : 'other';
      }
      return 'none';
    };
    expect(code(() => filterToSql(where.eq('password', 'x'), { columns }))).toBe('unknown_field');
    expect(code(() => filterToSql(where.in('password', []), { columns }))).toBe('unknown_field');
    expect(code(() => filterToSql(where.eq('organisationId', where.field('toString')), { columns }))).toBe('unknown_field');
    expect(code(() => filterToSql(where.eq('x', 1), { columns: { x: 'a; DROP TABLE t' } }))).toBe('unsafe_column');
    expect(code(() => filterToSql(where.eq('x', 1), { columns: { x: '"a"" OR 1=1' } }))).toBe('unsafe_column');
    expect(code(() => filterToSql(where.always(), { columns, firstParam: 0 }))).toBe('invalid_param_number');
  });

  it('selects exactly the rows matchesFilter accepts, NULLs included (three-valued logic)', () => {
    fc.assert(
      fc.property(filterArb, fc.array(rowArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 5 }), (filter, rows, firstParam) => {
        const { text, params } = filterToSql(filter, { columns, firstParam });
        for (const row of rows) expect(evaluateSql(text, params, row, firstParam)).toBe(matchesFilter(filter, row));
      }),
      { numRuns: 1500 },
    );
  });

  it('turns a query plan into SQL that selects exactly the meetings check allows', () => {
    const policy = createPolicy(ePresence);
    const meetingColumns = { organisationId: 'organisation_id', unitId: 'unit_id', organiserId: 'organiser_id', id: 'id' };
    const principalArb = fc
      .tuple(
        fc.constantFrom('a', 'b'),
        fc.constantFrom(
          at.platform('platform_admin'),
          at.organisation('organisation_coordinator', 'o1'),
          at.unit('unit_coordinator', 'o1', 'u1'),
          at.unit('unit_coordinator', 'o2', 'u1', 'suspended'),
          at.organisation('user', 'o2'),
        ),
        fc.subarray(['m1', 'm2']),
      )
      .map(([id, assignment, invited]) => who(id, [assignment], { invitedMeetingIds: invited }));
    const meetingArb = fc.record({
      kind: fc.constant('meeting'),
      id: fc.constantFrom('m1', 'm2', 'm3'),
      organisationId: fc.constantFrom('o1', 'o2'),
      unitId: fc.constantFrom('u1', 'u2', null),
      organiserId: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(principalArb, fc.constantFrom('meeting.manage', 'meeting.join', 'meeting.create'), fc.array(meetingArb, { maxLength: 10 }), (principal, action, meetings) => {
        const { text, params } = filterToSql(policy.plan(principal, action, 'meeting'), { columns: meetingColumns });
        for (const meeting of meetings) expect(evaluateSql(text, params, meeting, 1, meetingColumns)).toBe(policy.check(principal, action, meeting));
      }),
      { numRuns: 500 },
    );
  });
});
