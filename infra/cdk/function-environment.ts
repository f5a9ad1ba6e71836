/**
 * The environment of one function, from its topology access and the deployment (on AWS) or the
 * local runtime. A function gets only the variables its access implies, so a missing grant shows
 * up as a missing variable at cold start (functions/runtime/environment.ts) instead of an
 * AccessDenied later, on AWS and locally alike: the local runtime builds every function's
 * environment with this same function.
 */
import type { Variable } from '../../functions/runtime/environment.js';
import type { FunctionAccess, QueueName } from '../topology.js';
import { deadLetterQueueUrlVariable, queueUrlVariable } from './names.js';

/** Resolved values (CloudFormation tokens on AWS) the variables are set from. */
export interface EnvironmentValues {
  readonly province: string;
  /** Where the function finds the province configuration: beside its code on AWS, under `.data/` locally. */
  readonly provinceConfigFile: string;
  /** Where the routing function finds the trained topic model: beside its code on AWS, in `models/` locally. */
  readonly routingModelFile: string;
  readonly publicBaseUrl: string;
  readonly tableName: string;
  readonly dueShards: number;
  readonly queueUrls: Readonly<Record<QueueName, string>>;
  readonly deadLetterQueueUrls: Readonly<Record<QueueName, string>>;
  readonly eventBusName: string;
  readonly eventSource: string;
  /** On AWS the secrets' ids in Secrets Manager; locally the secrets themselves. */
  readonly webhookSecrets:
    | { readonly kind: 'secrets-manager'; readonly webId: string; readonly smsId: string }
    | { readonly kind: 'inline'; readonly web: string; readonly sms: string };
  /** On AWS the data keys as one KMS ciphertext; locally a key file. */
  readonly personalDataKeys:
    | { readonly kind: 'kms'; readonly ciphertext: string }
    | { readonly kind: 'file'; readonly path: string };
  /** The SMS provider: SNS with its sender id, or Alibaba Cloud SMS with its credentials' secret. */
  readonly sms:
    | { readonly kind: 'sns'; readonly senderId: string }
    | { readonly kind: 'aliyun'; readonly credentialsSecretId: string; readonly endpoint?: string };
  /** On AWS the Open311 partner keys secret's id; locally one partner's key. */
  readonly open311PartnerKeys:
    | { readonly kind: 'secrets-manager'; readonly secretId: string }
    | { readonly kind: 'inline'; readonly apiKey: string };
  /** Variables of the engines the function talks to, other than AWS (locally: DynamoDB Local, fauxqs). */
  readonly endpoints?: Readonly<
    Partial<Record<'AWS_ENDPOINT_URL_DYNAMODB' | 'AWS_ENDPOINT_URL_SQS', string>>
  >;
}

/** Variables a function receives whatever its access. */
export const alwaysSet = ['PROVINCE', 'PUBLIC_BASE_URL', 'NODE_OPTIONS'] as const;

/** The variables for a function with `access`. */
export function functionEnvironment(
  access: FunctionAccess,
  values: EnvironmentValues,
): Partial<Record<Variable | 'NODE_OPTIONS', string>> {
  const environment: Partial<Record<Variable | 'NODE_OPTIONS', string>> = {
    PROVINCE: values.province,
    PUBLIC_BASE_URL: values.publicBaseUrl,
    // Stack traces point into the TypeScript sources through the bundled source map.
    NODE_OPTIONS: '--enable-source-maps',
  };
  if (access.province) environment.PROVINCE_CONFIG_FILE = values.provinceConfigFile;
  if (access.routingModel) environment.ROUTING_MODEL_FILE = values.routingModelFile;
  if (access.table !== 'none') {
    environment.TABLE_NAME = values.tableName;
    environment.DUE_SHARDS = String(values.dueShards);
    if (values.endpoints?.AWS_ENDPOINT_URL_DYNAMODB)
      environment.AWS_ENDPOINT_URL_DYNAMODB = values.endpoints.AWS_ENDPOINT_URL_DYNAMODB;
  }
  for (const queue of access.sendTo)
    environment[queueUrlVariable(queue) as Variable] = values.queueUrls[queue];
  if (access.redrivesDeadLetters)
    environment.DEAD_LETTER_QUEUES = JSON.stringify(
      Object.fromEntries(
        (Object.keys(values.queueUrls) as QueueName[]).map((queue) => [
          queue,
          { queueUrl: values.queueUrls[queue], deadLetterQueueUrl: values.deadLetterQueueUrls[queue] },
        ]),
      ),
    );
  for (const queue of access.countsQueues ?? []) {
    environment[queueUrlVariable(queue) as Variable] = values.queueUrls[queue];
    environment[deadLetterQueueUrlVariable(queue) as Variable] = values.deadLetterQueueUrls[queue];
  }
  const usesSqs =
    access.sendTo.length > 0 || access.redrivesDeadLetters || (access.countsQueues ?? []).length > 0;
  if (usesSqs && values.endpoints?.AWS_ENDPOINT_URL_SQS)
    environment.AWS_ENDPOINT_URL_SQS = values.endpoints.AWS_ENDPOINT_URL_SQS;
  if (access.publishEvents) {
    environment.EVENT_BUS_NAME = values.eventBusName;
    environment.EVENT_SOURCE = values.eventSource;
  }
  if (access.webhookSecrets) {
    const secrets = values.webhookSecrets;
    if (secrets.kind === 'secrets-manager') {
      environment.WEB_WEBHOOK_SECRET_ID = secrets.webId;
      environment.SMS_WEBHOOK_SECRET_ID = secrets.smsId;
    } else {
      environment.WEB_WEBHOOK_SECRET = secrets.web;
      environment.SMS_WEBHOOK_SECRET = secrets.sms;
    }
  }
  if (access.personalDataKey !== 'none') {
    const keys = values.personalDataKeys;
    if (keys.kind === 'kms') environment.PERSONAL_DATA_KEYS_CIPHERTEXT = keys.ciphertext;
    else environment.PERSONAL_DATA_KEY_FILE = keys.path;
  }
  if (access.sendsSms) {
    const { sms } = values;
    environment.SMS_PROVIDER = sms.kind;
    if (sms.kind === 'sns') environment.SMS_SENDER_ID = sms.senderId;
    else {
      environment.SMS_CREDENTIALS_SECRET_ID = sms.credentialsSecretId;
      if (sms.endpoint) environment.SMS_API_ENDPOINT = sms.endpoint;
    }
  }
  if (access.open311PartnerKeys) {
    const keys = values.open311PartnerKeys;
    if (keys.kind === 'secrets-manager') environment.OPEN311_PARTNER_KEYS_SECRET_ID = keys.secretId;
    else environment.OPEN311_API_KEY = keys.apiKey;
  }
  return environment;
}
