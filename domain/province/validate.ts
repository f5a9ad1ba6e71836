import type * as z from 'zod/mini';
import { DomainError } from '../errors.js';
import type { Category, ProvinceConfig, Region, RegionLevel, Unit } from './schema.js';
import { provinceConfigSchema } from './schema.js';

/**
 * A province configuration that cannot be deployed. One error lists every problem, so whoever
 * edits the configuration fixes them in one pass instead of one per deploy.
 */
export class ProvinceConfigError extends DomainError {
  readonly problems: readonly string[];
  constructor(provinceLabel: string, problems: readonly string[], options?: ErrorOptions) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      'PROVINCE_CONFIG_INVALID',
      `Province configuration ${provinceLabel} is invalid (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}

/**
 * Parses and cross-checks a province configuration. Returns it deeply frozen, since one config
 * object is shared by every handler of a deployment.
 * @throws ProvinceConfigError naming every offending item
 */
export function loadProvinceConfig(input: unknown): ProvinceConfig {
  const parsed = provinceConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(input, issue));
    throw new ProvinceConfigError(labelOf(input), problems, { cause: parsed.error });
  }
  const config = parsed.data;
  const problems = crossCheck(config);
  if (problems.length > 0) {
    throw new ProvinceConfigError(`'${config.province.id}'`, problems);
  }
  return deepFreeze(config);
}

function labelOf(input: unknown): string {
  const id = field(field(input, 'province'), 'id');
  return typeof id === 'string' ? `'${id}'` : '(unnamed)';
}

function field(value: unknown, key: PropertyKey): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<PropertyKey, unknown>)[key]
    : undefined;
}

/** Turns a zod issue into `units[3] (330106-zhujian).categories[0]: …`, naming list items by id. */
function describeIssue(input: unknown, issue: z.core.$ZodIssue): string {
  let cursor: unknown = input;
  let path = '';
  for (const segment of issue.path) {
    cursor = field(cursor, segment);
    if (typeof segment === 'number') {
      const name = field(cursor, 'id') ?? field(cursor, 'code');
      path += typeof name === 'string' ? `[${segment}] (${name})` : `[${segment}]`;
    } else {
      path += path === '' ? String(segment) : `.${String(segment)}`;
    }
  }
  return `${path === '' ? '(root)' : path}: ${issue.message}`;
}

const parentLevel: Record<RegionLevel, RegionLevel | undefined> = {
  province: undefined,
  city: 'province',
  county: 'city',
};

/** Digits a child's code shares with its parent's (GB/T 2260: 2 for a city, 4 for a county). */
const sharedPrefix: Record<RegionLevel, number> = { province: 0, city: 2, county: 4 };

function crossCheck(config: ProvinceConfig): string[] {
  const problems: string[] = [];
  const regions = checkRegions(config, problems);
  const categories = indexUnique(config.categories, (c) => c.id, 'category', problems);
  const units = checkUnits(config, regions, categories, problems);
  checkCoverage(regions, categories, units, problems);
  checkRules(config, categories, problems);
  return problems;
}

function indexUnique<T>(items: readonly T[], key: (item: T) => string, what: string, problems: string[]) {
  const index = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (index.has(k)) problems.push(`${what} ${k}: duplicate ${what === 'region' ? 'code' : 'id'}`);
    else index.set(k, item);
  }
  return index;
}

function checkRegions(config: ProvinceConfig, problems: string[]): Map<string, Region> {
  const regions = indexUnique(config.regions, (r) => r.code, 'region', problems);
  const provinceCode = config.province.regionCode;
  const provinceRegion = regions.get(provinceCode);
  if (provinceRegion === undefined) {
    problems.push(`province ${config.province.id}: region code ${provinceCode} is not in the region list`);
  } else if (provinceRegion.level !== 'province') {
    problems.push(`region ${provinceCode}: the province's own region must have level province`);
  }
  for (const region of regions.values()) {
    const label = `region ${region.code} (${region.name})`;
    if (region.level === 'province') {
      if (region.code !== provinceCode) {
        problems.push(`${label}: a second province-level region (the province is ${provinceCode})`);
      }
      if (region.parentCode !== undefined) problems.push(`${label}: the province must have no parent`);
      continue;
    }
    if (region.parentCode === undefined) {
      problems.push(`${label}: missing parentCode`);
      continue;
    }
    const parent = regions.get(region.parentCode);
    if (parent === undefined) {
      problems.push(`${label}: unknown parent region ${region.parentCode}`);
      continue;
    }
    const expected = parentLevel[region.level];
    if (parent.level !== expected) {
      problems.push(
        `${label}: a ${region.level} must sit under a ${expected}, but ${parent.code} is a ${parent.level}`,
      );
      continue;
    }
    const digits = sharedPrefix[region.level];
    if (region.code.slice(0, digits) !== parent.code.slice(0, digits)) {
      problems.push(
        `${label}: code does not start with the first ${digits} digits of its parent ${parent.code}`,
      );
    }
  }
  return regions;
}

function checkUnits(
  config: ProvinceConfig,
  regions: ReadonlyMap<string, Region>,
  categories: ReadonlyMap<string, Category>,
  problems: string[],
): Map<string, Unit> {
  const units = indexUnique(config.units, (u) => u.id, 'unit', problems);
  const bureauByRegion = new Map<string, string>();
  const organByRegionAndType = new Map<string, string>();
  for (const unit of units.values()) {
    const label = `unit ${unit.id}`;
    const region = regions.get(unit.regionCode);
    if (region === undefined) {
      problems.push(`${label}: unknown region ${unit.regionCode}`);
    } else if (region.level !== unit.level) {
      problems.push(`${label}: level ${unit.level} does not match region ${region.code}, a ${region.level}`);
    }
    if (unit.kind === 'bureau') {
      const other = bureauByRegion.get(unit.regionCode);
      if (other !== undefined)
        problems.push(`${label}: region ${unit.regionCode} already has bureau ${other}`);
      else bureauByRegion.set(unit.regionCode, unit.id);
      continue;
    }
    if (unit.kind === 'organ') {
      const key = `${unit.regionCode}|${unit.organType}`;
      const other = organByRegionAndType.get(key);
      if (other !== undefined) {
        problems.push(
          `${label}: region ${unit.regionCode} already has organ ${other} of type ${unit.organType}`,
        );
      } else {
        organByRegionAndType.set(key, unit.id);
      }
    } else {
      const parent = units.get(unit.parentId);
      if (parent === undefined) {
        problems.push(`${label}: department without a parent organ: unknown unit ${unit.parentId}`);
      } else if (parent.kind !== 'organ') {
        problems.push(`${label}: parent ${parent.id} is a ${parent.kind}, not an organ`);
      } else {
        if (parent.regionCode !== unit.regionCode) {
          problems.push(
            `${label}: region ${unit.regionCode} differs from its organ ${parent.id} (${parent.regionCode})`,
          );
        }
        if (parent.organType !== unit.organType) {
          problems.push(
            `${label}: organ type ${unit.organType} differs from its organ ${parent.id} (${parent.organType})`,
          );
        }
        for (const categoryId of unit.categories) {
          if (!parent.categories.includes(categoryId)) {
            problems.push(`${label}: handles category ${categoryId}, which its organ ${parent.id} does not`);
          }
        }
      }
    }
    for (const categoryId of unit.categories) {
      const category = categories.get(categoryId);
      if (category === undefined) {
        problems.push(`${label}: unknown category ${categoryId}`);
      } else if (category.organType !== unit.organType) {
        problems.push(
          `${label}: category ${categoryId} belongs to organ type ${category.organType}, not ${unit.organType}`,
        );
      }
    }
  }
  return units;
}

/** Every region needs a bureau to file with and an organ for every category (属地管理). */
function checkCoverage(
  regions: ReadonlyMap<string, Region>,
  categories: ReadonlyMap<string, Category>,
  units: ReadonlyMap<string, Unit>,
  problems: string[],
): void {
  const bureauRegions = new Set<string>();
  const handled = new Set<string>();
  const handledAnywhere = new Set<string>();
  for (const unit of units.values()) {
    if (unit.kind === 'bureau') {
      bureauRegions.add(unit.regionCode);
    } else if (unit.kind === 'organ') {
      for (const categoryId of unit.categories) {
        handled.add(`${unit.regionCode}|${categoryId}`);
        handledAnywhere.add(categoryId);
      }
    }
  }
  for (const category of categories.values()) {
    if (!handledAnywhere.has(category.id)) problems.push(`category ${category.id}: no organ handles it`);
  }
  for (const region of regions.values()) {
    const label = `region ${region.code} (${region.name})`;
    if (!bureauRegions.has(region.code)) problems.push(`${label}: no petition bureau`);
    for (const category of categories.values()) {
      // A category handled nowhere is reported once above rather than once per region.
      if (handledAnywhere.has(category.id) && !handled.has(`${region.code}|${category.id}`)) {
        problems.push(`${label}: no organ handles category ${category.id}`);
      }
    }
  }
}

function checkRules(
  config: ProvinceConfig,
  categories: ReadonlyMap<string, Category>,
  problems: string[],
): void {
  indexUnique(config.routing.keywordRules, (r) => r.id, 'keyword rule', problems);
  indexUnique(config.routing.levelRules, (r) => r.id, 'level rule', problems);
  indexUnique(config.screening, (r) => r.id, 'screening rule', problems);
  for (const rule of config.routing.keywordRules) {
    if (!categories.has(rule.category))
      problems.push(`keyword rule ${rule.id}: unknown category ${rule.category}`);
  }
  for (const rule of config.routing.levelRules) {
    if (rule.category !== undefined && !categories.has(rule.category)) {
      problems.push(`level rule ${rule.id}: unknown category ${rule.category}`);
    }
  }
  const topicMap = config.routing.topicMap;
  if (topicMap !== undefined) {
    for (const categoryId of Object.keys(topicMap.categoryTopics)) {
      if (!categories.has(categoryId)) problems.push(`routing.topicMap: unknown category ${categoryId}`);
    }
    for (const category of categories.values()) {
      if (!Object.hasOwn(topicMap.categoryTopics, category.id)) {
        problems.push(`routing.topicMap: category ${category.id} has no topic`);
      }
    }
    for (const [categoryId, topics] of Object.entries(topicMap.alsoFiledUnder)) {
      if (!categories.has(categoryId))
        problems.push(`routing.topicMap.alsoFiledUnder: unknown category ${categoryId}`);
      const own = topicMap.categoryTopics[categoryId];
      if (own !== undefined && topics.includes(own)) {
        problems.push(`routing.topicMap.alsoFiledUnder: ${categoryId} repeats its own topic ${own}`);
      }
    }
    for (const [topic, categoryId] of Object.entries(topicMap.defaultCategories)) {
      if (!categories.has(categoryId)) {
        problems.push(`routing.topicMap: default category ${categoryId} of ${topic} is unknown`);
      } else if (topicMap.categoryTopics[categoryId] !== topic) {
        problems.push(
          `routing.topicMap: default category ${categoryId} of ${topic} is not filed under ${topic}`,
        );
      }
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
