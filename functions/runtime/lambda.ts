import type { Context } from 'aws-lambda';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The Lambda entry of a function: composes its ports once per container (on the first
 * invocation), then hands every invocation to the handler `create` makes from them. A composition
 * that fails (a KMS or Secrets Manager throttle at cold start) is not kept: the next invocation
 * composes again, instead of the container failing every request until it is recycled.
 */
export function onLambda<P, E, R>(
  compose: () => Promise<P>,
  create: (ports: P) => Handler<E, R>,
): Handler<E, R> {
  let handler: Promise<Handler<E, R>> | undefined;
  return async (event, context) => {
    handler ??= compose().then(create);
    const composing = handler;
    let ready: Handler<E, R>;
    try {
      ready = await composing;
    } catch (error) {
      if (handler === composing) handler = undefined;
      throw error;
    }
    return ready(event, context);
  };
}
