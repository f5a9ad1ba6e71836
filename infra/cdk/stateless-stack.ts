/**
 * The province's code and wiring, all derived from `infra/topology.ts`: one PetitionFunction per
 * topology function, its trigger (HTTP route, queue, schedule), the bus rules, alarms and one
 * dashboard. Nothing here holds data, so the stack can be destroyed and deployed again freely.
 */
import { Annotations, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { provinceConfig } from '../../provinces/index.js';
import type { BusRule, FunctionSpec, HttpRoute, QueueSpec, Topology } from '../topology.js';
import { type ProvinceDeployment, personalDataKeysPlaceholder } from './deployments.js';
import { type EnvironmentValues, functionEnvironment } from './function-environment.js';
import { acknowledge } from './nag.js';
import { pascalCase } from './names.js';
import { type FunctionCodeFactory, PetitionFunction } from './petition-function.js';
import {
  provinceConfigFileName,
  provinceConfigFileOnLambda,
  routingModelFileName,
  routingModelFileOnLambda,
  routingModelSource,
  writeProvinceConfig,
} from './province-config-file.js';
import { regionProfile } from './regions.js';
import type { StatefulResources } from './stateful-stack.js';

export interface PetitionStatelessStackProps extends StackProps {
  readonly deployment: ProvinceDeployment;
  readonly topology: Topology;
  readonly stateful: StatefulResources;
  /** Folder holding package.json; topology entries are relative to it. */
  readonly projectRoot: string;
  /** Passed to every PetitionFunction; tests use it to skip bundling. */
  readonly functionCode?: FunctionCodeFactory;
}

/** The province's functions, API, triggers, rules, alarms and dashboard. */
export class PetitionStatelessStack extends Stack {
  readonly functions: ReadonlyMap<string, PetitionFunction>;
  readonly api: apigwv2.HttpApi;
  /** The OpenID Connect issuer staff tokens come from: the API's JWT authorizer and the console trust it. */
  readonly staffIssuer: string;
  /** The staff console's client id at that issuer: the audience the authorizer accepts first. */
  readonly staffClientId: string;
  readonly alarmTopic: sns.Topic;
  private readonly alarms: cloudwatch.Alarm[] = [];
  private readonly staffAudience: readonly string[];

  constructor(scope: Construct, id: string, props: PetitionStatelessStackProps) {
    super(scope, id, props);
    const { deployment, topology, stateful } = props;
    checkReservedConcurrency(deployment, topology);
    ({ issuer: this.staffIssuer, audience: this.staffAudience } = this.staffSignIn(deployment, stateful));
    this.staffClientId = this.staffAudience[0]!;

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Petition platform alarms (${deployment.provinceId})`,
      enforceSSL: true,
    });
    if (deployment.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(deployment.alarmEmail));
    }

    const ciphertext = deployment.personalDataKeysCiphertext ?? personalDataKeysPlaceholder;
    if (deployment.personalDataKeysCiphertext === undefined) {
      Annotations.of(this).addWarningV2(
        'petition:personal-data-keys-missing',
        `No personalDataKeysCiphertext for ${deployment.provinceId} in infra/cdk/deployments.ts: functions that ` +
          'seal or open personal data fail at cold start until it is generated (docs/deploy-a-province.md).',
      );
    }
    const unregistered = unregisteredSmsTemplates(deployment);
    if (unregistered.length > 0) {
      Annotations.of(this).addWarningV2(
        'petition:sms-templates-unregistered',
        `${deployment.provinceId} sends SMS through ${deployment.sms.kind}, which sends only registered templates, ` +
          `but these still have the shipped UNREGISTERED_ codes: ${unregistered.join(', ')}. Register them and put ` +
          'the provider codes in provinces/ (docs/deploy-a-province.md, npm run sms-templates).',
      );
    }
    const values: EnvironmentValues = {
      province: deployment.provinceId,
      provinceConfigFile: provinceConfigFileOnLambda,
      routingModelFile: routingModelFileOnLambda,
      publicBaseUrl: deployment.publicBaseUrl,
      tableName: stateful.table.tableName,
      dueShards: deployment.dueShards,
      queueUrls: Object.fromEntries(
        Object.entries(stateful.queues).map(([name, pair]) => [name, pair.queue.queueUrl]),
      ) as Record<keyof typeof stateful.queues, string>,
      deadLetterQueueUrls: Object.fromEntries(
        Object.entries(stateful.queues).map(([name, pair]) => [name, pair.deadLetterQueue.queueUrl]),
      ) as Record<keyof typeof stateful.queues, string>,
      eventBusName: stateful.bus.eventBusName,
      eventSource: topology.eventSource,
      webhookSecrets: {
        kind: 'secrets-manager',
        webId: stateful.webhookSecrets.web.secretArn,
        smsId: stateful.webhookSecrets.sms.secretArn,
      },
      personalDataKeys: { kind: 'kms', ciphertext },
      sms: smsValues(deployment, stateful),
      open311PartnerKeys: { kind: 'secrets-manager', secretId: stateful.open311PartnerKeys.secretArn },
    };
    // Tracing where the region offers it for Lambda (not in the China regions).
    const tracing = regionProfile(this.region).offers['lambda-xray'] === 'yes';

    // The deployment's province, validated, ships beside the code of each function that reads it.
    const provinceFile = writeProvinceConfig(deployment.provinceId);
    const functions = new Map<string, PetitionFunction>();
    for (const spec of topology.functions) {
      const reserved = deployment.reservedConcurrency?.[spec.name];
      const fn = new PetitionFunction(this, pascalCase(spec.name), {
        spec,
        resources: stateful,
        environment: functionEnvironment(spec.access, values),
        assets: [
          ...(spec.access.province ? [{ from: provinceFile, to: provinceConfigFileName }] : []),
          ...(spec.access.routingModel ? [{ from: routingModelSource, to: routingModelFileName }] : []),
        ],
        logRetention: deployment.logRetention,
        projectRoot: props.projectRoot,
        tracing,
        smsProvider: deployment.sms.kind,
        ...(reserved === undefined ? {} : { reservedConcurrency: reserved }),
        ...(props.functionCode ? { code: props.functionCode } : {}),
      });
      acknowledgeFunctionFindings(fn, { tracing, snsSms: deployment.sms.kind === 'sns' });
      functions.set(spec.name, fn);
    }
    this.functions = functions;

    this.api = this.httpApi(deployment, [...functions.values()]);
    for (const fn of functions.values()) {
      const { trigger } = fn.spec;
      if (trigger.kind === 'queue') this.consume(fn, topology.queues[trigger.queue], stateful);
      if (trigger.kind === 'schedule') this.schedule(fn, trigger);
      if (trigger.kind === 'tableStream') this.readStream(fn, trigger, stateful);
    }
    for (const rule of topology.rules) this.busRule(rule, stateful);

    this.queueAlarms(topology, stateful, deployment);
    for (const fn of functions.values()) this.functionAlarms(fn);
    this.alarm('Api5xx', 'The HTTP API answered with a server error', this.api.metricServerError());
    this.dashboard(deployment, topology, stateful, [...functions.values()]);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Invoke URL of the HTTP API' });
    // Operator functions have no trigger: the operator invokes them by name (docs/deploy-a-province.md).
    for (const fn of functions.values()) {
      const { trigger } = fn.spec;
      if (trigger.kind !== 'manual') continue;
      new CfnOutput(this, `${pascalCase(fn.spec.name)}FunctionName`, {
        value: fn.function.functionName,
        description: trigger.description,
      });
    }
  }

  /** One HTTP API; every topology route, staff routes behind the JWT authorizer of the staff sign-in. */
  private httpApi(deployment: ProvinceDeployment, functions: readonly PetitionFunction[]): apigwv2.HttpApi {
    const api = new apigwv2.HttpApi(this, 'HttpApi', {
      description: `Petition platform API (${deployment.provinceId})`,
      apiName: `${deployment.stackNamePrefix}-api`,
      createDefaultStage: false,
      // The petitioner's page (served at the province's domain) and the staff console (its own
      // domain, when configured) call the API from the browser; no other origin may. The console
      // sends a bearer token, never a cookie. Until a domain is attached, CloudFront's default
      // domain is not allowed: attaching it is part of going live (decisions 0015 and 0016).
      corsPreflight: {
        allowOrigins: [
          new URL(deployment.publicBaseUrl).origin,
          ...(deployment.staffConsole?.domain?.names.map((name) => `https://${name}`) ?? []),
        ],
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
        exposeHeaders: ['etag', 'content-disposition', 'retry-after'],
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: deployment.logRetention });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: deployment.apiThrottling,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    const staffAuthorizer = this.staffAuthorizer();
    for (const fn of functions) {
      if (fn.spec.trigger.kind !== 'http') continue;
      const integration = new HttpLambdaIntegration(`${pascalCase(fn.spec.name)}Integration`, fn.function);
      for (const route of fn.spec.trigger.routes) {
        const [created] = api.addRoutes({
          path: route.path,
          methods: [route.method as apigwv2.HttpMethod],
          integration,
          ...(route.auth === 'staff' ? { authorizer: staffAuthorizer } : {}),
        });
        if (route.auth === 'none' && created) acknowledgePublicRoute(created, route);
      }
    }
    return api;
  }

  /** The province's own OIDC issuer and audience, or its Cognito user pool and app client. */
  private staffSignIn(
    deployment: ProvinceDeployment,
    stateful: StatefulResources,
  ): { issuer: string; audience: readonly string[] } {
    const signIn = deployment.staffSignIn;
    if (signIn.kind === 'oidc') {
      if (signIn.audience.length === 0)
        throw new Error(`${deployment.provinceId}: staffSignIn.audience names no client id`);
      return { issuer: signIn.issuer, audience: signIn.audience };
    }
    if (!stateful.staff)
      throw new Error(`${deployment.provinceId} signs staff in with Cognito, but has no user pool`);
    // Cognito issuers live under the partition's domain.
    return {
      issuer: `https://cognito-idp.${this.region}.${this.urlSuffix}/${stateful.staff.userPool.userPoolId}`,
      audience: [stateful.staff.appClient.userPoolClientId],
    };
  }

  private staffAuthorizer(): HttpJwtAuthorizer {
    return new HttpJwtAuthorizer('StaffJwt', this.staffIssuer, { jwtAudience: [...this.staffAudience] });
  }

  private consume(fn: PetitionFunction, queue: QueueSpec, stateful: StatefulResources): void {
    if (queue.visibilityTimeoutSeconds < fn.spec.timeoutSeconds) {
      throw new Error(
        `queue '${queue.name}' has a visibility timeout of ${queue.visibilityTimeoutSeconds} s, shorter than ` +
          `the ${fn.spec.timeoutSeconds} s timeout of its consumer '${fn.spec.name}'; Lambda refuses that mapping`,
      );
    }
    fn.function.addEventSource(
      new SqsEventSource(stateful.queues[queue.name].queue, {
        batchSize: queue.batchSize,
        maxBatchingWindow: Duration.seconds(queue.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
  }

  /**
   * The table's stream to its reader, one batch per shard at a time (order per case holds). A
   * failing batch is halved until the failing record stands alone and is retried for the stream's
   * 24 hours; what still fails is described (shard and sequence numbers, not the data) in a queue
   * that alarms, and the event is still on its history line for the operator.
   */
  private readStream(
    fn: PetitionFunction,
    trigger: Extract<FunctionSpec['trigger'], { kind: 'tableStream' }>,
    stateful: StatefulResources,
  ): void {
    const name = pascalCase(fn.spec.name);
    const failures = new sqs.Queue(this, `${name}StreamFailures`, {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    fn.function.addEventSource(
      new DynamoEventSource(stateful.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: trigger.batchSize,
        maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        maxRecordAge: Duration.hours(24),
        retryAttempts: 10_000,
        onFailure: new SqsDlq(failures),
      }),
    );
    acknowledge(
      failures,
      'AwsSolutions-SQS3',
      'This queue is itself the failure destination of the stream mapping: it holds descriptions of records that failed for 24 hours.',
    );
    acknowledge(
      fn,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams has no resource-level permission (Lambda grants it on * for a stream mapping); reading the stream itself is scoped to the table stream ARN.',
    );
    this.alarm(
      `${name}StreamFailuresAlarm`,
      `Stream records ${fn.spec.name} could not process for 24 hours are described in its failure queue`,
      failures.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
    );
  }

  private schedule(
    fn: PetitionFunction,
    trigger: Extract<FunctionSpec['trigger'], { kind: 'schedule' }>,
  ): void {
    new events.Rule(this, `${pascalCase(trigger.name)}Schedule`, {
      description: trigger.description,
      schedule: events.Schedule.expression(trigger.expression),
      // A sweep runs again at the next tick, so a missed tick is not worth retrying for long.
      targets: [
        new eventTargets.LambdaFunction(fn.function, { retryAttempts: 2, maxEventAge: Duration.minutes(5) }),
      ],
    });
  }

  /**
   * A rule on the province's bus sending matching events to a queue. L1 on purpose: the pattern
   * goes to EventBridge exactly as the topology (and the local matcher) has it, and the L2 target
   * would add a second queue policy; the stateful stack's policy already lets this bus's rules send.
   */
  private busRule(rule: BusRule, stateful: StatefulResources): void {
    new events.CfnRule(this, `${pascalCase(rule.name)}Rule`, {
      description: rule.description,
      eventBusName: stateful.bus.eventBusName,
      eventPattern: rule.pattern,
      state: 'ENABLED',
      targets: [{ id: 'Queue', arn: stateful.queues[rule.targetQueue].queue.queueArn }],
    });
  }

  private alarm(
    id: string,
    description: string,
    metric: cloudwatch.IMetric,
    threshold = 0,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
    return alarm;
  }

  private queueAlarms(topology: Topology, stateful: StatefulResources, deployment: ProvinceDeployment): void {
    for (const spec of Object.values(topology.queues)) {
      const { queue, deadLetterQueue } = stateful.queues[spec.name];
      const name = pascalCase(spec.name);
      this.alarm(
        `${name}DeadLettersAlarm`,
        `Records of the ${spec.name} queue failed ${spec.maxReceiveCount} times and wait in its dead-letter queue`,
        deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
      );
      this.alarm(
        `${name}OldestMessageAlarm`,
        `The oldest record of the ${spec.name} queue waits longer than ${deployment.oldestMessageAlarmSeconds} s`,
        queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
        deployment.oldestMessageAlarmSeconds,
      );
    }
  }

  private functionAlarms(fn: PetitionFunction): void {
    const name = pascalCase(fn.spec.name);
    const period = Duration.minutes(5);
    this.alarm(
      `${name}ErrorsAlarm`,
      `${fn.spec.name} failed invocations`,
      fn.function.metricErrors({ period, statistic: 'Sum' }),
    );
    this.alarm(
      `${name}ThrottlesAlarm`,
      `${fn.spec.name} was throttled`,
      fn.function.metricThrottles({ period, statistic: 'Sum' }),
    );
  }

  private dashboard(
    deployment: ProvinceDeployment,
    topology: Topology,
    stateful: StatefulResources,
    functions: readonly PetitionFunction[],
  ): void {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# Petition platform: ${deployment.provinceId}`,
        width: 24,
        height: 1,
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
      new cloudwatch.GraphWidget({
        title: 'HTTP API',
        width: 24,
        left: [this.api.metricCount(), this.api.metricClientError(), this.api.metricServerError()],
        right: [this.api.metricLatency({ statistic: 'p99' })],
      }),
    );
    dashboard.addWidgets(
      ...Object.values(topology.queues).map((spec) => {
        const { queue, deadLetterQueue } = stateful.queues[spec.name];
        return new cloudwatch.GraphWidget({
          title: `Queue ${spec.name}`,
          width: 6,
          left: [
            queue.metricApproximateNumberOfMessagesVisible({ label: 'waiting' }),
            deadLetterQueue.metricApproximateNumberOfMessagesVisible({ label: 'dead letters' }),
          ],
          right: [queue.metricApproximateAgeOfOldestMessage({ label: 'oldest (s)', statistic: 'Maximum' })],
        });
      }),
    );
    dashboard.addWidgets(
      ...functions.map(
        (fn) =>
          new cloudwatch.GraphWidget({
            title: `Function ${fn.spec.name}`,
            width: 6,
            left: [
              fn.function.metricInvocations({ statistic: 'Sum' }),
              fn.function.metricErrors({ statistic: 'Sum' }),
              fn.function.metricThrottles({ statistic: 'Sum' }),
            ],
            right: [fn.function.metricDuration({ statistic: 'p99' })],
          }),
      ),
    );
  }
}

/** Reserved concurrency for a name the topology does not have is a typo; refuse it. */
function checkReservedConcurrency(deployment: ProvinceDeployment, topology: Topology): void {
  const names = new Set(topology.functions.map((f) => f.name));
  for (const name of Object.keys(deployment.reservedConcurrency ?? {})) {
    if (!names.has(name)) {
      throw new Error(
        `reservedConcurrency of ${deployment.provinceId} names '${name}', which is not a topology function`,
      );
    }
  }
}

/**
 * Why each family of public (`auth: 'none'`) routes may skip the JWT authorizer. A public route
 * outside these families is NOT acknowledged: cdk-nag (AwsSolutions-APIG4) then fails the synth
 * until someone reviews the new endpoint and adds its reason here.
 */
const publicRouteReasons: readonly { readonly prefix: string; readonly reason: string }[] = [
  {
    prefix: '/webhooks/',
    reason:
      'Called by an external sender (web portal, SMS gateway) that cannot hold a Cognito token; the handler ' +
      'verifies an HMAC signature with a timestamp over the raw body (functions/runtime/webhook-signature.ts).',
  },
  {
    prefix: '/public/',
    reason:
      "The petitioner's own endpoints, before and after filing: lookup and rating need the tracking number " +
      'with its query code (wrong codes throttled per address); a petition needs the SMS code sent to its ' +
      'phone, and codes are limited per phone and per address.',
  },
  {
    prefix: '/open311/',
    reason:
      'Open311 GeoReport v2 for partner apps, whose specification authenticates with an api_key parameter: the ' +
      'handler checks it against the partner keys secret, with a rate limit per key; discovery and services are ' +
      'the public catalogue; a request is readable only with the filing key or its query code.',
  },
  {
    prefix: '/openapi.json',
    reason: 'The OpenAPI description of the API: static, holds no case or personal data.',
  },
];

function acknowledgePublicRoute(route: apigwv2.HttpRoute, spec: HttpRoute): void {
  const family = publicRouteReasons.find((candidate) => spec.path.startsWith(candidate.prefix));
  if (family) acknowledge(route, 'AwsSolutions-APIG4', `${spec.method} ${spec.path}: ${family.reason}`);
}

/** What the functions are told about the SMS provider. */
function smsValues(deployment: ProvinceDeployment, stateful: StatefulResources): EnvironmentValues['sms'] {
  const { sms } = deployment;
  if (sms.kind === 'sns') return { kind: 'sns', senderId: sms.senderId };
  if (!stateful.smsProviderCredentials)
    throw new Error(
      `${deployment.provinceId} sends SMS through aliyun, but has no provider credentials secret`,
    );
  return {
    kind: 'aliyun',
    credentialsSecretId: stateful.smsProviderCredentials.secretArn,
    ...(sms.endpoint ? { endpoint: sms.endpoint } : {}),
  };
}

/** The findings every house function has, each for a reason AWS documents. */
function acknowledgeFunctionFindings(
  fn: PetitionFunction,
  uses: { readonly tracing: boolean; readonly snsSms: boolean },
): void {
  const runtimeReason =
    'Node.js 20 is the runtime the project is built and tested on (package.json engines, TOOLCHAIN.md). AWS ' +
    'deprecated it on 2026-04-30 and blocks creating functions on it from 2027-02-01: moving runtime, bundle ' +
    'target and CI to Node.js 22+ together is tracked in docs/decisions/0004-cdk-per-province.md.';
  acknowledge(fn, 'AwsSolutions-L1', runtimeReason);
  Validations.of(fn).acknowledge({ id: 'CloudFormation-Validate::W2531', reason: runtimeReason });
  const unscoped = [
    ...(uses.tracing
      ? ['X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions']
      : []),
    ...(uses.snsSms && fn.spec.access.sendsSms ? ['sns:Publish to a phone number (SMS) has no ARN'] : []),
  ];
  if (unscoped.length > 0)
    acknowledge(
      fn,
      'AwsSolutions-IAM5[Resource::*]',
      `${unscoped.join('; ')}. Every other statement names exact ARNs.`,
    );
}

/**
 * The kinds of message whose template still has its shipped placeholder code, for a deployment
 * whose provider sends templates only (every mainland provider); none for SNS, which sends text.
 */
function unregisteredSmsTemplates(deployment: ProvinceDeployment): string[] {
  if (deployment.sms.kind === 'sns') return [];
  const { templates } = provinceConfig(deployment.provinceId).sms;
  return Object.entries(templates)
    .filter(([, template]) => template.code.startsWith('UNREGISTERED_'))
    .map(([kind]) => kind);
}
