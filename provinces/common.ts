import type {
  Category,
  DepartmentUnit,
  KeywordRule,
  LevelRule,
  Region,
  RegionLevel,
  ScreeningRule,
  TopicMap,
  Unit,
} from '../domain/province/schema.js';

/**
 * Building blocks the shipped provinces share: the organ table, the categories, a unit generator
 * and starter routing and screening rules. A province file picks its regions and adds what is
 * its own; everything is data, so a province that differs overrides a piece rather than forking.
 */

/** What a unit name generator knows about where the unit sits. */
interface NamingContext {
  readonly province: Region;
  readonly city: Region | undefined;
  readonly region: Region;
}

/** One kind of competent organ (有权处理的机关) and how it is named at each level. */
export interface OrganType {
  readonly type: string;
  readonly name: (ctx: NamingContext) => string;
}

/** `西湖区` → `西湖`: branch offices (分局) are named with the short form. */
const shortName = (region: Region): string =>
  region.name.length > 2 && /[区县市]$/.test(region.name) ? region.name.slice(0, -1) : region.name;

/** The usual name pattern: `浙江省…厅`, `杭州市…局`, `西湖区…局`. */
const byLevel =
  (names: Record<RegionLevel, string>) =>
  ({ region }: NamingContext): string =>
    `${region.name}${names[region.level]}`;

/** Organ types every shipped province has at every level. */
const organTypes: readonly OrganType[] = [
  {
    type: 'zhujian',
    name: byLevel({ province: '住房和城乡建设厅', city: '住房和城乡建设局', county: '住房和城乡建设局' }),
  },
  {
    type: 'ziranziyuan',
    name: byLevel({ province: '自然资源厅', city: '自然资源和规划局', county: '自然资源和规划局' }),
  },
  {
    type: 'zonghezhifa',
    name: byLevel({ province: '综合行政执法指导办公室', city: '综合行政执法局', county: '综合行政执法局' }),
  },
  {
    type: 'renshe',
    name: byLevel({
      province: '人力资源和社会保障厅',
      city: '人力资源和社会保障局',
      county: '人力资源和社会保障局',
    }),
  },
  { type: 'yibao', name: byLevel({ province: '医疗保障局', city: '医疗保障局', county: '医疗保障局' }) },
  { type: 'minzheng', name: byLevel({ province: '民政厅', city: '民政局', county: '民政局' }) },
  {
    type: 'shengtaihuanjing',
    // County ecology offices are branches of the city bureau (垂直管理改革).
    name: (ctx) =>
      ctx.region.level === 'county' && ctx.city !== undefined
        ? `${ctx.city.name}生态环境局${shortName(ctx.region)}分局`
        : byLevel({ province: '生态环境厅', city: '生态环境局', county: '生态环境局' })(ctx),
  },
  { type: 'jiaotong', name: byLevel({ province: '交通运输厅', city: '交通运输局', county: '交通运输局' }) },
  { type: 'jiaoyu', name: byLevel({ province: '教育厅', city: '教育局', county: '教育局' }) },
  {
    type: 'wenguanglvti',
    name: byLevel({ province: '文化广电和旅游厅', city: '文化广电旅游局', county: '文化和广电旅游体育局' }),
  },
  {
    type: 'shichangjianguan',
    name: byLevel({ province: '市场监督管理局', city: '市场监督管理局', county: '市场监督管理局' }),
  },
  { type: 'shangwu', name: byLevel({ province: '商务厅', city: '商务局', county: '商务局' }) },
  {
    type: 'weijian',
    name: byLevel({ province: '卫生健康委员会', city: '卫生健康委员会', county: '卫生健康局' }),
  },
  {
    type: 'gongan',
    // A district's police is a branch of the city bureau; a county's or county-level city's is its own.
    name: (ctx) =>
      ctx.region.level === 'county' && ctx.city !== undefined && ctx.region.name.endsWith('区')
        ? `${ctx.city.name}公安局${ctx.region.name}分局`
        : byLevel({ province: '公安厅', city: '公安局', county: '公安局' })(ctx),
  },
  { type: 'nongye', name: byLevel({ province: '农业农村厅', city: '农业农村局', county: '农业农村局' }) },
];

/** Categories fine enough that each has exactly one competent organ type. */
export const categories: readonly Category[] = [
  { id: 'property-management', name: '物业管理', topic: '城乡建设', organType: 'zhujian' },
  { id: 'housing-construction', name: '房地产开发与建筑工程', topic: '城乡建设', organType: 'zhujian' },
  { id: 'land-planning', name: '土地利用与规划', topic: '城乡建设', organType: 'ziranziyuan' },
  { id: 'land-expropriation', name: '征地拆迁与安置补偿', topic: '城乡建设', organType: 'ziranziyuan' },
  { id: 'urban-management', name: '市容环卫与违法建设', topic: '城乡建设', organType: 'zonghezhifa' },
  {
    id: 'environment-pollution',
    name: '环境污染与生态保护',
    topic: '环境保护',
    organType: 'shengtaihuanjing',
  },
  { id: 'transport', name: '道路交通运输', topic: '交通运输', organType: 'jiaotong' },
  { id: 'education', name: '教育', topic: '教育文体', organType: 'jiaoyu' },
  { id: 'culture-sport', name: '文化体育', topic: '教育文体', organType: 'wenguanglvti' },
  { id: 'tourism', name: '旅游与景区', topic: '商贸旅游', organType: 'wenguanglvti' },
  { id: 'labour-wages', name: '劳动关系与工资', topic: '劳动和社会保障', organType: 'renshe' },
  { id: 'social-insurance', name: '社会保险', topic: '劳动和社会保障', organType: 'renshe' },
  { id: 'medical-insurance', name: '医疗保障', topic: '劳动和社会保障', organType: 'yibao' },
  { id: 'social-assistance', name: '社会救助与养老服务', topic: '民政', organType: 'minzheng' },
  { id: 'market-regulation', name: '市场监管与消费维权', topic: '商贸旅游', organType: 'shichangjianguan' },
  { id: 'commerce', name: '商贸流通', topic: '商贸旅游', organType: 'shangwu' },
  { id: 'health-services', name: '医疗卫生', topic: '卫生计生', organType: 'weijian' },
  { id: 'family-planning', name: '计划生育与人口家庭', topic: '卫生计生', organType: 'weijian' },
  { id: 'public-security', name: '治安与户籍', topic: '政法', organType: 'gongan' },
  { id: 'agriculture', name: '农业生产与农村经营', topic: '农业农村', organType: 'nongye' },
];

/**
 * Where each category sits among the seven topics of the labelled petition data, for the blend
 * with the trained topic model (docs/decisions/0013-trained-topic-router.md). Most categories
 * carry one of the seven already; the three that do not are placed where the labelled data files
 * such messages:
 * - 社会救助与养老服务 (民政) → 劳动和社会保障, as the data README says (劳动和社会保障 → 人社 / 医保 / 民政);
 * - 农业生产与农村经营 (农业农村) → 城乡建设: the data has no agriculture topic, and the messages the
 *   rules file under agriculture are labelled 城乡建设 more than anything else (25 of 84);
 * - 治安与户籍 (政法) → 劳动和社会保障: the data has no 政法 topic either; what the rules file under
 *   public security is labelled 劳动和社会保障 more than anything else (39 of 135: police staff pay
 *   and jobs, household registration for pensions), though 商贸旅游 (fraud, pyramid selling) is close.
 *   A stand-in: the rules still route a police matter to the police when they are sure of it.
 *
 * The data also files some categories under a second topic (`alsoFiledUnder`): each topic that
 * holds at least 10 % of the at least 30 training messages the rules place in the category with
 * confidence (`npm run routing:train -- --topic-map`): bus lines, roads and the metro's building
 * under 城乡建设 as well as 交通运输; lifts and property fees under 商贸旅游 as well as 城乡建设;
 * markets under 城乡建设; sports grounds under 城乡建设; land-lost farmers' insurance under
 * 劳动和社会保障; and the two stand-ins above under most topics, as the data has no topic of its own
 * for them. 社会救助 has too few such messages (11) to say.
 *
 * A topic's default category is the one proposed when the model chooses the topic and no rule of
 * the topic matched: the category under which the rules place most of the topic's labelled messages.
 */
export const starterTopicMap: TopicMap = {
  categoryTopics: Object.fromEntries(
    categories.map((c) => [
      c.id,
      c.topic === '民政' || c.topic === '政法'
        ? '劳动和社会保障'
        : c.topic === '农业农村'
          ? '城乡建设'
          : c.topic,
    ]),
  ) as TopicMap['categoryTopics'],
  alsoFiledUnder: {
    transport: ['城乡建设'],
    'property-management': ['商贸旅游'],
    commerce: ['城乡建设'],
    'culture-sport': ['城乡建设'],
    'land-expropriation': ['劳动和社会保障'],
    'land-planning': ['环境保护'],
    tourism: ['教育文体'],
    agriculture: ['商贸旅游', '环境保护', '劳动和社会保障', '交通运输'],
    'public-security': ['商贸旅游', '城乡建设', '交通运输', '卫生计生'],
  },
  defaultCategories: {
    城乡建设: 'housing-construction',
    环境保护: 'environment-pollution',
    交通运输: 'transport',
    教育文体: 'education',
    劳动和社会保障: 'social-insurance',
    商贸旅游: 'market-regulation',
    卫生计生: 'health-services',
  },
};

/** A department to add under a generated organ (`${organId}-${suffix}`). */
export interface DepartmentSpec {
  readonly organId: string;
  readonly suffix: string;
  readonly name: string;
  readonly categories: readonly string[];
}

/**
 * Generates a province's units from its regions: a petition bureau (`${code}-xinfang`) and one
 * organ per organ type (`${code}-${type}`) in every region, then the listed departments.
 * Deterministic, so ids stay stable across deployments.
 */
export function generateUnits(
  regions: readonly Region[],
  departments: readonly DepartmentSpec[] = [],
  types: readonly OrganType[] = organTypes,
  categoryList: readonly Category[] = categories,
): Unit[] {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const province = regions.find((r) => r.level === 'province');
  if (province === undefined) throw new Error('generateUnits: the region list has no province');
  const units: Unit[] = [];
  for (const region of regions) {
    const city =
      region.level === 'city'
        ? region
        : region.level === 'county' && region.parentCode !== undefined
          ? byCode.get(region.parentCode)
          : undefined;
    const ctx: NamingContext = { province, city, region };
    units.push({
      id: `${region.code}-xinfang`,
      name: `${region.name}信访局`,
      kind: 'bureau',
      level: region.level,
      regionCode: region.code,
    });
    for (const organ of types) {
      units.push({
        id: `${region.code}-${organ.type}`,
        name: organ.name(ctx),
        kind: 'organ',
        level: region.level,
        regionCode: region.code,
        organType: organ.type,
        categories: categoryList.filter((c) => c.organType === organ.type).map((c) => c.id),
      });
    }
  }
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const spec of departments) {
    const organ = byId.get(spec.organId);
    if (organ === undefined || organ.kind !== 'organ') {
      throw new Error(`generateUnits: department ${spec.suffix} names unknown organ ${spec.organId}`);
    }
    const department: DepartmentUnit = {
      id: `${spec.organId}-${spec.suffix}`,
      // The full name reads on its own in listings: 西湖区住房和城乡建设局物业管理科.
      name: `${organ.name}${spec.name}`,
      kind: 'department',
      level: organ.level,
      regionCode: organ.regionCode,
      parentId: organ.id,
      organType: organ.organType,
      categories: [...spec.categories],
    };
    units.push(department);
  }
  return units;
}

type Phrases = Record<string, number>;

const rule = (category: string, phrases: Phrases, negativePhrases: string[] = []): KeywordRule => ({
  id: `${category}-keywords`,
  category,
  phrases: Object.entries(phrases).map(([text, weight]) => ({ text, weight })),
  negativePhrases,
});

/**
 * Starter keyword rules, one per category, from words that occur in the labelled petition sample.
 * Weights: 3 = nearly decisive, 2 = typical, 1 = weak context. Negative phrases stop a rule where
 * its words usually mean another category. To be tuned against the held-out set.
 */
export const starterKeywordRules: readonly KeywordRule[] = [
  rule(
    'property-management',
    {
      物业: 3,
      物业费: 3,
      物业公司: 3,
      业委会: 3,
      业主委员会: 3,
      维修基金: 2.5,
      电梯: 1.5,
      小区: 1,
      业主: 1,
      停车位: 1,
    },
    ['物业税'],
  ),
  rule(
    'housing-construction',
    {
      开发商: 3,
      商品房: 3,
      烂尾: 3,
      交房: 2.5,
      延期交付: 3,
      房产证: 2.5,
      楼盘: 2,
      购房: 2,
      房屋质量: 2.5,
      棚改: 2,
      安置房: 1.5,
      公积金: 2,
      二手房: 2.5,
      公租房: 3,
      廉租房: 3,
      保障房: 3,
      保障性住房: 3,
      住房补贴: 2.5,
      工程款: 2.5,
      预售: 2.5,
      网签: 2.5,
      房管局: 2,
      供暖: 1.5,
      燃气: 1.5,
      工地: 1.5,
      施工: 1,
      安全隐患: 1,
    },
    ['拖欠工资', '农民工工资'],
  ),
  rule(
    'land-planning',
    {
      宅基地: 3,
      土地性质: 3,
      违法用地: 3,
      占用耕地: 3,
      基本农田: 3,
      不动产登记: 3,
      国土: 2.5,
      容积率: 2.5,
      规划许可: 2,
      用地: 2,
      耕地: 2,
      土地: 2,
      规划: 1.5,
    },
    ['交通规划'],
  ),
  rule(
    'land-expropriation',
    {
      征地: 3,
      拆迁: 3,
      征迁: 3,
      强拆: 3,
      被征地: 3,
      拆迁补偿: 3,
      安置补偿: 3,
      土地征收: 3,
      征收土地: 3,
      土地补偿: 3,
      征收: 2.5,
      征用: 2.5,
      补偿款: 2,
      安置: 1.5,
      补偿: 1.5,
    },
    ['失业保险', '养老保险'],
  ),
  rule(
    'urban-management',
    {
      城管: 3,
      占道: 3,
      摆摊: 3,
      违建: 3,
      违章建筑: 3,
      违章搭建: 3,
      露天焚烧: 3,
      施工噪音: 2.5,
      施工噪声: 2.5,
      通宵施工: 2.5,
      乱摆: 2.5,
      公厕: 2.5,
      渣土: 2.5,
      脏乱差: 2.5,
      脏乱: 2,
      环境卫生: 2.5,
      垃圾站: 2.5,
      垃圾箱: 2,
      垃圾: 2,
      路灯: 2,
      夜间施工: 2,
      油烟: 1.5,
      乱停: 1.5,
      广告牌: 1.5,
    },
    ['垃圾焚烧厂', '垃圾焚烧发电'],
  ),
  rule(
    'environment-pollution',
    {
      污染: 3,
      废水: 3,
      废气: 3,
      排污: 3,
      环评: 3,
      垃圾焚烧: 3,
      垃圾填埋: 3,
      环保: 2.5,
      粉尘: 2.5,
      辐射: 2.5,
      排放: 2,
      噪音: 2,
      噪声: 2,
      异味: 2,
      臭味: 2,
      化工厂: 2,
      变电站: 2,
      生态环境: 2,
      砖厂: 1.5,
      扰民: 1.5,
    },
    ['环境卫生'],
  ),
  rule(
    'transport',
    {
      出租车: 3,
      网约车: 3,
      公交: 3,
      收费站: 3,
      过路费: 3,
      的士: 2.5,
      黑车: 2.5,
      客运: 2.5,
      航道: 2.5,
      驾校: 2.5,
      轨道交通: 2.5,
      高速: 2,
      公路: 2,
      班车: 2,
      地铁: 3,
      货车: 1.5,
      车站: 1.5,
      道路: 1,
      出行: 1.5,
    },
    ['交通违法'],
  ),
  rule(
    'education',
    {
      招生: 3,
      入学: 3,
      幼儿园: 3,
      补课: 3,
      民办学校: 3,
      学籍: 3,
      学校: 2.5,
      教师: 1.5,
      学位: 2.5,
      小学: 2.5,
      中学: 2.5,
      培训机构: 2.5,
      校车: 2.5,
      代课: 2.5,
      高考: 2.5,
      自考: 3,
      自学考试: 3,
      教育: 2,
      老师: 1.5,
      学生: 2,
      学费: 2,
    },
    ['驾校'],
  ),
  rule(
    'culture-sport',
    {
      图书馆: 3,
      文化馆: 3,
      博物馆: 3,
      体育场: 3,
      文物: 3,
      有线电视: 3,
      体育: 2.5,
      健身: 2.5,
      广场舞: 2.5,
      网吧: 2.5,
      球场: 2.5,
      演出: 2,
      广电: 2,
      文化: 1.5,
    },
    ['企业文化'],
  ),
  rule(
    'tourism',
    { 旅游: 3, 景区: 3, 游客: 3, 旅行社: 3, 导游: 3, 景点: 2.5, 民宿: 2.5, 门票: 2, 农家乐: 2 },
    ['旅游签证'],
  ),
  rule(
    'labour-wages',
    {
      欠薪: 3,
      拖欠工资: 3,
      讨薪: 3,
      劳动合同: 3,
      加班费: 3,
      加班: 2,
      劳动权益: 2.5,
      劳动关系: 3,
      就业: 1.5,
      再就业: 2.5,
      职业培训: 3,
      技能培训: 2.5,
      职业技能: 3,
      工作时间: 2,
      带薪年假: 3,
      内退: 2.5,
      解除劳动: 3,
      劳务派遣: 3,
      工资: 2.5,
      农民工: 2.5,
      辞退: 2.5,
      用人单位: 2.5,
      经济补偿: 2,
      试用期: 2,
      职称: 2,
      招聘: 1.5,
      编制: 1.5,
    },
    ['教师工资'],
  ),
  rule('social-insurance', {
    社保: 3,
    社会保险: 3,
    养老保险: 3,
    养老金: 3,
    工伤保险: 3,
    失业保险: 3,
    失业金: 3,
    社保卡: 3,
    退休金: 3,
    职工养老: 3,
    视同缴费: 3,
    缴费年限: 2.5,
    退休: 2,
  }),
  rule('medical-insurance', {
    医保: 3,
    医疗保险: 3,
    新农合: 3,
    生育保险: 3,
    医保卡: 3,
    异地就医: 3,
    大病保险: 3,
    门诊统筹: 3,
    合作医疗: 3,
    农合: 3,
    定点医院: 2.5,
    报销比例: 3,
    套保: 3,
    骗保: 3,
    医保基金: 3,
    报销: 2,
    医疗费用: 1.5,
  }),
  rule('social-assistance', {
    低保: 3,
    五保: 3,
    特困: 3,
    养老院: 3,
    敬老院: 3,
    孤儿: 3,
    殡葬: 3,
    高龄补贴: 3,
    救助: 2.5,
    困难家庭: 2.5,
    养老服务: 2.5,
    婚姻登记: 2.5,
    残疾人: 2,
    残疾: 1.5,
    社区: 1,
  }),
  rule(
    'market-regulation',
    {
      市场监督: 3,
      市场监管: 3,
      传销: 3,
      虚假广告: 3,
      虚假宣传: 3,
      产品质量: 3,
      质量问题: 1.5,
      乱收费: 1.5,
      收费不合理: 1.5,
      商标: 3,
      假冒: 3,
      食品安全: 3,
      保健品: 3,
      垄断: 3,
      预付卡: 3,
      三无: 3,
      消费者: 2.5,
      计量: 2.5,
      特种设备: 3,
      检验检测: 2.5,
      资质认定: 2.5,
      物价: 2.5,
      直销: 2.5,
      工商: 2,
      广告: 2,
      食品: 2,
      欺诈: 2,
      退款: 2,
      营业执照: 2,
      过期: 2,
      价格: 1.5,
      药品: 1.5,
    },
    ['药品采购'],
  ),
  rule(
    'commerce',
    {
      贸易: 3,
      电子商务: 3,
      电商: 3,
      自由贸易: 3,
      外贸: 3,
      商务: 2.5,
      招商: 2.5,
      出口: 2.5,
      商业街: 2.5,
      商场: 2,
      农贸市场: 2,
      菜市场: 2,
      进口: 2,
      加油站: 2,
      服务业: 2,
      超市: 1,
    },
    ['保健品'],
  ),
  rule(
    'health-services',
    {
      医院: 3,
      卫生院: 3,
      诊所: 3,
      医疗事故: 3,
      医患: 3,
      疫苗: 3,
      公共卫生: 3,
      乡村医生: 3,
      传染病: 3,
      疾控: 3,
      艾滋病: 3,
      卫生局: 2,
      卫计: 2,
      医生: 2.5,
      看病: 2.5,
      护士: 2.5,
      手术: 2,
      卫生健康: 2,
      健康证: 2,
      医疗: 1.5,
      门诊: 1.5,
      药品: 1.5,
    },
    ['医保报销', '医疗保险报销'],
  ),
  rule(
    'family-planning',
    {
      计生: 3,
      计划生育: 3,
      独生子女: 3,
      超生: 3,
      准生证: 3,
      生育证: 3,
      失独: 3,
      社会抚养费: 3,
      结扎: 3,
      节育: 3,
      二孩: 2.5,
    },
    ['生育保险'],
  ),
  rule('public-security', {
    派出所: 3,
    民警: 3,
    报警: 3,
    交警: 3,
    户口: 3,
    户籍: 3,
    落户: 1.5,
    车管所: 3,
    上牌: 2.5,
    年检: 2,
    身份证: 3,
    赌博: 3,
    治安: 3,
    驾驶证: 3,
    交通违法: 3,
    涉黑: 3,
    公安: 2.5,
    警察: 2.5,
    打架: 2.5,
    诈骗: 2,
  }),
  rule(
    'agriculture',
    {
      化肥: 3,
      农药: 3,
      土地流转: 3,
      承包地: 3,
      农机: 3,
      惠农补贴: 3,
      动物防疫: 3,
      农业: 2.5,
      种植: 2.5,
      养殖: 2.5,
      农田: 2.5,
      种子: 2.5,
      合作社: 2.5,
      生猪: 2.5,
      渔业: 3,
      渔民: 2.5,
      畜牧: 2.5,
      耕种: 2,
      粮食: 2,
      村集体: 2,
      农村: 1.5,
      农民: 1,
    },
    ['农民工', '信用合作社', '信用社'],
  ),
];

/** Matters a county cannot settle on its own (分级负责). */
export const starterLevelRules: readonly LevelRule[] = [
  {
    id: 'metro-to-city',
    category: 'transport',
    phrases: ['地铁', '轨道交通', '城际铁路'],
    level: 'city',
    reason: '轨道交通由市级统一规划、建设和运营，县（市、区）无权处理。',
  },
  {
    id: 'expressway-to-province',
    category: 'transport',
    phrases: ['高速公路', '高速收费', '高速出口', '高速入口', '高速路口', 'ETC'],
    level: 'province',
    reason: '高速公路由省级交通运输主管部门统一管理。',
  },
  {
    id: 'gaokao-to-province',
    category: 'education',
    phrases: ['高考', '学历认证', '成人高考', '自学考试', '自考'],
    level: 'province',
    reason: '高考、自学考试和学历认证由省教育厅及省教育考试院负责。',
  },
  {
    id: 'medical-insurance-pooling-to-city',
    category: 'medical-insurance',
    phrases: ['市级统筹'],
    level: 'city',
    reason: '医疗保障实行市级统筹，统筹政策由设区市医疗保障部门负责。',
  },
  {
    id: 'housing-fund-to-city',
    category: 'housing-construction',
    phrases: ['公积金'],
    level: 'city',
    reason: '住房公积金由设区市住房公积金管理中心统一归集、管理和使用，县（市、区）为其分支机构。',
  },
  {
    id: 'expropriation-approval-to-province',
    category: 'land-expropriation',
    phrases: ['征地批复', '征收土地批复', '征地审批'],
    level: 'province',
    reason: '土地征收由省级人民政府批准，批复事项由省自然资源主管部门处理。',
  },
  {
    id: 'cross-county-to-city',
    phrases: ['跨区县', '跨县', '跨区', '多个区县', '全市范围'],
    level: 'city',
    reason: '事项涉及多个县（市、区），由设区市统筹处理。',
  },
  {
    id: 'cross-city-to-province',
    phrases: ['跨市', '多个地市', '全省范围'],
    level: 'province',
    reason: '事项涉及多个设区市，由省级统筹处理。',
  },
];

/**
 * Screening rules for the seven statutory channels (诉访分离). The guidance names the province's
 * online government service portal, hence the parameter.
 */
export function starterScreeningRules(servicePortal: string): ScreeningRule[] {
  return [
    {
      id: 'litigation',
      channel: 'litigation',
      phrases: ['起诉', '诉讼', '法院判决', '判决书', '上诉', '已立案', '申请再审', '强制执行'],
      guidance:
        '您反映的事项属于人民法院受理范围或已进入诉讼程序，依照诉访分离的规定不作为信访事项受理。请依法向有管辖权的人民法院提起诉讼、上诉、申请再审或申请执行；如需法律帮助，可向当地公共法律服务中心或法律援助机构申请。',
    },
    {
      id: 'arbitration',
      channel: 'arbitration',
      phrases: ['劳动仲裁', '仲裁委', '仲裁裁决', '申请仲裁', '仲裁'],
      guidance:
        '您反映的事项应通过仲裁途径解决。劳动人事争议请在知道或应当知道权利被侵害之日起一年内，向用人单位所在地或劳动合同履行地的劳动人事争议仲裁委员会申请仲裁；合同纠纷有仲裁协议的，请向约定的仲裁委员会申请仲裁。',
    },
    {
      id: 'administrative-licensing',
      channel: 'administrative_licensing',
      phrases: ['申请许可证', '办理许可证', '许可申请', '申请办理营业执照', '审批申请', '申请审批'],
      guidance: `您反映的事项属于行政许可申请，请通过${servicePortal}或当地政务服务中心向有权作出许可决定的行政机关提出申请；对许可决定不服的，可依法申请行政复议或提起行政诉讼。`,
    },
    {
      id: 'administrative-confirmation',
      channel: 'administrative_confirmation',
      phrases: ['工伤认定', '劳动能力鉴定', '伤残等级鉴定', '申请认定', '确权登记', '不动产首次登记'],
      guidance: `您反映的事项属于行政确认（如工伤认定、劳动能力鉴定、权属登记），请通过${servicePortal}或向有关行政机关依法提出申请；对确认结论不服的，可依法申请行政复议或提起行政诉讼。`,
    },
    {
      id: 'administrative-adjudication',
      channel: 'administrative_adjudication',
      phrases: ['权属争议', '土地权属', '山林权属', '林地纠纷', '林权纠纷', '申请裁决'],
      guidance:
        '您反映的土地、山林等权属争议应通过行政裁决解决，请向争议所在地的县级以上人民政府或其授权的部门申请处理；对处理决定不服的，可依法申请行政复议或提起行政诉讼。',
    },
    {
      id: 'administrative-payment',
      channel: 'administrative_payment',
      phrases: ['申请低保', '申请救助', '申领抚恤金', '申请补助', '申领待遇', '申请最低生活保障'],
      guidance: `您反映的事项属于行政给付申请（如最低生活保障、临时救助、抚恤金、社会保险待遇），请通过${servicePortal}或向户籍所在地乡镇（街道）及民政、人力社保等部门提出申请；对给付决定不服的，可依法申请行政复议或提起行政诉讼。`,
    },
    {
      id: 'administrative-reconsideration',
      channel: 'administrative_reconsideration',
      phrases: ['行政复议', '申请复议', '复议决定', '不服处罚决定', '撤销处罚决定'],
      guidance:
        '您对行政机关的行政行为不服，请自知道该行政行为之日起六十日内，向有管辖权的县级以上地方人民政府（行政复议机关）申请行政复议，或依法提起行政诉讼。',
    },
  ];
}
