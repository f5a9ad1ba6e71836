import { describe, expect, it } from 'vitest';
import { defaultDeadlineRules } from '../../domain/deadlines/defaults.js';
import { DomainError } from '../../domain/errors.js';
import {
  ProvinceDirectory,
  UnknownCategoryError,
  UnknownRegionError,
  UnknownUnitError,
} from '../../domain/province/directory.js';
import type { ProvinceConfigInput, Region, Unit } from '../../domain/province/schema.js';
import { loadProvinceConfig, ProvinceConfigError } from '../../domain/province/validate.js';
import { anhui } from '../../provinces/anhui.js';
import { provinceConfig, provinces } from '../../provinces/index.js';
import { zhejiang } from '../../provinces/zhejiang.js';

const hangzhouCounties = [
  '330102',
  '330105',
  '330106',
  '330108',
  '330109',
  '330110',
  '330111',
  '330112',
  '330113',
  '330114',
  '330122',
  '330127',
  '330182',
];
const ningboCounties = [
  '330203',
  '330205',
  '330206',
  '330211',
  '330212',
  '330213',
  '330225',
  '330226',
  '330281',
  '330282',
];

/** A small valid province: one city, two districts, two organ types, one department. */
function fixture(): ProvinceConfigInput & { regions: Region[]; units: Unit[] } {
  const regions: Region[] = [
    { code: '330000', name: '浙江省', level: 'province' },
    { code: '330100', name: '杭州市', level: 'city', parentCode: '330000' },
    { code: '330106', name: '西湖区', level: 'county', parentCode: '330100' },
    { code: '330108', name: '滨江区', level: 'county', parentCode: '330100' },
  ];
  const units: Unit[] = regions.flatMap((r): Unit[] => [
    { id: `${r.code}-xinfang`, name: `${r.name}信访局`, kind: 'bureau', level: r.level, regionCode: r.code },
    {
      id: `${r.code}-zhujian`,
      name: `${r.name}住建局`,
      kind: 'organ',
      level: r.level,
      regionCode: r.code,
      organType: 'zhujian',
      categories: ['property-management'],
    },
    {
      id: `${r.code}-renshe`,
      name: `${r.name}人社局`,
      kind: 'organ',
      level: r.level,
      regionCode: r.code,
      organType: 'renshe',
      categories: ['labour-wages'],
    },
  ]);
  units.push({
    id: '330106-zhujian-wuye',
    name: '物业管理科',
    kind: 'department',
    level: 'county',
    regionCode: '330106',
    parentId: '330106-zhujian',
    organType: 'zhujian',
    categories: ['property-management'],
  });
  return {
    province: { id: 'testland', name: '浙江省', regionCode: '330000' },
    regions,
    categories: [
      { id: 'property-management', name: '物业管理', topic: '城乡建设', organType: 'zhujian' },
      { id: 'labour-wages', name: '劳动关系与工资', topic: '劳动和社会保障', organType: 'renshe' },
    ],
    units,
    routing: {
      minConfidence: 0.5,
      keywordRules: [
        { id: 'wuye', category: 'property-management', phrases: [{ text: '物业', weight: 3 }] },
        {
          id: 'gongzi',
          category: 'labour-wages',
          phrases: [{ text: '工资', weight: 2 }],
          negativePhrases: ['教师'],
        },
      ],
      levelRules: [
        {
          id: 'cross-county',
          category: 'labour-wages',
          phrases: ['跨区'],
          level: 'city',
          reason: '跨区事项',
        },
      ],
    },
    screening: [
      { id: 'arbitration', channel: 'arbitration', phrases: ['仲裁'], guidance: '请申请劳动仲裁。' },
    ],
    repeat: { similarityThreshold: 0.6, ngramSize: 2 },
    deadlines: structuredClone(defaultDeadlineRules),
    calendar: { timeZone: 'Asia/Shanghai', years: [] },
  };
}

type Fixture = ReturnType<typeof fixture>;

function unitOf(config: Fixture, id: string): Unit {
  const unit = config.units.find((u) => u.id === id);
  if (unit === undefined) throw new Error(`fixture has no unit ${id}`);
  return unit;
}

function problemsOf(input: unknown): string {
  try {
    loadProvinceConfig(input);
  } catch (error) {
    if (error instanceof ProvinceConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('shipped province configurations', () => {
  it('loads every shipped province under its own id', () => {
    // Prepare
    const ids = Object.keys(provinces).sort();

    // Act
    const loaded = ids.map((id) => provinceConfig(id).province.id);

    // Assess
    expect(ids).toEqual(['anhui', 'zhejiang']);
    expect(loaded).toEqual(ids);
    expect(anhui.province.regionCode).toBe('340000');
  });

  it('rejects an unknown province id and lists the known ones', () => {
    // Act
    const act = () => provinceConfig('atlantis');

    // Assess
    expect(act).toThrow(/atlantis.*anhui, zhejiang/);
  });

  it('lists all 11 cities of Zhejiang with their codes', () => {
    // Prepare
    const expected = [
      '330100',
      '330200',
      '330300',
      '330400',
      '330500',
      '330600',
      '330700',
      '330800',
      '330900',
      '331000',
      '331100',
    ];

    // Act
    const cities = zhejiang.regions.filter((r) => r.level === 'city');

    // Assess
    expect(cities.map((c) => c.code).sort()).toEqual(expected);
    expect(cities.every((c) => c.parentCode === '330000')).toBe(true);
  });

  it('lists every district and county of Hangzhou and Ningbo under its city', () => {
    // Prepare
    const directory = new ProvinceDirectory(zhejiang);

    // Act
    const hangzhou = directory.children('330100').map((r) => r.code);
    const ningbo = directory.children('330200').map((r) => r.code);

    // Assess
    expect(hangzhou.sort()).toEqual(hangzhouCounties);
    expect(ningbo.sort()).toEqual(ningboCounties);
    expect(directory.region('330113').name).toBe('临平区');
  });

  it('gives every Zhejiang county a bureau and an organ for every category', () => {
    // Prepare
    const directory = new ProvinceDirectory(zhejiang);
    const missing: string[] = [];

    // Act
    for (const code of [...hangzhouCounties, ...ningboCounties]) {
      if (directory.bureauFor(code).id !== `${code}-xinfang`) missing.push(`${code} bureau`);
      for (const category of zhejiang.categories) {
        const organ = directory.organFor(code, category.id);
        if (organ?.id !== `${code}-${category.organType}`) missing.push(`${code} ${category.id}`);
      }
    }

    // Assess
    expect(missing).toEqual([]);
    expect(zhejiang.categories.length).toBeGreaterThanOrEqual(15);
  });

  it('names units after their region and organ type', () => {
    // Prepare
    const directory = new ProvinceDirectory(zhejiang);

    // Act
    const names = [
      '330000-xinfang',
      '330100-xinfang',
      '330106-xinfang',
      '330106-zhujian',
      '330106-zhujian-wuye',
    ].map((id) => directory.unit(id).name);

    // Assess
    expect(names).toEqual([
      '浙江省信访局',
      '杭州市信访局',
      '西湖区信访局',
      '西湖区住房和城乡建设局',
      '西湖区住房和城乡建设局物业管理科',
    ]);
  });

  it('returns a frozen configuration', () => {
    // Act
    const act = () => {
      (zhejiang.province as { name: string }).name = '改';
    };

    // Assess
    expect(act).toThrow(TypeError);
  });
});

describe('ProvinceDirectory', () => {
  const directory = new ProvinceDirectory(zhejiang);

  it('finds the petition bureau of a region', () => {
    // Act
    const bureaus = ['330000', '330100', '330106'].map((code) => directory.bureauFor(code).name);

    // Assess
    expect(bureaus).toEqual(['浙江省信访局', '杭州市信访局', '西湖区信访局']);
  });

  it('finds the organ of a region competent for a category', () => {
    // Act
    const organ = directory.organFor('330106', 'property-management');
    const handling = directory.organsHandling('330106', 'property-management').map((u) => u.id);

    // Assess
    expect(organ?.id).toBe('330106-zhujian');
    expect(handling).toEqual(['330106-zhujian', '330106-zhujian-wuye']);
    expect(directory.organFor('330106', 'no-such-category')).toBeUndefined();
    expect(directory.organsHandling('999999', 'property-management')).toEqual([]);
  });

  it('finds the supervising bureau one level up for a bureau and in the same region for an organ', () => {
    // Act
    const ofCountyBureau = directory.supervisingBureau('330106-xinfang')?.id;
    const ofCityBureau = directory.supervisingBureau('330100-xinfang')?.id;
    const ofProvinceBureau = directory.supervisingBureau('330000-xinfang');
    const ofOrgan = directory.supervisingBureau('330106-zhujian')?.id;
    const ofDepartment = directory.supervisingBureau('330106-zhujian-wuye')?.id;

    // Assess
    expect(ofCountyBureau).toBe('330100-xinfang');
    expect(ofCityBureau).toBe('330000-xinfang');
    expect(ofProvinceBureau).toBeUndefined();
    expect(ofOrgan).toBe('330106-xinfang');
    expect(ofDepartment).toBe('330106-xinfang');
  });

  it('walks ancestors from the region up to the province', () => {
    // Act
    const chain = directory.ancestors('330212').map((r) => r.code);

    // Assess
    expect(chain).toEqual(['330212', '330200', '330000']);
    expect(directory.isWithin('330212', '330200')).toBe(true);
    expect(directory.isWithin('330212', '330212')).toBe(true);
    expect(directory.isWithin('330212', '330100')).toBe(false);
    expect(directory.isWithin('999999', '330000')).toBe(false);
  });

  it('lists the units in a region subtree only', () => {
    // Act
    const hangzhou = directory.unitsInSubtree('330100').map((u) => u.id);
    const westLake = directory.unitsInSubtree('330106').map((u) => u.id);

    // Assess
    expect(hangzhou).toContain('330100-xinfang');
    expect(hangzhou).toContain('330106-zhujian-wuye');
    expect(hangzhou).not.toContain('330212-xinfang');
    expect(hangzhou).not.toContain('330000-xinfang');
    expect(westLake.every((id) => id.startsWith('330106-'))).toBe(true);
    expect(directory.unitsInSubtree('330000')).toHaveLength(zhejiang.units.length);
  });

  it('throws named errors for unknown ids where a lookup must succeed', () => {
    // Act
    const unit = () => directory.unit('330106-nothing');
    const region = () => directory.region('999999');
    const category = () => directory.category('nothing');
    const bureau = () => directory.bureauFor('999999');
    const supervising = () => directory.supervisingBureau('nobody');

    // Assess
    expect(unit).toThrow(UnknownUnitError);
    expect(region).toThrow(UnknownRegionError);
    expect(category).toThrow(UnknownCategoryError);
    expect(bureau).toThrow(UnknownRegionError);
    expect(supervising).toThrow(/nobody/);
  });
});

describe('loadProvinceConfig', () => {
  it('accepts the small valid fixture and applies defaults', () => {
    // Act
    const config = loadProvinceConfig(fixture());

    // Assess
    expect(config.repeat.lookbackDays).toBe(365);
    expect(config.escalation.accountabilityAfterOverdueDays).toBeGreaterThanOrEqual(
      config.escalation.supervisionAfterOverdueDays,
    );
    expect(config.evaluation.smsReplyCodes['1']).toBe('satisfied');
    expect(config.routing.keywordRules[0]?.negativePhrases).toEqual([]);
  });

  const broken: [string, (c: Fixture) => void, string[]][] = [
    [
      'an unknown parent region',
      (c) => {
        c.regions[3]!.parentCode = '330900';
      },
      ['330108', 'unknown parent region 330900'],
    ],
    [
      'a region whose level does not fit its parent',
      (c) => {
        c.regions[3]!.parentCode = '330000';
      },
      ['region 330108', 'must sit under a city'],
    ],
    [
      'a region code outside its parent',
      (c) => {
        c.regions.push({ code: '330206', name: '北仑区', level: 'county', parentCode: '330100' });
      },
      ['region 330206', 'first 4 digits'],
    ],
    [
      'a duplicate region code',
      (c) => {
        c.regions.push({ code: '330106', name: '西湖区', level: 'county', parentCode: '330100' });
      },
      ['region 330106: duplicate code'],
    ],
    [
      'a duplicate unit id',
      (c) => {
        c.units.push({ ...unitOf(c, '330106-xinfang') });
      },
      ['unit 330106-xinfang: duplicate id'],
    ],
    [
      'a department without its organ',
      (c) => {
        Object.assign(unitOf(c, '330106-zhujian-wuye'), { parentId: '330106-gone' });
      },
      ['330106-zhujian-wuye', 'unknown unit 330106-gone'],
    ],
    [
      'a department whose parent is a bureau',
      (c) => {
        Object.assign(unitOf(c, '330106-zhujian-wuye'), { parentId: '330106-xinfang' });
      },
      ['330106-zhujian-wuye', 'not an organ'],
    ],
    [
      'a department with no parent at all',
      (c) => {
        delete (unitOf(c, '330106-zhujian-wuye') as { parentId?: string }).parentId;
      },
      ['(330106-zhujian-wuye).parentId'],
    ],
    [
      'a unit in an unknown region',
      (c) => {
        unitOf(c, '330108-renshe').regionCode = '330199';
      },
      ['unit 330108-renshe: unknown region 330199'],
    ],
    [
      'a unit whose level does not match its region',
      (c) => {
        unitOf(c, '330108-renshe').level = 'city';
      },
      ['unit 330108-renshe: level city'],
    ],
    [
      'a unit handling an unknown category',
      (c) => {
        Object.assign(unitOf(c, '330106-renshe'), { categories: ['labour-wages', 'pensions'] });
      },
      ['unit 330106-renshe: unknown category pensions'],
    ],
    [
      'an organ handling a category of another organ type',
      (c) =>
        void Object.assign(unitOf(c, '330106-renshe'), {
          categories: ['labour-wages', 'property-management'],
        }),
      ['unit 330106-renshe', 'belongs to organ type zhujian'],
    ],
    [
      'a keyword rule pointing at an unknown category',
      (c) => {
        c.routing.keywordRules[0]!.category = 'pets';
      },
      ['keyword rule wuye: unknown category pets'],
    ],
    [
      'a level rule pointing at an unknown category',
      (c) => {
        c.routing.levelRules![0]!.category = 'metro';
      },
      ['level rule cross-county: unknown category metro'],
    ],
    [
      'a category no organ handles at all',
      (c) => {
        c.categories.push({ id: 'pets', name: '宠物', topic: '其他', organType: 'nongye' });
      },
      ['category pets: no organ handles it'],
    ],
    [
      'a county where no organ handles a category',
      (c) => {
        Object.assign(unitOf(c, '330108-renshe'), { categories: [] });
      },
      ['region 330108 (滨江区): no organ handles category labour-wages'],
    ],
    [
      'a county without a petition bureau',
      (c) => {
        c.units.splice(c.units.indexOf(unitOf(c, '330108-xinfang')), 1);
      },
      ['region 330108 (滨江区): no petition bureau'],
    ],
    [
      'two bureaus in one region',
      (c) => {
        c.units.push({ ...unitOf(c, '330108-xinfang'), id: '330108-xinfang-2' });
      },
      ['unit 330108-xinfang-2: region 330108 already has bureau 330108-xinfang'],
    ],
    [
      'a province region missing from the region list',
      (c) => {
        c.province.regionCode = '340000';
      },
      ['province testland: region code 340000'],
    ],
    [
      'a deadline rule out of range',
      (c) => {
        c.deadlines.steps.handling.days = 0;
      },
      ['deadlines.steps.handling.days'],
    ],
    [
      'a calendar date in the wrong format',
      (c) =>
        void c.calendar!.years!.push({
          year: 2026,
          source: '国办发明电',
          holidays: ['2026/01/01'],
          workdays: [],
        }),
      ['calendar.years[0].holidays[0]'],
    ],
    [
      'a topic map that leaves a category without a topic',
      (c) => {
        c.routing.topicMap = {
          categoryTopics: { 'property-management': '城乡建设' },
          defaultCategories: {
            城乡建设: 'property-management',
            环境保护: 'property-management',
            交通运输: 'property-management',
            教育文体: 'property-management',
            劳动和社会保障: 'property-management',
            商贸旅游: 'property-management',
            卫生计生: 'property-management',
          },
        };
      },
      [
        'routing.topicMap: category labour-wages has no topic',
        'routing.topicMap: default category property-management of 环境保护 is not filed under 环境保护',
      ],
    ],
    [
      'a screening rule with an unknown channel',
      (c) => {
        Object.assign(c.screening[0]!, { channel: 'mediation' });
      },
      ['screening[0] (arbitration).channel'],
    ],
  ];

  it.each(broken)('rejects %s, naming the item', (_name, breakIt, expected) => {
    // Prepare
    const config = fixture();
    breakIt(config);

    // Act
    const message = problemsOf(config);

    // Assess
    for (const part of expected) expect(message).toContain(part);
  });

  it('lists every problem in one error', () => {
    // Prepare
    const config = fixture();
    config.regions[3]!.parentCode = '330900';
    unitOf(config, '330106-renshe').regionCode = '330199';
    config.routing.keywordRules[0]!.category = 'pets';

    // Act
    let caught: unknown;
    try {
      loadProvinceConfig(config);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(ProvinceConfigError);
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as ProvinceConfigError;
    expect(error.code).toBe('PROVINCE_CONFIG_INVALID');
    expect(error.message).toContain("'testland'");
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('330900'),
        expect.stringContaining('unit 330106-renshe: unknown region 330199'),
        expect.stringContaining('keyword rule wuye'),
      ]),
    );
  });
});
