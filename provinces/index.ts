import type { ProvinceConfig } from '../domain/province/schema.js';
import { anhui } from './anhui.js';
import { zhejiang } from './zhejiang.js';

/** Every shipped province configuration, by province id. */
export const provinces: Readonly<Record<string, ProvinceConfig>> = Object.freeze({
  [zhejiang.province.id]: zhejiang,
  [anhui.province.id]: anhui,
});

/**
 * The configuration of one province, e.g. from the deployment's `PROVINCE` setting.
 * @throws Error naming the known ids when the id is not shipped
 */
export function provinceConfig(id: string): ProvinceConfig {
  const config = Object.hasOwn(provinces, id) ? provinces[id] : undefined;
  if (config === undefined) {
    throw new Error(`Unknown province '${id}'; known provinces: ${Object.keys(provinces).sort().join(', ')}`);
  }
  return config;
}
