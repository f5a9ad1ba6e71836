import { defaultDeadlineRules } from '../domain/deadlines/defaults.js';
import { defaultSmsTemplates } from '../domain/notifications/sms-templates.js';
import type { ProvinceConfig, Region } from '../domain/province/schema.js';
import { loadProvinceConfig } from '../domain/province/validate.js';
import {
  categories,
  generateUnits,
  starterKeywordRules,
  starterLevelRules,
  starterScreeningRules,
  starterTopicMap,
} from './common.js';

const city = (code: string, name: string): Region => ({ code, name, level: 'city', parentCode: '330000' });
const county = (code: string, name: string, parentCode: string): Region => ({
  code,
  name,
  level: 'county',
  parentCode,
});

/**
 * Zhejiang's divisions (GB/T 2260, current codes): the province, its 11 cities, and the districts
 * and counties of Hangzhou (after the 2021 reorganisation) and Ningbo. Counties of the other
 * cities are added when those cities go live on the platform.
 */
const regions: Region[] = [
  { code: '330000', name: '浙江省', level: 'province' },
  city('330100', '杭州市'),
  city('330200', '宁波市'),
  city('330300', '温州市'),
  city('330400', '嘉兴市'),
  city('330500', '湖州市'),
  city('330600', '绍兴市'),
  city('330700', '金华市'),
  city('330800', '衢州市'),
  city('330900', '舟山市'),
  city('331000', '台州市'),
  city('331100', '丽水市'),
  county('330102', '上城区', '330100'),
  county('330105', '拱墅区', '330100'),
  county('330106', '西湖区', '330100'),
  county('330108', '滨江区', '330100'),
  county('330109', '萧山区', '330100'),
  county('330110', '余杭区', '330100'),
  county('330111', '富阳区', '330100'),
  county('330112', '临安区', '330100'),
  county('330113', '临平区', '330100'),
  county('330114', '钱塘区', '330100'),
  county('330122', '桐庐县', '330100'),
  county('330127', '淳安县', '330100'),
  county('330182', '建德市', '330100'),
  county('330203', '海曙区', '330200'),
  county('330205', '江北区', '330200'),
  county('330206', '北仑区', '330200'),
  county('330211', '镇海区', '330200'),
  county('330212', '鄞州区', '330200'),
  county('330213', '奉化区', '330200'),
  county('330225', '象山县', '330200'),
  county('330226', '宁海县', '330200'),
  county('330281', '余姚市', '330200'),
  county('330282', '慈溪市', '330200'),
];

const units = generateUnits(regions, [
  {
    organId: '330000-zhujian',
    suffix: 'fangdichan',
    name: '房地产市场监管处',
    categories: ['housing-construction'],
  },
  { organId: '330100-renshe', suffix: 'laodongguanxi', name: '劳动关系处', categories: ['labour-wages'] },
  { organId: '330106-zhujian', suffix: 'wuye', name: '物业管理科', categories: ['property-management'] },
  {
    organId: '330106-zhujian',
    suffix: 'jianzhu',
    name: '建筑业管理科',
    categories: ['housing-construction'],
  },
  { organId: '330212-renshe', suffix: 'laodongguanxi', name: '劳动关系科', categories: ['labour-wages'] },
]);

/** Zhejiang (浙江省, 330000), the province the platform was first built for. */
export const zhejiang: ProvinceConfig = loadProvinceConfig({
  province: { id: 'zhejiang', name: '浙江省', regionCode: '330000' },
  regions,
  categories,
  units,
  routing: {
    minConfidence: 0.5,
    keywordRules: starterKeywordRules,
    topicMap: starterTopicMap,
    levelRules: [
      ...starterLevelRules,
      {
        id: 'qiantang-river-to-city',
        category: 'environment-pollution',
        phrases: ['钱塘江', '富春江', '千岛湖'],
        level: 'city',
        reason: '钱塘江、富春江干流及千岛湖水环境跨区县，由杭州市统筹处理。',
      },
    ],
  },
  screening: starterScreeningRules('浙江政务服务网（浙里办）'),
  repeat: { similarityThreshold: 0.6, ngramSize: 2, lookbackDays: 365 },
  deadlines: defaultDeadlineRules,
  calendar: { timeZone: 'Asia/Shanghai', years: [] },
  escalation: { supervisionAfterOverdueDays: 3, accountabilityAfterOverdueDays: 7 },
  evaluation: { smsReplyCodes: { '1': 'satisfied', '2': 'basically_satisfied', '3': 'dissatisfied' } },
  // The signature and templates registered with the SMS provider. The shipped wording is under
  // UNREGISTERED_ codes until the bureau's registration is approved: put the provider's codes here
  // then (docs/deploy-a-province.md, "SMS signature and templates"; `npm run sms-templates`).
  sms: { signName: '浙江信访', templates: defaultSmsTemplates },
});
