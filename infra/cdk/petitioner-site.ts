/**
 * The petitioner's page of a province: the built web/portal on a private S3 bucket, served by
 * CloudFront through origin access control, with a strict Content-Security-Policy and the usual
 * security headers on every answer. The page calls the province's HTTP API directly (its URL is
 * in `config.json` beside the page), so the API sees each petitioner's own address for its
 * per-address limits; the API allows the page's origin by CORS.
 *
 * A minimal construct of its own until the shared `infra/cdk/static-site.ts` of the staff console
 * (issue 17) lands; then this becomes one use of it.
 */
import { type CfnResource, Duration, RemovalPolicy, Stack, type StackProps, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';
import { regionProfile } from './regions.js';

export interface PetitionerSiteProps {
  /** The built page (web/portal/dist). */
  readonly assets: string;
  /** The HTTP API's invoke URL, written into config.json and allowed by the CSP. */
  readonly apiBaseUrl: string;
  readonly provinceId: string;
}

/** The page's policy on AWS: its own files, and the API it calls. */
function sitePolicy(apiBaseUrl: string): string {
  return (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    `connect-src 'self' ${apiBaseUrl}; font-src 'self'; object-src 'none'; base-uri 'self'; ` +
    "form-action 'self'; frame-ancestors 'none'"
  );
}

export class PetitionerSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: PetitionerSiteProps) {
    super(scope, id);
    const logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(180) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      logs,
      'AwsSolutions-S1',
      'This bucket receives the access logs; logging it into itself would loop.',
    );
    this.bucket = new s3.Bucket(this, 'Content', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'content/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Petitioner's page of ${props.provinceId}: strict CSP and hardening headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: sitePolicy(props.apiBaseUrl), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    // Origin access control where the region has it; the China regions have only origin access
    // identities (infra/cdk/regions.ts).
    const { region } = Stack.of(this);
    const withControl =
      Token.isUnresolved(region) ||
      regionProfile(region).offers['cloudfront-origin-access-control'] === 'yes';
    const origin = withControl
      ? origins.S3BucketOrigin.withOriginAccessControl(this.bucket)
      : origins.S3BucketOrigin.withOriginAccessIdentity(this.bucket);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Petitioner's page (网上信访) of ${props.provinceId}`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    if (!withControl)
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR7',
        `${region} has no CloudFront origin access control (infra/cdk/regions.ts): the private bucket is read ` +
          'through an origin access identity, the only other way to keep it closed to everyone but the distribution.',
      );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Petitioners abroad (overseas Chinese, travellers) may petition too: no geographic restriction.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'The page is static files; the API it calls is throttled per route and limits codes per phone and address. ' +
        'A WAF web ACL for CloudFront lives in us-east-1 and is attached per account by the operator.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'Until the province’s filed (ICP) domain and its certificate are attached, the default CloudFront ' +
        'certificate serves; the distribution already asks for TLS 1.2 (2021) for that domain.',
    );
    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [
        s3deploy.Source.asset(props.assets),
        s3deploy.Source.jsonData('config.json', { apiBaseUrl: props.apiBaseUrl }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/mode.js', '/config.json'],
      memoryLimit: 256,
    });
  }
}

export interface PetitionPortalStackProps extends StackProps {
  readonly site: PetitionerSiteProps;
}

/** A stack's account or region as cdk-nag prints it: the value, or the pseudo parameter. */
const known = (value: string, pseudo: string) => (Token.isUnresolved(value) ? pseudo : value);

/** The page in a stack of its own, beside the stateless stack whose API it calls. */
export class PetitionPortalStack extends Stack {
  readonly site: PetitionerSite;
  constructor(scope: Construct, id: string, props: PetitionPortalStackProps) {
    super(scope, id, props);
    this.site = new PetitionerSite(this, 'PetitionerSite', props.site);
    // The deployment's custom resource (S3 copy and CloudFront invalidation) is CDK's own function.
    acknowledge(
      this,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'BucketDeployment’s handler (aws-cdk-lib) writes its logs with the basic execution role.',
    );
    const copyReason =
      'BucketDeployment (aws-cdk-lib) copies the objects of its asset into the content bucket and invalidates ' +
      'the distribution: the wildcards are its own, scoped to the CDK asset bucket and the content bucket; ' +
      'CloudFront invalidation has no resource-level permission.';
    for (const finding of [
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Resource::*',
      `Resource::<${this.getLogicalId(this.site.bucket.node.defaultChild as CfnResource)}.Arn>/*`,
      `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${known(this.account, '<AWS::AccountId>')}-${known(this.region, '<AWS::Region>')}/*`,
    ] as const)
      acknowledge(this, `AwsSolutions-IAM5[${finding}]`, copyReason);
    acknowledge(this, 'AwsSolutions-L1', 'BucketDeployment’s handler runtime is chosen by aws-cdk-lib.');
  }
}
