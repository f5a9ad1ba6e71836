/**
 * Checks the requests and responses an end-to-end suite exchanged against the platform's own
 * OpenAPI document (`GET /openapi.json`): each matches a described operation; a request the
 * platform took (2xx) matches its parameters and body; every response matches the schema of its
 * status, error bodies included.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Exchange } from './e2e-client.js';

interface Operation {
  readonly parameters?: readonly { name: string; in: string; required?: boolean; schema?: object }[];
  readonly requestBody?: { content: { 'application/json': { schema?: object } } };
  readonly responses: Record<string, { content?: { 'application/json': { schema?: object } } }>;
}

interface Document {
  readonly paths: Record<string, Record<string, Operation>>;
}

/** Every way the exchanges differ from the document, one line each; empty when they all match. */
export function mismatches(document: Document, exchanges: readonly Exchange[]): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const check = (schema: object | undefined, value: unknown, what: string): string[] => {
    if (!schema) return [];
    const validate = ajv.compile(schema);
    return validate(value)
      ? []
      : [`${what}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(value).slice(0, 300)}`];
  };
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    names: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
    pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '([^/]+)')}$`),
  }));
  const problems: string[] = [];
  for (const x of exchanges) {
    const url = new URL(x.path, 'http://api');
    if (url.pathname.startsWith('/_local/')) continue;
    const what = `${x.method} ${x.path} → ${x.status}`;
    const found = templates.find((t) => t.pattern.test(url.pathname));
    const operation = found && document.paths[found.template]?.[x.method.toLowerCase()];
    if (!found || !operation) {
      problems.push(`${what}: no such operation in the document`);
      continue;
    }
    if (x.status < 300) {
      const values = found.pattern.exec(url.pathname)!.slice(1).map(decodeURIComponent);
      for (const p of operation.parameters ?? []) {
        const value =
          p.in === 'path'
            ? values[found.names.indexOf(p.name)]
            : p.in === 'query'
              ? (url.searchParams.get(p.name) ?? undefined)
              : undefined;
        if (p.in !== 'path' && p.in !== 'query') continue;
        if (value === undefined) {
          if (p.required) problems.push(`${what}: required ${p.in} parameter ${p.name} missing`);
          continue;
        }
        problems.push(...check(p.schema, value, `${what}: ${p.in} parameter ${p.name}`));
      }
      const body = operation.requestBody?.content['application/json'].schema;
      if (x.requestBody !== undefined && !operation.requestBody)
        problems.push(`${what}: a request body the document does not describe`);
      problems.push(...check(body, x.requestBody, `${what}: request body`));
    }
    const response = operation.responses[String(x.status)];
    if (!response) {
      problems.push(`${what}: status ${x.status} not described`);
      continue;
    }
    problems.push(
      ...check(response.content?.['application/json'].schema, x.responseBody, `${what}: response body`),
    );
  }
  return problems;
}
