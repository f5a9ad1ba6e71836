/**
 * Invoking a function in-process the way Lambda does: one invocation at a time per call, a
 * Lambda `Context` with the function's deadline, and the function's timeout enforced (the
 * invocation fails; the promise it left behind is still tracked so a stop waits for it).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../topology.js';

/** A handler as the factories return it (middy-wrapped or plain). */
export type LocalHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Counts work in progress, so a stop can wait for it and a drain can tell it is over. */
export class Activity {
  #running = 0;
  #started = 0;
  #idleWaiters: (() => void)[] = [];

  /** Invocations running now. */
  get running(): number {
    return this.#running;
  }

  /** Invocations ever started: a drain check compares it before and after reading the queues. */
  get started(): number {
    return this.#started;
  }

  /** Marks work as started; call the returned function when it is over (exactly once). */
  begin(): () => void {
    this.#running++;
    this.#started++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#running--;
      if (this.#running === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    };
  }

  /** Resolves once nothing is running. */
  idle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}

const invocation = new AsyncLocalStorage<string>();

/**
 * The name of the function whose invocation the caller runs in, if any: lets an observer of the
 * SDK clients (the benchmark's capacity meter) say which function made a call.
 */
export function currentFunction(): string | undefined {
  return invocation.getStore();
}

class FunctionTimeoutError extends Error {
  constructor(functionName: string, seconds: number) {
    super(`${functionName} timed out after ${seconds} s`);
    this.name = 'FunctionTimeoutError';
  }
}

function lambdaContext(spec: FunctionSpec, region: string, deadlineMs: number): Context {
  const requestId = randomUUID();
  const unsupported = () => {
    throw new Error('callback-style context methods are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: spec.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${spec.name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** Calls `handler` with a Lambda context, failing with {@link FunctionTimeoutError} at the timeout. */
export async function invoke(
  spec: FunctionSpec,
  handler: LocalHandler,
  event: unknown,
  options: { readonly region: string; readonly activity: Activity },
): Promise<unknown> {
  const timeoutMs = spec.timeoutSeconds * 1000;
  const end = options.activity.begin();
  const running = Promise.resolve()
    .then(() =>
      invocation.run(spec.name, () =>
        handler(event, lambdaContext(spec, options.region, Date.now() + timeoutMs)),
      ),
    )
    .finally(end);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FunctionTimeoutError(spec.name, spec.timeoutSeconds)), timeoutMs);
  });
  try {
    return await Promise.race([running, timeout]);
  } finally {
    clearTimeout(timer);
    // A timed-out invocation keeps running in the background: swallow its late outcome.
    running.catch(() => {});
  }
}
