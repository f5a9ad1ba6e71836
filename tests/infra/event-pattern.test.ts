import { describe, expect, it } from 'vitest';
import {
  type EventPattern,
  InvalidEventPatternError,
  matchesEventPattern,
  validateEventPattern,
} from '../../infra/local/event-pattern.js';

const caseRouted = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  source: 'petition.cases',
  'detail-type': 'CaseRouted',
  time: '2025-03-14T02:00:00Z',
  region: 'cn-north-1',
  resources: ['arn:aws-cn:petition:cn-north-1:000000000000:case/PC-2025-000123'],
  detail: {
    caseId: 'PC-2025-000123',
    stage: 'awaiting_sign_for',
    category: 'housing',
    regionCode: '330106',
    priority: 3,
    score: 300.0,
    urgent: false,
    assignee: null,
    note: 'priority*high',
    sourceIp: '10.0.0.33',
    clientIpV6: '2001:db8::1',
    tags: ['repeat-visit', 'elderly'],
    attachments: [],
    deadline: { daysLeft: 2, dueAt: '2025-03-16' },
    handlers: [
      { unit: 'housing-bureau', role: 'lead' },
      { unit: 'street-office', role: 'assist' },
    ],
  },
};

interface MatchCase {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly expected: boolean;
  readonly event?: unknown;
}

const detail = (fields: EventPattern): EventPattern => ({ detail: fields });
const inDetail = (fields: Record<string, unknown>): unknown => ({ detail: fields });

const cases: Record<string, readonly MatchCase[]> = {
  'exact values': [
    { name: 'equal string', pattern: { source: ['petition.cases'] }, expected: true },
    { name: 'different string', pattern: { source: ['petition.intake'] }, expected: false },
    {
      name: 'any of several values',
      pattern: detail({ stage: ['closed', 'awaiting_sign_for'] }),
      expected: true,
    },
    { name: 'equal number', pattern: detail({ priority: [3] }), expected: true },
    { name: 'numeric equality 300 vs 3.0e2', pattern: detail({ score: [3.0e2] }), expected: true },
    { name: 'string pattern vs number value', pattern: detail({ priority: ['3'] }), expected: false },
    { name: 'number pattern vs string value', pattern: detail({ regionCode: [330106] }), expected: false },
    { name: 'equal boolean', pattern: detail({ urgent: [false] }), expected: true },
    { name: 'string "false" vs boolean', pattern: detail({ urgent: ['false'] }), expected: false },
    { name: 'null value', pattern: detail({ assignee: [null] }), expected: true },
    { name: 'empty string vs null', pattern: detail({ assignee: [''] }), expected: false },
    { name: 'absent field', pattern: detail({ closedAt: ['2025-03-15'] }), expected: false },
  ],
  prefix: [
    { name: 'matching prefix', pattern: detail({ regionCode: [{ prefix: '3301' }] }), expected: true },
    { name: 'other prefix', pattern: detail({ regionCode: [{ prefix: '3302' }] }), expected: false },
    { name: 'number value', pattern: detail({ priority: [{ prefix: '3' }] }), expected: false },
    {
      name: 'ignore-case prefix',
      pattern: detail({ stage: [{ prefix: { 'equals-ignore-case': 'AWAITING_' } }] }),
      expected: true,
    },
    { name: 'case-sensitive prefix', pattern: detail({ stage: [{ prefix: 'AWAITING_' }] }), expected: false },
  ],
  suffix: [
    { name: 'matching suffix', pattern: detail({ caseId: [{ suffix: '000123' }] }), expected: true },
    { name: 'other suffix', pattern: detail({ caseId: [{ suffix: '000124' }] }), expected: false },
    {
      name: 'ignore-case suffix',
      pattern: { 'detail-type': [{ suffix: { 'equals-ignore-case': 'ROUTED' } }] },
      expected: true,
    },
    { name: 'case-sensitive suffix', pattern: { 'detail-type': [{ suffix: 'routed' }] }, expected: false },
    { name: 'absent field', pattern: detail({ closedAt: [{ suffix: '15' }] }), expected: false },
  ],
  'equals-ignore-case': [
    {
      name: 'other casing',
      pattern: { 'detail-type': [{ 'equals-ignore-case': 'caserouted' }] },
      expected: true,
    },
    {
      name: 'other value',
      pattern: { 'detail-type': [{ 'equals-ignore-case': 'CaseClosed' }] },
      expected: false,
    },
    { name: 'number value', pattern: detail({ priority: [{ 'equals-ignore-case': '3' }] }), expected: false },
  ],
  'anything-but': [
    {
      name: 'value not excluded',
      pattern: detail({ stage: [{ 'anything-but': 'closed' }] }),
      expected: true,
    },
    {
      name: 'value excluded',
      pattern: detail({ stage: [{ 'anything-but': 'awaiting_sign_for' }] }),
      expected: false,
    },
    {
      name: 'value in excluded list',
      pattern: detail({ stage: [{ 'anything-but': ['closed', 'awaiting_sign_for'] }] }),
      expected: false,
    },
    {
      name: 'number not excluded',
      pattern: detail({ priority: [{ 'anything-but': [1, 2] }] }),
      expected: true,
    },
    { name: 'number excluded', pattern: detail({ priority: [{ 'anything-but': [3, 4] }] }), expected: false },
    { name: 'absent field', pattern: detail({ closedAt: [{ 'anything-but': 'x' }] }), expected: false },
    {
      name: 'excluded prefix',
      pattern: detail({ stage: [{ 'anything-but': { prefix: 'awaiting' } }] }),
      expected: false,
    },
    {
      name: 'other prefix',
      pattern: detail({ stage: [{ 'anything-but': { prefix: 'closed' } }] }),
      expected: true,
    },
    {
      name: 'excluded suffix',
      pattern: detail({ stage: [{ 'anything-but': { suffix: '_for' } }] }),
      expected: false,
    },
    {
      name: 'excluded value ignoring case',
      pattern: detail({ stage: [{ 'anything-but': { 'equals-ignore-case': 'AWAITING_SIGN_FOR' } }] }),
      expected: false,
    },
    {
      name: 'value outside ignore-case list',
      pattern: detail({ stage: [{ 'anything-but': { 'equals-ignore-case': ['CLOSED', 'REJECTED'] } }] }),
      expected: true,
    },
    {
      name: 'excluded wildcard',
      pattern: detail({ stage: [{ 'anything-but': { wildcard: '*sign*' } }] }),
      expected: false,
    },
    {
      name: 'other wildcard',
      pattern: detail({ stage: [{ 'anything-but': { wildcard: '*verify*' } }] }),
      expected: true,
    },
    {
      name: 'string-only form on a number',
      pattern: detail({ priority: [{ 'anything-but': { prefix: 'x' } }] }),
      expected: false,
    },
    {
      name: 'array with a non-excluded element',
      pattern: detail({ tags: [{ 'anything-but': 'repeat-visit' }] }),
      expected: true,
    },
  ],
  numeric: [
    {
      name: 'inside a range',
      pattern: detail({ deadline: { daysLeft: [{ numeric: ['>', 0, '<=', 5] }] } }),
      expected: true,
    },
    {
      name: 'strictly greater',
      pattern: detail({ deadline: { daysLeft: [{ numeric: ['>', 2] }] } }),
      expected: false,
    },
    {
      name: 'greater or equal',
      pattern: detail({ deadline: { daysLeft: [{ numeric: ['>=', 2] }] } }),
      expected: true,
    },
    { name: 'equal', pattern: detail({ deadline: { daysLeft: [{ numeric: ['=', 2] }] } }), expected: true },
    {
      name: 'strictly less',
      pattern: detail({ deadline: { daysLeft: [{ numeric: ['<', 2] }] } }),
      expected: false,
    },
    {
      name: 'range excluding the value',
      pattern: detail({ priority: [{ numeric: ['>=', 4, '<', 9] }] }),
      expected: false,
    },
    { name: 'string value', pattern: detail({ regionCode: [{ numeric: ['>', 0] }] }), expected: false },
    { name: 'absent field', pattern: detail({ closedDays: [{ numeric: ['>', 0] }] }), expected: false },
  ],
  exists: [
    { name: 'present null leaf', pattern: detail({ assignee: [{ exists: true }] }), expected: true },
    { name: 'present string leaf', pattern: detail({ stage: [{ exists: true }] }), expected: true },
    {
      name: 'present leaf with exists false',
      pattern: detail({ stage: [{ exists: false }] }),
      expected: false,
    },
    { name: 'absent field', pattern: detail({ closedAt: [{ exists: false }] }), expected: true },
    {
      name: 'absent field with exists true',
      pattern: detail({ closedAt: [{ exists: true }] }),
      expected: false,
    },
    {
      name: 'object (not a leaf) with exists true',
      pattern: detail({ deadline: [{ exists: true }] }),
      expected: false,
    },
    {
      name: 'object (not a leaf) with exists false',
      pattern: detail({ deadline: [{ exists: false }] }),
      expected: true,
    },
    {
      name: 'empty array with exists true',
      pattern: detail({ attachments: [{ exists: true }] }),
      expected: false,
    },
    {
      name: 'field under an absent parent',
      pattern: detail({ escalation: { level: [{ exists: false }] } }),
      expected: true,
    },
  ],
  wildcard: [
    { name: 'matching wildcard', pattern: detail({ caseId: [{ wildcard: 'PC-2025-*' }] }), expected: true },
    {
      name: 'non-matching wildcard',
      pattern: detail({ caseId: [{ wildcard: '*-2024-*' }] }),
      expected: false,
    },
    { name: 'inner wildcard', pattern: { 'detail-type': [{ wildcard: 'Case*ed' }] }, expected: true },
    {
      name: 'escaped asterisk',
      pattern: detail({ note: [{ wildcard: 'priority\\*high' }] }),
      expected: true,
    },
    {
      name: 'escaped asterisk is literal',
      pattern: detail({ note: [{ wildcard: 'priority\\*' }] }),
      expected: false,
    },
    { name: 'number value', pattern: detail({ priority: [{ wildcard: '*' }] }), expected: false },
  ],
  cidr: [
    { name: 'address in /24', pattern: detail({ sourceIp: [{ cidr: '10.0.0.0/24' }] }), expected: true },
    {
      name: 'address outside /24',
      pattern: detail({ sourceIp: [{ cidr: '10.0.1.0/24' }] }),
      expected: false,
    },
    { name: 'address in /8', pattern: detail({ sourceIp: [{ cidr: '10.0.0.0/8' }] }), expected: true },
    { name: 'non-address value', pattern: detail({ stage: [{ cidr: '0.0.0.0/0' }] }), expected: false },
    {
      name: 'IPv6 address in block',
      pattern: detail({ clientIpV6: [{ cidr: '2001:db8::/32' }] }),
      expected: true,
    },
    {
      name: 'IPv4 block vs IPv6 address',
      pattern: detail({ clientIpV6: [{ cidr: '0.0.0.0/0' }] }),
      expected: false,
    },
  ],
  'nested fields': [
    { name: 'nested value', pattern: detail({ deadline: { daysLeft: [2] } }), expected: true },
    { name: 'nested other value', pattern: detail({ deadline: { daysLeft: [3] } }), expected: false },
    {
      name: 'all listed fields (AND)',
      pattern: {
        source: ['petition.cases'],
        detail: { stage: ['awaiting_sign_for'], category: ['housing'] },
      },
      expected: true,
    },
    {
      name: 'one listed field failing',
      pattern: { source: ['petition.cases'], detail: { stage: ['awaiting_sign_for'], category: ['labour'] } },
      expected: false,
    },
    { name: 'object pattern over a scalar', pattern: detail({ stage: { code: ['x'] } }), expected: false },
  ],
  'arrays in events': [
    { name: 'one element equal', pattern: detail({ tags: ['elderly'] }), expected: true },
    { name: 'no element equal', pattern: detail({ tags: ['youth', 'veteran'] }), expected: false },
    {
      name: 'prefix on an array',
      pattern: { resources: [{ prefix: 'arn:aws-cn:petition:' }] },
      expected: true,
    },
    {
      name: 'field of an array element',
      pattern: detail({ handlers: { unit: ['street-office'] } }),
      expected: true,
    },
    {
      name: 'fields of the same element',
      pattern: detail({ handlers: { unit: ['housing-bureau'], role: ['lead'] } }),
      expected: true,
    },
    {
      name: 'fields of different elements',
      pattern: detail({ handlers: { unit: ['street-office'], role: ['lead'] } }),
      expected: false,
    },
  ],
  $or: [
    {
      name: 'second alternative',
      pattern: detail({ $or: [{ stage: ['closed'] }, { category: ['housing'] }] }),
      expected: true,
    },
    {
      name: 'no alternative',
      pattern: detail({ $or: [{ stage: ['closed'] }, { category: ['labour'] }] }),
      expected: false,
    },
    {
      name: 'alternative with an AND inside',
      pattern: {
        source: ['petition.cases'],
        $or: [
          { 'detail-type': ['CaseClosed'] },
          { 'detail-type': ['CaseRouted'], detail: { deadline: { daysLeft: [{ numeric: ['<=', 3] }] } } },
        ],
      },
      expected: true,
    },
    {
      name: 'alternative failing the outer AND',
      pattern: {
        source: ['petition.intake'],
        $or: [{ 'detail-type': ['CaseRouted'] }, { region: ['cn-north-1'] }],
      },
      expected: false,
    },
    {
      name: 'nested $or',
      pattern: detail({
        $or: [
          { stage: ['closed'] },
          { $or: [{ category: ['labour'] }, { regionCode: [{ prefix: '3301' }] }] },
        ],
      }),
      expected: true,
    },
  ],
  'combined operators on one field': [
    {
      name: 'prefix or exact value',
      pattern: detail({ stage: [{ prefix: 'closed' }, 'awaiting_sign_for'] }),
      expected: true,
    },
    {
      name: 'neither numeric nor anything-but',
      pattern: detail({ priority: [{ numeric: ['>', 5] }, { 'anything-but': [3] }] }),
      expected: false,
    },
    {
      name: 'prefix or suffix',
      pattern: detail({ regionCode: [{ prefix: '3302' }, { suffix: '106' }] }),
      expected: true,
    },
    {
      name: 'numeric or exact number',
      pattern: detail({ priority: [{ numeric: ['<', 2] }, 3] }),
      expected: true,
    },
    {
      name: 'exists false or a value',
      pattern: detail({ assignee: [{ exists: false }, 'officer-7'] }),
      expected: false,
    },
  ],
};

describe('matchesEventPattern', () => {
  describe.each(Object.entries(cases))('%s', (_operator, rows) => {
    it.each(rows)('returns $expected for $name', ({ pattern, expected, event }) => {
      expect(matchesEventPattern(validateEventPattern(pattern), event ?? caseRouted)).toBe(expected);
    });
  });

  it('treats a non-object event as empty', () => {
    // Prepare
    const pattern = validateEventPattern({ source: [{ exists: false }] });

    // Act
    const result = [matchesEventPattern(pattern, 'not an event'), matchesEventPattern(pattern, null)];

    // Assess
    expect(result).toEqual([true, true]);
  });

  it('ignores inherited properties of the event', () => {
    // Prepare
    const pattern = validateEventPattern({ toString: [{ exists: true }] });

    // Act
    const result = matchesEventPattern(pattern, {});

    // Assess
    expect(result).toBe(false);
  });
});

describe('validateEventPattern', () => {
  it('returns the pattern parsed from JSON text', () => {
    // Prepare
    const text = '{"source":["petition.cases"],"detail":{"stage":[{"anything-but":"closed"}]}}';

    // Act
    const pattern = validateEventPattern(text);

    // Assess
    expect(pattern).toEqual({
      source: ['petition.cases'],
      detail: { stage: [{ 'anything-but': 'closed' }] },
    });
    expect(matchesEventPattern(pattern, caseRouted)).toBe(true);
  });

  it.each([
    { name: 'a non-object root', pattern: ['petition.cases'], path: '(root)', reason: 'expected an object' },
    { name: 'malformed JSON text', pattern: '{"source":', path: '(root)', reason: 'not valid JSON' },
    { name: 'an empty root', pattern: {}, path: '(root)', reason: 'empty objects' },
    {
      name: 'a bare scalar leaf',
      pattern: { source: 'petition.cases' },
      path: 'source',
      reason: 'array or an object',
    },
    { name: 'an empty leaf array', pattern: { source: [] }, path: 'source', reason: 'empty arrays' },
    { name: 'an empty nested object', pattern: { detail: {} }, path: 'detail', reason: 'empty objects' },
    {
      name: 'a nested array',
      pattern: inDetail({ tags: [['elderly']] }),
      path: 'detail.tags[0]',
      reason: 'expected a value',
    },
    {
      name: 'an unknown operator',
      pattern: inDetail({ stage: [{ prefx: 'a' }] }),
      path: 'detail.stage[0]',
      reason: 'unknown operator',
    },
    {
      name: 'two operators in one object',
      pattern: inDetail({ stage: [{ prefix: 'a', suffix: 'b' }] }),
      path: 'detail.stage[0]',
      reason: 'exactly one operator',
    },
    {
      name: 'a non-string prefix',
      pattern: inDetail({ stage: [{ prefix: 3 }] }),
      path: 'detail.stage[0].prefix',
      reason: 'must be a string',
    },
    {
      name: 'prefix with another inner operator',
      pattern: inDetail({ stage: [{ prefix: { wildcard: 'a*' } }] }),
      path: 'detail.stage[0].prefix',
      reason: 'equals-ignore-case',
    },
    {
      name: 'an unknown numeric operator',
      pattern: inDetail({ priority: [{ numeric: ['>>', 1] }] }),
      path: 'detail.priority[0].numeric[0]',
      reason: 'unknown numeric operator',
    },
    {
      name: 'a string numeric operand',
      pattern: inDetail({ priority: [{ numeric: ['>', '5'] }] }),
      path: 'detail.priority[0].numeric[1]',
      reason: 'finite number',
    },
    {
      name: 'an upper bound first',
      pattern: inDetail({ priority: [{ numeric: ['<', 5, '>', 1] }] }),
      path: 'detail.priority[0].numeric[0]',
      reason: 'start with > or >=',
    },
    {
      name: 'an inverted range',
      pattern: inDetail({ priority: [{ numeric: ['>', 5, '<', 1] }] }),
      path: 'detail.priority[0].numeric',
      reason: 'lower bound',
    },
    {
      name: 'three numeric items',
      pattern: inDetail({ priority: [{ numeric: ['>', 5, '<'] }] }),
      path: 'detail.priority[0].numeric',
      reason: 'one or two',
    },
    {
      name: 'a non-boolean exists',
      pattern: inDetail({ stage: [{ exists: 'yes' }] }),
      path: 'detail.stage[0].exists',
      reason: 'true or false',
    },
    {
      name: 'a mixed anything-but list',
      pattern: inDetail({ stage: [{ 'anything-but': ['a', 1] }] }),
      path: 'detail.stage[0].anything-but',
      reason: 'only strings or only numbers',
    },
    {
      name: 'an empty anything-but list',
      pattern: inDetail({ stage: [{ 'anything-but': [] }] }),
      path: 'detail.stage[0].anything-but',
      reason: 'must not be empty',
    },
    {
      name: 'anything-but numeric',
      pattern: inDetail({ priority: [{ 'anything-but': { numeric: ['>', 1] } }] }),
      path: 'detail.priority[0].anything-but',
      reason: 'unsupported anything-but operator',
    },
    {
      name: 'anything-but boolean',
      pattern: inDetail({ urgent: [{ 'anything-but': true }] }),
      path: 'detail.urgent[0].anything-but',
      reason: 'unsupported anything-but operand',
    },
    {
      name: 'consecutive wildcards',
      pattern: inDetail({ caseId: [{ wildcard: 'PC-**' }] }),
      path: 'detail.caseId[0].wildcard',
      reason: 'consecutive',
    },
    {
      name: 'a bad wildcard escape',
      pattern: inDetail({ caseId: [{ wildcard: 'PC\\-2025' }] }),
      path: 'detail.caseId[0].wildcard',
      reason: 'backslash',
    },
    {
      name: 'an out-of-range octet',
      pattern: inDetail({ sourceIp: [{ cidr: '10.0.0.300/24' }] }),
      path: 'detail.sourceIp[0].cidr',
      reason: 'CIDR',
    },
    {
      name: 'a too-long prefix length',
      pattern: inDetail({ sourceIp: [{ cidr: '10.0.0.0/33' }] }),
      path: 'detail.sourceIp[0].cidr',
      reason: 'CIDR',
    },
    {
      name: 'a single $or alternative',
      pattern: { $or: [{ source: ['a'] }] },
      path: '$or',
      reason: 'at least two',
    },
    { name: 'a non-array $or', pattern: { $or: { source: ['a'] } }, path: '$or', reason: 'array of objects' },
    {
      name: 'a scalar $or alternative',
      pattern: inDetail({ $or: [{ stage: ['a'] }, 'b'] }),
      path: 'detail.$or[1]',
      reason: 'expected an object',
    },
  ])('rejects $name at $path', ({ pattern, path, reason }) => {
    let caught: unknown;
    try {
      validateEventPattern(pattern);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEventPatternError);
    expect((caught as InvalidEventPatternError).path).toBe(path);
    expect((caught as Error).message).toContain(path);
    expect((caught as Error).message).toContain(reason);
  });
});
