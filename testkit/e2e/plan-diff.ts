// Two plans of one configuration (`terraform show -json <planfile>`) compared resource for resource:
// which resources each would change and how (actions, the planned values, which of them stay unknown
// until apply), the planned values as a whole, and the resources the configuration declares. For a
// refactoring of the generated HCL that must not change what Terraform does (scripts/compare-plans.ts).

/** The parts of Terraform's JSON plan representation compared here. */
export interface PlanJson {
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly change: { readonly actions: readonly string[]; readonly after?: unknown; readonly after_unknown?: unknown };
  }>;
  readonly planned_values?: unknown;
  readonly configuration?: { readonly root_module?: ConfigModule };
}

interface ConfigModule {
  readonly resources?: ReadonlyArray<{ readonly address: string }>;
  readonly module_calls?: Readonly<Record<string, { readonly module?: ConfigModule }>>;
}

export interface PlanComparison {
  /** Resource changes compared (addresses of the after plan). */
  readonly resources: number;
  /** Resource addresses the configuration declares (after). */
  readonly configured: number;
  /** One line per difference, naming the address and the path inside it; empty when alike. */
  readonly differences: readonly string[];
}

/** Paths at which two JSON values differ (`.a.b[2]`), at most `limit`. */
export function jsonDifferences(before: unknown, after: unknown, path = '', limit = 20): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, p: string): void => {
    if (out.length >= limit) return;
    if (a === b) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) out.push(`${p || '.'}: ${a.length} items before, ${b.length} after`);
      else a.forEach((item, i) => walk(item, b[i], `${p}[${i}]`));
      return;
    }
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${p}.${k}`);
      return;
    }
    out.push(`${p || '.'}: ${JSON.stringify(a)} before, ${JSON.stringify(b)} after`);
  };
  walk(before, after, path);
  return out;
}

/** Every resource address the configuration declares, with its module path (`module.x.aws_iam_role.this`). */
export function configuredAddresses(plan: PlanJson): string[] {
  const out: string[] = [];
  const walk = (m: ConfigModule | undefined, prefix: string): void => {
    for (const r of m?.resources ?? []) out.push(`${prefix}${r.address}`);
    for (const [name, call] of Object.entries(m?.module_calls ?? {})) walk(call.module, `${prefix}module.${name}.`);
  };
  walk(plan.configuration?.root_module, '');
  return out.sort();
}

export function comparePlans(before: PlanJson, after: PlanJson): PlanComparison {
  const differences: string[] = [];
  const byAddress = (plan: PlanJson) => new Map((plan.resource_changes ?? []).map((r) => [r.address, r.change]));
  const a = byAddress(before);
  const b = byAddress(after);
  for (const address of a.keys()) if (!b.has(address)) differences.push(`${address}: planned before only`);
  for (const [address, change] of b) {
    const old = a.get(address);
    if (!old) {
      differences.push(`${address}: planned after only`);
      continue;
    }
    if (old.actions.join(',') !== change.actions.join(',')) differences.push(`${address}: actions ${old.actions.join(',')} before, ${change.actions.join(',')} after`);
    for (const d of jsonDifferences(old.after, change.after)) differences.push(`${address} after${d}`);
    for (const d of jsonDifferences(old.after_unknown, change.after_unknown)) differences.push(`${address} after_unknown${d}`);
  }
  for (const d of jsonDifferences(before.planned_values, after.planned_values)) differences.push(`planned_values${d}`);
  const configuredBefore = configuredAddresses(before);
  const configuredAfter = configuredAddresses(after);
  for (const address of configuredBefore) if (!configuredAfter.includes(address)) differences.push(`configuration: ${address} declared before only`);
  for (const address of configuredAfter) if (!configuredBefore.includes(address)) differences.push(`configuration: ${address} declared after only`);
  return { resources: b.size, configured: configuredAfter.length, differences };
}
