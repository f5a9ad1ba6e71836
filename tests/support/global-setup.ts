/**
 * Vitest global setup: ONE DynamoDB Local for the whole run. Tests read its endpoint with
 * `inject('dynamoEndpoint')` and create their own uniquely named tables on it. The staff console
 * is built first when its sources changed (the browser and bundle-size tests read the build),
 * once for the run rather than by test files racing each other.
 */
import type { TestProject } from 'vitest/node';
import { ensureConsoleBuilt } from '../../infra/local/console-build.js';
import { startDynamoDbLocal } from './dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The harness also kills the JVM if the run exits or is interrupted before teardown.
  const [engine] = await Promise.all([
    startDynamoDbLocal(),
    ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`)),
  ]);
  project.provide('dynamoEndpoint', engine.endpoint);
  return async () => {
    await engine.stop();
  };
}
