import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** Runs the cdk-nag AWS Solutions pack on every stack of the app; a finding fails `synth`. */
export function checkWithAwsSolutions(app: IConstruct): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * Records why an AWS Solutions rule does not apply to `scope` (and everything below it). Keep the
 * scope as narrow as possible and name a single finding (`AwsSolutions-IAM5[Resource::*]`) where
 * the rule reports several.
 */
export function acknowledge(scope: IConstruct, rule: `AwsSolutions-${string}`, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}`, reason });
}
