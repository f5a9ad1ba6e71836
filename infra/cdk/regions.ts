/**
 * What each region offers of the services and features the province's stacks use, and a synth-time
 * check that every resource the stacks hold is offered where they deploy
 * (docs/decisions/0018-china-regions.md). The China regions (partition `aws-cn`) lack several
 * features the global regions have; each "no" below cites the AWS China documentation page that
 * says so ("Getting Started with Amazon Web Services in China", docs.amazonaws.cn).
 *
 * The check reads the synthesized resources, not a list kept by hand: a stack that gains a
 * resource type this table does not classify fails the synth until someone adds it here, so a
 * new static site (S3 + CloudFront) is checked as soon as it is added.
 */
import { type CfnResource, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A service or feature the stacks may use. */
const capabilities = {
  lambda: 'AWS Lambda functions (Node.js 22 on arm64)',
  'lambda-xray': 'X-Ray active tracing of Lambda functions',
  'lambda-function-urls': 'Lambda function URLs',
  iam: 'IAM roles and policies',
  dynamodb: 'DynamoDB tables (on-demand, PITR, deletion protection, TTL, KMS key)',
  sqs: 'SQS standard queues with dead-letter queues',
  'sqs-dlq-redrive': 'SQS dead-letter queue redrive (StartMessageMoveTask)',
  'eventbridge-rules': 'EventBridge custom bus, pattern rules and scheduled rules',
  'eventbridge-scheduler': 'EventBridge Scheduler schedules',
  'http-api': 'API Gateway HTTP API',
  'http-api-jwt-authorizer': 'API Gateway HTTP API JWT authorizer',
  'api-unauthenticated-routes':
    'API routes without IAM/JWT authorization (webhooks, the petitioner’s lookup, OpenAPI)',
  'cognito-user-pools': 'Cognito user pools (hosted sign-in, app clients)',
  'cognito-plus': 'Cognito Plus feature plan (threat protection)',
  sns: 'SNS topics with e-mail subscriptions (alarms)',
  'sns-sms': 'SNS SMS to mobile numbers',
  kms: 'KMS customer managed keys with rotation',
  'secrets-manager': 'Secrets Manager secrets',
  cloudwatch: 'CloudWatch logs, alarms and dashboards',
  s3: 'S3 buckets',
  cloudfront: 'CloudFront distributions',
  'cloudfront-origin-access-control': 'CloudFront origin access control (OAC) for S3 origins',
} as const;
type Capability = keyof typeof capabilities;

/**
 * `yes`: offered. `no`: not offered. `icp`: offered only for a domain (or account) with an ICP
 * recordal (备案): the deployment must name its recordal (`ProvinceDeployment.icp`).
 */
type Availability = 'yes' | 'no' | 'icp';

interface RegionProfile {
  readonly region: string;
  readonly name: string;
  readonly partition: 'aws' | 'aws-cn';
  readonly offers: Readonly<Record<Capability, Availability>>;
  /** Where each `no` and `icp` comes from. */
  readonly sources: Readonly<Partial<Record<Capability, string>>>;
}

const everything = Object.fromEntries(Object.keys(capabilities).map((c) => [c, 'yes'])) as Record<
  Capability,
  Availability
>;

const cnGuide = 'https://docs.amazonaws.cn/en_us/aws/latest/userguide';

/** The same for Beijing and Ningxia, except Cognito (identity pools only, and only in Beijing). */
const chinaOffers: Record<Capability, Availability> = {
  ...everything,
  'lambda-xray': 'no',
  'lambda-function-urls': 'no',
  'sqs-dlq-redrive': 'no',
  // The EventBridge feature table of the China documentation lists no Scheduler; the stacks use
  // scheduled rules on the default bus instead, which are offered.
  'eventbridge-scheduler': 'no',
  'api-unauthenticated-routes': 'icp',
  'cognito-user-pools': 'no',
  'cognito-plus': 'no',
  'sns-sms': 'no',
  cloudfront: 'icp',
  'cloudfront-origin-access-control': 'no',
};

const chinaSources: RegionProfile['sources'] = {
  'lambda-xray': `${cnGuide}/lambda.html (X-Ray integration with Lambda is not available in the China Regions)`,
  'lambda-function-urls': `${cnGuide}/lambda.html (Lambda function URLs are not available)`,
  'sqs-dlq-redrive': `${cnGuide}/sqs.html (the SQS dead-letter queue redrive feature is not supported)`,
  'eventbridge-scheduler':
    'https://docs.amazonaws.cn/en_us/eventbridge/latest/userguide/feature-availability.html',
  'api-unauthenticated-routes': `${cnGuide}/api-gateway.html (API Gateway serves unauthenticated requests only for an account with an ICP license; custom domains need one too)`,
  'cognito-user-pools': `${cnGuide}/cognito.html (Cognito user pools are not available; identity pools only, Beijing only)`,
  'cognito-plus': `${cnGuide}/cognito.html`,
  'sns-sms': `${cnGuide}/sns.html (SMS messaging is not available in Beijing and Ningxia)`,
  cloudfront: `${cnGuide}/cloudfront.html (the default *.cloudfront.cn domain cannot serve content: an alternate domain with an ICP recordal is required)`,
  'cloudfront-origin-access-control':
    "the CloudFormation resource types of the China regions (aws-cdk-lib's template validation, F3006: AWS::CloudFront::OriginAccessControl does not exist there); origin access identities do",
};

const regionProfiles: Readonly<Record<string, RegionProfile>> = {
  'cn-north-1': {
    region: 'cn-north-1',
    name: 'China (Beijing)',
    partition: 'aws-cn',
    offers: chinaOffers,
    sources: chinaSources,
  },
  'cn-northwest-1': {
    region: 'cn-northwest-1',
    name: 'China (Ningxia)',
    partition: 'aws-cn',
    offers: chinaOffers,
    sources: chinaSources,
  },
};

/**
 * What a region offers. Regions of the `aws` partition are taken to offer everything the stacks
 * use (the platform was built on them); SNS SMS is the exception worth checking there, and the
 * SNS documentation's list of SMS regions is the place to do it before choosing `sns`.
 * @throws Error for a region of another partition (GovCloud, ISO), which the platform does not target
 */
export function regionProfile(region: string): RegionProfile {
  const known = regionProfiles[region];
  if (known) return known;
  if (!/^(?:af|ap|ca|eu|il|me|mx|sa|us)-[a-z]+-\d$/.test(region) || region.startsWith('us-gov-'))
    throw new Error(
      `region '${region}' is not a region of the aws or aws-cn partition; the platform targets those only`,
    );
  return { region, name: region, partition: 'aws', offers: everything, sources: {} };
}

type Read = (property: string) => unknown;

/** The capability each CloudFormation resource type needs, and what in it needs more (tracing, plan, auth). */
const resourceCapabilities: Readonly<Record<string, (read: Read) => Capability[]>> = {
  'AWS::Lambda::Function': (read) => [
    'lambda',
    ...((read('tracingConfig') as { mode?: string } | undefined)?.mode === 'Active'
      ? (['lambda-xray'] as const)
      : []),
  ],
  'AWS::Lambda::EventSourceMapping': () => ['lambda'],
  'AWS::Lambda::Permission': () => ['lambda'],
  'AWS::Lambda::LayerVersion': () => ['lambda'],
  'AWS::Lambda::Url': () => ['lambda-function-urls'],
  'AWS::IAM::Role': () => ['iam'],
  'AWS::IAM::Policy': () => ['iam'],
  'AWS::DynamoDB::Table': () => ['dynamodb'],
  'AWS::SQS::Queue': () => ['sqs'],
  'AWS::SQS::QueuePolicy': () => ['sqs'],
  'AWS::Events::EventBus': () => ['eventbridge-rules'],
  'AWS::Events::Rule': () => ['eventbridge-rules'],
  'AWS::Scheduler::Schedule': () => ['eventbridge-scheduler'],
  'AWS::Scheduler::ScheduleGroup': () => ['eventbridge-scheduler'],
  'AWS::ApiGatewayV2::Api': () => ['http-api'],
  'AWS::ApiGatewayV2::Stage': () => ['http-api'],
  'AWS::ApiGatewayV2::Integration': () => ['http-api'],
  'AWS::ApiGatewayV2::Route': (read) => [
    'http-api',
    ...(read('authorizationType') === 'NONE' || read('authorizationType') === undefined
      ? (['api-unauthenticated-routes'] as const)
      : []),
  ],
  'AWS::ApiGatewayV2::Authorizer': (read) => [
    'http-api',
    ...(read('authorizerType') === 'JWT' ? (['http-api-jwt-authorizer'] as const) : []),
  ],
  'AWS::Cognito::UserPool': (read) => [
    'cognito-user-pools',
    ...(read('userPoolTier') === 'PLUS' ? (['cognito-plus'] as const) : []),
  ],
  'AWS::Cognito::UserPoolClient': () => ['cognito-user-pools'],
  'AWS::Cognito::UserPoolDomain': () => ['cognito-user-pools'],
  'AWS::SNS::Topic': () => ['sns'],
  'AWS::SNS::TopicPolicy': () => ['sns'],
  'AWS::SNS::Subscription': () => ['sns'],
  'AWS::KMS::Key': () => ['kms'],
  'AWS::KMS::Alias': () => ['kms'],
  'AWS::SecretsManager::Secret': () => ['secrets-manager'],
  'AWS::Logs::LogGroup': () => ['cloudwatch'],
  'AWS::CloudWatch::Alarm': () => ['cloudwatch'],
  'AWS::CloudWatch::Dashboard': () => ['cloudwatch'],
  'AWS::S3::Bucket': () => ['s3'],
  'AWS::S3::BucketPolicy': () => ['s3'],
  'AWS::CloudFront::Distribution': () => ['cloudfront'],
  'AWS::CloudFront::OriginAccessControl': () => ['cloudfront', 'cloudfront-origin-access-control'],
  'AWS::CloudFront::CloudFrontOriginAccessIdentity': () => ['cloudfront'],
  'AWS::CloudFront::ResponseHeadersPolicy': () => ['cloudfront'],
  'AWS::CloudFront::CachePolicy': () => ['cloudfront'],
  'AWS::CloudFront::Function': () => ['cloudfront'],
  // The S3 deployment of a static site runs in a Lambda function of CDK's own.
  'Custom::CDKBucketDeployment': () => ['lambda', 's3'],
  'AWS::CDK::Metadata': () => [],
};

/** Features a deployment uses that are no resource of their own (an API call a function makes). */
export interface DeclaredUse {
  readonly capability: Capability;
  /** What uses it, for the error message. */
  readonly by: string;
  /** What to change when the region lacks it. */
  readonly instead: string;
}

export interface RegionCheckOptions {
  readonly region: string;
  /** Stacks whose name starts with this prefix are the province's. */
  readonly stackNamePrefix: string;
  /** The ICP recordal number of the deployment's domains, if filed. */
  readonly icpRecordal: string | undefined;
  readonly declared: readonly DeclaredUse[];
}

/** What to change for a capability the region lacks, when a resource (not a declaration) uses it. */
const remedies: Partial<Record<Capability, string>> = {
  'cognito-user-pools':
    'set staffSignIn.kind to "oidc" with the province identity provider (docs/deploy-a-province.md)',
  'cognito-plus': 'set staffSignIn.threatProtection to false',
  'lambda-xray': 'PetitionFunction traces only where the region table says X-Ray is offered',
  'eventbridge-scheduler': 'use a scheduled EventBridge rule (topology schedule triggers)',
  'lambda-function-urls': 'route the function through the HTTP API',
  'cloudfront-origin-access-control':
    'StaticSite (the console and the petitioner’s page) reads its bucket through an origin access identity where the region table says OAC is not offered',
};

/**
 * Each capability the province's stacks use that `region` does not offer, as one line naming the
 * resources (or declarations) that use it, where the region table has it from, and what to change.
 */
export function regionShortfalls(scope: IConstruct, options: RegionCheckOptions): string[] {
  const profile = regionProfile(options.region);
  const users = new Map<Capability, string[]>();
  const use = (capability: Capability, by: string) =>
    users.set(capability, [...(users.get(capability) ?? []), by]);
  const problems: string[] = [];
  for (const construct of scope.node.findAll()) {
    if (!isCfnResource(construct)) continue;
    const stack = Stack.of(construct);
    if (!stack.stackName.startsWith(options.stackNamePrefix)) continue;
    const type = construct.cfnResourceType;
    const classify =
      resourceCapabilities[type] ??
      (type.startsWith('Custom::') ? () => ['lambda'] as Capability[] : undefined);
    if (!classify) {
      problems.push(
        `${type} (${construct.node.path}) is not classified in infra/cdk/regions.ts: add the capability it needs, so that every region is checked for it`,
      );
      continue;
    }
    // L1 resources expose their properties by their camel-case names.
    const read: Read = (property) =>
      stack.resolve((construct as unknown as Record<string, unknown>)[property]);
    for (const capability of classify(read)) use(capability, `${type} ${construct.node.path}`);
  }
  for (const declared of options.declared) use(declared.capability, declared.by);

  for (const [capability, by] of users) {
    const availability = profile.offers[capability];
    if (availability === 'yes') continue;
    if (availability === 'icp' && options.icpRecordal) continue;
    const source = profile.sources[capability] ?? 'the region table';
    const declared = options.declared.find((d) => d.capability === capability);
    const remedy =
      availability === 'icp'
        ? 'file the domains with an ICP recordal (备案) and set icp.recordal in infra/cdk/deployments.ts'
        : (declared?.instead ?? remedies[capability] ?? 'remove it or choose another region');
    const shown = by.length > 3 ? [...by.slice(0, 3), `and ${by.length - 3} more`] : by;
    problems.push(
      `${profile.name} (${profile.region}) ${availability === 'icp' ? 'offers only with an ICP recordal' : 'does not offer'} ` +
        `${capabilities[capability]} [${capability}], used by ${shown.join(', ')}. Source: ${source}. Instead: ${remedy}.`,
    );
  }
  return problems;
}

function isCfnResource(construct: IConstruct): construct is CfnResource {
  return (
    typeof (construct as Partial<CfnResource>).cfnResourceType === 'string' &&
    !Token.isUnresolved((construct as CfnResource).cfnResourceType)
  );
}

/**
 * Adds the region check to `scope` (the province's stage, or an app in a test): synth fails with
 * one line per capability the region lacks.
 */
export function checkRegionOffersEverything(scope: IConstruct, options: RegionCheckOptions): void {
  scope.node.addValidation({ validate: () => regionShortfalls(scope, options) });
}

/** The region table as Markdown, for the guide (`npm run regions`). */
export function regionTableMarkdown(regions: readonly string[]): string {
  const profiles = regions.map(regionProfile);
  const mark = { yes: '✓', no: '✗', icp: 'ICP' } as const;
  const header = `| capability | ${profiles.map((p) => `${p.name}`).join(' | ')} |`;
  const rule = `| --- | ${profiles.map(() => ':---:').join(' | ')} |`;
  const rows = (Object.keys(capabilities) as Capability[]).map(
    (c) => `| ${capabilities[c]} | ${profiles.map((p) => mark[p.offers[c]]).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
