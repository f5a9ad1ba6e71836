/**
 * The labelled routing set (tests/fixtures/routing-set.jsonl) and the measures taken on it: shared
 * by the routing test and by `npm run routing:eval`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import type { ProvinceConfig } from '../../domain/province/schema.js';
import { type RoutingDecision, routeCase } from '../../domain/routing/route.js';
import type { TopicClassifier } from '../../domain/routing/topic-model.js';

export interface RoutingCase {
  readonly id: string;
  readonly title: string;
  readonly content: string;
  readonly regionCode: string;
  readonly expectedCategory: string;
  readonly expectedOrgan: string;
  /** The data file and id of the real message the case was taken from. */
  readonly source: string;
}

const routingSetPath = join(import.meta.dirname, '..', 'fixtures', 'routing-set.jsonl');

export function loadRoutingSet(path = routingSetPath): RoutingCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as RoutingCase);
}

interface RoutedCase {
  readonly testCase: RoutingCase;
  readonly decision: RoutingDecision;
  readonly categoryCorrect: boolean;
  readonly organCorrect: boolean;
}

export interface RoutingMeasures {
  readonly total: number;
  readonly categoryAccuracy: number;
  readonly organAccuracy: number;
  /** Share of cases left to a person (`needsPerson`). */
  readonly personShare: number;
  readonly automatic: number;
  /** Accuracies over the cases routed without a person; NaN when there are none. */
  readonly automaticCategoryAccuracy: number;
  readonly automaticOrganAccuracy: number;
  readonly routed: readonly RoutedCase[];
}

const share = (part: number, whole: number): number => (whole === 0 ? Number.NaN : part / whole);

export function measureRouting(
  cases: readonly RoutingCase[],
  config: ProvinceConfig,
  directory: ProvinceDirectory,
  classifier?: TopicClassifier,
): RoutingMeasures {
  const routed = cases.map((testCase): RoutedCase => {
    const decision = routeCase(testCase, config, directory, classifier);
    return {
      testCase,
      decision,
      categoryCorrect: decision.categoryId === testCase.expectedCategory,
      organCorrect: decision.organUnitId === testCase.expectedOrgan,
    };
  });
  const automatic = routed.filter((r) => !r.decision.needsPerson);
  return {
    total: routed.length,
    categoryAccuracy: share(routed.filter((r) => r.categoryCorrect).length, routed.length),
    organAccuracy: share(routed.filter((r) => r.organCorrect).length, routed.length),
    personShare: share(routed.length - automatic.length, routed.length),
    automatic: automatic.length,
    automaticCategoryAccuracy: share(automatic.filter((r) => r.categoryCorrect).length, automatic.length),
    automaticOrganAccuracy: share(automatic.filter((r) => r.organCorrect).length, automatic.length),
    routed,
  };
}
