// The serving policy as a table: every status AWS documents for a cache cluster, a cache node and
// a replication group (lambda/src/serving.ts cites the pages), the spellings the docs use, and
// statuses the policy does not know.
import { describe, expect, it } from 'vitest';
import { decide, GROUP_STATUS_MEANINGS, NODE_STATUS_MEANINGS, normalizeStatus, type MemberStatuses } from '../../lambda/src/serving.js';

const healthy: MemberStatuses = { clusterStatus: 'available', nodeStatuses: ['available'], groupStatus: 'available' };

describe('serving policy: cache cluster status (the node itself available)', () => {
  // status → serves, and a word the reason must carry
  const table: ReadonlyArray<readonly [string, boolean, RegExp]> = [
    ['available', true, /^available$/],
    ['snapshotting', true, /backup.*keeps serving/],
    ['modifying', true, /customer request.*keeps serving/],
    ['updating', true, /service update.*keeps serving/],
    ['creating', false, /being created/],
    ['deleting', false, /being deleted/],
    ['deleted', false, /deleted/],
    ['rebooting cluster nodes', false, /rebooted/],
    ['rebooting cache cluster nodes', false, /rebooted/],
    ['incompatible-network', false, /cannot start/],
    ['incompatible_network', false, /cannot start/],
    ['incompatible-parameters', false, /cannot start/],
    ['incompatible_parameters', false, /cannot start/],
    ['restore-failed', false, /failed/],
    ['restore_failed', false, /failed/],
  ];

  it.each(table)('%s → serves %s', (clusterStatus, serves, reason) => {
    // Act
    const verdict = decide({ ...healthy, clusterStatus });
    // Assess
    expect(verdict).toMatchObject({ serves, known: true });
    expect(verdict.reason).toMatch(reason);
  });

  it('covers every cluster status of the API reference and the user guide', () => {
    const documented = [
      // API reference, CacheCluster.CacheClusterStatus
      'available', 'creating', 'deleted', 'deleting', 'incompatible-network', 'modifying', 'rebooting cluster nodes', 'restore-failed', 'snapshotting',
      // user guide, "Viewing ElastiCache node status"
      'updating', 'rebooting cache cluster nodes', 'incompatible_parameters', 'incompatible_network', 'restore_failed',
    ];
    expect(documented.filter((s) => NODE_STATUS_MEANINGS[normalizeStatus(s)] === undefined)).toEqual([]);
    expect(documented.filter((s) => !table.some(([status]) => status === s))).toEqual([]);
  });
});

describe('serving policy: cache node status (the cluster available)', () => {
  it.each([
    ['available', true],
    ['creating', false],
    ['rebooting', false],
    ['deleting', false],
  ] as const)('node %s → serves %s', (node, serves) => {
    const verdict = decide({ ...healthy, nodeStatuses: [node] });
    expect(verdict).toMatchObject({ serves, known: true });
    if (!serves) expect(verdict.reason).toMatch(new RegExp(`^node ${node}: `));
  });

  it('a status of the user guide’s table reported at the node level means the same there (the docs do not say which level)', () => {
    for (const node of ['snapshotting', 'modifying', 'updating']) expect(decide({ ...healthy, nodeStatuses: [node] }), node).toMatchObject({ serves: true, known: true });
    for (const node of ['rebooting cluster nodes', 'incompatible_network', 'restore-failed']) expect(decide({ ...healthy, nodeStatuses: [node] }), node).toMatchObject({ serves: false, known: true });
  });

  it('a node being rebooted stops serving whatever routine operation its cluster reports', () => {
    for (const clusterStatus of ['snapshotting', 'modifying', 'updating']) {
      expect(decide({ ...healthy, clusterStatus, nodeStatuses: ['rebooting'] })).toEqual({ serves: false, known: true, reason: 'node rebooting: node rebooting' });
    }
  });

  it('a cluster that does not serve is not rescued by an available node', () => {
    expect(decide({ ...healthy, clusterStatus: 'rebooting cluster nodes', nodeStatuses: ['available'] })).toMatchObject({ serves: false, known: true });
  });

  it('decides from the cluster status when the answer lists no node', () => {
    expect(decide({ ...healthy, clusterStatus: 'snapshotting', nodeStatuses: [] })).toMatchObject({ serves: true, known: true });
    expect(decide({ ...healthy, clusterStatus: 'creating', nodeStatuses: [] })).toMatchObject({ serves: false, known: true });
  });

  it('a cluster gone between the two reads does not serve', () => {
    expect(decide({ nodeStatuses: [], groupStatus: 'available', clusterFound: false })).toEqual({
      serves: false,
      known: true,
      reason: 'cache cluster not found (being deleted)',
    });
  });
});

describe('serving policy: replication group status', () => {
  it.each([
    ['available', true],
    ['creating', true],
    ['modifying', true],
    ['snapshotting', true],
    ['deleting', false],
    ['create-failed', false],
  ] as const)('group %s, member available → serves %s', (groupStatus, serves) => {
    const verdict = decide({ ...healthy, groupStatus });
    expect(verdict).toMatchObject({ serves, known: true });
    if (!serves) expect(verdict.reason).toMatch(new RegExp(`^group ${groupStatus}: `));
  });

  it('a group status never makes a member serve that does not', () => {
    for (const groupStatus of Object.keys(GROUP_STATUS_MEANINGS)) {
      expect(decide({ groupStatus, clusterStatus: 'available', nodeStatuses: ['rebooting'] }).serves).toBe(false);
    }
  });
});

describe('serving policy: statuses it does not know (decided conservatively, flagged)', () => {
  it('an unknown cluster status while the node reports available: serves', () => {
    expect(decide({ ...healthy, clusterStatus: 'resharding' })).toEqual({
      serves: true,
      known: false,
      reason: "unknown cluster status 'resharding', node available: treated as serving",
    });
  });

  it('an unknown node status: does not serve, whatever the cluster says', () => {
    for (const clusterStatus of ['available', 'snapshotting', 'mystery']) {
      expect(decide({ ...healthy, clusterStatus, nodeStatuses: ['hibernating'] })).toEqual({
        serves: false,
        known: false,
        reason: "unknown node status 'hibernating': treated as not serving",
      });
    }
  });

  it('an unknown cluster status with no node listed: does not serve', () => {
    expect(decide({ ...healthy, clusterStatus: 'mystery', nodeStatuses: [] })).toMatchObject({ serves: false, known: false });
    expect(decide({ nodeStatuses: [], groupStatus: 'available' })).toMatchObject({ serves: false, known: false, reason: expect.stringMatching(/^no cluster status/) });
  });

  it('an unknown group status is ignored for the decision but flagged', () => {
    const serving = decide({ ...healthy, groupStatus: 'migrating' });
    expect(serving).toEqual({ serves: true, known: false, reason: "available; unknown group status 'migrating' ignored" });
    expect(decide({ ...healthy, groupStatus: 'migrating', nodeStatuses: ['rebooting'] })).toMatchObject({ serves: false, known: false });
  });

  it('a known status that does not serve still decides when another status is unknown', () => {
    expect(decide({ ...healthy, clusterStatus: 'deleting', nodeStatuses: ['odd'] })).toEqual({ serves: false, known: false, reason: 'cluster deleting: being deleted' });
  });

  it('reads statuses whatever their case, separators and spacing', () => {
    expect(normalizeStatus(' Rebooting  Cache Cluster Nodes ')).toBe('rebooting cluster nodes');
    expect(normalizeStatus('INCOMPATIBLE_NETWORK')).toBe('incompatible-network');
    expect(decide({ ...healthy, clusterStatus: 'Snapshotting' })).toMatchObject({ serves: true, known: true });
  });
});
