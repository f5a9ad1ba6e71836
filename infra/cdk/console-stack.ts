/**
 * The staff console of a province on AWS: the built console (web/console/dist) on the house
 * static-site construct under `/console/`, with the runtime configuration that points it at the
 * province's API and at the identity provider the API's JWT authorizer trusts (the province's own
 * OpenID Connect provider, or its Cognito user pool), with the claims the API reads staff from.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { provinceConfig } from '../../provinces/index.js';
import type { ProvinceDeployment } from './deployments.js';
import { StaticSite } from './static-site.js';

export interface PetitionConsoleStackProps extends StackProps {
  readonly deployment: ProvinceDeployment;
  /** The built console. */
  readonly sourceDir: string;
  /** The HTTP API's invoke URL. */
  readonly apiUrl: string;
  /** The OpenID Connect issuer of staff tokens, and the console's client id there. */
  readonly issuer: string;
  readonly clientId: string;
}

export class PetitionConsoleStack extends Stack {
  readonly site: StaticSite;

  constructor(scope: Construct, id: string, props: PetitionConsoleStackProps) {
    super(scope, id, props);
    const { deployment } = props;
    this.site = new StaticSite(this, 'StaffConsole', {
      app: 'console',
      sourceDir: props.sourceDir,
      pathPrefix: '/console/',
      comment: `Staff console (${deployment.provinceId})`,
      noGeoRestrictionReason:
        'Staff sign in from anywhere in the province and on the road; geography is not an access control here, the OIDC sign-in is.',
      connectTo: [props.apiUrl, props.issuer],
      logRetentionDays: 180,
      ...(deployment.staffConsole?.domain ? { domain: deployment.staffConsole.domain } : {}),
      runtimeConfig: {
        apiBaseUrl: props.apiUrl,
        auth: {
          kind: 'oidc',
          issuer: props.issuer,
          clientId: props.clientId,
          scope: 'openid profile email',
          // The claims the API reads the person, unit and role from (the province's staffClaims).
          claims: provinceConfig(deployment.provinceId).staffClaims,
        },
      },
    });
    new CfnOutput(this, 'ConsoleUrl', { value: this.site.url, description: 'The staff console' });
  }
}
