/**
 * SMS templates as mainland providers hold them (短信模板): a body with named parameters `${name}`,
 * registered and approved once, then sent as a template code plus the parameters' values under the
 * registered signature (短信签名). The platform renders a message exactly as the provider will, so
 * the text it records (and the local outbox shows) is the text the petitioner receives.
 */

/** A template's parameter names, in order of first appearance. */
export function templateParameters(body: string): string[] {
  return [...new Set([...body.matchAll(/\$\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!))];
}

/** A template was given parameters that do not fit it. */
export class SmsTemplateMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsTemplateMismatchError';
  }
}

/**
 * The text a provider sends for `body` with `params` under `signName`: `【signName】` and the body with
 * each `${name}` replaced by its value. Every parameter must be given, and no other.
 * @throws SmsTemplateMismatchError naming the missing or unknown parameters
 */
export function renderSms(signName: string, body: string, params: Readonly<Record<string, string>>): string {
  const expected = templateParameters(body);
  const missing = expected.filter((name) => !Object.hasOwn(params, name));
  const unknown = Object.keys(params).filter((name) => !expected.includes(name));
  if (missing.length > 0 || unknown.length > 0)
    throw new SmsTemplateMismatchError(
      `template parameters do not fit: missing ${missing.join(', ') || 'none'}; unknown ${unknown.join(', ') || 'none'}`,
    );
  return `【${signName}】${body.replace(/\$\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_, name: string) => params[name]!)}`;
}
