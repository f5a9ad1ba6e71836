/**
 * One province's AWS environment: a CDK stage holding its stateful, stateless, console and page stacks,
 * wired by typed props. `app.ts` builds one stage per province, so every province is synthesized (and its
 * bundles built, and cdk-nag run) from each commit; tests build them directly.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Environment, Stage } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { topology as platformTopology, type Topology } from '../topology.js';
import { PetitionConsoleStack } from './console-stack.js';
import type { ProvinceDeployment } from './deployments.js';
import { pascalCase } from './names.js';
import type { FunctionCodeFactory } from './petition-function.js';
import { PetitionPortalStack } from './petitioner-site.js';
import { checkRegionOffersEverything, type DeclaredUse } from './regions.js';
import { PetitionStatefulStack } from './stateful-stack.js';
import { PetitionStatelessStack } from './stateless-stack.js';

/** The repository root: package.json, package-lock.json and the topology entries are relative to it. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Context every app of this project starts with (app.ts and the tests). */
export const appContext = {
  // Exports and imports: CloudFormation refuses to delete or change a stateful output while the
  // stateless stack still uses it, and Fn::ImportValue works in every partition.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
} as const;

export interface ProvinceEnvironmentOptions {
  readonly deployment: ProvinceDeployment;
  /** @default the platform topology of infra/topology.ts */
  readonly topology?: Topology;
  /** Account and region; overrides the deployment's. @default the deployment's, else environment-agnostic */
  readonly env?: Environment;
  /** Tests only: code for each function instead of bundling it. */
  readonly functionCode?: FunctionCodeFactory;
  /** The built staff console. @default web/console/dist (app.ts builds it when stale) */
  readonly consoleDir?: string;
  /** The built petitioner's page (web/portal/dist); without it the province gets no page stack. */
  readonly portalAssets?: string;
}

export interface ProvinceEnvironment {
  readonly stateful: PetitionStatefulStack;
  readonly stateless: PetitionStatelessStack;
  readonly console: PetitionConsoleStack;
  readonly portal?: PetitionPortalStack;
}

/**
 * Adds a province's stacks to `scope` (its stage, or an app in a test): stateful, stateless, the
 * staff console, and the petitioner's page when its build is given.
 */
export function addProvinceEnvironment(
  scope: Construct,
  options: ProvinceEnvironmentOptions,
): ProvinceEnvironment {
  const { deployment } = options;
  const topology = options.topology ?? platformTopology;
  const account = options.env?.account ?? deployment.account;
  // A concrete region: what the stacks may use depends on it (infra/cdk/regions.ts).
  const region = options.env?.region ?? deployment.region;
  const env: Environment = { ...(account === undefined ? {} : { account }), region };
  const tags = { Province: deployment.provinceId, Application: 'petition-platform' };
  const statefulName = `${deployment.stackNamePrefix}-Stateful`;
  const statelessName = `${deployment.stackNamePrefix}-Stateless`;
  const stateful = new PetitionStatefulStack(scope, statefulName, {
    // The names the province's stacks have had since its first deployment, inside a stage too.
    stackName: statefulName,
    env,
    deployment,
    topology,
    description: `Petition platform, ${deployment.provinceId}: case data, queues, bus, keys, secrets, staff users`,
    terminationProtection: true,
    tags,
  });
  const stateless = new PetitionStatelessStack(scope, statelessName, {
    stackName: statelessName,
    env,
    deployment,
    topology,
    stateful: stateful.resources,
    projectRoot,
    ...(options.functionCode ? { functionCode: options.functionCode } : {}),
    description: `Petition platform, ${deployment.provinceId}: functions, API, triggers, alarms, dashboard`,
    tags,
  });
  const consoleName = `${deployment.stackNamePrefix}-Console`;
  const console = new PetitionConsoleStack(scope, consoleName, {
    stackName: consoleName,
    env,
    deployment,
    sourceDir: options.consoleDir ?? resolve(projectRoot, 'web', 'console', 'dist'),
    apiUrl: stateless.api.apiEndpoint,
    issuer: stateless.staffIssuer,
    clientId: stateless.staffClientId,
    description: `Petition platform, ${deployment.provinceId}: the staff console on S3 and CloudFront`,
    tags,
  });
  const portal = options.portalAssets
    ? new PetitionPortalStack(scope, `${deployment.stackNamePrefix}-Portal`, {
        stackName: `${deployment.stackNamePrefix}-Portal`,
        env,
        site: {
          assets: options.portalAssets,
          apiBaseUrl: stateless.api.apiEndpoint,
          provinceId: deployment.provinceId,
        },
        description: `Petition platform, ${deployment.provinceId}: the petitioner's page on S3 behind CloudFront`,
        tags,
      })
    : undefined;
  // After every stack of the province exists: the page's CloudFront and S3 are checked too.
  checkRegionOffersEverything(scope, {
    region,
    stackNamePrefix: deployment.stackNamePrefix,
    icpRecordal: deployment.icp?.recordal,
    declared: declaredUses(deployment),
  });
  return { stateful, stateless, console, ...(portal ? { portal } : {}) };
}

/** What the deployment uses that is no resource of its own. */
function declaredUses(deployment: ProvinceDeployment): DeclaredUse[] {
  return deployment.sms.kind === 'sns'
    ? [
        {
          capability: 'sns-sms',
          by: `sms.kind "sns" of ${deployment.provinceId} (the sms-sender publishes to phone numbers)`,
          instead: 'set sms.kind to "aliyun" (a domestic provider) in infra/cdk/deployments.ts',
        },
      ]
    : [];
}

/** A province's environment as a CDK stage: `cdk deploy 'Zhejiang/*'` deploys that province. */
export class ProvinceStage extends Stage {
  readonly environment: ProvinceEnvironment;

  constructor(scope: Construct, options: ProvinceEnvironmentOptions) {
    super(scope, pascalCase(options.deployment.provinceId));
    this.environment = addProvinceEnvironment(this, options);
  }
}
