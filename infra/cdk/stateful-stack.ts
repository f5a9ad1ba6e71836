/**
 * What a province keeps when code is redeployed: case data, queued work, secrets, keys and staff
 * accounts. Everything here is retained on stack deletion and keeps a fixed logical id, because a
 * changed logical id makes CloudFormation replace the resource (tests/infra/cdk-stacks.test.ts pins
 * them). Physical names are generated, so two provinces never collide in one account.
 */
import {
  Aws,
  CfnOutput,
  type CfnResource,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { caseIndexes, type IndexDefinition, tableKeys } from '../../functions/adapters/dynamodb/table.js';
import type { QueueName, QueueSpec, Topology } from '../topology.js';
import type { ProvinceDeployment } from './deployments.js';
import { acknowledge } from './nag.js';
import { pascalCase } from './names.js';

/** The attribute DynamoDB's TTL reads (epoch seconds), e.g. on attempt counters. */
const expiryAttribute = 'expiresAt';

/** Custom attributes every staff user carries; the ID token has them as `custom:unit`, `custom:role`. */
const staffAttributes = { unit: 'unit', role: 'role' } as const;

/** A topology queue and the dead-letter queue its failed records move to. */
export interface QueuePair {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
}

/** The stateful resources the stateless stack wires functions to (passed as props, never looked up). */
export interface StatefulResources {
  readonly table: dynamodb.ITable;
  /** The table's global secondary indexes, granted by exact ARN. */
  readonly tableIndexNames: readonly string[];
  /** The customer-managed key the table is encrypted with. */
  readonly tableKey: kms.IKey;
  readonly queues: Readonly<Record<QueueName, QueuePair>>;
  readonly bus: events.IEventBus;
  readonly webhookSecrets: { readonly web: secretsmanager.ISecret; readonly sms: secretsmanager.ISecret };
  /** The SMS provider's API credentials (`aliyun`), put in by the operator; absent for SNS. */
  readonly smsProviderCredentials?: secretsmanager.ISecret;
  /** The Open311 partner keys, `{"partners":[{"id","name","key","rateLimit"?}]}`. */
  readonly open311PartnerKeys: secretsmanager.ISecret;
  /** Wraps the personal data keys (PERSONAL_DATA_KEYS_CIPHERTEXT). */
  readonly personalDataKey: kms.IKey;
  /** The staff user pool, only for `staffSignIn.kind: 'cognito'`; otherwise the province's own provider signs staff in. */
  readonly staff?: { readonly userPool: cognito.IUserPool; readonly appClient: cognito.IUserPoolClient };
}

export interface PetitionStatefulStackProps extends StackProps {
  readonly deployment: ProvinceDeployment;
  readonly topology: Topology;
}

/** Logical ids of the stateful resources. Changing one replaces (or orphans) the resource. */
const statefulLogicalIds = {
  table: 'CaseTable',
  tableKey: 'CaseTableKey',
  personalDataKey: 'PersonalDataKey',
  bus: 'CaseEventBus',
  webWebhookSecret: 'WebWebhookSecret',
  smsWebhookSecret: 'SmsWebhookSecret',
  smsProviderCredentials: 'SmsProviderCredentials',
  open311PartnerKeys: 'Open311PartnerKeys',
  userPool: 'StaffUserPool',
  appClient: 'StaffAppClient',
  queue: (name: string) => `${pascalCase(name)}Queue`,
  deadLetterQueue: (name: string) => `${pascalCase(name)}DeadLetterQueue`,
} as const;

function pinLogicalId(construct: IConstruct, logicalId: string): void {
  (construct.node.defaultChild as CfnResource).overrideLogicalId(logicalId);
}

/** The province's data and long-lived resources. */
export class PetitionStatefulStack extends Stack {
  readonly resources: StatefulResources;

  constructor(scope: Construct, id: string, props: PetitionStatefulStackProps) {
    super(scope, id, props);
    const { deployment, topology } = props;

    const tableKey = this.key(statefulLogicalIds.tableKey, 'Encrypts the case table of the province');
    const personalDataKey = this.key(
      statefulLogicalIds.personalDataKey,
      'Wraps the data keys that seal petitioner identity and contact data',
    );
    const table = this.caseTable(tableKey);
    const bus = new events.EventBus(this, statefulLogicalIds.bus, {
      description: `Case events of ${deployment.provinceId}`,
    });
    pinLogicalId(bus, statefulLogicalIds.bus);

    const queues = {} as Record<QueueName, QueuePair>;
    for (const spec of Object.values(topology.queues)) queues[spec.name] = this.queuePair(spec);
    this.allowBusRulesToSend(topology, queues, bus);

    this.resources = {
      table,
      tableIndexNames: Object.values(caseIndexes).map((index) => index.indexName),
      tableKey,
      queues,
      bus,
      webhookSecrets: {
        web: this.webhookSecret(statefulLogicalIds.webWebhookSecret, 'web portal'),
        sms: this.webhookSecret(statefulLogicalIds.smsWebhookSecret, 'SMS gateway'),
      },
      ...(deployment.sms.kind === 'aliyun' ? { smsProviderCredentials: this.smsProviderCredentials() } : {}),
      open311PartnerKeys: this.partnerKeysSecret(),
      personalDataKey,
      ...(deployment.staffSignIn.kind === 'cognito'
        ? { staff: this.staffSignIn(deployment, deployment.staffSignIn) }
        : {}),
    };

    // What the operator needs after the first deployment (docs/deploy-a-province.md).
    const outputs: Record<string, [string, string]> = {
      PersonalDataKeyArn: [
        personalDataKey.keyArn,
        'Key that wraps the personal data keys (generate-data-key-without-plaintext)',
      ],
      WebWebhookSecretArn: [
        this.resources.webhookSecrets.web.secretArn,
        'HMAC secret to hand to the web portal',
      ],
      SmsWebhookSecretArn: [
        this.resources.webhookSecrets.sms.secretArn,
        'HMAC secret to hand to the SMS gateway',
      ],
      Open311PartnerKeysArn: [
        this.resources.open311PartnerKeys.secretArn,
        'Open311 partner keys: put {"partners":[{"id","name","key"}]} here (docs/deploy-a-province.md)',
      ],
    };
    const { staff, smsProviderCredentials } = this.resources;
    if (staff) {
      outputs['StaffUserPoolId'] = [staff.userPool.userPoolId, 'Where staff users are created'];
      outputs['StaffAppClientId'] = [staff.appClient.userPoolClientId, 'App client of the staff web app'];
    }
    if (smsProviderCredentials) {
      outputs['SmsProviderCredentialsArn'] = [
        smsProviderCredentials.secretArn,
        'Put the SMS provider AccessKey here: {"accessKeyId":"…","accessKeySecret":"…"}',
      ];
    }
    for (const [id, [value, description]] of Object.entries(outputs))
      new CfnOutput(this, id, { value, description });
  }

  private key(id: string, description: string): kms.Key {
    const key = new kms.Key(this, id, {
      description,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(key, id);
    return key;
  }

  /** The single table of `functions/adapters/dynamodb/case-table.ts`, index for index. */
  private caseTable(encryptionKey: kms.IKey): dynamodb.Table {
    const table = new dynamodb.Table(this, statefulLogicalIds.table, {
      partitionKey: { name: tableKeys.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableKeys.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: expiryAttribute,
      // The event relay reads the history lines written (docs/decisions/0020-cost-per-case.md).
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
    for (const index of Object.values(caseIndexes) as readonly IndexDefinition[]) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        ...(index.projection.type === 'KEYS_ONLY'
          ? { projectionType: dynamodb.ProjectionType.KEYS_ONLY }
          : {
              projectionType: dynamodb.ProjectionType.INCLUDE,
              nonKeyAttributes: [...index.projection.nonKeyAttributes],
            }),
      });
    }
    pinLogicalId(table, statefulLogicalIds.table);
    return table;
  }

  private queuePair(spec: QueueSpec): QueuePair {
    // Queue messages carry ids and case events, never sealed personal data, so SQS-managed
    // encryption is enough and lets EventBridge deliver without a key policy.
    const deadLetterQueue = new sqs.Queue(this, statefulLogicalIds.deadLetterQueue(spec.name), {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(deadLetterQueue, statefulLogicalIds.deadLetterQueue(spec.name));
    const queue = new sqs.Queue(this, statefulLogicalIds.queue(spec.name), {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(spec.retentionDays),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(queue, statefulLogicalIds.queue(spec.name));
    return { queue, deadLetterQueue };
  }

  /**
   * The bus rules live in the stateless stack; their send permission lives here, in the one queue
   * policy each queue can have (a second policy from the other stack would replace this one and
   * its TLS-only statement, and referencing the rule ARNs here would make the stacks cyclic).
   * Only rules on this province's bus may send, and only to queues the topology routes events to.
   */
  private allowBusRulesToSend(
    topology: Topology,
    queues: Readonly<Record<QueueName, QueuePair>>,
    bus: events.IEventBus,
  ): void {
    const targets = new Set(topology.rules.map((rule) => rule.targetQueue));
    for (const name of targets) {
      const { queue } = queues[name];
      queue.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowProvinceBusRules',
          principals: [new iam.ServicePrincipal(iam.ServicePrincipal.servicePrincipalName('events'))],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: {
            ArnLike: {
              'aws:SourceArn': this.formatArn({
                service: 'events',
                resource: 'rule',
                resourceName: `${bus.eventBusName}/*`,
              }),
            },
            StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          },
        }),
      );
    }
  }

  private webhookSecret(id: string, sender: string): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, id, {
      description: `HMAC secret shared with the ${sender} that signs its webhook calls`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(secret, id);
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'The secret is shared with an external sender (web portal operator or SMS gateway provider) that ' +
        'must install each new value at the same time; rotation is a coordinated manual step (docs/deploy-a-province.md).',
    );
    return secret;
  }

  /**
   * Holds a placeholder until the operator puts the provider's AccessKey in (a RAM user allowed
   * dysms:SendSms only); the generated filler keeps any value out of the template.
   */
  private smsProviderCredentials(): secretsmanager.Secret {
    const id = statefulLogicalIds.smsProviderCredentials;
    const secret = new secretsmanager.Secret(this, id, {
      description: 'AccessKey of the SMS provider (Alibaba Cloud RAM user limited to sending SMS)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ accessKeyId: 'SET-ME' }),
        generateStringKey: 'accessKeySecret',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(secret, id);
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'The AccessKey is issued by the SMS provider (Alibaba Cloud RAM), which Secrets Manager cannot rotate; the ' +
        'operator creates a new key there, puts it here, then disables the old one (docs/deploy-a-province.md).',
    );
    return secret;
  }

  /**
   * Starts as `{"partners":[]}` (plus a generated filler, so no value sits in the template): no
   * partner can call until the operator puts its key in.
   */
  private partnerKeysSecret(): secretsmanager.Secret {
    const id = statefulLogicalIds.open311PartnerKeys;
    const secret = new secretsmanager.Secret(this, id, {
      description: 'Open311 GeoReport v2 partner app keys of the province, each with its own rate limit',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ partners: [] }),
        generateStringKey: 'filler',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(secret, id);
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'Each key is handed to a partner app that must install a new one at the same time; keys are rotated ' +
        'by adding the new key beside the old, then removing the old (docs/deploy-a-province.md).',
    );
    return secret;
  }

  private staffSignIn(
    deployment: ProvinceDeployment,
    staffSignIn: Extract<ProvinceDeployment['staffSignIn'], { kind: 'cognito' }>,
  ): NonNullable<StatefulResources['staff']> {
    const userPool = new cognito.UserPool(this, statefulLogicalIds.userPool, {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Set by administrators only: the app client below cannot write them.
      customAttributes: {
        [staffAttributes.unit]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        [staffAttributes.role]: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
      },
      featurePlan: staffSignIn.threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(staffSignIn.threatProtection
        ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(userPool, statefulLogicalIds.userPool);
    if (!staffSignIn.threatProtection) {
      acknowledge(
        userPool,
        'AwsSolutions-COG8',
        `Threat protection (Plus plan) is switched off for ${deployment.provinceId} in infra/cdk/deployments.ts ` +
          'because the target region does not offer it; MFA and the strong password policy stay on.',
      );
    }
    userPool.addDomain('StaffSignInDomain', { cognitoDomain: { domainPrefix: staffSignIn.domainPrefix } });

    const appClient = userPool.addClient(statefulLogicalIds.appClient, {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...staffSignIn.callbackUrls],
        logoutUrls: [...staffSignIn.logoutUrls],
      },
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(staffAttributes.unit, staffAttributes.role),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    pinLogicalId(appClient, statefulLogicalIds.appClient);
    return { userPool, appClient };
  }
}
