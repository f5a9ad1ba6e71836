/**
 * CDK entry point (cdk.json): one stage per province of infra/cdk/deployments.ts, each checked with
 * the cdk-nag AWS Solutions pack, so every province is synthesized from each commit.
 * `-c province=<id>` synthesizes that province only (faster); `-c account=… -c region=…` pin the
 * target environment of the provinces synthesized; without them a province's own settings apply.
 *
 *   npx cdk synth                          # every province
 *   npx cdk deploy -c province=zhejiang 'Zhejiang/*'
 */
import { App } from 'aws-cdk-lib';
import { ensurePortalBuilt, portalBuild } from '../local/portal-build.js';
import { deployments } from './deployments.js';
import { checkWithAwsSolutions } from './nag.js';
import { appContext, ProvinceStage } from './province-environment.js';

const app = new App({ context: { ...appContext } });
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};
const only = context('province');
const account = context('account');
const region = context('region');

const chosen = Object.values(deployments).filter((d) => only === undefined || d.provinceId === only);
if (chosen.length === 0)
  throw new Error(`no deployment for province '${only}'; provinces: ${Object.keys(deployments).join(', ')}`);
// The page ships as built from its sources now, never a stale build.
await ensurePortalBuilt((line) => process.stderr.write(`${line}\n`));
for (const deployment of chosen) {
  const stage = new ProvinceStage(app, {
    deployment,
    portalAssets: portalBuild,
    env: { ...(account ? { account } : {}), ...(region ? { region } : {}) },
  });
  checkWithAwsSolutions(stage);
}
app.synth();
