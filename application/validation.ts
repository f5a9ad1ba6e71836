/**
 * Parsing what arrives from outside with a schema, refusing with every failing field named. The
 * HTTP edge, the queue consumers and the use cases that complete commands all parse this way.
 */
import type * as z from 'zod/mini';
import { type FieldProblem, InvalidRequestError } from './errors.js';

/** The schema issues as `field: problem` pairs, so a sender can fix every field at once. */
export function problemsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldProblem[] {
  return issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    problem: issue.message,
  }));
}

/** The value parsed by the schema, or an InvalidRequestError naming each failing field. */
export function parseOrRefuse<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  what = 'body',
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidRequestError(problemsOf(parsed.error.issues), what);
  return parsed.data;
}
