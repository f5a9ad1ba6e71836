/**
 * One province's AWS environment: its stateful and stateless stacks, wired by typed props.
 * `app.ts` calls this for the province named on the command line; tests call it directly.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App, Environment } from 'aws-cdk-lib';
import { topology as platformTopology, type Topology } from '../topology.js';
import type { ProvinceDeployment } from './deployments.js';
import type { FunctionCodeFactory } from './petition-function.js';
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
}

export interface ProvinceEnvironment {
  readonly stateful: PetitionStatefulStack;
  readonly stateless: PetitionStatelessStack;
}

/** Adds a province's two stacks to `app`. */
export function addProvinceEnvironment(app: App, options: ProvinceEnvironmentOptions): ProvinceEnvironment {
  const { deployment } = options;
  const topology = options.topology ?? platformTopology;
  const account = options.env?.account ?? deployment.account;
  const region = options.env?.region ?? deployment.region;
  const env: Environment = {
    ...(account === undefined ? {} : { account }),
    ...(region === undefined ? {} : { region }),
  };
  const tags = { Province: deployment.provinceId, Application: 'petition-platform' };
  const stateful = new PetitionStatefulStack(app, `${deployment.stackNamePrefix}-Stateful`, {
    env,
    deployment,
    topology,
    description: `Petition platform, ${deployment.provinceId}: case data, queues, bus, keys, secrets, staff users`,
    terminationProtection: true,
    tags,
  });
  const stateless = new PetitionStatelessStack(app, `${deployment.stackNamePrefix}-Stateless`, {
    env,
    deployment,
    topology,
    stateful: stateful.resources,
    projectRoot,
    ...(options.functionCode ? { functionCode: options.functionCode } : {}),
    description: `Petition platform, ${deployment.provinceId}: functions, API, triggers, alarms, dashboard`,
    tags,
  });
  return { stateful, stateless };
}
