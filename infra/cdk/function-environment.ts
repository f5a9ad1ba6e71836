/**
 * The environment of one function, from its topology access and the province's deployment. A
 * function gets only the variables its access implies, so a missing grant shows up as a missing
 * variable at cold start (functions/runtime/environment.ts) instead of an AccessDenied later.
 */
import type { FunctionAccess, QueueName } from '../topology.js';
import { queueUrlVariable } from './names.js';

/** Resolved values (CloudFormation tokens on AWS) the variables are set from. */
export interface EnvironmentValues {
  readonly province: string;
  readonly publicBaseUrl: string;
  readonly tableName: string;
  readonly dueShards: number;
  readonly queueUrls: Readonly<Record<QueueName, string>>;
  readonly eventBusName: string;
  readonly eventSource: string;
  readonly webWebhookSecretId: string;
  readonly smsWebhookSecretId: string;
  readonly personalDataKeysCiphertext: string;
  readonly smsSenderId: string;
}

/** Variables a function receives whatever its access. */
export const alwaysSet = ['PROVINCE', 'PUBLIC_BASE_URL', 'NODE_OPTIONS'] as const;

/** The variables for a function with `access`. */
export function functionEnvironment(
  access: FunctionAccess,
  values: EnvironmentValues,
): Record<string, string> {
  const environment: Record<string, string> = {
    PROVINCE: values.province,
    PUBLIC_BASE_URL: values.publicBaseUrl,
    // Stack traces point into the TypeScript sources through the bundled source map.
    NODE_OPTIONS: '--enable-source-maps',
  };
  if (access.table !== 'none') {
    environment['TABLE_NAME'] = values.tableName;
    environment['DUE_SHARDS'] = String(values.dueShards);
  }
  for (const queue of access.sendTo) environment[queueUrlVariable(queue)] = values.queueUrls[queue];
  if (access.publishEvents) {
    environment['EVENT_BUS_NAME'] = values.eventBusName;
    environment['EVENT_SOURCE'] = values.eventSource;
  }
  if (access.webhookSecrets) {
    environment['WEB_WEBHOOK_SECRET_ID'] = values.webWebhookSecretId;
    environment['SMS_WEBHOOK_SECRET_ID'] = values.smsWebhookSecretId;
  }
  if (access.personalDataKey !== 'none') {
    environment['PERSONAL_DATA_KEYS_CIPHERTEXT'] = values.personalDataKeysCiphertext;
  }
  if (access.sendsSms) environment['SMS_SENDER_ID'] = values.smsSenderId;
  return environment;
}
