/**
 * A web app of the platform on AWS, the one construct for both (the staff console under
 * `/console/`, the petitioner's page at `/`): a private S3 bucket read only by CloudFront through
 * origin access control, a response-headers policy with the app's strict content security policy
 * and the usual security headers (web-headers.ts, the same the local runtime sends), the console's
 * client-side routes answered with its index.html by a CloudFront function, access logs, and a
 * runtime `config.json` written beside the files at deploy time (API base URL, sign-in settings),
 * so one build serves every province.
 *
 * Domain and certificate are per deployment: CloudFront in the China regions serves only an
 * ICP-filed domain of the operator's, with a certificate uploaded to IAM; elsewhere an ACM
 * certificate in us-east-1. Without either, the distribution's own domain is used.
 */
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';
import { regionProfile } from './regions.js';
import { siteContentSecurityPolicy, siteReferrerPolicy, type WebApp } from './web-headers.js';

/** Where a site is served from, when not from the distribution's own domain. */
export type SiteDomain =
  | { readonly names: readonly string[]; readonly certificate: { readonly acmArn: string } }
  /** The China regions: CloudFront takes a certificate uploaded to IAM, not ACM. */
  | { readonly names: readonly string[]; readonly certificate: { readonly iamCertificateId: string } };

export interface StaticSiteProps {
  /** Which app: its security headers, and whether it has client-side routes (the console). */
  readonly app: WebApp;
  /** The built files (Vite's `dist`), uploaded under `pathPrefix`. */
  readonly sourceDir: string;
  /** The app's path, with slashes on both ends: `/console/`; `/` for the petitioner's page. */
  readonly pathPrefix: '/' | `/${string}/`;
  /** Written as `<pathPrefix>config.json`; may hold deploy-time values (tokens). */
  readonly runtimeConfig: Record<string, unknown>;
  /** Origins the app may call besides its own (the API, the identity provider): CSP `connect-src`. */
  readonly connectTo: readonly string[];
  readonly domain?: SiteDomain;
  /** Days to keep CloudFront's access logs. */
  readonly logRetentionDays: number;
  readonly comment: string;
  /** Why the distribution has no geographic restriction (cdk-nag AwsSolutions-CFR1). */
  readonly noGeoRestrictionReason: string;
}

/** The viewer-request function: a path under the prefix without a file name is a client-side route. */
function routingFunctionCode(prefix: string): string {
  return `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '${prefix.slice(0, -1)}') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '${prefix}' } } };
  }
  if (uri.indexOf('${prefix}') === 0 && uri.lastIndexOf('.') <= uri.lastIndexOf('/')) {
    request.uri = '${prefix}index.html';
  }
  return request;
}`;
}

/** A stack's account or region as cdk-nag prints it: the value, or the pseudo parameter. */
const known = (value: string, pseudo: string) => (Token.isUnresolved(value) ? pseudo : value);

export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<domain><pathPrefix>`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      logs,
      'AwsSolutions-S1',
      'This bucket receives the access logs of the site and its bucket; logging it into itself would loop.',
    );
    this.bucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'bucket/',
      // The files are a build: a redeploy recreates them.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `${props.comment}: CSP and security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: siteContentSecurityPolicy(props.app, props.connectTo),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: siteReferrerPolicy[props.app] as cloudfront.HeadersReferrerPolicy,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        ],
      },
    });
    // The console's client-side routes; the petitioner's page routes by the URL's hash.
    const routing =
      props.pathPrefix === '/'
        ? undefined
        : new cloudfront.Function(this, 'Routing', {
            code: cloudfront.FunctionCode.fromInline(routingFunctionCode(props.pathPrefix)),
            runtime: cloudfront.FunctionRuntime.JS_2_0,
            comment: `${props.comment}: client-side routes to index.html`,
          });
    const domain = props.domain;
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
      comment: props.comment,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        ...(routing
          ? {
              functionAssociations: [
                { function: routing, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
              ],
            }
          : {}),
      },
      defaultRootObject: props.pathPrefix === '/' ? 'index.html' : '',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(domain && 'acmArn' in domain.certificate
        ? {
            domainNames: [...domain.names],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificate.acmArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    if (domain && 'iamCertificateId' in domain.certificate) {
      const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [...domain.names]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: domain.certificate.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'The viewer certificate (an IAM server certificate, as CloudFront in the China regions requires) is set ' +
          'with TLSv1.2_2021 through a property override, which the rule does not read.',
      );
    }
    if (!domain)
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'No domain is configured for this deployment yet, so the distribution serves its default certificate, ' +
          'which CloudFront pins to TLSv1; configure the domain (ICP-filed in China) to enforce TLS 1.2.',
      );
    if (!withControl)
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR7',
        `${region} has no CloudFront origin access control (infra/cdk/regions.ts): the private bucket is read ` +
          'through an origin access identity, the only other way to keep it closed to everyone but the distribution.',
      );
    acknowledge(this.distribution, 'AwsSolutions-CFR1', props.noGeoRestrictionReason);
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'Static files only, no forms posted to this origin (the API it calls is throttled per route and limits ' +
        'codes per phone and address); a province that runs AWS WAF attaches its web ACL at deployment.',
    );

    const prefix = props.pathPrefix.slice(1);
    const upload = (id: string, sources: s3deploy.ISource[], keyPrefix: string, cacheControl: string) =>
      new s3deploy.BucketDeployment(this, id, {
        sources,
        destinationBucket: this.bucket,
        ...(keyPrefix ? { destinationKeyPrefix: keyPrefix } : {}),
        // Two uploads share the prefix; neither removes the other's files.
        prune: false,
        cacheControl: [s3deploy.CacheControl.fromString(cacheControl)],
        distribution: this.distribution,
        distributionPaths: [`${props.pathPrefix}*`],
        memoryLimit: 256,
      });
    // Hashed file names: cached for a year. index.html and config.json: revalidated on every load.
    upload(
      'Assets',
      [s3deploy.Source.asset(props.sourceDir, { exclude: ['*', '!assets', '!assets/**'] })],
      prefix,
      'public, max-age=31536000, immutable',
    );
    upload(
      'Pages',
      [
        s3deploy.Source.asset(props.sourceDir, {
          exclude: ['assets', 'assets/**', '.vite', '.vite/**', '.source-hash'],
        }),
        s3deploy.Source.jsonData('config.json', props.runtimeConfig),
      ],
      prefix,
      'no-cache',
    );
    // The CDK's upload handler (one per stack): its runtime, logging policy and object wildcards.
    const handler = Stack.of(this)
      .node.findAll()
      .filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    for (const child of handler) {
      acknowledge(
        child,
        'AwsSolutions-L1',
        "The CDK's bucket-deployment handler pins its own Lambda runtime.",
      );
      acknowledge(
        child,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "The CDK's bucket-deployment handler logs through AWSLambdaBasicExecutionRole; it runs only at deployment.",
      );
      for (const finding of [
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Resource::*',
        `Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`,
        `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${known(Stack.of(this).account, '<AWS::AccountId>')}-${known(region, '<AWS::Region>')}/*`,
      ])
        acknowledge(
          child,
          `AwsSolutions-IAM5[${finding}]`,
          "The CDK's bucket-deployment handler copies the build's objects from the asset bucket into this site's " +
            'bucket and invalidates the distribution (CloudFront invalidation takes no resource ARN).',
        );
    }
    const host = domain?.names[0] ?? this.distribution.distributionDomainName;
    this.url = `https://${host}${props.pathPrefix}`;
  }
}
