/**
 * CDK entry point (cdk.json): synthesizes ONE province's environment, chosen with
 * `-c province=<id>` (default zhejiang), and checks it with the cdk-nag AWS Solutions pack.
 * `-c account=… -c region=…` pin the target environment; without them the stacks are
 * environment-agnostic.
 */
import { App } from 'aws-cdk-lib';
import { deploymentFor } from './deployments.js';
import { checkWithAwsSolutions } from './nag.js';
import { addProvinceEnvironment, appContext } from './province-environment.js';

const app = new App({ context: { ...appContext } });
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};
const account = context('account');
const region = context('region');

addProvinceEnvironment(app, {
  deployment: deploymentFor(context('province') ?? 'zhejiang'),
  env: { ...(account ? { account } : {}), ...(region ? { region } : {}) },
});
checkWithAwsSolutions(app);
app.synth();
