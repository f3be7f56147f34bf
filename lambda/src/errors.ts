// Named errors so the handler can decide per class: config errors fail the cold start,
// topology/conflict errors are logged, counted and rethrown (async retries and the
// on-failure destination must see them). Unusable events are not errors: see trigger.ts.

// Names are string literals: the bundle is minified, so class names are not kept.
export class ReconcilerError extends Error {
  override name = 'ReconcilerError';
}

/** An environment variable is missing or malformed; names the variable and the expected form. */
export class ConfigError extends ReconcilerError {
  override name = 'ConfigError';

  constructor(
    readonly variable: string,
    expected: string,
    actual: string | undefined,
  ) {
    const shown = actual === undefined ? 'it is not set' : `got ${JSON.stringify(actual)}`;
    super(`${variable}: expected ${expected}; ${shown}`);
  }
}

/** The replication group cannot be reconciled: unknown, or cluster mode enabled. */
export class TopologyError extends ReconcilerError {
  override name = 'TopologyError';
}

/** The zone kept changing underneath: every bounded retry of the atomic batch was rejected. */
export class ConflictError extends ReconcilerError {
  override name = 'ConflictError';

  constructor(
    message: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The bundled credential source found no credentials (see credentials.ts). */
export class CredentialsError extends ReconcilerError {
  override name = 'CredentialsError';
}

/**
 * STS AssumeRole of the zone role (ZONE_ROLE_ARN) failed, so no Route 53 call was made: the zone
 * is as it was. Names the role and what to check on both sides.
 */
export class ZoneRoleError extends ReconcilerError {
  override name = 'ZoneRoleError';

  constructor(
    readonly roleArn: string,
    options: { cause: unknown },
  ) {
    const why = options.cause instanceof Error ? `${options.cause.name}: ${options.cause.message}` : String(options.cause);
    super(
      `cannot assume the zone role ${roleArn} (${why}); check that its trust policy allows this function's ` +
        `execution role, and that the execution role's policy allows sts:AssumeRole on ${roleArn}; the zone was not changed`,
      options,
    );
  }
}
