/**
 * The petitioner's page of a province: the built web/portal on the platform's static-site
 * construct (static-site.ts, the staff console's too) at `/`: a private S3 bucket served by
 * CloudFront through origin access control, with the page's strict Content-Security-Policy and
 * the usual security headers on every answer. The page calls the province's HTTP API directly (its
 * URL is in `config.json` beside the page), so the API sees each petitioner's own address for its
 * per-address limits; the API allows the page's origin by CORS.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { StaticSite } from './static-site.js';

interface PetitionerSiteProps {
  /** The built page (web/portal/dist). */
  readonly assets: string;
  /** The HTTP API's invoke URL, written into config.json and allowed by the CSP. */
  readonly apiBaseUrl: string;
  readonly provinceId: string;
}

export interface PetitionPortalStackProps extends StackProps {
  readonly site: PetitionerSiteProps;
}

/** The page in a stack of its own, beside the stateless stack whose API it calls. */
export class PetitionPortalStack extends Stack {
  readonly site: StaticSite;
  constructor(scope: Construct, id: string, props: PetitionPortalStackProps) {
    super(scope, id, props);
    const { site } = props;
    this.site = new StaticSite(this, 'PetitionerSite', {
      app: 'portal',
      sourceDir: site.assets,
      pathPrefix: '/',
      comment: `Petitioner's page (网上信访) of ${site.provinceId}`,
      noGeoRestrictionReason:
        'Petitioners abroad (overseas Chinese, travellers) may petition too: no geographic restriction.',
      connectTo: [site.apiBaseUrl],
      logRetentionDays: 180,
      runtimeConfig: { apiBaseUrl: site.apiBaseUrl },
    });
    new CfnOutput(this, 'PageUrl', { value: this.site.url, description: "The petitioner's page" });
  }
}
