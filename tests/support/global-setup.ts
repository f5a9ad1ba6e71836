/**
 * Vitest global setup: ONE DynamoDB Local for the whole run. Tests read its endpoint with
 * `inject('dynamoEndpoint')` and create their own uniquely named tables on it.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from './dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The harness also kills the JVM if the run exits or is interrupted before teardown.
  const engine = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', engine.endpoint);
  return async () => {
    await engine.stop();
  };
}
