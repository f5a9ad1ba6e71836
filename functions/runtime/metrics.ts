import type { Logger } from './logger.js';

type Unit = 'Count' | 'Milliseconds';

/**
 * Writes metrics as a CloudWatch Embedded Metric Format log line: on Lambda, CloudWatch turns it
 * into metrics with no API call; locally it is a readable JSON log line.
 */
export function emitMetrics(
  logger: Logger,
  operation: string,
  metrics: Record<string, [number, Unit]>,
): void {
  logger.info(`${operation} metrics`, {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: 'PetitionPlatform',
          Dimensions: [['Operation']],
          Metrics: Object.entries(metrics).map(([Name, [, Unit]]) => ({ Name, Unit })),
        },
      ],
    },
    Operation: operation,
    ...Object.fromEntries(Object.entries(metrics).map(([name, [value]]) => [name, value])),
  });
}
