import { DomainError } from '../errors.js';
import type {
  BureauUnit,
  Category,
  DepartmentUnit,
  HandlingUnit,
  OrganUnit,
  ProvinceConfig,
  Region,
  Unit,
} from './schema.js';

/** A unit id that is not in the province configuration. */
export class UnknownUnitError extends DomainError {
  readonly unitId: string;
  constructor(unitId: string) {
    super('UNKNOWN_UNIT', `Unknown unit '${unitId}'`);
    this.unitId = unitId;
  }
}

/** A region code that is not in the province configuration. */
export class UnknownRegionError extends DomainError {
  readonly regionCode: string;
  constructor(regionCode: string) {
    super('UNKNOWN_REGION', `Unknown region '${regionCode}'`);
    this.regionCode = regionCode;
  }
}

/** A category id that is not in the province configuration. */
export class UnknownCategoryError extends DomainError {
  readonly categoryId: string;
  constructor(categoryId: string) {
    super('UNKNOWN_CATEGORY', `Unknown category '${categoryId}'`);
    this.categoryId = categoryId;
  }
}

const key = (regionCode: string, categoryId: string): string => `${regionCode}|${categoryId}`;

/**
 * Indexed lookups over a validated province configuration: who is who, where, and who handles
 * what. Built once per deployment; every lookup is a map access. Lookups that must succeed throw
 * the Unknown…Error of what was missing; `find…` and `organFor` return undefined instead.
 */
export class ProvinceDirectory {
  readonly config: ProvinceConfig;
  readonly #units = new Map<string, Unit>();
  readonly #regions = new Map<string, Region>();
  readonly #categories = new Map<string, Category>();
  readonly #ancestors = new Map<string, readonly Region[]>();
  readonly #ancestorCodes = new Map<string, ReadonlySet<string>>();
  readonly #bureaus = new Map<string, BureauUnit>();
  readonly #organs = new Map<string, OrganUnit>();
  readonly #handling = new Map<string, HandlingUnit[]>();
  readonly #subtree = new Map<string, Unit[]>();
  readonly #departments = new Map<string, DepartmentUnit[]>();
  readonly #children = new Map<string, Region[]>();

  /** Expects a config that passed `loadProvinceConfig`; it does not re-check cross-references. */
  constructor(config: ProvinceConfig) {
    this.config = config;
    for (const region of config.regions) this.#regions.set(region.code, region);
    for (const category of config.categories) this.#categories.set(category.id, category);
    for (const region of config.regions) {
      const chain: Region[] = [];
      for (let r: Region | undefined = region; r !== undefined; ) {
        chain.push(r);
        r = r.parentCode === undefined ? undefined : this.#regions.get(r.parentCode);
      }
      this.#ancestors.set(region.code, chain);
      this.#ancestorCodes.set(region.code, new Set(chain.map((r) => r.code)));
      this.#subtree.set(region.code, []);
      if (region.parentCode !== undefined) {
        const siblings = this.#children.get(region.parentCode) ?? [];
        siblings.push(region);
        this.#children.set(region.parentCode, siblings);
      }
    }
    for (const unit of config.units) {
      this.#units.set(unit.id, unit);
      for (const ancestor of this.#ancestors.get(unit.regionCode) ?? []) {
        this.#subtree.get(ancestor.code)?.push(unit);
      }
      if (unit.kind === 'bureau') {
        this.#bureaus.set(unit.regionCode, unit);
        continue;
      }
      if (unit.kind === 'organ') {
        for (const categoryId of unit.categories) this.#organs.set(key(unit.regionCode, categoryId), unit);
      } else {
        const siblings = this.#departments.get(unit.parentId) ?? [];
        siblings.push(unit);
        this.#departments.set(unit.parentId, siblings);
      }
      for (const categoryId of unit.categories) {
        const list = this.#handling.get(key(unit.regionCode, categoryId)) ?? [];
        list.push(unit);
        this.#handling.set(key(unit.regionCode, categoryId), list);
      }
    }
    // Organs before their departments, so callers can take the first entry as the lead.
    for (const list of this.#handling.values()) {
      list.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'organ' ? -1 : 1));
    }
  }

  /** @throws UnknownUnitError */
  unit(id: string): Unit {
    const unit = this.#units.get(id);
    if (unit === undefined) throw new UnknownUnitError(id);
    return unit;
  }

  findUnit(id: string): Unit | undefined {
    return this.#units.get(id);
  }

  /** @throws UnknownRegionError */
  region(code: string): Region {
    const region = this.#regions.get(code);
    if (region === undefined) throw new UnknownRegionError(code);
    return region;
  }

  findRegion(code: string): Region | undefined {
    return this.#regions.get(code);
  }

  /** @throws UnknownCategoryError */
  category(id: string): Category {
    const category = this.#categories.get(id);
    if (category === undefined) throw new UnknownCategoryError(id);
    return category;
  }

  findCategory(id: string): Category | undefined {
    return this.#categories.get(id);
  }

  /** The region itself, then its parent, up to the province. @throws UnknownRegionError */
  ancestors(code: string): readonly Region[] {
    const chain = this.#ancestors.get(code);
    if (chain === undefined) throw new UnknownRegionError(code);
    return chain;
  }

  /** True when `code` is `ancestorCode` or lies below it; false for unknown codes (deny by default). */
  isWithin(code: string, ancestorCode: string): boolean {
    return this.#ancestorCodes.get(code)?.has(ancestorCode) ?? false;
  }

  /** The petition bureau of a region. @throws UnknownRegionError */
  bureauFor(regionCode: string): BureauUnit {
    const bureau = this.#bureaus.get(regionCode);
    // A validated config gives every region a bureau, so a miss means the region is unknown.
    if (bureau === undefined) throw new UnknownRegionError(regionCode);
    return bureau;
  }

  /**
   * The bureau that supervises a unit: for a bureau, the bureau one level up (none above the
   * province); for an organ or department, the bureau of its own region (同级信访工作机构).
   * @throws UnknownUnitError
   */
  supervisingBureau(unitId: string): BureauUnit | undefined {
    const unit = this.unit(unitId);
    if (unit.kind !== 'bureau') return this.bureauFor(unit.regionCode);
    const parentCode = this.region(unit.regionCode).parentCode;
    return parentCode === undefined ? undefined : this.bureauFor(parentCode);
  }

  /** The organ of exactly this region competent for the category, if any. */
  organFor(regionCode: string, categoryId: string): OrganUnit | undefined {
    return this.#organs.get(key(regionCode, categoryId));
  }

  /** Organs and departments of exactly this region handling the category, organs first. */
  organsHandling(regionCode: string, categoryId: string): readonly HandlingUnit[] {
    return this.#handling.get(key(regionCode, categoryId)) ?? [];
  }

  /** The departments (处/科室) of an organ. */
  departmentsOf(organId: string): readonly DepartmentUnit[] {
    return this.#departments.get(organId) ?? [];
  }

  /** Units of the region and every region below it: a bureau's remit. @throws UnknownRegionError */
  unitsInSubtree(regionCode: string): readonly Unit[] {
    const units = this.#subtree.get(regionCode);
    if (units === undefined) throw new UnknownRegionError(regionCode);
    return units;
  }

  /** Regions directly below a region. */
  children(regionCode: string): readonly Region[] {
    return this.#children.get(regionCode) ?? [];
  }
}

/** Builds the directory of a validated province configuration. */
export function provinceDirectory(config: ProvinceConfig): ProvinceDirectory {
  return new ProvinceDirectory(config);
}
