import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { withLambdaContext } from './lambda-context.js';
import type { LambdaAwareLogger } from './logger.js';

/**
 * A function an EventBridge schedule runs: the run's report is its result. The schedule's event
 * carries nothing the run needs, so a sweep may also be run by hand with no arguments.
 */
export function scheduledFunction<R>(
  run: () => Promise<R>,
  logger: LambdaAwareLogger,
): (event?: ScheduledEvent, context?: Context) => Promise<R> {
  const handler = withLambdaContext(
    middy<ScheduledEvent | undefined, R>(() => run()),
    logger,
  );
  return (event, context) => handler(event, context ?? ({} as Context));
}
