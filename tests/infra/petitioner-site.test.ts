/**
 * The petitioner's page on AWS: a private bucket behind CloudFront with origin access control (an
 * origin access identity in the China regions, which have no OAC), the strict CSP allowing only
 * the province's API, config.json naming that API, CORS on the API for the page's origin, and the
 * AWS Solutions checks clean across all three stacks, in Ningxia and in a global region.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentFor, type ProvinceDeployment } from '../../infra/cdk/deployments.js';
import { checkWithAwsSolutions } from '../../infra/cdk/nag.js';
import { addProvinceEnvironment, appContext } from '../../infra/cdk/province-environment.js';

let portal: Template;
let stateless: Template;
let globalPortal: Template;

/** The page's stack and the stateless stack of `deployment`, synthesized with cdk-nag. */
function synthesize(
  deployment: ProvinceDeployment,
  assets: string,
): { portal: Template; stateless: Template } {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'petition-cdk-portal-')),
    context: { ...appContext },
  });
  const environment = addProvinceEnvironment(app, {
    deployment,
    functionCode: () => lambda.Code.fromInline('export const handler = async () => ({});'),
    portalAssets: assets,
  });
  checkWithAwsSolutions(app);
  // Act: synth throws on any unacknowledged AWS Solutions finding, or anything the region lacks.
  const assembly = app.synth();
  return {
    portal: Template.fromJSON(assembly.getStackByName(environment.portal!.stackName).template),
    stateless: Template.fromJSON(assembly.getStackByName(environment.stateless.stackName).template),
  };
}

beforeAll(() => {
  // Prepare: a stand-in build, so the stack test does not depend on building the page.
  const assets = mkdtempSync(join(tmpdir(), 'portal-assets-'));
  writeFileSync(join(assets, 'index.html'), '<!doctype html><title>网上信访</title>');
  ({ portal, stateless } = synthesize(deploymentFor('zhejiang'), assets));
  globalPortal = synthesize({ ...deploymentFor('zhejiang'), region: 'ap-southeast-1' }, assets).portal;
}, 240_000);

describe('the petitioner’s page on AWS', () => {
  it('serves a private bucket through CloudFront with origin access control in a global region', () => {
    // Assess
    globalPortal.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    globalPortal.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    globalPortal.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    globalPortal.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { DefaultRootObject: 'index.html', Logging: {} },
    });
  });

  it('reads the private bucket through an origin access identity in Ningxia, which has no origin access control', () => {
    // Assess
    portal.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    portal.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    portal.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    portal.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { DefaultRootObject: 'index.html', Logging: {} },
    });
  });

  it('sends a strict CSP that lets the page reach only itself and the province’s API', () => {
    // Act
    const policies = portal.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const csp = JSON.stringify(policies);
    // Assess
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('connect-src');
    expect(csp).toContain('ExportsOutputFnGetAttHttpApi');
  });

  it('deploys the build with a config.json naming the API', () => {
    // Assess
    const deployment = JSON.stringify(portal.findResources('Custom::CDKBucketDeployment'));
    expect(deployment).toContain('SourceMarkers');
  });

  it('lets the page’s origin call the API (CORS) and no other', () => {
    // Assess
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: { AllowOrigins: ['https://xinfang.zhejiang.example.cn'] },
    });
  });
});
