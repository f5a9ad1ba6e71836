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

/**
 * Staff sign-in. `oidc`: the HTTP API's JWT authorizer trusts the province's own OpenID Connect
 * provider (its government identity platform, or a self-hosted one: docs/deploy-a-province.md);
 * nothing of sign-in is deployed. `cognito`: a Cognito user pool in the stateful stack, only where
 * the region offers user pools (infra/cdk/regions.ts; not in the China regions).
 */
type StaffSignIn =
  | {
      readonly kind: 'oidc';
      /** The issuer exactly as the tokens' `iss` claim has it (https; its discovery document must be reachable by API Gateway). */
      readonly issuer: string;
      /** Accepted `aud` (or `client_id`) values: the staff console's client id at the provider. */
      readonly audience: readonly string[];
    }
  | {
      readonly kind: 'cognito';
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
    };

/**
 * How the province's texts leave: `sns` (Amazon SNS, in the global regions that offer SMS) or
 * `aliyun` (Alibaba Cloud SMS, 阿里云短信服务, called over its documented HTTPS API). Either way each
 * message is a template of the province configuration (provinces/, `sms`) with its parameters.
 */
type SmsProvider =
  | {
      readonly kind: 'sns';
      /** Sender id passed to SNS with every text. */
      readonly senderId: string;
    }
  | {
      readonly kind: 'aliyun';
      /** The SMS API endpoint. @default https://dysmsapi.aliyuncs.com */
      readonly endpoint?: string;
    };

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
   * Target account and region; `-c account=… -c region=…` on the command line takes precedence.
   * The region decides what the stacks may use (infra/cdk/regions.ts); the account may be left out.
   */
  readonly account?: string;
  /** Where the province's data lives; for a bureau in mainland China `cn-north-1` or `cn-northwest-1` (PIPL Art. 36). */
  readonly region: string;
  /** Where petitioners look up and rate their case: the filed (ICP) domain in front of the API. */
  readonly publicBaseUrl: string;
  readonly sms: SmsProvider;
  /**
   * The ICP recordal (备案) of the province's domains: the China regions serve unauthenticated API
   * routes and CloudFront only for filed domains (infra/cdk/regions.ts checks it at synth).
   */
  readonly icp?: { readonly recordal: string; readonly apiDomain: string; readonly pagesDomain: string };
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
    region: 'cn-northwest-1',
    publicBaseUrl: 'https://xinfang.zhejiang.example.cn',
    sms: { kind: 'aliyun' },
    // An example recordal: the bureau puts its own (浙ICP备…) here once the domains are filed.
    icp: {
      recordal: '浙ICP备00000000号-1',
      apiDomain: 'api.xinfang.zhejiang.example.cn',
      pagesDomain: 'xinfang.zhejiang.example.cn',
    },
    logRetention: RetentionDays.SIX_MONTHS,
    apiThrottling: { rateLimit: 200, burstLimit: 400 },
    // Not generated yet: deploy the stateful stack, run `aws kms generate-data-key-without-plaintext`
    // against its PersonalDataKey and paste the base64 CiphertextBlob here before going live.
    personalDataKeysCiphertext: undefined,
    // The province's unified government identity platform (统一身份认证); an example issuer.
    staffSignIn: {
      kind: 'oidc',
      issuer: 'https://sso.zhejiang.example.cn/oidc',
      audience: ['petition-staff-console'],
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
    region: 'cn-north-1',
    publicBaseUrl: 'https://xinfang.anhui.example.cn',
    sms: { kind: 'aliyun' },
    icp: {
      recordal: '皖ICP备00000000号-1',
      apiDomain: 'api.xinfang.anhui.example.cn',
      pagesDomain: 'xinfang.anhui.example.cn',
    },
    logRetention: RetentionDays.SIX_MONTHS,
    apiThrottling: { rateLimit: 50, burstLimit: 100 },
    // Not generated yet: see the comment on Zhejiang.
    personalDataKeysCiphertext: undefined,
    // A self-hosted provider of the bureau (docs/deploy-a-province.md, "A self-hosted issuer").
    staffSignIn: {
      kind: 'oidc',
      issuer: 'https://id.xinfang.anhui.example.cn/realms/xinfang',
      audience: ['petition-staff-console'],
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
