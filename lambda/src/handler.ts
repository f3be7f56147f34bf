// The Lambda handler, with its collaborators injected (index.ts wires the real ones).
//
// Error policy:
//  - events we do not act on (malformed, foreign, several records): logged, {outcome:'ignored'};
//    retrying them would never help.
//  - foreign records in the way (a promised name skipped, or a default-mode slot passed over):
//    reported per name in `conflicts` (logged as warn, counted); the rest reconciles and the run
//    succeeds — a retry cannot fix them either.
//  - a status the serving policy does not know: decided conservatively (serving.ts), listed in the
//    line's `topology.unknownStatus`, logged as warn; the run succeeds.
//  - topology errors, a zone that keeps changing (ConflictError), AWS failures after the SDK's
//    retries: logged, Errors metric, rethrown, so async retries and the on-failure destination
//    (and a Terraform apply) see them.
import type { Context } from 'aws-lambda';
import { otherConfigurations, type Config, type Settings } from './config.js';
import { describeError, logRun, writeStdout, type Level, type LineWriter } from './log.js';
import { emitMetrics } from './metrics.js';
import type { NameScheme } from './names.js';
import type { Conflict } from './plan.js';
import { describeChange } from './records.js';
import { run, type ReconcileContext, type RunReport } from './reconcile.js';
import type { ZoneStore } from './route53.js';
import type { TopologyReader } from './topology.js';
import { classifyEvent, type Trigger } from './trigger.js';

export interface HandlerDependencies {
  readonly config: Config;
  /** The run's one name scheme (loadSettings), the one the zone store lists with. */
  readonly scheme: NameScheme;
  readonly topology: TopologyReader;
  readonly zone: ZoneStore;
  /** The zone store of another configuration (previous names at Terraform's update and delete). */
  readonly zoneFor?: (settings: Settings) => ZoneStore;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly write?: LineWriter;
  readonly now?: () => number;
  /** Lambda's `_X_AMZN_TRACE_ID` at this invocation (index.ts reads it from the environment). */
  readonly traceHeader?: () => string | undefined;
}

export interface RunSummary {
  readonly trigger: Trigger['kind'];
  readonly event?: string;
  readonly action?: string;
  readonly outcome: RunReport['outcome'];
  readonly groupId: string;
  readonly dryRun: boolean;
  /** Number of Route 53 changes in the plan (written unless dry run). */
  readonly changes: number;
  readonly recordsChanged: number;
  readonly plan: readonly string[];
  readonly conflicts: readonly Conflict[];
  /** Desired record name → target (the names readers can use). */
  readonly records: Readonly<Record<string, string>>;
  readonly attempts: number;
  readonly durationMs: number;
  readonly reason?: string;
}

/** What the handler reads of Lambda's invocation context: the log line's function_* keys. */
export type InvocationContext = Partial<Pick<Context, 'awsRequestId' | 'functionName' | 'invokedFunctionArn' | 'memoryLimitInMB'>>;

export type Handler = (event: unknown, context?: InvocationContext) => Promise<RunSummary>;

export function createHandler(dependencies: HandlerDependencies): Handler {
  const { config, scheme, topology, zone } = dependencies;
  const write = dependencies.write ?? writeStdout;
  const now = dependencies.now ?? Date.now;
  const context: ReconcileContext = {
    config,
    scheme,
    topology,
    zone,
    ...(dependencies.zoneFor ? { zoneFor: dependencies.zoneFor } : {}),
    ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
  };
  const groupId = config.replicationGroupId;
  let invocations = 0;

  return async (event: unknown, invocation?: InvocationContext): Promise<RunSummary> => {
    const started = now();
    const coldStart = invocations++ === 0;
    const log = (level: Level, fields: Record<string, unknown>) =>
      logRun(write, level, new Date(now()).toISOString(), { ...invocation, coldStart, traceHeader: dependencies.traceHeader?.() }, fields);
    const trigger = classifyEvent(event, groupId);
    const base = {
      trigger: trigger.kind,
      ...(trigger.kind === 'sns' ? { event: trigger.event } : {}),
      ...(trigger.kind === 'terraform' ? { action: trigger.action } : {}),
      groupId,
      dryRun: config.dryRun,
    };
    if (trigger.kind === 'ignored') {
      const summary = { ...base, ...emptyResult(), outcome: 'ignored' as const, durationMs: now() - started, reason: trigger.reason };
      log('INFO', { ...summary, payload: preview(event) });
      return summary;
    }

    try {
      // Terraform's invocation carries the configurations (previous, applied) whose names to retire.
      const others = trigger.kind === 'terraform' ? otherConfigurations(config, [trigger.environments?.previous, trigger.environments?.input]) : undefined;
      const report = await run(others ? { ...context, others: others.settings } : context, trigger);
      const unusable = others && others.unusable.length > 0 ? { unusable_configurations: others.unusable } : {};
      const durationMs = now() - started;
      const summary: RunSummary = {
        ...base,
        outcome: report.outcome,
        changes: report.changes.length,
        recordsChanged: report.recordsChanged.length,
        plan: report.changes.map(describeChange),
        conflicts: report.conflicts,
        records: report.records,
        attempts: report.attempts,
        durationMs,
        ...(report.reason ? { reason: report.reason } : {}),
      };
      const warn = report.conflicts.length > 0 || report.topology?.unknownStatus !== undefined || 'unusable_configurations' in unusable;
      log(warn ? 'WARN' : 'INFO', {
        ...summary,
        ...unusable,
        ...(trigger.kind === 'sns' ? { subject: trigger.subject } : {}),
        ...(report.topology ? { topology: report.topology } : {}),
      });
      if (report.outcome !== 'ignored') {
        emitMetrics(
          write,
          groupId,
          { ChangesApplied: report.changesApplied, DriftFound: report.drift, Conflicts: report.conflicts.length, Errors: 0, DurationMs: durationMs },
          now(),
        );
      }
      return summary;
    } catch (error) {
      const durationMs = now() - started;
      log('ERROR', { ...base, outcome: 'error', durationMs, error: describeError(error) });
      emitMetrics(write, groupId, { ChangesApplied: 0, DriftFound: 0, Conflicts: 0, Errors: 1, DurationMs: durationMs }, now());
      throw error;
    }
  };
}

function emptyResult() {
  return { changes: 0, recordsChanged: 0, plan: [], conflicts: [], records: {}, attempts: 0 };
}

/** A short, safe excerpt of an ignored payload for the log line. */
function preview(event: unknown): string {
  try {
    return (JSON.stringify(event) ?? String(event)).slice(0, 300);
  } catch {
    return String(event).slice(0, 300);
  }
}
