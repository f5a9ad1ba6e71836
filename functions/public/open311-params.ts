/**
 * The parameters of an Open311 call as one map of strings: the query, and for a POST the body,
 * form-encoded (as the specification sends it) or JSON (an `attribute` object or flat
 * `attribute[code]` keys). Attributes come apart from the other fields.
 */
import { HttpError, type HttpEvent, header, parseJson, rawBody } from '../runtime/http.js';

export interface Open311Params {
  readonly fields: Readonly<Record<string, string>>;
  readonly attributes: Readonly<Record<string, string>>;
}

const maxBodyBytes = 64 * 1024;

function bodyFields(event: HttpEvent): Record<string, string> {
  const text = rawBody(event);
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes)
    throw new HttpError(413, 'payload_too_large', `body is larger than ${maxBodyBytes} bytes`);
  const type = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type !== 'application/json')
    throw new HttpError(
      415,
      'unsupported_media_type',
      'send the request form-encoded (application/x-www-form-urlencoded) or as application/json',
    );
  const parsed = parseJson(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new HttpError(400, 'invalid_json', 'the JSON body must be an object of parameters');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (name === 'attribute' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [code, v] of Object.entries(value)) fields[`attribute[${code}]`] = String(v);
    } else if (value !== null && typeof value !== 'object') fields[name] = String(value);
  }
  return fields;
}

export function open311Params(event: HttpEvent): Open311Params {
  const all: Record<string, string> = {
    ...(event.queryStringParameters as Record<string, string> | undefined),
    ...(event.requestContext.http.method === 'POST' ? bodyFields(event) : {}),
  };
  const fields: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) {
    const attribute = /^attribute\[([A-Za-z0-9_-]+)\]$/.exec(name);
    if (attribute) attributes[attribute[1] as string] = value;
    else fields[name] = value;
  }
  return { fields, attributes };
}

/** `property-management.json` → `property-management`; another format is refused. */
export function jsonResource(file: string | undefined, what: string): string {
  const match = /^(.+)\.json$/.exec(file ?? '');
  if (!match)
    throw new HttpError(
      400,
      'unsupported_format',
      `${what}: only the JSON format is served (end the path in .json)`,
    );
  return match[1] as string;
}
