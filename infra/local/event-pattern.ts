/**
 * EventBridge event-pattern matching for the local runtime.
 *
 * Semantics follow the documented EventBridge / event-ruler behaviour:
 * - every leaf of a pattern is a non-empty array; a leaf matches when ANY element matches any of
 *   the event's leaf values at that path (an event array contributes each of its scalar elements);
 * - nested pattern objects match nested event objects; all listed fields must match (AND) and
 *   fields the pattern does not mention are ignored; when the event holds an array of objects, the
 *   nested pattern must match within ONE element (event-ruler's "array-consistent" matching);
 * - exact matching is type-aware: a string never equals a number, `null` never equals `""`;
 * - `exists` works on leaf nodes only: `null` is a present leaf, while an object, an empty array or
 *   an absent key counts as "not present", so `{ exists: false }` matches them;
 * - every other operator needs a present leaf value, so `anything-but` and `numeric` never match an
 *   absent field.
 *
 * Choices where the documentation is silent (kept deliberately simple and strict):
 * - plain `anything-but` values (`'x'`, `[1, 2]`) match any present leaf value, of any type, that is
 *   not exactly equal to one of them; the string forms (`prefix`, `suffix`, `equals-ignore-case`,
 *   `wildcard`) inside `anything-but` only ever match string values;
 * - `numeric` ranges must be written lower bound first: `['>', 0, '<=', 5]`;
 * - `$or` must hold at least two alternative objects (event-ruler's condition for treating it as OR);
 * - `cidr` accepts IPv4 and IPv6 blocks written as `address/length`.
 */

/** A scalar compared by exact (type-aware) equality. */
type PatternScalar = string | number | boolean | null;

/** `{ 'equals-ignore-case': 'x' }`, also usable inside `prefix` and `suffix`. */
interface EqualsIgnoreCase {
  readonly 'equals-ignore-case': string;
}

/** Operand of `anything-but`. */
type AnythingButOperand =
  | string
  | number
  | readonly string[]
  | readonly number[]
  | { readonly prefix: string }
  | { readonly suffix: string }
  | { readonly 'equals-ignore-case': string | readonly string[] }
  | { readonly wildcard: string | readonly string[] };

/** One content filter object inside a leaf array. */
type ContentFilter =
  | { readonly prefix: string | EqualsIgnoreCase }
  | { readonly suffix: string | EqualsIgnoreCase }
  | EqualsIgnoreCase
  | { readonly 'anything-but': AnythingButOperand }
  | { readonly numeric: readonly (string | number)[] }
  | { readonly exists: boolean }
  | { readonly wildcard: string }
  | { readonly cidr: string };

/** A leaf of a pattern: the field matches if any element matches. */
type PatternLeaf = readonly (PatternScalar | ContentFilter)[];

/** An EventBridge event pattern (validated with {@link validateEventPattern}). */
export interface EventPattern {
  readonly [field: string]: PatternLeaf | EventPattern | readonly EventPattern[];
}

/** Raised by {@link validateEventPattern}; `path` names the offending location (`detail.stage[1]`). */
export class InvalidEventPatternError extends Error {
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`Invalid event pattern at ${path}: ${reason}`);
    this.name = 'InvalidEventPatternError';
    this.path = path;
  }
}

const OR_KEY = '$or';
const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownValue(object: PlainObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const json = JSON.stringify(value);
  return json === undefined ? typeof value : json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/**
 * Checks that `pattern` (an object, or its JSON text) is a well-formed EventBridge event pattern
 * and returns it typed. Throws {@link InvalidEventPatternError} naming the first bad path.
 */
export function validateEventPattern(pattern: unknown): EventPattern {
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern) as unknown;
    } catch (error) {
      throw new InvalidEventPatternError('(root)', `not valid JSON (${(error as Error).message})`);
    }
  }
  validateObject(parsed, '(root)');
  return parsed as EventPattern;
}

function childPath(parent: string, key: string): string {
  return parent === '(root)' ? key : `${parent}.${key}`;
}

function validateObject(value: unknown, path: string): void {
  if (!isPlainObject(value))
    throw new InvalidEventPatternError(path, `expected an object, got ${describe(value)}`);
  const keys = Object.keys(value);
  if (keys.length === 0) throw new InvalidEventPatternError(path, 'empty objects are not allowed');
  for (const key of keys) {
    const child = value[key];
    const here = childPath(path, key);
    if (key === OR_KEY) validateOr(child, here);
    else if (Array.isArray(child)) validateLeaf(child, here);
    else if (isPlainObject(child)) validateObject(child, here);
    else throw new InvalidEventPatternError(here, `expected an array or an object, got ${describe(child)}`);
  }
}

function validateOr(value: unknown, path: string): void {
  if (!Array.isArray(value)) throw new InvalidEventPatternError(path, '$or must be an array of objects');
  if (value.length < 2) throw new InvalidEventPatternError(path, '$or needs at least two alternatives');
  value.forEach((alternative, index) => {
    validateObject(alternative, `${path}[${index}]`);
  });
}

function validateLeaf(values: readonly unknown[], path: string): void {
  if (values.length === 0) throw new InvalidEventPatternError(path, 'empty arrays are not allowed');
  values.forEach((element, index) => {
    const here = `${path}[${index}]`;
    if (element === null || ['string', 'number', 'boolean'].includes(typeof element)) {
      if (typeof element === 'number' && !Number.isFinite(element)) {
        throw new InvalidEventPatternError(here, 'numbers must be finite');
      }
      return;
    }
    if (!isPlainObject(element)) {
      throw new InvalidEventPatternError(
        here,
        `expected a value or a filter object, got ${describe(element)}`,
      );
    }
    validateFilter(element, here);
  });
}

function singleEntry(filter: PlainObject, path: string): [string, unknown] {
  const entries = Object.entries(filter);
  const [first] = entries;
  if (!first || entries.length !== 1) {
    throw new InvalidEventPatternError(
      path,
      `a filter object must have exactly one operator, got ${describe(filter)}`,
    );
  }
  return first;
}

function requireString(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string') throw new InvalidEventPatternError(path, `${what} must be a string`);
  return value;
}

function validateFilter(filter: PlainObject, path: string): void {
  const [operator, operand] = singleEntry(filter, path);
  const here = `${path}.${operator}`;
  switch (operator) {
    case 'prefix':
    case 'suffix':
      if (isPlainObject(operand)) {
        const [inner, value] = singleEntry(operand, here);
        if (inner !== 'equals-ignore-case') {
          throw new InvalidEventPatternError(here, `${operator} only combines with equals-ignore-case`);
        }
        requireString(value, `${here}.${inner}`, 'equals-ignore-case');
      } else {
        requireString(operand, here, operator);
      }
      return;
    case 'equals-ignore-case':
      requireString(operand, here, operator);
      return;
    case 'wildcard':
      validateWildcard(requireString(operand, here, operator), here);
      return;
    case 'anything-but':
      validateAnythingBut(operand, here);
      return;
    case 'numeric':
      validateNumeric(operand, here);
      return;
    case 'exists':
      if (typeof operand !== 'boolean')
        throw new InvalidEventPatternError(here, 'exists must be true or false');
      return;
    case 'cidr':
      if (parseCidr(requireString(operand, here, operator)) === undefined) {
        throw new InvalidEventPatternError(here, `not a valid CIDR block: ${describe(operand)}`);
      }
      return;
    default:
      throw new InvalidEventPatternError(path, `unknown operator ${describe(operator)}`);
  }
}

function validateStringOrStrings(
  value: unknown,
  path: string,
  what: string,
  check?: (s: string) => void,
): void {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new InvalidEventPatternError(path, `${what} list must not be empty`);
  list.forEach((item, index) => {
    const here = Array.isArray(value) ? `${path}[${index}]` : path;
    check?.(requireString(item, here, what));
  });
}

function validateAnythingBut(operand: unknown, path: string): void {
  if (typeof operand === 'string') return;
  if (typeof operand === 'number') {
    if (!Number.isFinite(operand)) throw new InvalidEventPatternError(path, 'numbers must be finite');
    return;
  }
  if (Array.isArray(operand)) {
    if (operand.length === 0) throw new InvalidEventPatternError(path, 'anything-but list must not be empty');
    const allStrings = operand.every((item) => typeof item === 'string');
    const allNumbers = operand.every((item) => typeof item === 'number' && Number.isFinite(item));
    if (!allStrings && !allNumbers) {
      throw new InvalidEventPatternError(path, 'anything-but list must hold only strings or only numbers');
    }
    return;
  }
  if (isPlainObject(operand)) {
    const [inner, value] = singleEntry(operand, path);
    const here = `${path}.${inner}`;
    switch (inner) {
      case 'prefix':
      case 'suffix':
        requireString(value, here, inner);
        return;
      case 'equals-ignore-case':
        validateStringOrStrings(value, here, inner);
        return;
      case 'wildcard':
        validateStringOrStrings(value, here, inner, (s) => validateWildcard(s, here));
        return;
      default:
        throw new InvalidEventPatternError(path, `unsupported anything-but operator ${describe(inner)}`);
    }
  }
  throw new InvalidEventPatternError(path, `unsupported anything-but operand ${describe(operand)}`);
}

function validateNumeric(operand: unknown, path: string): void {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw new InvalidEventPatternError(path, 'numeric takes one or two [operator, number] comparisons');
  }
  for (let i = 0; i < operand.length; i += 2) {
    const op: unknown = operand[i];
    const value: unknown = operand[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPERATORS.has(op)) {
      throw new InvalidEventPatternError(`${path}[${i}]`, `unknown numeric operator ${describe(op)}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidEventPatternError(`${path}[${i + 1}]`, `numeric operand must be a finite number`);
    }
  }
  if (operand.length === 4) {
    const [lowOp, low, highOp, high] = operand as [string, number, string, number];
    if (lowOp !== '>' && lowOp !== '>=') {
      throw new InvalidEventPatternError(`${path}[0]`, 'a numeric range must start with > or >=');
    }
    if (highOp !== '<' && highOp !== '<=') {
      throw new InvalidEventPatternError(`${path}[2]`, 'a numeric range must end with < or <=');
    }
    if (!(low < high))
      throw new InvalidEventPatternError(path, 'numeric range lower bound must be below upper');
  }
}

function validateWildcard(expression: string, path: string): void {
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i];
    if (char === '\\') {
      const next = expression[i + 1];
      if (next !== '*' && next !== '\\') {
        throw new InvalidEventPatternError(path, 'a backslash may only escape * or \\ in a wildcard');
      }
      i++;
    } else if (char === '*' && expression[i + 1] === '*') {
      throw new InvalidEventPatternError(path, 'consecutive * are not allowed in a wildcard');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/**
 * Whether `event` matches `pattern` under EventBridge semantics. The pattern is assumed valid
 * (see {@link validateEventPattern}); malformed parts simply fail to match.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return matchesObjectPattern(pattern, event);
}

const EMPTY: PlainObject = Object.freeze({});

/** Objects an object pattern may apply to: the object itself, or the objects of an (nested) array. */
function objectCandidates(value: unknown): PlainObject[] {
  if (isPlainObject(value)) return [value];
  if (Array.isArray(value)) {
    const objects = value.flatMap((item) => objectCandidates(item));
    return objects.length > 0 ? objects : [EMPTY];
  }
  return [EMPTY];
}

function matchesObjectPattern(pattern: PlainObject | EventPattern, event: unknown): boolean {
  return objectCandidates(event).some((candidate) => matchesFields(pattern as PlainObject, candidate));
}

function matchesFields(pattern: PlainObject, event: PlainObject): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === OR_KEY && Array.isArray(sub)) {
      if (!sub.some((alternative) => isPlainObject(alternative) && matchesFields(alternative, event)))
        return false;
    } else if (Array.isArray(sub)) {
      if (!matchesLeaf(sub, leafValues(ownValue(event, key)))) return false;
    } else if (isPlainObject(sub)) {
      if (!matchesObjectPattern(sub, ownValue(event, key))) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** The scalar leaf values of an event field; empty when absent, an object or an empty array. */
function leafValues(value: unknown): PatternScalar[] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [value];
  if (typeof value === 'number') return Number.isFinite(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => leafValues(item));
  return [];
}

function matchesLeaf(elements: readonly unknown[], values: PatternScalar[]): boolean {
  return elements.some((element) => {
    if (isPlainObject(element) && Object.hasOwn(element, 'exists')) {
      return element['exists'] === true ? values.length > 0 : values.length === 0;
    }
    return values.some((value) => matchesElement(element, value));
  });
}

function exactlyEquals(expected: unknown, actual: PatternScalar): boolean {
  return typeof expected === typeof actual && expected === actual;
}

function equalsIgnoreCase(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function matchesElement(element: unknown, value: PatternScalar): boolean {
  if (!isPlainObject(element)) return exactlyEquals(element, value);
  const entries = Object.entries(element);
  const [entry] = entries;
  if (!entry || entries.length !== 1) return false;
  const [operator, operand] = entry;
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && matchesAffix(operand, value, 'prefix');
    case 'suffix':
      return typeof value === 'string' && matchesAffix(operand, value, 'suffix');
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof operand === 'string' && equalsIgnoreCase(operand, value);
    case 'wildcard':
      return typeof value === 'string' && typeof operand === 'string' && wildcardRegExp(operand).test(value);
    case 'anything-but':
      return matchesAnythingBut(operand, value);
    case 'numeric':
      return typeof value === 'number' && Array.isArray(operand) && matchesNumeric(operand, value);
    case 'cidr':
      return typeof value === 'string' && typeof operand === 'string' && matchesCidr(operand, value);
    default:
      return false;
  }
}

function matchesAffix(operand: unknown, value: string, kind: 'prefix' | 'suffix'): boolean {
  let affix: unknown = operand;
  let target = value;
  if (isPlainObject(operand)) {
    affix = ownValue(operand, 'equals-ignore-case');
    if (typeof affix !== 'string') return false;
    affix = affix.toLowerCase();
    target = value.toLowerCase();
  }
  if (typeof affix !== 'string') return false;
  return kind === 'prefix' ? target.startsWith(affix) : target.endsWith(affix);
}

function asStringList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.every((item): item is string => typeof item === 'string') ? list : undefined;
}

function matchesAnythingBut(operand: unknown, value: PatternScalar): boolean {
  if (!isPlainObject(operand)) {
    const excluded: unknown[] = Array.isArray(operand) ? operand : [operand];
    return !excluded.some((item) => exactlyEquals(item, value));
  }
  if (typeof value !== 'string') return false;
  const [entry] = Object.entries(operand);
  if (!entry) return false;
  const [operator, inner] = entry;
  switch (operator) {
    case 'prefix':
      return typeof inner === 'string' && !value.startsWith(inner);
    case 'suffix':
      return typeof inner === 'string' && !value.endsWith(inner);
    case 'equals-ignore-case': {
      const list = asStringList(inner);
      return list !== undefined && !list.some((item) => equalsIgnoreCase(item, value));
    }
    case 'wildcard': {
      const list = asStringList(inner);
      return list !== undefined && !list.some((item) => wildcardRegExp(item).test(value));
    }
    default:
      return false;
  }
}

function compare(op: unknown, actual: number, bound: unknown): boolean {
  if (typeof bound !== 'number') return false;
  switch (op) {
    case '<':
      return actual < bound;
    case '<=':
      return actual <= bound;
    case '=':
      return actual === bound;
    case '>':
      return actual > bound;
    case '>=':
      return actual >= bound;
    default:
      return false;
  }
}

function matchesNumeric(operand: readonly unknown[], value: number): boolean {
  if (operand.length === 0 || operand.length % 2 !== 0) return false;
  for (let i = 0; i < operand.length; i += 2) {
    if (!compare(operand[i], value, operand[i + 1])) return false;
  }
  return true;
}

const wildcardCache = new Map<string, RegExp>();

/** Compiles an event-ruler wildcard (`*` = any run of characters, `\*` and `\\` escapes). */
function wildcardRegExp(expression: string): RegExp {
  const cached = wildcardCache.get(expression);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < expression.length; i++) {
    let char = expression[i] as string;
    if (char === '*') {
      source += '.*';
      continue;
    }
    if (char === '\\' && i + 1 < expression.length) {
      i++;
      char = expression[i] as string;
    }
    source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const compiled = new RegExp(`^${source}$`, 'su');
  if (wildcardCache.size > 1000) wildcardCache.clear();
  wildcardCache.set(expression, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// IP addresses
// ---------------------------------------------------------------------------------------------

interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

interface CidrBlock extends IpAddress {
  readonly prefixLength: number;
}

function parseIpv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return { bits: 32, value };
}

function hexGroups(text: string | undefined): number[] | undefined {
  if (text === undefined || text === '') return [];
  const groups = text.split(':');
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => Number.parseInt(group, 16));
}

function parseIpv6(text: string): IpAddress | undefined {
  let body = text;
  const embedded: number[] = [];
  if (body.includes('.')) {
    const lastColon = body.lastIndexOf(':');
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (lastColon < 0 || !v4) return undefined;
    embedded.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = hexGroups(halves[0]);
  const tail = hexGroups(halves[1]);
  if (!head || !tail) return undefined;
  let groups: number[];
  if (halves.length === 1) {
    groups = [...head, ...embedded];
    if (groups.length !== 8) return undefined;
  } else {
    const right = [...tail, ...embedded];
    const missing = 8 - head.length - right.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...right];
  }
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return { bits: 128, value };
}

function parseIp(text: string): IpAddress | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseCidr(text: string): CidrBlock | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const address = parseIp(match[1] as string);
  const prefixLength = Number(match[2]);
  if (!address || prefixLength > address.bits) return undefined;
  return { ...address, prefixLength };
}

function networkOf(value: bigint, bits: number, prefixLength: number): bigint {
  const hostBits = BigInt(bits - prefixLength);
  return (value >> hostBits) << hostBits;
}

function matchesCidr(block: string, candidate: string): boolean {
  const cidr = parseCidr(block);
  const address = parseIp(candidate.trim());
  if (!cidr || !address || address.bits !== cidr.bits) return false;
  return (
    networkOf(address.value, cidr.bits, cidr.prefixLength) ===
    networkOf(cidr.value, cidr.bits, cidr.prefixLength)
  );
}
