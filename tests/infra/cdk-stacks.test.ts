/**
 * The CDK environment of a province, checked against the topology: every queue, function, route,
 * schedule and rule of infra/topology.ts must have its resources and wiring, so an entry added
 * there without infrastructure fails here. Functions are given stub code (no esbuild); bundling
 * itself is proved once, at the end, by bundling one real function.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseTableDefinition } from '../../functions/adapters/dynamodb/table.js';
import { variables as knownVariables } from '../../functions/runtime/environment.js';
import { esmRequireBanner } from '../../infra/cdk/bundling.js';
import { deploymentFor, deployments, type ProvinceDeployment } from '../../infra/cdk/deployments.js';
import { alwaysSet } from '../../infra/cdk/function-environment.js';
import { checkWithAwsSolutions } from '../../infra/cdk/nag.js';
import { pascalCase, queueUrlVariable } from '../../infra/cdk/names.js';
import { type FunctionCodeFactory, PetitionFunction } from '../../infra/cdk/petition-function.js';
import {
  provinceConfigFileName,
  routingModelFileName,
  routingModelSource,
  writeProvinceConfig,
} from '../../infra/cdk/province-config-file.js';
import {
  addProvinceEnvironment,
  appContext,
  type ProvinceEnvironment,
  ProvinceStage,
  projectRoot,
} from '../../infra/cdk/province-environment.js';
import { regionProfile, regionShortfalls } from '../../infra/cdk/regions.js';
import { PetitionStatefulStack } from '../../infra/cdk/stateful-stack.js';
import {
  type FunctionSpec,
  functionSpec,
  type QueueSpec,
  type Topology,
  topology,
} from '../../infra/topology.js';
import { provinces } from '../../provinces/index.js';

type Resource = { Type: string; Properties?: Record<string, unknown> } & Record<string, unknown>;
type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown };

const stubCode: FunctionCodeFactory = () =>
  lambda.Code.fromInline('export const handler = async () => ({});');

interface Synthesized {
  readonly environment: ProvinceEnvironment;
  readonly stateful: Template;
  readonly stateless: Template;
  readonly console: Template;
  readonly outdir: string;
}

const outdirs: string[] = [];

/** Synthesizes one province with the AWS Solutions checks on; throws on any unacknowledged finding. */
function synthesize(deployment: ProvinceDeployment, topologyOverride?: Topology): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'petition-cdk-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...appContext } });
  const environment = addProvinceEnvironment(app, {
    deployment,
    functionCode: stubCode,
    ...(topologyOverride ? { topology: topologyOverride } : {}),
  });
  checkWithAwsSolutions(app);
  const assembly = app.synth();
  return {
    environment,
    stateful: Template.fromJSON(assembly.getStackByName(environment.stateful.stackName).template),
    stateless: Template.fromJSON(assembly.getStackByName(environment.stateless.stackName).template),
    console: Template.fromJSON(assembly.getStackByName(environment.console.stackName).template),
    outdir,
  };
}

function statementsIn(policy: Resource | undefined): Statement[] {
  const document = policy?.Properties?.['PolicyDocument'] as { Statement?: Statement[] } | undefined;
  return document?.Statement ?? [];
}

function variablesOf(fn: Resource | undefined): Record<string, unknown> {
  const environment = fn?.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined;
  return environment?.Variables ?? {};
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnResource);
}

function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

function functionLogicalId(synthesized: Synthesized, name: string): string {
  const fn = synthesized.environment.stateless.functions.get(name);
  if (!fn) throw new Error(`no PetitionFunction for topology function '${name}'`);
  return logicalId(synthesized.environment.stateless, fn.function);
}

/** Statements of the policies attached to a function's role. */
function statementsOf(synthesized: Synthesized, name: string): Statement[] {
  const fn = synthesized.environment.stateless.functions.get(name)!;
  const roleId = logicalId(synthesized.environment.stateless, fn.role);
  return Object.values(resourcesOf(synthesized.stateless, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.['Roles']) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(statementsIn);
}

const actionsOf = (statements: readonly Statement[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

/** Whether a value imports a stateful output, e.g. `FnGetAttIntakeQueueArn` for the intake queue's ARN. */
const imports = (value: unknown, exported: string): boolean =>
  new RegExp(`:ExportsOutput${exported}[0-9A-F]{8}"`).test(JSON.stringify(value));

const queueSpecs: readonly QueueSpec[] = Object.values(topology.queues);
const httpFunctions = topology.functions.filter((f) => f.trigger.kind === 'http');

/** Zhejiang as deployed in a global region: Cognito user pool for staff, SNS for SMS, X-Ray. */
const zhejiangInSingapore: ProvinceDeployment = {
  ...deploymentFor('zhejiang'),
  region: 'ap-southeast-1',
  sms: { kind: 'sns', senderId: 'ZJXINFANG' },
  staffSignIn: {
    kind: 'cognito',
    domainPrefix: 'petition-zhejiang-staff',
    callbackUrls: ['https://staff.xinfang.zhejiang.example.cn/auth/callback'],
    logoutUrls: ['https://staff.xinfang.zhejiang.example.cn/'],
    threatProtection: true,
  },
};

/** Zhejiang as it ships: Ningxia (cn-northwest-1), its own OIDC provider, Alibaba Cloud SMS. */
let zhejiang: Synthesized;
let anhui: Synthesized;
let global: Synthesized;

beforeAll(() => {
  zhejiang = synthesize(deploymentFor('zhejiang'));
  anhui = synthesize(deploymentFor('anhui'));
  global = synthesize(zhejiangInSingapore);
});

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('province deployments', () => {
  it('has a deployment for every shipped province and a province for every deployment', () => {
    // Prepare
    const shipped = Object.keys(provinces).sort();

    // Act
    const deployed = Object.keys(deployments).sort();

    // Assess
    expect(deployed).toEqual(shipped);
  });

  it('throws naming the known provinces when the province is unknown', () => {
    // Prepare
    const unknown = 'hubei';

    // Act
    const act = () => deploymentFor(unknown);

    // Assess
    expect(act).toThrow("Unknown province 'hubei'; known provinces: anhui, zhejiang");
  });

  it('points every topology function at an entry file that exports handler', () => {
    // Prepare
    const entries = topology.functions.map((f) => ({ name: f.name, file: join(projectRoot, f.entry) }));

    // Act
    const broken = entries.filter(
      ({ file }) => !existsSync(file) || !/export const handler\b/.test(readFileSync(file, 'utf8')),
    );

    // Assess
    expect(broken).toEqual([]);
  });
});

describe('stateful stack', () => {
  it('keeps the logical ids of the stateful resources', () => {
    // Prepare
    const pinned: Record<string, string> = {
      CaseTable: 'AWS::DynamoDB::Table',
      CaseTableKey: 'AWS::KMS::Key',
      PersonalDataKey: 'AWS::KMS::Key',
      CaseEventBus: 'AWS::Events::EventBus',
      WebWebhookSecret: 'AWS::SecretsManager::Secret',
      SmsWebhookSecret: 'AWS::SecretsManager::Secret',
      SmsProviderCredentials: 'AWS::SecretsManager::Secret',
      Open311PartnerKeys: 'AWS::SecretsManager::Secret',
      IntakeQueue: 'AWS::SQS::Queue',
      IntakeDeadLetterQueue: 'AWS::SQS::Queue',
      RoutingQueue: 'AWS::SQS::Queue',
      RoutingDeadLetterQueue: 'AWS::SQS::Queue',
      CaseworkQueue: 'AWS::SQS::Queue',
      CaseworkDeadLetterQueue: 'AWS::SQS::Queue',
      NotificationsQueue: 'AWS::SQS::Queue',
      NotificationsDeadLetterQueue: 'AWS::SQS::Queue',
      StaffAlertsQueue: 'AWS::SQS::Queue',
      StaffAlertsDeadLetterQueue: 'AWS::SQS::Queue',
      AssessmentQueue: 'AWS::SQS::Queue',
      AssessmentDeadLetterQueue: 'AWS::SQS::Queue',
      SmsQueue: 'AWS::SQS::Queue',
      SmsDeadLetterQueue: 'AWS::SQS::Queue',
      HotspotsQueue: 'AWS::SQS::Queue',
      HotspotsDeadLetterQueue: 'AWS::SQS::Queue',
    };

    // Act
    const resources = zhejiang.stateful.toJSON()['Resources'] as Record<string, Resource>;

    // Assess
    for (const [id, type] of Object.entries(pinned)) expect(resources[id]?.Type, id).toBe(type);
    expect(Object.values(resources).filter((r) => r.Type.startsWith('AWS::Cognito::'))).toEqual([]);
    const queueIds = Object.values(resources).filter((r) => r.Type === 'AWS::SQS::Queue').length;
    expect(queueIds, 'a new topology queue needs its logical ids pinned above').toBe(
      Object.keys(pinned).filter((id) => id.endsWith('Queue')).length,
    );
  });

  it('keeps the logical ids of the staff user pool where a global region has one', () => {
    // Prepare
    const pinned = {
      StaffUserPool: 'AWS::Cognito::UserPool',
      StaffAppClient: 'AWS::Cognito::UserPoolClient',
    };

    // Act
    const resources = global.stateful.toJSON()['Resources'] as Record<string, Resource>;

    // Assess
    for (const [id, type] of Object.entries(pinned)) expect(resources[id]?.Type, id).toBe(type);
    expect(resources['SmsProviderCredentials']).toBeUndefined();
  });

  it('retains every stateful resource when the stack or the resource goes', () => {
    // Prepare
    const types = [
      'AWS::DynamoDB::Table',
      'AWS::KMS::Key',
      'AWS::SQS::Queue',
      'AWS::SecretsManager::Secret',
      'AWS::Cognito::UserPool',
    ];

    // Act
    const resources = types.flatMap((type) =>
      [zhejiang, global].flatMap((s) => Object.entries(resourcesOf(s.stateful, type))),
    );

    // Assess
    for (const [id, resource] of resources) {
      expect(resource['DeletionPolicy'], id).toBe('Retain');
      expect(resource['UpdateReplacePolicy'], id).toBe('Retain');
    }
  });

  it('declares the case table exactly as the data layer creates it', () => {
    // Prepare
    const definition = caseTableDefinition('ignored');

    // Act
    const table = resourcesOf(zhejiang.stateful, 'AWS::DynamoDB::Table')['CaseTable']!.Properties!;

    // Assess
    expect(table['BillingMode']).toBe('PAY_PER_REQUEST');
    expect(table['KeySchema']).toEqual(definition.KeySchema);
    expect(new Set(table['AttributeDefinitions'] as unknown[])).toEqual(
      new Set(definition.AttributeDefinitions),
    );
    const byName = (a: { IndexName?: string }, b: { IndexName?: string }) =>
      String(a.IndexName).localeCompare(String(b.IndexName));
    expect([...(table['GlobalSecondaryIndexes'] as { IndexName: string }[])].sort(byName)).toEqual(
      [...(definition.GlobalSecondaryIndexes ?? [])].sort(byName),
    );
    expect(table['PointInTimeRecoverySpecification']).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table['DeletionProtectionEnabled']).toBe(true);
    expect(table['TimeToLiveSpecification']).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(table['SSESpecification']).toEqual({
      KMSMasterKeyId: { 'Fn::GetAtt': ['CaseTableKey', 'Arn'] },
      SSEEnabled: true,
      SSEType: 'KMS',
    });
  });

  it('rotates both customer-managed keys', () => {
    // Prepare
    const keyIds = ['CaseTableKey', 'PersonalDataKey'];

    // Act
    const keys = resourcesOf(zhejiang.stateful, 'AWS::KMS::Key');

    // Assess
    for (const id of keyIds) expect(keys[id]?.Properties?.['EnableKeyRotation'], id).toBe(true);
  });

  it.each(queueSpecs)('gives the $name queue its delivery settings and a dead-letter queue', (spec) => {
    // Prepare
    const name = pascalCase(spec.name);

    // Act
    const queues = resourcesOf(zhejiang.stateful, 'AWS::SQS::Queue');

    // Assess
    expect(queues[`${name}Queue`]?.Properties).toEqual({
      MessageRetentionPeriod: spec.retentionDays * 86_400,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [`${name}DeadLetterQueue`, 'Arn'] },
        maxReceiveCount: spec.maxReceiveCount,
      },
      SqsManagedSseEnabled: true,
      VisibilityTimeout: spec.visibilityTimeoutSeconds,
    });
    expect(queues[`${name}DeadLetterQueue`]?.Properties).toEqual({
      MessageRetentionPeriod: 14 * 86_400,
      SqsManagedSseEnabled: true,
    });
  });

  it.each(queueSpecs)('refuses requests without TLS on the $name queue and its dead-letter queue', (spec) => {
    // Prepare
    const name = pascalCase(spec.name);

    // Act
    const policies = Object.values(resourcesOf(zhejiang.stateful, 'AWS::SQS::QueuePolicy'));

    // Assess
    for (const queueId of [`${name}Queue`, `${name}DeadLetterQueue`]) {
      const policy = policies.find(
        (p) => JSON.stringify(p.Properties?.['Queues']) === JSON.stringify([{ Ref: queueId }]),
      );
      const statements = statementsIn(policy);
      expect(statements, queueId).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it.each(queueSpecs)(
    'lets only rules of the province bus send to the $name queue, if a rule targets it',
    (spec) => {
      // Prepare
      const targeted = topology.rules.some((rule) => rule.targetQueue === spec.name);

      // Act
      const policy = Object.values(resourcesOf(zhejiang.stateful, 'AWS::SQS::QueuePolicy')).find(
        (p) =>
          JSON.stringify(p.Properties?.['Queues']) ===
          JSON.stringify([{ Ref: `${pascalCase(spec.name)}Queue` }]),
      );
      const statements = statementsIn(policy);
      const fromEvents = statements.filter(
        (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'events.amazonaws.com' }),
      );

      // Assess
      expect(fromEvents).toHaveLength(targeted ? 1 : 0);
      if (targeted) {
        expect(fromEvents[0]).toMatchObject({ Effect: 'Allow', Action: 'sqs:SendMessage' });
        expect(JSON.stringify(fromEvents[0])).toContain(':rule/');
        expect(JSON.stringify(fromEvents[0])).toContain('{"Ref":"CaseEventBus"}');
      }
    },
  );

  it('generates both webhook secrets and the Open311 partner keys instead of holding a value', () => {
    // Prepare
    const ids = ['WebWebhookSecret', 'SmsWebhookSecret', 'Open311PartnerKeys'];

    // Act
    const secrets = resourcesOf(zhejiang.stateful, 'AWS::SecretsManager::Secret');

    // Assess
    for (const id of ids) {
      expect(secrets[id]?.Properties?.['GenerateSecretString'], id).toBeDefined();
      expect(secrets[id]?.Properties?.['SecretString'], id).toBeUndefined();
    }
  });

  it('gives staff users unit and role attributes that only administrators can write', () => {
    // Prepare
    const expectedAttributes = ['role', 'unit'];

    // Act
    const pool = resourcesOf(global.stateful, 'AWS::Cognito::UserPool')['StaffUserPool']!.Properties!;
    const client = resourcesOf(global.stateful, 'AWS::Cognito::UserPoolClient')['StaffAppClient']!
      .Properties!;

    // Assess
    const custom = (pool['Schema'] as { Name: string; Mutable: boolean }[]).map((a) => a.Name).sort();
    expect(custom).toEqual(expectedAttributes);
    expect(pool['MfaConfiguration']).toBe('ON');
    expect(pool['DeletionProtection']).toBe('ACTIVE');
    expect(pool['AdminCreateUserConfig']).toEqual({ AllowAdminCreateUserOnly: true });
    expect(client['ReadAttributes']).toEqual(expect.arrayContaining(['custom:unit', 'custom:role']));
    expect((client['WriteAttributes'] as string[]).filter((a) => a.startsWith('custom:'))).toEqual([]);
    expect(client['GenerateSecret']).toBe(false);
  });
});

describe('stateless stack', () => {
  it.each(topology.functions)('runs $name as a house function with its topology settings', (spec) => {
    // Prepare
    const id = functionLogicalId(zhejiang, spec.name);

    // Act
    const fn = resourcesOf(zhejiang.stateless, 'AWS::Lambda::Function')[id]?.Properties;
    const inSingapore = resourcesOf(global.stateless, 'AWS::Lambda::Function')[
      functionLogicalId(global, spec.name)
    ]?.Properties;

    // Assess
    // X-Ray traces Lambda in the global regions only (infra/cdk/regions.ts).
    expect(fn?.['TracingConfig']).toBeUndefined();
    expect(inSingapore?.['TracingConfig']).toEqual({ Mode: 'Active' });
    expect(fn).toMatchObject({
      Description: spec.description,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: spec.timeoutSeconds,
      MemorySize: spec.memoryMb,
      LoggingConfig: { LogFormat: 'JSON' },
    });
  });

  it('creates no function that the topology does not have', () => {
    // Prepare
    const expected = topology.functions.length;

    // Act
    const functions = Object.keys(resourcesOf(zhejiang.stateless, 'AWS::Lambda::Function'));

    // Assess
    expect(functions).toHaveLength(expected);
  });

  it.each(topology.functions)('sets for $name exactly the variables its access implies', (spec) => {
    // Prepare
    const { access } = spec;
    const expected = new Set<string>([
      ...alwaysSet,
      ...(access.province ? ['PROVINCE_CONFIG_FILE'] : []),
      ...(access.routingModel ? ['ROUTING_MODEL_FILE'] : []),
      ...(access.table === 'none' ? [] : ['TABLE_NAME', 'DUE_SHARDS']),
      ...access.sendTo.map(queueUrlVariable),
      ...(access.publishEvents ? ['EVENT_BUS_NAME', 'EVENT_SOURCE'] : []),
      ...(access.webhookSecrets ? ['WEB_WEBHOOK_SECRET_ID', 'SMS_WEBHOOK_SECRET_ID'] : []),
      ...(access.personalDataKey === 'none' ? [] : ['PERSONAL_DATA_KEYS_CIPHERTEXT']),
      ...(access.sendsSms ? ['SMS_PROVIDER', 'SMS_CREDENTIALS_SECRET_ID'] : []),
      ...(access.redrivesDeadLetters ? ['DEAD_LETTER_QUEUES'] : []),
      ...(access.open311PartnerKeys ? ['OPEN311_PARTNER_KEYS_SECRET_ID'] : []),
      ...(access.countsQueues ?? []).flatMap((q) => [
        queueUrlVariable(q),
        `DEAD_LETTER_QUEUE_URL_${q.toUpperCase()}`,
      ]),
    ]);

    // Act
    const fn = resourcesOf(zhejiang.stateless, 'AWS::Lambda::Function')[
      functionLogicalId(zhejiang, spec.name)
    ];
    const variables = variablesOf(fn);

    // Assess
    expect(new Set(Object.keys(variables))).toEqual(expected);
    const known = new Set([...Object.keys(knownVariables), 'NODE_OPTIONS']);
    expect(Object.keys(variables).filter((name) => !known.has(name))).toEqual([]);
    expect(variables['PROVINCE']).toBe('zhejiang');
    for (const queue of access.sendTo) {
      expect(imports(variables[queueUrlVariable(queue)], `Ref${pascalCase(queue)}Queue`)).toBe(true);
    }
  });

  it.each(
    httpFunctions.flatMap((spec) =>
      spec.trigger.kind === 'http' ? spec.trigger.routes.map((route) => ({ spec, route })) : [],
    ),
  )('routes $route.method $route.path to $spec.name', ({ spec, route }) => {
    // Prepare
    const fnId = functionLogicalId(zhejiang, spec.name);
    const integrations = resourcesOf(zhejiang.stateless, 'AWS::ApiGatewayV2::Integration');

    // Act
    const found = Object.values(resourcesOf(zhejiang.stateless, 'AWS::ApiGatewayV2::Route')).filter(
      (r) => r.Properties?.['RouteKey'] === `${route.method} ${route.path}`,
    );

    // Assess
    expect(found).toHaveLength(1);
    const target = JSON.stringify(found[0]!.Properties!['Target']);
    const integrationId = Object.keys(integrations).find((id) => target.includes(`{"Ref":"${id}"}`));
    expect(integrations[integrationId ?? '']?.Properties?.['IntegrationUri']).toEqual({
      'Fn::GetAtt': [fnId, 'Arn'],
    });
    expect(found[0]!.Properties!['AuthorizationType']).toBe(route.auth === 'staff' ? 'JWT' : 'NONE');
  });

  it("checks staff tokens against the province's own OIDC issuer and audience", () => {
    // Prepare
    const signIn = deploymentFor('zhejiang').staffSignIn;

    // Act
    const authorizers = Object.values(resourcesOf(zhejiang.stateless, 'AWS::ApiGatewayV2::Authorizer'));

    // Assess
    expect(signIn.kind).toBe('oidc');
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]!.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration:
        signIn.kind === 'oidc' ? { Issuer: signIn.issuer, Audience: [...signIn.audience] } : {},
    });
  });

  it('checks staff tokens against the user pool and app client where Cognito signs staff in', () => {
    // Prepare
    const expectedIssuer = /cognito-idp\..*ExportsOutputRefStaffUserPool[0-9A-F]{8}/;

    // Act
    const authorizers = Object.values(resourcesOf(global.stateless, 'AWS::ApiGatewayV2::Authorizer'));

    // Assess
    expect(authorizers).toHaveLength(1);
    const config = authorizers[0]!.Properties!['JwtConfiguration'] as { Audience: unknown; Issuer: unknown };
    expect(JSON.stringify(config.Issuer)).toMatch(expectedIssuer);
    expect(imports(config.Audience, 'RefStaffAppClient')).toBe(true);
  });

  it('throttles and logs the default stage from the deployment', () => {
    // Prepare
    const { rateLimit, burstLimit } = deploymentFor('zhejiang').apiThrottling;

    // Act
    const stages = Object.values(resourcesOf(zhejiang.stateless, 'AWS::ApiGatewayV2::Stage'));

    // Assess
    expect(stages).toHaveLength(1);
    expect(stages[0]!.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit },
      AccessLogSettings: { DestinationArn: expect.anything(), Format: expect.stringContaining('requestId') },
    });
  });

  it.each(topology.functions.filter((f) => f.trigger.kind === 'queue'))(
    'feeds $name from its queue with partial batch failures',
    (spec) => {
      // Prepare
      const queue = topology.queues[(spec.trigger as { queue: keyof Topology['queues'] }).queue];

      // Act
      const mappings = Object.values(
        resourcesOf(zhejiang.stateless, 'AWS::Lambda::EventSourceMapping'),
      ).filter(
        (m) =>
          JSON.stringify(m.Properties?.['FunctionName']) ===
          JSON.stringify({ Ref: functionLogicalId(zhejiang, spec.name) }),
      );

      // Assess
      expect(mappings).toHaveLength(1);
      const mapping = mappings[0]!.Properties!;
      expect(imports(mapping['EventSourceArn'], `FnGetAtt${pascalCase(queue.name)}QueueArn`)).toBe(true);
      expect(mapping).toMatchObject({
        BatchSize: queue.batchSize,
        MaximumBatchingWindowInSeconds: queue.maxBatchingWindowSeconds,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    },
  );

  it.each(topology.functions.filter((f) => f.trigger.kind === 'schedule'))(
    'runs $name on its schedule',
    (spec) => {
      // Prepare
      const trigger = spec.trigger as Extract<FunctionSpec['trigger'], { kind: 'schedule' }>;

      // Act
      const rules = Object.values(resourcesOf(zhejiang.stateless, 'AWS::Events::Rule')).filter(
        (r) => r.Properties?.['ScheduleExpression'] === trigger.expression,
      );

      // Assess
      const targets = rules.flatMap((r) => r.Properties?.['Targets'] as { Arn: unknown }[]);
      expect(targets.map((t) => t.Arn)).toContainEqual({
        'Fn::GetAtt': [functionLogicalId(zhejiang, spec.name), 'Arn'],
      });
    },
  );

  it.each(topology.functions.filter((f) => f.trigger.kind === 'manual'))(
    'leaves the operator function $name without a trigger and names it in an output',
    (spec) => {
      // Prepare
      const fnId = functionLogicalId(zhejiang, spec.name);
      const refers = (value: unknown) => JSON.stringify(value ?? null).includes(`"${fnId}"`);

      // Act
      const mappings = Object.values(resourcesOf(zhejiang.stateless, 'AWS::Lambda::EventSourceMapping'));
      const permissions = Object.values(resourcesOf(zhejiang.stateless, 'AWS::Lambda::Permission'));
      const outputs = zhejiang.stateless.findOutputs(`${pascalCase(spec.name)}FunctionName`);

      // Assess
      expect(mappings.filter((m) => refers(m.Properties?.['FunctionName']))).toEqual([]);
      expect(permissions.filter((p) => refers(p.Properties?.['FunctionName']))).toEqual([]);
      expect(Object.values(outputs).map((o) => o['Value'])).toEqual([{ Ref: fnId }]);
    },
  );

  it.each(topology.rules)('sends events matching $name to the $targetQueue queue', (rule) => {
    // Prepare
    const id = `${pascalCase(rule.name)}Rule`;

    // Act
    const found = resourcesOf(zhejiang.stateless, 'AWS::Events::Rule')[id]?.Properties;

    // Assess
    expect(found?.['EventPattern']).toEqual(rule.pattern);
    expect(imports(found?.['EventBusName'], 'RefCaseEventBus')).toBe(true);
    const targets = found?.['Targets'] as { Arn: unknown }[];
    expect(targets).toHaveLength(1);
    expect(imports(targets[0]!.Arn, `FnGetAtt${pascalCase(rule.targetQueue)}QueueArn`)).toBe(true);
  });

  it('alarms on dead letters and message age of every queue, errors and throttles of every function, and API 5xx', () => {
    // Prepare
    const expected = [
      ...queueSpecs.flatMap((q) => [
        `${pascalCase(q.name)}DeadLettersAlarm`,
        `${pascalCase(q.name)}OldestMessageAlarm`,
      ]),
      ...topology.functions.flatMap((f) => [
        `${pascalCase(f.name)}ErrorsAlarm`,
        `${pascalCase(f.name)}ThrottlesAlarm`,
        // A stream reader's records that failed for the stream's 24 hours.
        ...(f.trigger.kind === 'tableStream' ? [`${pascalCase(f.name)}StreamFailuresAlarm`] : []),
      ]),
      'Api5xx',
    ];

    // Act
    const alarmIds = Object.keys(resourcesOf(zhejiang.stateless, 'AWS::CloudWatch::Alarm'));

    // Assess
    for (const id of expected)
      expect(
        alarmIds.some((alarmId) => alarmId.startsWith(id)),
        id,
      ).toBe(true);
    expect(alarmIds).toHaveLength(expected.length);
    zhejiang.stateless.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('least privilege', () => {
  it.each(topology.functions)('lets $name send only to the queues it names', (spec) => {
    // Prepare: the operator's redrive sends every dead letter back to its own queue
    const sendTo = new Set(
      spec.access.redrivesDeadLetters ? queueSpecs.map((q) => q.name) : spec.access.sendTo,
    );

    // Act: a stream reader's failure destination (its own queue, described by the mapping) aside
    const sending = statementsOf(zhejiang, spec.name).filter(
      (s) =>
        actionsOf([s]).includes('sqs:SendMessage') &&
        !JSON.stringify(s.Resource).includes(`${pascalCase(spec.name)}StreamFailures`),
    );

    // Assess
    expect(sending.length > 0).toBe(sendTo.size > 0);
    for (const queue of queueSpecs) {
      const granted = sending.some((s) => imports(s.Resource, `FnGetAtt${pascalCase(queue.name)}QueueArn`));
      expect(granted, `${spec.name} → ${queue.name}`).toBe(sendTo.has(queue.name));
    }
  });

  it.each(topology.functions)(
    'gives $name table, bus, secret, key and SMS rights only as its access says',
    (spec) => {
      // Prepare
      const { access } = spec;

      // Act
      const statements = statementsOf(zhejiang, spec.name);
      const actions = actionsOf(statements);

      // Assess
      expect(actions.includes('dynamodb:GetItem')).toBe(access.table !== 'none');
      expect(actions.includes('dynamodb:PutItem')).toBe(access.table === 'readwrite');
      expect(actions.includes('dynamodb:UpdateItem')).toBe(access.table === 'readwrite');
      expect(actions.includes('dynamodb:Scan')).toBe(access.scansTable === true);
      expect(actions.includes('events:PutEvents')).toBe(access.publishEvents);
      // Alibaba Cloud SMS: the AccessKey is read from Secrets Manager; nothing may publish to SNS.
      expect(actions.includes('secretsmanager:GetSecretValue')).toBe(
        access.webhookSecrets || access.sendsSms || access.open311PartnerKeys,
      );
      expect(actions.includes('sns:Publish')).toBe(false);
      const inSingapore = actionsOf(statementsOf(global, spec.name));
      expect(inSingapore.includes('sns:Publish')).toBe(access.sendsSms);
      const personalDataKeyUse = statements.filter((s) => imports(s.Resource, 'FnGetAttPersonalDataKeyArn'));
      expect(personalDataKeyUse.length > 0).toBe(access.personalDataKey !== 'none');
      expect(actionsOf(personalDataKeyUse).filter((a) => a !== 'kms:Decrypt')).toEqual([]);
      expect(actions.some((a) => a.endsWith('*'))).toBe(false);
    },
  );

  it('lets only operator functions scan the table, and only the table itself', () => {
    // Act
    const scanning = topology.functions.filter((f) =>
      statementsOf(zhejiang, f.name).some((s) => actionsOf([s]).includes('dynamodb:Scan')),
    );
    const resources = scanning.flatMap((f) =>
      statementsOf(zhejiang, f.name)
        .filter((s) => actionsOf([s]).includes('dynamodb:Scan'))
        .map((s) => JSON.stringify(s.Resource)),
    );

    // Assess
    expect(scanning.map((f) => f.name)).toEqual(['republish-events']);
    expect(scanning.every((f) => f.trigger.kind === 'manual')).toBe(true);
    expect(resources.every((r) => !r.includes('/index/'))).toBe(true);
  });

  it('lets only the functions granted redrive (the operator’s, the staff API’s) receive from and delete in the dead-letter queues', () => {
    // Prepare
    const consumers = (name: string) =>
      statementsOf(zhejiang, name).filter(
        (s) =>
          actionsOf([s]).includes('sqs:DeleteMessage') &&
          queueSpecs.some((q) => imports(s.Resource, `FnGetAtt${pascalCase(q.name)}DeadLetterQueueArn`)),
      );

    // Act
    const granted = topology.functions.filter((f) => f.access.redrivesDeadLetters).map((f) => f.name);
    const redrive = granted.map((name) => consumers(name).length);
    const others = topology.functions
      .filter((f) => !f.access.redrivesDeadLetters)
      .flatMap((f) => consumers(f.name));

    // Assess
    expect(granted.sort()).toEqual(['dead-letters-api', 'dlq-redrive']);
    expect(redrive).toEqual(granted.map(() => queueSpecs.length));
    expect(others).toEqual([]);
  });

  it('gives a read-only function no write on the table', () => {
    // Prepare
    const readers = topology.functions.filter((f) => f.access.table === 'read');
    const writes = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];

    // Act
    const granted = readers.flatMap((f) =>
      actionsOf(statementsOf(zhejiang, f.name)).filter((a) => writes.includes(a)),
    );

    // Assess
    expect(readers.length).toBeGreaterThan(0);
    expect(granted).toEqual([]);
  });

  it('keeps every log group, where the audit lines are, at least 180 days (网络安全法 Art. 21)', () => {
    // Act
    const groups = [zhejiang.stateful, zhejiang.stateless].flatMap((t) =>
      Object.values(resourcesOf(t, 'AWS::Logs::LogGroup')),
    );

    // Assess
    expect(groups.length).toBeGreaterThan(topology.functions.length);
    for (const group of groups) expect(group.Properties?.['RetentionInDays']).toBeGreaterThanOrEqual(180);
  });

  it.each(topology.functions)(
    'lets $name write its log lines but not delete, shorten or alter any',
    (spec) => {
      // Act
      const logActions = actionsOf(statementsOf(zhejiang, spec.name)).filter((a) => a.startsWith('logs:'));

      // Assess: CloudWatch Logs has no action that edits an event once written.
      expect(logActions.length).toBeGreaterThan(0);
      expect(logActions.filter((a) => !['logs:CreateLogStream', 'logs:PutLogEvents'].includes(a))).toEqual(
        [],
      );
    },
  );

  it('attaches no AWS managed policy to any function role', () => {
    // Prepare
    const roles = Object.values(resourcesOf(zhejiang.stateless, 'AWS::IAM::Role'));

    // Act
    const managed = roles.filter((role) => role.Properties?.['ManagedPolicyArns'] !== undefined);

    // Assess
    expect(roles).toHaveLength(topology.functions.length);
    expect(managed).toEqual([]);
  });
});

describe('a second province', () => {
  it('synthesizes its own stacks with different names', () => {
    // Prepare
    const names = (s: Synthesized) => [s.environment.stateful.stackName, s.environment.stateless.stackName];

    // Act
    const both = [...names(zhejiang), ...names(anhui)];

    // Assess
    expect(both).toEqual([
      'Petition-Zhejiang-Stateful',
      'Petition-Zhejiang-Stateless',
      'Petition-Anhui-Stateful',
      'Petition-Anhui-Stateless',
    ]);
  });

  it('shares no physical name with the first province', () => {
    // Prepare
    const nameProperties = [
      'TableName',
      'QueueName',
      'FunctionName',
      'RoleName',
      'UserPoolName',
      'Name',
      'Domain',
    ];
    // Authorizer names are scoped to their API, not to the account.
    const scopedToParent = new Set(['AWS::ApiGatewayV2::Authorizer']);
    const namesOf = (s: Synthesized) =>
      [s.stateful, s.stateless].flatMap((t) =>
        Object.values(t.toJSON()['Resources'] as Record<string, Resource>)
          .filter((r) => !scopedToParent.has(r.Type))
          // A Ref or GetAtt points at another resource of the same stack; only literals are names.
          .flatMap((r) => nameProperties.map((p) => r.Properties?.[p]).filter((v) => typeof v === 'string')),
      );

    // Act
    const first = new Set(namesOf(zhejiang));
    const shared = namesOf(anhui).filter((name) => first.has(name));

    // Assess
    expect(namesOf(anhui).length).toBeGreaterThan(0);
    expect(shared).toEqual([]);
  });

  it('tells its functions which province they serve', () => {
    // Prepare
    const provinceOf = (s: Synthesized) =>
      Object.values(resourcesOf(s.stateless, 'AWS::Lambda::Function')).map(
        (fn) => variablesOf(fn)['PROVINCE'],
      );

    // Act
    const provincesSeen = new Set([...provinceOf(zhejiang), ...provinceOf(anhui)]);

    // Assess
    expect(provincesSeen).toEqual(new Set(['zhejiang', 'anhui']));
  });
});

describe('topology growth', () => {
  const grown = {
    ...topology,
    queues: {
      ...topology.queues,
      archive: {
        name: 'archive',
        description: 'Closed cases waiting to be archived',
        visibilityTimeoutSeconds: 90,
        maxReceiveCount: 3,
        batchSize: 5,
        maxBatchingWindowSeconds: 2,
        retentionDays: 7,
      },
    },
    functions: [
      ...topology.functions,
      {
        name: 'archive-consumer',
        description: 'Archives closed cases',
        entry: topology.functions[0]!.entry,
        factory: 'createArchiveConsumer',
        trigger: { kind: 'queue', queue: 'archive' },
        timeoutSeconds: 60,
        memoryMb: 256,
        access: { ...topology.functions[0]!.access, sendTo: [], webhookSecrets: false, table: 'read' },
      },
      {
        name: 'staff-reports',
        description: 'Monthly reports for staff',
        entry: topology.functions[0]!.entry,
        factory: 'createStaffReports',
        trigger: { kind: 'http', routes: [{ method: 'GET', path: '/staff/reports', auth: 'staff' }] },
        timeoutSeconds: 10,
        memoryMb: 256,
        access: { ...topology.functions[0]!.access, sendTo: ['archive'], webhookSecrets: false },
      },
      {
        name: 'archive-sweep',
        description: 'Finds closed cases',
        entry: topology.functions[0]!.entry,
        factory: 'createArchiveSweep',
        trigger: {
          kind: 'schedule',
          name: 'archive-sweep',
          expression: 'cron(0 2 * * ? *)',
          description: 'Nightly',
        },
        timeoutSeconds: 60,
        memoryMb: 256,
        access: { ...topology.functions[0]!.access, webhookSecrets: false },
      },
    ],
    rules: [
      ...topology.rules,
      {
        name: 'closed-cases',
        description: 'Closed cases to archive',
        pattern: { source: [topology.eventSource], 'detail-type': ['CaseClosed'] },
        targetQueue: 'archive',
      },
    ],
  } as unknown as Topology;

  it('creates the resources of new topology entries without any CDK change', () => {
    // Prepare
    const deployment = deploymentFor('anhui');

    // Act
    const synthesized = synthesize(deployment, grown);

    // Assess
    const queues = resourcesOf(synthesized.stateful, 'AWS::SQS::Queue');
    expect(queues['ArchiveQueue']?.Properties?.['VisibilityTimeout']).toBe(90);
    expect(queues['ArchiveDeadLetterQueue']).toBeDefined();
    const consumer = functionLogicalId(synthesized, 'archive-consumer');
    synthesized.stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: consumer },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    synthesized.stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /staff/reports',
      AuthorizationType: 'JWT',
    });
    synthesized.stateless.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
    });
    synthesized.stateless.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: [topology.eventSource], 'detail-type': ['CaseClosed'] },
    });
    const reports = resourcesOf(synthesized.stateless, 'AWS::Lambda::Function')[
      functionLogicalId(synthesized, 'staff-reports')
    ];
    expect(Object.keys(variablesOf(reports))).toContain('QUEUE_URL_ARCHIVE');
  });

  it('fails the synth when a new public route has no reviewed reason', () => {
    // Prepare
    const withPublicRoute = {
      ...topology,
      functions: [
        ...topology.functions,
        {
          ...topology.functions[0]!,
          name: 'debug-dump',
          trigger: { kind: 'http', routes: [{ method: 'GET', path: '/debug/dump', auth: 'none' }] },
        },
      ],
    } as unknown as Topology;

    // Act
    const act = () => synthesize(deploymentFor('anhui'), withPublicRoute);

    // Assess
    expect(act).toThrow(/AwsSolutions-APIG4/);
  });

  it('refuses a queue whose visibility timeout is shorter than its consumer timeout', () => {
    // Prepare
    const shortVisibility = {
      ...topology,
      queues: { ...topology.queues, intake: { ...topology.queues.intake, visibilityTimeoutSeconds: 5 } },
    } as Topology;

    // Act
    const act = () => synthesize(deploymentFor('anhui'), shortVisibility);

    // Assess
    expect(act).toThrow(/visibility timeout of 5 s/);
  });

  it('refuses reserved concurrency for a function the topology does not have', () => {
    // Prepare
    const deployment = { ...deploymentFor('anhui'), reservedConcurrency: { 'no-such-function': 5 } };

    // Act
    const act = () => synthesize(deployment);

    // Assess
    expect(act).toThrow("names 'no-such-function', which is not a topology function");
  });
});

describe('regions and partitions', () => {
  it('warns at synth while a mainland SMS provider would be sent unregistered template codes, and not for SNS', () => {
    // Prepare
    const warningOf = (synthesized: Synthesized) =>
      Annotations.fromStack(synthesized.environment.stateless).findWarning(
        '*',
        Match.stringLikeRegexp('UNREGISTERED_ codes: receipt, screened_out'),
      );

    // Act
    const ningxia = warningOf(zhejiang);
    const singapore = warningOf(global);

    // Assess
    expect(ningxia).toHaveLength(1);
    expect(singapore).toEqual([]);
  });

  const templatesOf = (synthesized: Synthesized) =>
    [synthesized.stateful, synthesized.stateless].map((t) => t.toJSON() as Record<string, unknown>);

  /**
   * Every string in a template, except service principals (`Principal.Service` of a policy,
   * `Principal` of a Lambda permission): those keep their `amazonaws.com` names in aws-cn, as
   * CDK's region facts (`ServicePrincipal.servicePrincipalName`) have them.
   */
  function stringsOf(value: unknown, key = ''): string[] {
    if (typeof value === 'string') return key === 'Service' || key === 'Principal' ? [] : [value];
    if (Array.isArray(value)) return value.flatMap((v) => stringsOf(v, key));
    if (value && typeof value === 'object')
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => stringsOf(v, k));
    return [];
  }

  it.each([
    ['cn-northwest-1', () => zhejiang],
    ['ap-southeast-1', () => global],
  ] as const)('names no partition or domain literally in the templates for %s', (region, synthesized) => {
    // Prepare
    const templates = templatesOf(synthesized());

    // Act
    const literal = templates
      .flatMap((t) => stringsOf(t))
      .filter((v) => /arn:aws[:-]|amazonaws\.com/.test(v));

    // Assess
    expect(synthesized().environment.stateful.region).toBe(region);
    expect(literal).toEqual([]);
  });

  it('names no partition or AWS domain literally in the infrastructure sources', () => {
    // Prepare
    const folder = join(projectRoot, 'infra', 'cdk');

    // Act
    const offending = readdirSync(folder)
      .filter((name) => name.endsWith('.ts'))
      .filter((name) => /arn:aws:|amazonaws\.com/.test(readFileSync(join(folder, name), 'utf8')));

    // Assess
    expect(offending).toEqual([]);
  });

  it('fails the synth of a Cognito user pool in Ningxia, naming what is missing, the source and the remedy', () => {
    // Prepare
    const cognitoInChina = {
      ...zhejiangInSingapore,
      region: 'cn-northwest-1',
      sms: deploymentFor('zhejiang').sms,
    };

    // Act
    const act = () => synthesize(cognitoInChina);

    // Assess
    expect(act).toThrow(/China \(Ningxia\) \(cn-northwest-1\) does not offer Cognito user pools/);
    expect(act).toThrow(/StaffUserPool/);
    expect(act).toThrow(/docs\.amazonaws\.cn.*cognito\.html/);
    expect(act).toThrow(/staffSignIn\.kind to "oidc"/);
  });

  it('fails the synth of SNS SMS in Beijing', () => {
    // Prepare
    const snsInBeijing = { ...deploymentFor('anhui'), sms: { kind: 'sns', senderId: 'AHXF' } as const };

    // Act
    const act = () => synthesize(snsInBeijing);

    // Assess
    expect(act).toThrow(
      /China \(Beijing\) \(cn-north-1\) does not offer SNS SMS to mobile numbers \[sns-sms\]/,
    );
    expect(act).toThrow(/sms\.kind to "aliyun"/);
  });

  it('refuses unauthenticated routes and CloudFront in a China region without an ICP recordal', () => {
    // Prepare
    const app = new App({ context: { ...appContext } });
    const environment = addProvinceEnvironment(app, {
      deployment: deploymentFor('zhejiang'),
      functionCode: stubCode,
    });
    new cloudfront.CfnDistribution(environment.stateless, 'PagesDistribution', {
      distributionConfig: {
        enabled: true,
        defaultCacheBehavior: { targetOriginId: 'pages', viewerProtocolPolicy: 'https-only' },
        origins: [
          {
            id: 'pages',
            domainName: 'pages.example.cn',
            customOriginConfig: { originProtocolPolicy: 'https-only' },
          },
        ],
      },
    });
    const options = { region: 'cn-northwest-1', stackNamePrefix: 'Petition-Zhejiang', declared: [] };

    // Act
    const unfiled = regionShortfalls(app, { ...options, icpRecordal: undefined });
    const filed = regionShortfalls(app, { ...options, icpRecordal: '浙ICP备00000000号-1' });

    // Assess
    expect(unfiled).toEqual([
      expect.stringMatching(
        /offers only with an ICP recordal API routes without IAM\/JWT authorization.*webhooks/,
      ),
      expect.stringMatching(
        /offers only with an ICP recordal CloudFront distributions \[cloudfront\].*PagesDistribution/,
      ),
    ]);
    expect(filed).toEqual([]);
  });

  it('refuses a resource type the region table does not classify, so no new service goes unchecked', () => {
    // Prepare
    const app = new App({ context: { ...appContext } });
    const environment = addProvinceEnvironment(app, {
      deployment: deploymentFor('zhejiang'),
      functionCode: stubCode,
    });
    new CfnResource(environment.stateless, 'Cache', { type: 'AWS::ElastiCache::ServerlessCache' });

    // Act
    const problems = regionShortfalls(app, {
      region: 'cn-northwest-1',
      stackNamePrefix: 'Petition-Zhejiang',
      icpRecordal: 'x',
      declared: [],
    });

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/AWS::ElastiCache::ServerlessCache .* is not classified/),
    ]);
  });

  it('knows the China regions and refuses a partition the platform does not target', () => {
    // Act
    const beijing = regionProfile('cn-north-1');
    const govCloud = () => regionProfile('us-gov-west-1');

    // Assess
    expect(beijing).toMatchObject({
      partition: 'aws-cn',
      offers: { 'cognito-user-pools': 'no', 'sqs-dlq-redrive': 'no' },
    });
    expect(regionProfile('eu-central-1').partition).toBe('aws');
    expect(govCloud).toThrow(/not a region of the aws or aws-cn partition/);
  });
});

describe('cdk-nag AWS Solutions checks', () => {
  interface PluginReport {
    readonly pluginName: string;
    readonly violations: readonly { ruleName: string }[];
    readonly suppressedViolations?: readonly { ruleName: string; reason?: string }[];
  }

  it.each(['zhejiang', 'anhui', 'zhejiang in Singapore'])(
    'leaves no finding unacknowledged for %s',
    (province) => {
      // Prepare
      const synthesized = { zhejiang, anhui, 'zhejiang in Singapore': global }[province]!;

      // Act
      const report = JSON.parse(readFileSync(join(synthesized.outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: PluginReport[];
      };

      // Assess
      const nag = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
      expect(nag).toBeDefined();
      expect(nag!.violations.map((v) => v.ruleName)).toEqual([]);
      expect(nag!.suppressedViolations?.length).toBeGreaterThan(0);
    },
  );

  it('gives every acknowledgement a reason', () => {
    // Prepare
    const reportFile = join(zhejiang.outdir, 'validation-report.json');

    // Act
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: PluginReport[] };

    // Assess
    const suppressed = report.pluginReports.flatMap((p) => p.suppressedViolations ?? []);
    const withoutReason = suppressed.filter((s) => (s.reason ?? '').trim().length < 30);
    expect(withoutReason).toEqual([]);
  });

  it('acknowledges only the rules this project has argued for', () => {
    // Prepare
    const argued = new Set([
      'AwsSolutions-L1',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-APIG4',
      'AwsSolutions-SMG4',
      'W2531',
      // The staff console's hosting (infra/cdk/static-site.ts): the log bucket, CloudFront without
      // a domain yet, and the CDK's own upload handler.
      'AwsSolutions-S1',
      'W3045',
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR4',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Resource::<StaffConsoleFiles77295709.Arn>/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      // Zhejiang deploys to Ningxia: the asset bucket names the region, and CloudFront there has
      // origin access identities only (no origin access control).
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-cn-northwest-1/*]',
      'AwsSolutions-CFR7',
      // The event relay's stream-mapping failure destination is itself the dead-letter queue.
      'AwsSolutions-SQS3',
    ]);

    // Act
    const report = JSON.parse(readFileSync(join(zhejiang.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: PluginReport[];
    };

    // Assess
    const rules = new Set(
      report.pluginReports.flatMap((p) => (p.suppressedViolations ?? []).map((s) => s.ruleName)),
    );
    expect([...rules].filter((rule) => !argued.has(rule))).toEqual([]);
  });
});

describe('the CDK app', () => {
  it('builds one stage per province, each with its three stacks under their own names and cdk-nag clean', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'petition-stages-'));
    outdirs.push(outdir);
    const app = new App({ outdir, context: { ...appContext } });
    const stages = Object.values(deployments).map((deployment) => {
      const stage = new ProvinceStage(app, { deployment, functionCode: stubCode });
      checkWithAwsSolutions(stage);
      return stage;
    });

    // Act
    app.synth();

    // Assess
    expect(stages.map((stage) => stage.stageName).sort()).toEqual(
      Object.keys(deployments)
        .map((id) => pascalCase(id))
        .sort(),
    );
    for (const stage of stages) {
      const assembly = stage.synth();
      const names = assembly.stacks.map((stack) => stack.stackName).sort();
      const prefix = stage.environment.stateful.stackName.replace(/-Stateful$/, '');
      expect(names).toEqual([`${prefix}-Console`, `${prefix}-Stateful`, `${prefix}-Stateless`]);
    }
  });

  it('fails the synth of a stage that breaks an AWS Solutions rule', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'petition-stages-'));
    outdirs.push(outdir);
    const app = new App({ outdir, context: { ...appContext } });
    const stage = new ProvinceStage(app, { deployment: deploymentFor('anhui'), functionCode: stubCode });
    new sqs.Queue(stage.environment.stateful, 'UnencryptedWithoutDlq', {
      encryption: sqs.QueueEncryption.UNENCRYPTED,
    });
    checkWithAwsSolutions(stage);

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/AwsSolutions-SQS/);
  });
});

describe('staff console hosting', () => {
  it('keeps the files in a private bucket that only this distribution reads (origin access control), over TLS', () => {
    // Prepare: a global region, which has origin access control
    const global = synthesize({
      ...deploymentFor('zhejiang'),
      region: 'ap-southeast-1',
      stackNamePrefix: 'Petition-ZhejiangGlobal',
    });
    const buckets = Object.values(resourcesOf(global.console, 'AWS::S3::Bucket'));
    const policies = Object.values(resourcesOf(global.console, 'AWS::S3::BucketPolicy')).flatMap(
      statementsIn,
    );
    // Assess
    for (const bucket of buckets)
      expect(bucket.Properties?.['PublicAccessBlockConfiguration']).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    expect(
      policies.some((p) => p.Effect === 'Deny' && JSON.stringify(p).includes('aws:SecureTransport')),
    ).toBe(true);
    global.console.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    global.console.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const readers = policies.filter((p) => JSON.stringify(p.Principal ?? '').includes('cloudfront'));
    expect(readers.map((p) => p.Action)).toEqual(['s3:GetObject']);
    expect(JSON.stringify(readers[0])).toContain('AWS:SourceArn');
  }, 120_000);

  it('reads the bucket through an origin access identity in Ningxia, which has no origin access control', () => {
    // Assess
    zhejiang.console.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    zhejiang.console.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    const policies = Object.values(resourcesOf(zhejiang.console, 'AWS::S3::BucketPolicy')).flatMap(
      statementsIn,
    );
    const readers = policies.filter((p) =>
      /CanonicalUser|Origin Access Identity/.test(JSON.stringify(p.Principal ?? '')),
    );
    expect(readers.length).toBeGreaterThan(0);
    expect(policies.some((p) => p.Effect === 'Allow' && JSON.stringify(p.Principal ?? '') === '"*"')).toBe(
      false,
    );
  });

  it('answers with a strict content security policy and the usual security headers', () => {
    // Prepare
    const [policy] = Object.values(resourcesOf(zhejiang.console, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const config = JSON.stringify(policy?.Properties?.['ResponseHeadersPolicyConfig']);
    // Assess
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ])
      expect(config).toContain(directive);
    expect(config).not.toContain("script-src 'self' 'unsafe");
    expect(config).toContain('connect-src');
    expect(config).toContain("connect-src 'self' ");
    expect(config).toContain('ExportsOutputFnGetAttHttpApi');
    // The province's own OpenID Connect provider, the issuer the API's authorizer trusts
    expect(config).toContain('https://sso.zhejiang.example.cn/oidc');
    expect(config).toMatch(/"FrameOption":"DENY"/);
    expect(config).toMatch(/"ContentTypeOptions":\{"Override":true\}/);
    expect(config).toContain('StrictTransportSecurity');
  });

  it('routes the console’s client-side paths to index.html and redirects the root to /console/', () => {
    // Prepare
    const [fn] = Object.values(resourcesOf(zhejiang.console, 'AWS::CloudFront::Function'));
    const code = String(fn?.Properties?.['FunctionCode']);
    // Act
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => {
      uri?: string;
      statusCode?: number;
      headers?: { location: { value: string } };
    };
    const route = (uri: string) => handler({ request: { uri } });
    // Assess
    expect(route('/console/cases/XF20261202000001').uri).toBe('/console/index.html');
    expect(route('/console/assets/index-abc.js').uri).toBe('/console/assets/index-abc.js');
    expect(route('/').headers?.location.value).toBe('/console/');
  });

  it('uploads the build with a runtime configuration naming the API and the issuer its authorizer trusts', () => {
    // Prepare
    const template = JSON.stringify(zhejiang.console.toJSON());
    const deployments = Object.values(resourcesOf(zhejiang.console, 'Custom::CDKBucketDeployment'));
    // Assess
    expect(deployments).toHaveLength(2);
    expect(deployments.map((d) => d.Properties?.['DestinationBucketKeyPrefix'])).toEqual([
      'console/',
      'console/',
    ]);
    const configs = readdirSync(zhejiang.outdir)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(zhejiang.outdir, name, 'config.json'))
      .filter((file) => existsSync(file))
      .map((file) => JSON.parse(readFileSync(file, 'utf8')) as { auth?: Record<string, unknown> })
      .filter((config) => config.auth !== undefined);
    // The province's provider, the console's client id there (the authorizer's audience), and the
    // claims the API reads staff from (the province's staffClaims)
    expect(configs).toHaveLength(1);
    expect(configs[0]!.auth).toMatchObject({
      kind: 'oidc',
      issuer: 'https://sso.zhejiang.example.cn/oidc',
      clientId: 'petition-staff-console',
      claims: { subject: ['sub'], unit: ['unit', 'custom:unit'], role: ['role', 'custom:role'] },
    });
    expect(template).toContain('https://sso.zhejiang.example.cn/oidc');
    expect(template).not.toMatch(/amazonaws\.com\/|arn:aws:/);
  });

  it('serves the console under the province’s own domain and IAM certificate when one is configured', () => {
    // Prepare
    const withDomain: ProvinceDeployment = {
      ...deploymentFor('anhui'),
      stackNamePrefix: 'Petition-AnhuiDomain',
      staffConsole: {
        domain: {
          names: ['staff.xinfang.anhui.example.cn'],
          certificate: { iamCertificateId: 'ASCAEXAMPLE123' },
        },
      },
    };
    // Act
    const synthesized = synthesize(withDomain);
    // Assess
    const [distribution] = Object.values(resourcesOf(synthesized.console, 'AWS::CloudFront::Distribution'));
    const config = distribution?.Properties?.['DistributionConfig'] as Record<string, unknown>;
    expect(config['Aliases']).toEqual(['staff.xinfang.anhui.example.cn']);
    expect(config['ViewerCertificate']).toMatchObject({
      IamCertificateId: 'ASCAEXAMPLE123',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
  });

  it('lets the console’s origin call the API with a bearer token when its domain is configured, beside the page’s and no other', () => {
    // Prepare
    const withDomain: ProvinceDeployment = {
      ...deploymentFor('anhui'),
      stackNamePrefix: 'Petition-AnhuiCors',
      staffConsole: {
        domain: {
          names: ['staff.xinfang.anhui.example.cn'],
          certificate: { iamCertificateId: 'ASCAEXAMPLE123' },
        },
      },
    };
    // Act
    const [own] = Object.values(resourcesOf(synthesize(withDomain).stateless, 'AWS::ApiGatewayV2::Api'));
    const [any] = Object.values(resourcesOf(zhejiang.stateless, 'AWS::ApiGatewayV2::Api'));
    // Assess
    expect(own?.Properties?.['CorsConfiguration']).toMatchObject({
      AllowOrigins: ['https://xinfang.anhui.example.cn', 'https://staff.xinfang.anhui.example.cn'],
      AllowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
      AllowCredentials: false,
    });
    expect((own!.Properties!['CorsConfiguration'] as { AllowMethods: string[] }).AllowMethods).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']),
    );
    expect(any?.Properties?.['CorsConfiguration']).toMatchObject({
      AllowOrigins: ['https://xinfang.zhejiang.example.cn'],
    });
  });
});

describe('PetitionFunction bundling', () => {
  it('bundles a topology function offline into an ESM handler that Node can load', async () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'petition-bundle-'));
    outdirs.push(outdir);
    const app = new App({ outdir, context: { ...appContext } });
    const deployment = deploymentFor('zhejiang');
    const stateful = new PetitionStatefulStack(app, 'Stateful', { deployment, topology });
    const stack = new Stack(app, 'Bundled');
    new PetitionFunction(stack, 'PublicApi', {
      spec: functionSpec('public-api'),
      resources: stateful.resources,
      environment: { PROVINCE: 'zhejiang' },
      logRetention: deployment.logRetention,
      projectRoot,
    });

    // Act
    const assembly = app.synth();

    // Assess
    const assets = readdirSync(assembly.directory)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(assembly.directory, name));
    expect(assets).toHaveLength(1);
    const bundle = join(assets[0]!, 'index.mjs');
    expect(existsSync(`${bundle}.map`)).toBe(true);
    expect(readFileSync(bundle, 'utf8').startsWith(esmRequireBanner)).toBe(true);
    const loaded = (await import(pathToFileURL(bundle).href)) as { handler?: unknown };
    expect(typeof loaded.handler).toBe('function');
  });

  it('ships the province configuration and the topic model beside the routing function, and maps without sources', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'petition-bundle-'));
    outdirs.push(outdir);
    const app = new App({ outdir, context: { ...appContext } });
    const deployment = deploymentFor('zhejiang');
    const stateful = new PetitionStatefulStack(app, 'Stateful', { deployment, topology });
    const stack = new Stack(app, 'Bundled');
    new PetitionFunction(stack, 'RoutingConsumer', {
      spec: functionSpec('routing-consumer'),
      resources: stateful.resources,
      environment: { PROVINCE: 'zhejiang' },
      logRetention: deployment.logRetention,
      projectRoot,
      assets: [
        { from: writeProvinceConfig('zhejiang'), to: provinceConfigFileName },
        { from: routingModelSource, to: routingModelFileName },
      ],
    });

    // Act
    const assembly = app.synth();

    // Assess
    const asset = readdirSync(assembly.directory)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(assembly.directory, name))[0]!;
    const shipped = JSON.parse(readFileSync(join(asset, provinceConfigFileName), 'utf8'));
    expect(shipped.province.id).toBe('zhejiang');
    expect(readFileSync(join(asset, routingModelFileName), 'utf8')).toBe(
      readFileSync(routingModelSource, 'utf8'),
    );
    const map = JSON.parse(readFileSync(join(asset, 'index.mjs.map'), 'utf8'));
    expect(map.sourcesContent ?? []).toEqual([]);
  });
});
