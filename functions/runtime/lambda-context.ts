import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type middy from '@middy/core';
import type { LambdaAwareLogger } from './logger.js';

/** Adds the request id and cold start to every log line of an invocation, on Lambda. */
export function withLambdaContext<E, R>(
  handler: middy.MiddyfiedHandler<E, R>,
  logger: LambdaAwareLogger,
): middy.MiddyfiedHandler<E, R> {
  return logger.powertools ? handler.use(injectLambdaContext(logger.powertools)) : handler;
}
