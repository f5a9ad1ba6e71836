/**
 * How each province is deployed: the typed configuration the CDK stacks take as props
 * (docs/decisions/0004-cdk-per-province.md). Config flows one way: this module → stack props →
 * function environment → `functions/runtime/environment.ts`. Nothing here is looked up at deploy
 * time; the operator edits this file (or passes account/region as context) and deploys.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { defaultDueShards } from '../../functions/adapters/dynamodb/table.js';
import { provinces } from '../../provinces/index.js';
import type { SiteDomain } from './static-site.js';

/** Default-stage throttling of the HTTP API, shared by every route. */
interface ApiThrottling {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Requests allowed in a burst above the rate. */
  readonly burstLimit: number;
}

/** Staff sign-in through the province's Cognito user pool. */
interface StaffSignIn {
  /** Prefix of the Cognito hosted domain, `<prefix>.auth.<region>.amazoncognito.com`; unique per region. */
  readonly domainPrefix: string;
  /** Where the staff web app receives the authorization code. */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  /**
   * Cognito threat protection (Plus feature plan, full function). Turn it off only where the
   * region does not offer the Plus plan; the stack then records why (cdk-nag AwsSolutions-COG8).
   */
  readonly threatProtection: boolean;
}

/** Where the staff console is served (CloudFront in front of S3). */
interface StaffConsoleHosting {
  /**
   * The console's own domain and certificate. In the China regions CloudFront serves only an
   * ICP-filed domain, with a certificate uploaded to IAM; left out, the distribution's domain.
   */
  readonly domain?: SiteDomain;
}

/** Everything that differs between two provinces' AWS environments. */
export interface ProvinceDeployment {
  /** A province id of `provinces/` (its configuration ships as a JSON file beside each function's code). */
  readonly provinceId: string;
  /** Stacks are `<prefix>-Stateful` and `<prefix>-Stateless`; distinct per province. */
  readonly stackNamePrefix: string;
  /**
   * Target account and region. Left out, the stacks are environment-agnostic (synth works
   * anywhere); `-c account=… -c region=…` on the command line takes precedence.
   */
  readonly account?: string;
  readonly region?: string;
  /** Where petitioners look up and rate their case: the filed (ICP) domain in front of the API. */
  readonly publicBaseUrl: string;
  /** SMS sender id (or signature) passed to SNS with every text. */
  readonly smsSenderId: string;
  readonly logRetention: RetentionDays;
  /** Alarm notifications go to this address when set (subscription must be confirmed). */
  readonly alarmEmail?: string;
  readonly apiThrottling: ApiThrottling;
  /**
   * The two 32-byte personal data keys, wrapped by this province's PersonalDataKey (base64 of the
   * KMS ciphertext blob). Generated after the stateful stack exists, see docs/deploy-a-province.md.
   * A KMS ciphertext is safe to commit: only the province's key can unwrap it.
   */
  readonly personalDataKeysCiphertext?: string;
  readonly staffSignIn: StaffSignIn;
  readonly staffConsole?: StaffConsoleHosting;
  /** Shards of the due index; every writer and reader of one table must agree, so never change it. */
  readonly dueShards: number;
  /** Reserved concurrency per topology function name; functions not listed share the account pool. */
  readonly reservedConcurrency?: Readonly<Record<string, number>>;
  /** Age of the oldest message in a queue above which an alarm fires. */
  readonly oldestMessageAlarmSeconds: number;
}

/** Marks a deployment whose personal data keys have not been generated yet (see the README). */
export const personalDataKeysPlaceholder = 'GENERATE-WITH-aws-kms-generate-data-key-without-plaintext';

/** Every province's deployment, by province id. */
export const deployments: Readonly<Record<string, ProvinceDeployment>> = Object.freeze({
  zhejiang: {
    provinceId: 'zhejiang',
    stackNamePrefix: 'Petition-Zhejiang',
    publicBaseUrl: 'https://xinfang.zhejiang.example.cn',
    smsSenderId: 'ZJXINFANG',
    logRetention: RetentionDays.SIX_MONTHS,
    apiThrottling: { rateLimit: 200, burstLimit: 400 },
    // Not generated yet: deploy the stateful stack, run `aws kms generate-data-key-without-plaintext`
    // against its PersonalDataKey and paste the base64 CiphertextBlob here before going live.
    personalDataKeysCiphertext: undefined,
    staffSignIn: {
      domainPrefix: 'petition-zhejiang-staff',
      callbackUrls: ['https://staff.xinfang.zhejiang.example.cn/console/signed-in'],
      logoutUrls: ['https://staff.xinfang.zhejiang.example.cn/console/sign-in'],
      threatProtection: true,
    },
    // The console's domain once filed and certified, e.g.
    // { domain: { names: ['staff.xinfang.zhejiang.example.cn'], certificate: { iamCertificateId: '…' } } }
    staffConsole: {},
    dueShards: defaultDueShards,
    oldestMessageAlarmSeconds: 900,
  },
  anhui: {
    provinceId: 'anhui',
    stackNamePrefix: 'Petition-Anhui',
    publicBaseUrl: 'https://xinfang.anhui.example.cn',
    smsSenderId: 'AHXINFANG',
    logRetention: RetentionDays.SIX_MONTHS,
    apiThrottling: { rateLimit: 50, burstLimit: 100 },
    // Not generated yet: see the comment on Zhejiang.
    personalDataKeysCiphertext: undefined,
    staffSignIn: {
      domainPrefix: 'petition-anhui-staff',
      callbackUrls: ['https://staff.xinfang.anhui.example.cn/console/signed-in'],
      logoutUrls: ['https://staff.xinfang.anhui.example.cn/console/sign-in'],
      threatProtection: true,
    },
    dueShards: defaultDueShards,
    oldestMessageAlarmSeconds: 900,
  },
} satisfies Record<string, ProvinceDeployment>);

/**
 * The deployment of one province.
 * @throws Error naming the known ids when the province has no deployment or no configuration
 */
export function deploymentFor(provinceId: string): ProvinceDeployment {
  const deployment = Object.hasOwn(deployments, provinceId) ? deployments[provinceId] : undefined;
  if (deployment === undefined || !Object.hasOwn(provinces, provinceId)) {
    const known = Object.keys(deployments)
      .filter((id) => Object.hasOwn(provinces, id))
      .sort();
    throw new Error(`Unknown province '${provinceId}'; known provinces: ${known.join(', ')}`);
  }
  return deployment;
}
