/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), as this platform serves it to
 * partner apps: the parameters of `POST requests.json` and of the request queries, after form or
 * JSON bodies are flattened into one map of strings (`attribute[region_code]` stays one key).
 * Version 1 of the platform's profile of the specification.
 */
import '../domain/zod-messages.js';
import * as z from 'zod/mini';
import { hasVisibleText } from '../domain/intake/normalise.js';

const optionalText = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max)));
const coordinate = (limit: number) =>
  z.optional(z.pipe(z.coerce.number(), z.number().check(z.gte(-limit), z.lte(limit))));

/** `POST requests.json`: one petition. `attribute[…]` values are checked against the service's definition. */
export const open311RequestSchema = z.object({
  service_code: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  description: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(4_000),
      z.refine<string>(hasVisibleText, { message: 'has no visible text' }),
    ),
  first_name: optionalText(32),
  last_name: optionalText(32),
  phone: z.string().check(z.trim(), z.minLength(5), z.maxLength(32)),
  email: z.optional(z.email()),
  address_string: optionalText(200),
  address_id: optionalText(64),
  lat: coordinate(90),
  long: coordinate(180),
  media_url: z.optional(z.url()),
  device_id: optionalText(128),
  account_id: optionalText(128),
});
export type Open311Request = z.infer<typeof open311RequestSchema>;

const w3cDateTime = z.iso.datetime({ offset: true });
/** A comma-delimited list, as the specification passes several values in one parameter. */
const commaList = () =>
  z.pipe(
    z.string(),
    z.transform((text: string) =>
      text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  );
export const trackingNumberSchema = z.string().check(z.regex(/^XF\d{14}$/, 'expected a tracking number'));

/** `GET requests.json`: the specification's filters. */
export const open311QuerySchema = z.object({
  service_request_id: z.optional(z.pipe(commaList(), z.array(trackingNumberSchema).check(z.maxLength(50)))),
  service_code: z.optional(commaList()),
  start_date: z.optional(w3cDateTime),
  end_date: z.optional(w3cDateTime),
  status: z.optional(z.pipe(commaList(), z.array(z.enum(['open', 'closed'])))),
});
export type Open311Query = z.infer<typeof open311QuerySchema>;

/** One request as `GET requests…` answers it (field names from the specification). */
export interface Open311ServiceRequest {
  readonly service_request_id: string;
  readonly status: 'open' | 'closed';
  readonly status_notes: string;
  readonly service_name: string;
  readonly service_code: string;
  readonly description: string;
  readonly agency_responsible: string;
  readonly service_notice: string;
  readonly requested_datetime: string;
  readonly updated_datetime: string;
  readonly expected_datetime?: string;
  readonly address?: string;
  readonly lat?: number;
  readonly long?: number;
  readonly media_url?: string;
  /** This platform's stage of the case, beyond the specification's open / closed. */
  readonly extended_attributes: { readonly stage: string; readonly stage_label: string };
}
