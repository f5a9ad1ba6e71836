/**
 * `npm run regions [-- cn-north-1 cn-northwest-1 ap-southeast-1]`: the region table of
 * infra/cdk/regions.ts as Markdown, for the guide (docs/deploy-a-province.md).
 */
import { regionTableMarkdown } from '../../infra/cdk/regions.js';

const regions = process.argv.slice(2);
process.stdout.write(
  `${regionTableMarkdown(regions.length > 0 ? regions : ['cn-north-1', 'cn-northwest-1', 'ap-southeast-1'])}\n`,
);
