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

/** A deliberately small division list: enough to prove a second province deploys side by side. */
const regions: Region[] = [
  { code: '340000', name: '安徽省', level: 'province' },
  { code: '340100', name: '合肥市', level: 'city', parentCode: '340000' },
  { code: '340102', name: '瑶海区', level: 'county', parentCode: '340100' },
  { code: '340103', name: '庐阳区', level: 'county', parentCode: '340100' },
  { code: '340104', name: '蜀山区', level: 'county', parentCode: '340100' },
];

const units = generateUnits(regions, [
  { organId: '340104-zhujian', suffix: 'wuye', name: '物业管理科', categories: ['property-management'] },
]);

/** Anhui (安徽省, 340000): a second, small province with Hefei and three of its districts. */
export const anhui: ProvinceConfig = loadProvinceConfig({
  province: { id: 'anhui', name: '安徽省', regionCode: '340000' },
  regions,
  categories,
  units,
  routing: {
    minConfidence: 0.5,
    keywordRules: starterKeywordRules,
    levelRules: starterLevelRules,
    topicMap: starterTopicMap,
  },
  screening: starterScreeningRules('安徽政务服务网（皖事通办）'),
  repeat: { similarityThreshold: 0.6, ngramSize: 2 },
  deadlines: defaultDeadlineRules,
  calendar: { timeZone: 'Asia/Shanghai', years: [] },
  // The signature and templates registered with the SMS provider. The shipped wording is under
  // UNREGISTERED_ codes until the bureau's registration is approved: put the provider's codes here
  // then (docs/deploy-a-province.md, "SMS signature and templates"; `npm run sms-templates`).
  sms: { signName: '安徽信访', templates: defaultSmsTemplates },
});
