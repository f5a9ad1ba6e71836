/**
 * The house Lambda function: every topology function is one of these, so runtime, bundling,
 * tracing, logging and permissions are decided once. What a function may touch comes from its
 * topology `access` and nothing else.
 */
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../topology.js';
import { bundleTarget, esmRequireBanner, mainFields } from './bundling.js';
import type { StatefulResources } from './stateful-stack.js';

/**
 * Item and query access only: no Scan (a sweep reads an index, never the whole table; only a
 * function whose access says `scansTable`, an operator's rare recovery, may), no table
 * administration. Transactions are authorised per item through these same actions.
 */
const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;
const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;
/** What DynamoDB needs of the caller on a customer-managed table key (CDK's set, spelled out). */
const tableKeyReadActions = ['kms:Decrypt', 'kms:DescribeKey'] as const;
const tableKeyWriteActions = [
  'kms:Encrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
] as const;

/** Code for a function instead of bundling its entry; tests use it to skip esbuild. */
export type FunctionCodeFactory = (spec: FunctionSpec) => lambda.Code;

export interface PetitionFunctionProps {
  readonly spec: FunctionSpec;
  readonly resources: StatefulResources;
  /** Variables from `functionEnvironment`. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  readonly reservedConcurrency?: number;
  /** Folder holding package.json and package-lock.json; topology entries are relative to it. */
  readonly projectRoot: string;
  /** @default - bundles `spec.entry` with the local esbuild */
  readonly code?: FunctionCodeFactory;
  /** Files shipped beside the bundled code (the province configuration, a model). */
  readonly assets?: readonly { readonly from: string; readonly to: string }[];
  /** X-Ray active tracing, where the region offers it for Lambda (infra/cdk/regions.ts). @default true */
  readonly tracing?: boolean;
  /** How a function that sends SMS reaches the provider: SNS Publish, or the provider's credentials secret. */
  readonly smsProvider?: 'sns' | 'aliyun';
}

export class PetitionFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PetitionFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    // An own role with no managed policy: logs go to this function's log group only.
    this.role = new iam.Role(this, 'Role', {
      // The partition's own principal name (the same in aws-cn for Lambda, per CDK's region facts).
      assumedBy: new iam.ServicePrincipal(iam.ServicePrincipal.servicePrincipalName('lambda')),
      description: `Runs ${spec.name}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Handler', {
      description: spec.description,
      entry: join(props.projectRoot, spec.entry),
      // With a dot the name is used as is, whether the code is bundled or given.
      handler: 'index.handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      ...(props.code ? { code: props.code(spec) } : {}),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(spec.timeoutSeconds),
      memorySize: spec.memoryMb,
      role: this.role,
      environment: { ...props.environment },
      tracing: (props.tracing ?? true) ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: bundleTarget,
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not the sources: they would double every bundle.
        sourcesContent: false,
        mainFields: [...mainFields],
        banner: esmRequireBanner,
        bundleAwsSDK: true,
        // Sizes are held to their budget by tests/infra/bundle-budget.test.ts, not on every synth.
        logLevel: nodejs.LogLevel.WARNING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) =>
            (props.assets ?? []).map(
              (asset) => `cp ${JSON.stringify(asset.from)} ${JSON.stringify(join(outputDir, asset.to))}`,
            ),
        },
      },
    });
    this.grantAccess(props.resources, props.smsProvider ?? 'sns');
  }

  /** Grants exactly what `spec.access` names. */
  private grantAccess(resources: StatefulResources, smsProvider: 'sns' | 'aliyun'): void {
    const { access } = this.spec;
    const fn = this.function;
    if (access.table !== 'none') {
      const write = access.table === 'readwrite';
      const { table } = resources;
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: write ? [...tableReadActions, ...tableWriteActions] : [...tableReadActions],
          resources: [
            table.tableArn,
            ...resources.tableIndexNames.map((index) => `${table.tableArn}/index/${index}`),
          ],
        }),
      );
      if (access.scansTable)
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['dynamodb:Scan'], resources: [table.tableArn] }),
        );
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: write ? [...tableKeyReadActions, ...tableKeyWriteActions] : [...tableKeyReadActions],
          resources: [resources.tableKey.keyArn],
        }),
      );
    }
    for (const queue of access.sendTo) resources.queues[queue].queue.grantSendMessages(fn);
    for (const queue of access.countsQueues ?? []) {
      resources.queues[queue].queue.grant(fn, 'sqs:GetQueueAttributes');
      resources.queues[queue].deadLetterQueue.grant(fn, 'sqs:GetQueueAttributes');
    }
    if (access.redrivesDeadLetters) {
      for (const { queue, deadLetterQueue } of Object.values(resources.queues)) {
        deadLetterQueue.grantConsumeMessages(fn);
        queue.grantSendMessages(fn);
      }
    }
    if (access.publishEvents) resources.bus.grantPutEventsTo(fn);
    if (access.webhookSecrets) {
      resources.webhookSecrets.web.grantRead(fn);
      resources.webhookSecrets.sms.grantRead(fn);
    }
    if (access.open311PartnerKeys) resources.open311PartnerKeys.grantRead(fn);
    // Sealing and opening both run on data keys unwrapped once at cold start (envelope
    // encryption), so either direction needs kms:Decrypt and nothing else on the key.
    if (access.personalDataKey !== 'none') resources.personalDataKey.grantDecrypt(fn);
    if (access.sendsSms && smsProvider === 'sns') {
      // SMS to a phone number has no resource ARN to scope to.
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    }
    if (access.sendsSms && smsProvider === 'aliyun') {
      if (!resources.smsProviderCredentials)
        throw new Error(
          `${this.spec.name} sends SMS through aliyun, but the stateful stack has no provider credentials`,
        );
      resources.smsProviderCredentials.grantRead(fn);
    }
  }
}
