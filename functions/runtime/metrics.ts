/**
 * Operational figures as CloudWatch Embedded Metric Format: on Lambda Powertools' Metrics writes
 * them (CloudWatch turns the log line into metrics with no API call); locally the same figures are
 * one readable log line.
 */
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Logger, Metrics } from '../../application/ports.js';

export const metricsNamespace = 'PetitionPlatform';

/** Powertools Metrics behind the Metrics port: one flush per recorded operation. */
export function lambdaMetrics(serviceName: string): Metrics {
  const metrics = new PowertoolsMetrics({ namespace: metricsNamespace, serviceName });
  return {
    record(operation, counts, durationMs) {
      metrics.addDimension('Operation', operation);
      for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value);
      if (durationMs !== undefined) metrics.addMetric('Duration', MetricUnit.Milliseconds, durationMs);
      metrics.publishStoredMetrics();
    },
  };
}

/** The same figures as one EMF-shaped log line, for the local runtime and tests. */
export function logMetrics(logger: Logger): Metrics {
  return {
    record(operation, counts, durationMs) {
      const all = { ...counts, ...(durationMs === undefined ? {} : { Duration: durationMs }) };
      logger.info(`${operation} metrics`, {
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [
            {
              Namespace: metricsNamespace,
              Dimensions: [['Operation']],
              Metrics: Object.keys(all).map((Name) => ({
                Name,
                Unit: Name === 'Duration' ? 'Milliseconds' : 'Count',
              })),
            },
          ],
        },
        Operation: operation,
        ...all,
      });
    },
  };
}
