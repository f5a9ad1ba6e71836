import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Env, optional, required } from '../../runtime/environment.js';
import { meterCapacity } from './capacity-meter.js';

const clients = new Map<string, { raw: DynamoDBClient; document: DynamoDBDocumentClient }>();

function clientsFor(env: Env) {
  const region = optional(env, 'AWS_REGION') ?? 'cn-north-1';
  const endpoint = optional(env, 'AWS_ENDPOINT_URL_DYNAMODB');
  const key = `${region} ${endpoint ?? ''}`;
  let pair = clients.get(key);
  if (!pair) {
    const raw = new DynamoDBClient({ region, ...(endpoint ? { endpoint } : {}) });
    meterCapacity(raw);
    pair = {
      raw,
      document: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    };
    clients.set(key, pair);
  }
  return pair;
}

/**
 * The document client of a function's table, built once per region and endpoint and shared by
 * every DynamoDB adapter the function composes (on Lambda, once per container).
 */
export function documentClient(env: Env): DynamoDBDocumentClient {
  return clientsFor(env).document;
}

/** The plain client under the document client, for libraries that marshal items themselves. */
export function dynamoDbClient(env: Env): DynamoDBClient {
  return clientsFor(env).raw;
}

/** The table a function was granted. */
export function tableName(env: Env): string {
  return required(env, 'TABLE_NAME');
}

/** A document client with explicit settings (tests, tools), not shared. */
export function createDocumentClient(
  config: ConstructorParameters<typeof DynamoDBClient>[0] = {},
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
