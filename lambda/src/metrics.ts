// CloudWatch embedded metric format (EMF): one JSON line that Logs turns into metrics.
// Written by hand (a few lines) rather than with a metrics library, to keep the bundle small.
import { METRIC_DIMENSION as DIMENSION, METRIC_NAMESPACE as NAMESPACE, type MetricName } from './contracts.js';
import type { LineWriter } from './log.js';

export interface RunMetrics extends Readonly<Record<MetricName, number>> {
  /** Changes written to Route 53 (0 in dry run). */
  readonly ChangesApplied: number;
  /** Names whose record or marker differed from the desired state (also counted in dry run). */
  readonly DriftFound: number;
  /** Desired names held by foreign records. */
  readonly Conflicts: number;
  /** 1 when the run failed. */
  readonly Errors: number;
  readonly DurationMs: number;
}

const UNITS: Record<MetricName, string> = {
  ChangesApplied: 'Count',
  DriftFound: 'Count',
  Conflicts: 'Count',
  Errors: 'Count',
  DurationMs: 'Milliseconds',
};

export function emfLine(groupId: string, metrics: RunMetrics, timestamp: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: NAMESPACE,
          Dimensions: [[DIMENSION]],
          Metrics: Object.entries(UNITS).map(([Name, Unit]) => ({ Name, Unit })),
        },
      ],
    },
    [DIMENSION]: groupId,
    ...metrics,
  });
}

export function emitMetrics(write: LineWriter, groupId: string, metrics: RunMetrics, timestamp: number): void {
  write(emfLine(groupId, metrics, timestamp));
}
