import type { Context } from 'aws-lambda';
import { buildDependencies, type Dependencies } from './dependencies.js';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The Lambda entry of a function: builds the dependencies from the environment once per cold
 * start, then hands every invocation to the handler the factory made. The local runtime calls the
 * factory itself with its own dependencies and never uses this.
 */
export function onLambda<E, R>(factory: (deps: Dependencies) => Handler<E, R>): Handler<E, R> {
  let handler: Promise<Handler<E, R>> | undefined;
  return async (event, context) => {
    handler ??= buildDependencies(process.env).then(factory);
    return (await handler)(event, context);
  };
}
