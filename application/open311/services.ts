/**
 * The province's categories as Open311 services (GeoReport v2 `services.json` and
 * `services/{service_code}.json`). A petition needs a region (属地管理) that a street report does
 * not: every service declares a required `region_code` attribute, a single-value list of the
 * province's administrative divisions. Coordinates are kept as the partner sent them but never
 * used to choose a region, because the platform holds no division boundaries to test them against
 * (docs/decisions/0016-petitioner-portal-and-open311.md).
 */
import type { Category, ProvinceConfig } from '../../domain/province/schema.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';

export interface Open311Service {
  readonly service_code: string;
  readonly service_name: string;
  readonly description: string;
  readonly metadata: boolean;
  readonly type: 'realtime';
  readonly keywords: string;
  readonly group: string;
}

export interface Open311Attribute {
  readonly variable: true;
  readonly code: string;
  readonly datatype: 'string' | 'text' | 'singlevaluelist';
  readonly required: boolean;
  readonly datatype_description: string;
  readonly order: number;
  readonly description: string;
  readonly values?: readonly { readonly key: string; readonly name: string }[];
}

/** The attributes every service takes: where the matter is, and what a petition needs beyond a street report. */
function serviceAttributes(config: Pick<ProvinceConfig, 'regions'>): readonly Open311Attribute[] {
  return [
    {
      variable: true,
      code: 'region_code',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: '行政区划代码（GB/T 2260，6位）',
      order: 1,
      description: '事项发生地所在的县（市、区），决定属地管理的承办机关',
      values: config.regions.map((r) => ({ key: r.code, name: r.name })),
    },
    {
      variable: true,
      code: 'title',
      datatype: 'string',
      required: false,
      datatype_description: '不超过200字；不填时取描述的前30字',
      order: 2,
      description: '信件标题',
    },
    {
      variable: true,
      code: 'id_number',
      datatype: 'string',
      required: false,
      datatype_description: '18位居民身份证号码',
      order: 3,
      description: '信访人身份证号码（选填，用于识别重复信访）',
    },
  ];
}

function keywordsOf(config: Pick<ProvinceConfig, 'routing'>, category: Category): string {
  return config.routing.keywordRules
    .filter((r) => r.category === category.id)
    .flatMap((r) => r.phrases)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 8)
    .map((p) => p.text)
    .join(',');
}

/** `services.json`: one service per category, grouped by topic, with the words that route to it. */
export function serviceList(
  config: Pick<ProvinceConfig, 'categories' | 'routing'>,
): readonly Open311Service[] {
  return config.categories.map((category) => ({
    service_code: category.id,
    service_name: category.name,
    description: `${category.topic}类信访事项：${category.name}`,
    metadata: true,
    type: 'realtime',
    keywords: keywordsOf(config, category),
    group: category.topic,
  }));
}

/** The category a service code names; 404 in the specification's terms otherwise. */
export function serviceFor(config: Pick<ProvinceConfig, 'categories'>, serviceCode: string): Category {
  const category = config.categories.find((c) => c.id === serviceCode);
  if (!category) throw new NotFoundError('service_not_found', `service_code ${serviceCode} not found`);
  return category;
}

/** `services/{service_code}.json` */
export function serviceDefinition(
  config: Pick<ProvinceConfig, 'categories' | 'regions'>,
  serviceCode: string,
) {
  return { service_code: serviceFor(config, serviceCode).id, attributes: serviceAttributes(config) };
}

/** The attribute values of a request, checked against the definition (required, list values, length). */
export function checkedAttributes(
  config: Pick<ProvinceConfig, 'regions'>,
  given: Readonly<Record<string, string>>,
): { regionCode: string; title?: string; idNumber?: string } {
  const problems: { field: string; problem: string }[] = [];
  for (const attribute of serviceAttributes(config)) {
    const value = given[attribute.code]?.trim();
    const field = `attribute[${attribute.code}]`;
    if (!value) {
      if (attribute.required) problems.push({ field, problem: `required (${attribute.description})` });
    } else if (attribute.values && !attribute.values.some((v) => v.key === value)) {
      problems.push({ field, problem: `${value} is not one of the service definition's values` });
    } else if (value.length > 200) problems.push({ field, problem: 'at most 200 characters' });
  }
  for (const code of Object.keys(given))
    if (!serviceAttributes(config).some((a) => a.code === code))
      problems.push({ field: `attribute[${code}]`, problem: 'not an attribute of this service' });
  if (problems.length > 0) throw new InvalidRequestError(problems);
  const title = given['title']?.trim();
  const idNumber = given['id_number']?.trim();
  return {
    regionCode: (given['region_code'] as string).trim(),
    ...(title ? { title } : {}),
    ...(idNumber ? { idNumber } : {}),
  };
}

/** When this platform's Open311 profile last changed (the discovery document's `changeset`). */
const open311Changeset = '2026-12-02T00:00:00+08:00';

/** `discovery.json`: where the endpoint is and how a partner gets a key. */
export function discovery(config: Pick<ProvinceConfig, 'province'>, publicBaseUrl: string) {
  return {
    changeset: open311Changeset,
    contact: `${config.province.name}信访局（合作方接入请联系省信访局信息中心）`,
    key_service: `向${config.province.name}信访局申请合作方密钥（api_key），每个密钥有各自的调用频率限制`,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${publicBaseUrl}/open311/v2`,
        changeset: open311Changeset,
        type: 'production',
        formats: ['application/json'],
      },
    ],
  };
}
