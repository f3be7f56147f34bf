// The examples: the CDKTF app synthesizes to a stack that uses the construct; the HCL examples use
// the root module from the repository, configure only the region, and avoid the dependency cycle
// between the replication group and the module's topic.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHcl } from '../../generator/cdktf.js';
import { synthesize } from '../../examples/cdktf/main.js';
import { REPO_ROOT } from '../../testkit/module/module-locals.js';

async function parseExample(name: string): Promise<Record<string, any>> {
  const dir = join(REPO_ROOT, 'examples', name);
  const merged: Record<string, any> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tf'))) {
    const parsed = (await parseHcl(file, readFileSync(join(dir, file), 'utf8'))) as Record<string, any>;
    for (const [k, v] of Object.entries(parsed)) merged[k] = { ...(merged[k] ?? {}), ...v };
  }
  return merged;
}

describe('examples/cdktf', () => {
  let outdir = '';
  let stack: Record<string, any> = {};
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'replica-dns-cdktf-example-'));
    synthesize(outdir);
    stack = JSON.parse(readFileSync(join(outdir, 'stacks', 'replica-dns', 'cdk.tf.json'), 'utf8'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes the construct with the app\'s provider', () => {
    expect(Object.keys(stack.provider)).toEqual(['aws']);
    const [fn] = Object.values(stack.resource.aws_lambda_function) as any[];
    expect(fn.reserved_concurrent_executions).toBe(1);
    expect(fn.handler).toBe('index.handler');
    const [invocation] = Object.values(stack.resource.aws_lambda_invocation) as any[];
    expect(invocation.lifecycle_scope).toBe('CRUD');
    expect(Object.keys(stack.resource.aws_route53_zone)).toHaveLength(1);
    expect(Object.keys(stack.resource.aws_sns_topic)).toHaveLength(1);
  });

  it('ships the bundled zip as an asset when it exists', () => {
    const zip = join(REPO_ROOT, 'lambda/dist/reconciler.zip');
    const [name, filename] = Object.entries(stack.locals).find(([k]) => k.includes('package_filename')) as [string, string];
    expect(name).toBeDefined();
    if (existsSync(zip)) {
      expect(filename).toMatch(/^assets\/.+\/reconciler\.zip$/);
      expect(readFileSync(join(outdir, 'stacks', 'replica-dns', filename))).toEqual(readFileSync(zip));
    } else {
      expect(filename).toBe(zip);
    }
  });

  it('wires the group to the construct\'s topic without a cycle', () => {
    const [group] = Object.values(stack.resource.aws_elasticache_replication_group) as any[];
    expect(group.replication_group_id).toBe('replica-dns-cdktf');
    expect(group.notification_topic_arn).toMatch(/^\$\{local\.[^}]*topic_arn[^}]*\}$/);
    // Only the ordering gate refers to the group; nothing that the topic depends on does.
    const text = JSON.stringify({ ...stack.resource, aws_elasticache_replication_group: undefined, terraform_data: undefined });
    expect(text).not.toContain('aws_elasticache_replication_group.');
    const [gate] = Object.values(stack.resource.terraform_data) as any[];
    expect(JSON.stringify(gate.input)).toContain('aws_elasticache_replication_group.group.arn');
  });
});

for (const name of ['complete', 'existing-zone']) {
  describe(`examples/${name}`, () => {
    let hcl: Record<string, any> = {};
    beforeAll(async () => {
      hcl = await parseExample(name);
    });

    it('has a README, a provider block with only the region, and the module from the repository', () => {
      expect(existsSync(join(REPO_ROOT, 'examples', name, 'README.md'))).toBe(true);
      expect(hcl.provider.aws).toEqual([{ region: '${var.region}' }]);
      const [module] = hcl.module.replica_dns;
      expect(module.source).toBe('../../');
      expect(hcl.terraform?.[0]?.backend).toBeUndefined();
    });

    it('describes its variables and outputs', () => {
      for (const [n, [v]] of Object.entries(hcl.variable as Record<string, any[]>)) expect(v.description, n).toBeTruthy();
      for (const [n, [o]] of Object.entries(hcl.output as Record<string, any[]>)) expect(o.description, n).toBeTruthy();
    });

    it('creates the replication group and sends its notifications to the topic the module listens to', () => {
      const [group] = hcl.resource.aws_elasticache_replication_group.this;
      const [module] = hcl.module.replica_dns;
      expect(group.engine).toBe('valkey');
      if (name === 'complete') {
        expect(group.num_cache_clusters).toBe(3);
        expect(group.automatic_failover_enabled).toBe(true);
        expect(group.multi_az_enabled).toBe(true);
        expect(group.notification_topic_arn).toBe('${module.replica_dns.topic_arn}');
        // The module gets the group's ID as a value: nothing but the ordering gate refers to the group.
        const { reconciler_depends_on: gate, ...inputs } = module;
        expect(JSON.stringify(inputs)).not.toContain('aws_elasticache_replication_group');
        expect(gate).toEqual(['${aws_elasticache_replication_group.this.arn}']);
        expect(hcl.resource.aws_subnet.private[0].count).toBe(2);
      } else {
        expect(group.notification_topic_arn).toBe('${aws_sns_topic.existing.arn}');
        expect(module).toMatchObject({
          create_zone: false,
          zone_id: '${aws_route53_zone.existing.zone_id}',
          create_topic: false,
          topic_arn: '${aws_sns_topic.existing.arn}',
        });
        expect(hcl.resource.aws_sns_topic.existing[0].kms_master_key_id).toBeUndefined();
      }
    });
  });
}

describe('examples/cross-account', () => {
  let hcl: Record<string, any> = {};
  beforeAll(async () => {
    hcl = await parseExample('cross-account');
  });

  it('has a README and two provider configurations: account A (default) and account B (alias zone)', () => {
    expect(existsSync(join(REPO_ROOT, 'examples', 'cross-account', 'README.md'))).toBe(true);
    expect(hcl.provider.aws).toEqual([
      { region: '${var.region}' },
      { alias: 'zone', region: '${var.region}', profile: '${var.zone_account_profile}' },
    ]);
    expect(hcl.terraform?.[0]?.backend).toBeUndefined();
  });

  it('keeps the zone and the zone role in B, the group and its topic in A', () => {
    expect(hcl.resource.aws_route53_zone.shared[0].provider).toBe('${aws.zone}');
    const [zoneRole] = hcl.module.zone_role;
    expect(zoneRole.source).toBe('../../modules/zone-account-role');
    expect(zoneRole.providers).toEqual({ aws: '${aws.zone}' });
    expect(zoneRole.reconciler_role_arn).toBe('${module.replica_dns.role_arn}');
    const [group] = hcl.resource.aws_elasticache_replication_group.this;
    expect(group.provider).toBeUndefined();
    // ElastiCache publishes only to a topic in its own account: the module's, created in A.
    expect(group.notification_topic_arn).toBe('${module.replica_dns.topic_arn}');
    const [module] = hcl.module.replica_dns;
    expect(module).toMatchObject({
      source: '../../',
      create_zone: false,
      zone_id: '${aws_route53_zone.shared.zone_id}',
      zone_name: '${var.zone_name}',
      zone_role_arn: '${module.zone_role.role_arn}',
    });
    expect(module.providers).toBeUndefined();
  });

  it('describes its variables and outputs', () => {
    for (const [n, [v]] of Object.entries(hcl.variable as Record<string, any[]>)) expect(v.description, n).toBeTruthy();
    for (const [n, [o]] of Object.entries(hcl.output as Record<string, any[]>)) expect(o.description, n).toBeTruthy();
  });
});
