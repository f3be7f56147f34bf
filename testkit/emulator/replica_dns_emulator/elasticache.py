"""ElastiCache replication groups (cluster mode disabled), implemented here instead of by moto.

moto 5.2.5 models replication groups only roughly: ``NumCacheClusters`` is ignored (a group always
gets one node unless ``ReplicasPerNodeGroup`` is given), member clusters are not visible to
``DescribeCacheClusters``, ``NodeGroups[].ReaderEndpoint`` is missing, the endpoint domain is always
``use1``, deleted groups linger in ``deleting`` for ever, and ``TestFailover``,
``IncreaseReplicaCount``, ``DecreaseReplicaCount`` and ``ModifyReplicationGroup(PrimaryClusterId)``
do not exist. Rather than patching its model in many places, this module owns the replication-group
part completely and plugs into moto's ElastiCache *response* class: the methods below replace (or
add) the action handlers of ``moto.elasticache.responses.ElastiCacheResponse``. Requests are still
parsed and responses still serialized by moto from botocore's service model, so the wire format is
the real Query API / 2015-02-02 XML and errors carry the real error codes. Standalone cache clusters,
users, snapshots and tags remain moto's; subnet groups are moto's plus elasticache_subnet_groups.py.
"""

from __future__ import annotations

import datetime as _dt
import logging
import random
import re
import string
from dataclasses import dataclass, field
from typing import Any

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.elasticache.models import elasticache_backends
from moto.elasticache.responses import ElastiCacheResponse
from moto.utilities.utils import get_partition

from . import endpoint_proxy, tls_certs
from .redis_nodes import NodeSecurity, RedisError, RedisNode
from .runtime import runtime

log = logging.getLogger("emulator.elasticache")

NODE_GROUP_ID = "0001"
CACHE_NODE_ID = "0001"
MAX_REPLICAS = 5
# Opt a group out of real redis-server processes (e.g. when seeding 1,000 groups).
NO_REDIS_TAG = "emulator:redis"

ENGINE_VERSIONS = {
    "redis": {"6.0": "6.0.5", "6.2": "6.2.6", "6.x": "6.2.6", "7.0": "7.0.7", "7.1": "7.1.0"},
    "valkey": {"7.2": "7.2.6", "8.0": "8.0.1", "8.1": "8.1.0"},
}
DEFAULT_ENGINE_VERSION = {"redis": "7.1.0", "valkey": "8.0.1"}


# -- errors (codes as in botocore's elasticache model) --------------------------------------------


class _Err(ServiceException):
    def __init__(self, message: str) -> None:
        super().__init__(self.code, message)


class ReplicationGroupNotFound(_Err):
    code = "ReplicationGroupNotFoundFault"


class ReplicationGroupAlreadyExists(_Err):
    code = "ReplicationGroupAlreadyExists"


class InvalidReplicationGroupState(_Err):
    code = "InvalidReplicationGroupState"


class InvalidCacheClusterState(_Err):
    code = "InvalidCacheClusterState"


class NodeGroupNotFound(_Err):
    code = "NodeGroupNotFoundFault"


class CacheClusterNotFound(_Err):
    code = "CacheClusterNotFound"


class InvalidParameterValue(_Err):
    code = "InvalidParameterValue"


class InvalidParameterCombination(_Err):
    code = "InvalidParameterCombination"


class CacheSubnetGroupNotFound(_Err):
    code = "CacheSubnetGroupNotFoundFault"


class InsufficientCapacity(_Err):
    code = "InsufficientCacheClusterCapacity"


class NodeQuotaExceeded(_Err):
    code = "NodeQuotaForClusterExceeded"


# -- helpers ---------------------------------------------------------------------------------------


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)


def region_short(region: str) -> str:
    """``us-east-1`` → ``use1``, ``eu-central-1`` → ``euc1``, ``ap-southeast-2`` → ``apse2``."""
    parts = region.split("-")
    if len(parts) < 3:
        return region.replace("-", "")
    words = {
        "east": "e", "west": "w", "north": "n", "south": "s", "central": "c",
        "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
    }
    middle = "".join(words.get(p, p[:1]) for p in parts[1:-1])
    return f"{parts[0]}{middle}{parts[-1]}"


def _engine_version(engine: str, requested: str | None) -> str:
    if not requested:
        return DEFAULT_ENGINE_VERSION[engine]
    known = ENGINE_VERSIONS.get(engine, {})
    if requested in known:
        return known[requested]
    if re.fullmatch(r"\d+\.\d+\.\d+", requested):
        return requested
    if re.fullmatch(r"\d+\.\d+", requested):
        return f"{requested}.0"
    m = re.fullmatch(r"(\d+)\.x", requested)
    if m:
        return next((v for k, v in known.items() if k.startswith(m.group(1) + ".")), f"{m.group(1)}.0.0")
    raise InvalidParameterValue(f"Invalid engine version {requested} for engine {engine}.")


def _default_parameter_group(engine: str, version: str) -> str:
    major = version.split(".")[0]
    if engine == "redis" and major == "6":
        return "default.redis6.x"
    return f"default.{engine}{major}"


def _bool(v: Any) -> bool | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    return str(v).lower() == "true"


# AUTH token rules: "Authenticating with the Valkey and Redis OSS AUTH command"
# (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html) and AuthToken in the
# CreateReplicationGroup API reference: 16-128 printable characters, of the non-alphanumeric ones
# only ! & # $ ^ < > -, and only with in-transit encryption.
_AUTH_TOKEN = re.compile(r"[A-Za-z0-9!&#$^<>-]{16,128}")


def _validate_auth_token(token: str, transit: bool) -> None:
    if not transit:
        raise InvalidParameterValue("AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true.")
    if not _AUTH_TOKEN.fullmatch(token):
        raise InvalidParameterValue(
            "Invalid AuthToken: it must be 16 to 128 printable characters, letters, digits and only the "
            "special characters !, &, #, $, ^, <, >, -."
        )


def rt_tls() -> tls_certs.Authority:
    return tls_certs.authority(runtime().state_dir)


def _validate_group_id(group_id: str | None) -> str:
    if not group_id:
        raise InvalidParameterValue("The parameter ReplicationGroupId must be provided.")
    gid = group_id.lower()
    if (
        not re.fullmatch(r"[a-z][a-z0-9-]{0,39}", gid)
        or "--" in gid
        or gid.endswith("-")
    ):
        raise InvalidParameterValue(
            "Invalid replication group id: must be 1-40 letters, digits or hyphens, begin with a "
            "letter, and contain no two consecutive hyphens nor end with a hyphen."
        )
    return gid


# -- model -----------------------------------------------------------------------------------------


@dataclass
class Member:
    cluster_id: str
    az: str
    role: str  # "primary" | "replica"
    address: str
    port: int
    arn: str
    status: str = "available"  # CacheClusterStatus
    node_status: str = "available"  # CacheNodeStatus
    created: _dt.datetime = field(default_factory=_now)
    redis: RedisNode | None = None
    # With --node-hostnames: the AWS-style name the API reports instead of the loopback address
    # (a DNS server outside the emulator resolves it to `address`; see hosts()).
    hostname: str | None = None

    @property
    def endpoint_address(self) -> str:
        return self.hostname or self.address

    @property
    def available(self) -> bool:
        return self.status == "available"


@dataclass
class Group:
    account_id: str
    region: str
    group_id: str
    description: str
    engine: str
    engine_version: str
    cache_node_type: str
    port: int
    domain: str  # "<id>.<random>.<region-short>.cache.amazonaws.com"
    automatic_failover: str = "disabled"
    multi_az: str = "disabled"
    members: dict[str, Member] = field(default_factory=dict)
    status: str = "available"
    created: _dt.datetime = field(default_factory=_now)
    use_redis: bool = False
    notification_topic_arn: str | None = None
    notification_topic_status: str = "active"
    subnet_group: str | None = None
    security_group_ids: list[str] = field(default_factory=list)
    cache_security_group_names: list[str] = field(default_factory=list)
    parameter_group: str = ""
    maintenance_window: str = "sun:23:00-mon:01:30"
    snapshot_window: str = "05:00-06:00"
    snapshot_retention_limit: int = 0
    snapshotting_cluster_id: str | None = None
    transit_encryption_enabled: bool = False
    transit_encryption_mode: str | None = None
    at_rest_encryption_enabled: bool = False
    kms_key_id: str | None = None
    auth_token_enabled: bool = False
    auth_token_last_modified: _dt.datetime | None = None
    # The tokens the nodes accept (never reported by the API): the current first, during a ROTATE
    # also the previous one.
    auth_tokens: tuple[str, ...] = ()
    # With transit encryption and redis: the group's certificate (docs/tls.md).
    tls_cert: tls_certs.ServerCert | None = None
    user_group_ids: list[str] = field(default_factory=list)
    log_delivery_configurations: list[dict[str, Any]] = field(default_factory=list)
    data_tiering: str = "disabled"
    auto_minor_version_upgrade: bool = True
    network_type: str = "ipv4"
    ip_discovery: str = "ipv4"
    azs: list[str] = field(default_factory=list)
    next_index: int = 1
    # With redis: the stable primary/reader endpoints (own loopback addresses, see endpoint_proxy).
    primary_proxy: endpoint_proxy.Forwarder | None = None
    reader_proxy: endpoint_proxy.Forwarder | None = None

    @property
    def arn(self) -> str:
        return f"arn:{get_partition(self.region)}:elasticache:{self.region}:{self.account_id}:replicationgroup:{self.group_id}"

    def cluster_arn(self, cluster_id: str) -> str:
        return f"arn:{get_partition(self.region)}:elasticache:{self.region}:{self.account_id}:cluster:{cluster_id}"

    @property
    def primary(self) -> Member:
        return next(m for m in self.members.values() if m.role == "primary")

    @property
    def replicas(self) -> list[Member]:
        return [m for m in self.members.values() if m.role == "replica"]

    def ordered_members(self) -> list[Member]:
        return sorted(self.members.values(), key=lambda m: m.cluster_id)

    def node_security(self) -> NodeSecurity | None:
        """How the group's nodes are launched: TLS only (and AUTH) with transit encryption."""
        if self.tls_cert is None:
            return None
        c = self.tls_cert
        return NodeSecurity(cert_file=c.cert_file, key_file=c.key_file, ca_file=c.ca_file, passwords=self.auth_tokens)

    def member_hostname(self, cluster_id: str) -> str:
        """A node endpoint: with in-transit encryption under the group's own domain (the TLS shape,
        ``<cluster>.<group>.<id>.<region>.cache.amazonaws.com``, covered by the group's wildcard
        certificate; docs/tls.md), else ``<cluster>.<id>.0001.<region>.cache.amazonaws.com``."""
        if self.transit_encryption_enabled:
            return f"{cluster_id}.{self.domain}"
        random_part, tail = self.domain.split(".", 1)[1].split(".", 1)
        return f"{cluster_id}.{random_part}.{CACHE_NODE_ID}.{tail}"

    # -- endpoints --------------------------------------------------------------------------

    # The endpoint formats (docs/tls.md): with in-transit encryption `master.`/`replica.` under the
    # group's domain; without it, as DescribeReplicationGroups shows plain-text groups,
    # `<group>.<id>.ng.0001.<region>…` and `<group>-ro.<id>.ng.0001.<region>…`.
    def _endpoint_host(self, reader: bool) -> str:
        if self.transit_encryption_enabled:
            return f"{'replica' if reader else 'master'}.{self.domain}"
        rest = self.domain.split(".", 1)[1]  # <id>.<region>.cache.amazonaws.com
        random_part, tail = rest.split(".", 1)
        return f"{self.group_id}{'-ro' if reader else ''}.{random_part}.ng.{NODE_GROUP_ID}.{tail}"

    # Both stay the same across failovers, as on AWS: with redis, the forwarders' own addresses.
    def primary_endpoint(self) -> dict[str, Any]:
        if self.primary_proxy is not None:
            host = self._endpoint_host(False) if runtime().node_hostnames else self.primary_proxy.host
            return {"Address": host, "Port": self.primary_proxy.port}
        return {"Address": self._endpoint_host(False), "Port": self.port}

    def reader_endpoint(self) -> dict[str, Any]:
        if self.reader_proxy is not None:
            host = self._endpoint_host(True) if runtime().node_hostnames else self.reader_proxy.host
            return {"Address": host, "Port": self.reader_proxy.port}
        return {"Address": self._endpoint_host(True), "Port": self.port}

    def sync_endpoints(self) -> None:
        """Point the forwarders at the current primary and the available replicas."""
        primary = next((m for m in self.members.values() if m.role == "primary"), None)
        if primary is None:
            return
        if self.primary_proxy is not None:
            self.primary_proxy.set_targets([(primary.address, primary.port)])
        if self.reader_proxy is not None:
            readers = [(m.address, m.port) for m in self.ordered_members() if m.role == "replica" and m.available]
            self.reader_proxy.set_targets(readers or [(primary.address, primary.port)])

    def start_endpoints(self) -> None:
        redis = runtime().redis
        release = redis.release_address
        self.primary_proxy = endpoint_proxy.start(f"{self.group_id}-primary", lambda: redis.allocate_address(self.port), release)
        self.reader_proxy = endpoint_proxy.start(f"{self.group_id}-reader", lambda: redis.allocate_address(self.port), release)
        self.sync_endpoints()

    def stop_endpoints(self) -> None:
        for proxy in (self.primary_proxy, self.reader_proxy):
            if proxy is not None:
                proxy.stop()
                runtime().redis.release_address(proxy.host)
        self.primary_proxy = self.reader_proxy = None

    # -- API shapes -------------------------------------------------------------------------

    def to_api(self) -> dict[str, Any]:
        members = self.ordered_members()
        out: dict[str, Any] = {
            "ReplicationGroupId": self.group_id,
            "Description": self.description,
            "Status": self.status,
            "PendingModifiedValues": {},
            "MemberClusters": [m.cluster_id for m in members],
            "NodeGroups": [
                {
                    "NodeGroupId": NODE_GROUP_ID,
                    "Status": self.status if self.status != "deleting" else "deleting",
                    "PrimaryEndpoint": self.primary_endpoint(),
                    "ReaderEndpoint": self.reader_endpoint(),
                    "NodeGroupMembers": [
                        {
                            "CacheClusterId": m.cluster_id,
                            "CacheNodeId": CACHE_NODE_ID,
                            "ReadEndpoint": {"Address": m.endpoint_address, "Port": m.port},
                            "PreferredAvailabilityZone": m.az,
                            "CurrentRole": m.role,
                        }
                        for m in members
                    ],
                }
            ],
            "AutomaticFailover": self.automatic_failover,
            "MultiAZ": self.multi_az,
            "SnapshotRetentionLimit": self.snapshot_retention_limit,
            "SnapshotWindow": self.snapshot_window,
            "ClusterEnabled": False,
            "CacheNodeType": self.cache_node_type,
            "AuthTokenEnabled": self.auth_token_enabled,
            "TransitEncryptionEnabled": self.transit_encryption_enabled,
            "AtRestEncryptionEnabled": self.at_rest_encryption_enabled,
            "ARN": self.arn,
            "UserGroupIds": list(self.user_group_ids),
            "LogDeliveryConfigurations": list(self.log_delivery_configurations),
            "ReplicationGroupCreateTime": self.created,
            "DataTiering": self.data_tiering,
            "AutoMinorVersionUpgrade": self.auto_minor_version_upgrade,
            "NetworkType": self.network_type,
            "IpDiscovery": self.ip_discovery,
            "ClusterMode": "disabled",
            "Engine": self.engine,
        }
        if self.snapshotting_cluster_id:
            out["SnapshottingClusterId"] = self.snapshotting_cluster_id
        if self.auth_token_last_modified:
            out["AuthTokenLastModifiedDate"] = self.auth_token_last_modified
        if self.kms_key_id:
            out["KmsKeyId"] = self.kms_key_id
        if self.transit_encryption_enabled and self.transit_encryption_mode:
            out["TransitEncryptionMode"] = self.transit_encryption_mode
        return out

    def cluster_api(self, m: Member, show_nodes: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "CacheClusterId": m.cluster_id,
            "CacheNodeType": self.cache_node_type,
            "Engine": self.engine,
            "EngineVersion": self.engine_version,
            "CacheClusterStatus": m.status,
            "NumCacheNodes": 1,
            "PreferredAvailabilityZone": m.az,
            "CacheClusterCreateTime": m.created,
            "PreferredMaintenanceWindow": self.maintenance_window,
            "PendingModifiedValues": {},
            "CacheSecurityGroups": [
                {"CacheSecurityGroupName": n, "Status": "active"} for n in self.cache_security_group_names
            ],
            "CacheParameterGroup": {
                "CacheParameterGroupName": self.parameter_group,
                "ParameterApplyStatus": "in-sync",
                "CacheNodeIdsToReboot": [],
            },
            "AutoMinorVersionUpgrade": self.auto_minor_version_upgrade,
            "SecurityGroups": [{"SecurityGroupId": s, "Status": "active"} for s in self.security_group_ids],
            "ReplicationGroupId": self.group_id,
            "SnapshotRetentionLimit": self.snapshot_retention_limit,
            "SnapshotWindow": self.snapshot_window,
            "AuthTokenEnabled": self.auth_token_enabled,
            "TransitEncryptionEnabled": self.transit_encryption_enabled,
            "AtRestEncryptionEnabled": self.at_rest_encryption_enabled,
            "ARN": m.arn,
            "ReplicationGroupLogDeliveryEnabled": bool(self.log_delivery_configurations),
            "LogDeliveryConfigurations": list(self.log_delivery_configurations),
            "NetworkType": self.network_type,
            "IpDiscovery": self.ip_discovery,
        }
        if self.subnet_group:
            out["CacheSubnetGroupName"] = self.subnet_group
        if self.notification_topic_arn:
            out["NotificationConfiguration"] = {
                "TopicArn": self.notification_topic_arn,
                "TopicStatus": self.notification_topic_status,
            }
        if self.transit_encryption_enabled and self.transit_encryption_mode:
            out["TransitEncryptionMode"] = self.transit_encryption_mode
        if show_nodes:
            out["CacheNodes"] = [
                {
                    "CacheNodeId": CACHE_NODE_ID,
                    "CacheNodeStatus": m.node_status,
                    "CacheNodeCreateTime": m.created,
                    "Endpoint": {"Address": m.endpoint_address, "Port": m.port},
                    "ParameterGroupStatus": "in-sync",
                    "CustomerAvailabilityZone": m.az,
                }
            ]
        return out


# Registry: (account, region) → {group id → Group}, insertion (creation) ordered.
_groups: dict[tuple[str, str], dict[str, Group]] = {}


def groups_of(account_id: str, region: str) -> dict[str, Group]:
    return _groups.setdefault((account_id, region), {})


def all_groups() -> list[Group]:
    return [g for d in _groups.values() for g in d.values()]


def find_member(account_id: str, region: str, cluster_id: str) -> tuple[Group, Member] | None:
    for g in groups_of(account_id, region).values():
        m = g.members.get(cluster_id)
        if m is not None:
            return g, m
    return None


def _get_group(account_id: str, region: str, group_id: str | None) -> Group:
    if not group_id:
        raise InvalidParameterValue("The parameter ReplicationGroupId must be provided.")
    g = groups_of(account_id, region).get(group_id.lower())
    if g is None:
        raise ReplicationGroupNotFound(f"ReplicationGroup {group_id} not found.")
    return g


# -- operations (callers hold runtime().elasticache_lock) -----------------------------------------


def _notify(g: Group, event: str, source_id: str) -> None:
    if g.notification_topic_status != "active":
        return
    runtime().notifier.publish(g.account_id, g.notification_topic_arn, event, source_id, g.group_id)


def _next_az(g: Group, preferred: str | None = None) -> str:
    if preferred:
        return preferred
    counts = {az: 0 for az in g.azs}
    for m in g.members.values():
        if m.az in counts:
            counts[m.az] += 1
    return min(g.azs, key=lambda az: (counts[az], g.azs.index(az)))


def _add_member(g: Group, role: str, az: str | None) -> Member:
    cluster_id = f"{g.group_id}-{g.next_index:03d}"
    g.next_index += 1
    rt = runtime()
    if g.use_redis:
        address, port = rt.redis.allocate_address(g.port)
    else:
        address, port = g.member_hostname(cluster_id), g.port
    m = Member(
        cluster_id=cluster_id,
        az=_next_az(g, az),
        role=role,
        address=address,
        port=port,
        arn=g.cluster_arn(cluster_id),
        hostname=g.member_hostname(cluster_id) if g.use_redis and rt.node_hostnames else None,
    )
    g.members[cluster_id] = m
    if g.use_redis:
        replica_of = None if role == "primary" else (g.primary.address, g.primary.port)
        try:
            m.redis = rt.redis.start(_redis_key(g, m), address, port, replica_of, g.node_security())
        except RedisError as e:
            del g.members[cluster_id]
            rt.redis.release_address(address)
            raise InsufficientCapacity(f"Could not start redis-server for {cluster_id}: {e}") from e
    g.sync_endpoints()
    return m


def _redis_key(g: Group, m: Member) -> str:
    return f"{g.account_id}-{g.region}-{m.cluster_id}"


def _remove_member(g: Group, m: Member) -> None:
    g.members.pop(m.cluster_id, None)
    g.sync_endpoints()
    if g.use_redis:
        runtime().redis.stop(_redis_key(g, m))


def _promote(g: Group, new_primary: Member) -> None:
    """Make ``new_primary`` the primary: REPLICAOF NO ONE on it, REPLICAOF it on every other node."""
    old = g.primary
    if old is new_primary:
        return
    if g.use_redis:
        rt = runtime()
        if new_primary.redis is not None and new_primary.redis.running:
            rt.redis.make_primary(new_primary.redis)
        for m in g.members.values():
            if m is new_primary or m.redis is None or not m.redis.running:
                continue
            rt.redis.make_replica(m.redis, (new_primary.address, new_primary.port))
    old.role = "replica"
    new_primary.role = "primary"
    g.sync_endpoints()


def _failover_target(g: Group) -> Member | None:
    candidates = [m for m in g.ordered_members() if m.role == "replica" and m.available]
    return candidates[0] if candidates else None


def create_group(account_id: str, region: str, p: dict[str, Any], tags: list[dict[str, str]]) -> Group:
    rt = runtime()
    gid = _validate_group_id(p.get("ReplicationGroupId"))
    groups = groups_of(account_id, region)
    if gid in groups:
        raise ReplicationGroupAlreadyExists(f"Replication group {gid} already exists.")
    description = p.get("ReplicationGroupDescription")
    if not description:
        raise InvalidParameterValue("The parameter ReplicationGroupDescription must be provided.")
    if (p.get("ClusterMode") or "disabled").lower() == "enabled" or (p.get("NumNodeGroups") or 1) > 1:
        raise InvalidParameterValue(
            "This emulator implements cluster mode disabled replication groups only "
            "(one node group)."
        )
    azs_param: list[str] = list(p.get("PreferredCacheClusterAZs") or [])
    ngc = (p.get("NodeGroupConfiguration") or [{}])[0] or {}
    if p.get("NumCacheClusters") is not None:
        count = int(p["NumCacheClusters"])
    elif p.get("ReplicasPerNodeGroup") is not None:
        count = int(p["ReplicasPerNodeGroup"]) + 1
    elif ngc.get("ReplicaCount") is not None:
        count = int(ngc["ReplicaCount"]) + 1
    elif azs_param:
        count = len(azs_param)
    else:
        count = 1
    if not 1 <= count <= MAX_REPLICAS + 1:
        raise InvalidParameterValue(
            f"NumCacheClusters must be between 1 and {MAX_REPLICAS + 1} for cluster mode disabled."
        )
    auto_failover = bool(_bool(p.get("AutomaticFailoverEnabled")))
    multi_az = bool(_bool(p.get("MultiAZEnabled")))
    if auto_failover and count < 2:
        raise InvalidParameterValue(
            "Replication group must have at least one read replica to enable autofailover."
        )
    if multi_az and not auto_failover:
        raise InvalidParameterCombination("Multi-AZ requires automatic failover to be enabled.")
    engine = (p.get("Engine") or "redis").lower()
    if engine not in ("redis", "valkey"):
        raise InvalidParameterValue(f"Invalid engine {engine}: must be redis or valkey.")
    version = _engine_version(engine, p.get("EngineVersion"))

    backend = elasticache_backends[account_id][region]
    subnet_group = p.get("CacheSubnetGroupName")
    region_azs = [f"{region}{c}" for c in "abc"]
    if subnet_group:
        sg = backend.cache_subnet_groups.get(subnet_group)
        if sg is None:
            raise CacheSubnetGroupNotFound(f"CacheSubnetGroup {subnet_group} not found.")
        found = []
        for s in sg.subnets:
            az = s.get("subnet_availability_zone") or s.get("Subnet_availability_zone")
            az = az.get("Name") if isinstance(az, dict) else az
            if az and az not in found:
                found.append(az)
        region_azs = found or region_azs

    tag_map = {t.get("Key"): t.get("Value") for t in tags}
    use_redis = rt.redis.available and str(tag_map.get(NO_REDIS_TAG, "true")).lower() != "false"

    random_part = "".join(random.choices(string.ascii_lowercase + string.digits, k=6))
    port = int(p.get("Port") or 6379)
    transit = bool(_bool(p.get("TransitEncryptionEnabled")))
    if p.get("AuthToken") is not None:
        _validate_auth_token(p["AuthToken"], transit)
    g = Group(
        account_id=account_id,
        region=region,
        group_id=gid,
        description=description,
        engine=engine,
        engine_version=version,
        cache_node_type=p.get("CacheNodeType") or "cache.t4g.micro",
        port=port,
        domain=f"{gid}.{random_part}.{region_short(region)}.cache.amazonaws.com",
        automatic_failover="enabled" if auto_failover else "disabled",
        multi_az="enabled" if multi_az else "disabled",
        use_redis=use_redis,
        notification_topic_arn=p.get("NotificationTopicArn") or None,
        subnet_group=subnet_group,
        security_group_ids=list(p.get("SecurityGroupIds") or []),
        cache_security_group_names=list(p.get("CacheSecurityGroupNames") or []),
        parameter_group=p.get("CacheParameterGroupName") or _default_parameter_group(engine, version),
        maintenance_window=(p.get("PreferredMaintenanceWindow") or "sun:23:00-mon:01:30").lower(),
        snapshot_window=p.get("SnapshotWindow") or "05:00-06:00",
        snapshot_retention_limit=int(p.get("SnapshotRetentionLimit") or 0),
        transit_encryption_enabled=transit,
        transit_encryption_mode=(p.get("TransitEncryptionMode") or "required") if transit else None,
        at_rest_encryption_enabled=bool(_bool(p.get("AtRestEncryptionEnabled"))),
        kms_key_id=p.get("KmsKeyId"),
        auth_token_enabled=bool(p.get("AuthToken")),
        auth_token_last_modified=_now() if p.get("AuthToken") else None,
        user_group_ids=list(p.get("UserGroupIds") or []),
        log_delivery_configurations=[
            {**c, "Status": "active", "Message": ""} for c in (p.get("LogDeliveryConfigurations") or [])
        ],
        data_tiering="enabled" if _bool(p.get("DataTieringEnabled")) else "disabled",
        auto_minor_version_upgrade=_bool(p.get("AutoMinorVersionUpgrade")) is not False,
        network_type=p.get("NetworkType") or "ipv4",
        ip_discovery=p.get("IpDiscovery") or "ipv4",
        azs=region_azs,
        auth_tokens=(p["AuthToken"],) if p.get("AuthToken") else (),
    )
    if transit and use_redis:
        g.tls_cert = rt_tls().issue(f"{gid}-{random_part}", tls_certs.group_cert_names(g.domain))
    primary_az = azs_param[0] if azs_param else ngc.get("PrimaryAvailabilityZone")
    replica_azs = azs_param[1:] if azs_param else list(ngc.get("ReplicaAvailabilityZones") or [])
    try:
        _add_member(g, "primary", primary_az)
        for i in range(count - 1):
            _add_member(g, "replica", replica_azs[i] if i < len(replica_azs) else None)
        if g.use_redis:
            try:
                g.start_endpoints()
            except OSError as e:
                raise InsufficientCapacity(f"Could not open the endpoints of {gid}: {e}") from e
    except Exception:
        g.stop_endpoints()
        for m in list(g.members.values()):
            _remove_member(g, m)
        raise
    if g.use_redis:
        rt.redis.wait_replication([m.redis for m in g.replicas if m.redis])
    if g.snapshot_retention_limit > 0:
        g.snapshotting_cluster_id = (g.replicas or [g.primary])[0].cluster_id
    groups[gid] = g
    if tags:
        backend.tagging_service.tag_resource(g.arn, tags)
        for m in g.members.values():
            backend.tagging_service.tag_resource(m.arn, tags)
    for m in g.ordered_members():
        _notify(g, "CacheClusterProvisioningComplete", m.cluster_id)
    _notify(g, "CreateReplicationGroupComplete", g.group_id)
    return g


def failover(g: Group, target: Member | None = None) -> Member:
    if target is None:
        target = _failover_target(g)
        if target is None:
            raise InvalidReplicationGroupState(
                f"Replication group {g.group_id} has no available read replica to fail over to."
            )
    _promote(g, target)
    _notify(g, "FailoverComplete", target.cluster_id)
    return target


def test_failover(g: Group, node_group_id: str | None) -> None:
    if not node_group_id:
        raise InvalidParameterValue("The parameter NodeGroupId must be provided.")
    if node_group_id != NODE_GROUP_ID:
        raise NodeGroupNotFound(f"NodeGroup {node_group_id} not found in replication group {g.group_id}.")
    if g.status != "available":
        raise InvalidReplicationGroupState(f"Replication group {g.group_id} is not in available state.")
    if g.automatic_failover != "enabled":
        raise InvalidReplicationGroupState(
            f"Automatic failover is not enabled for replication group {g.group_id}."
        )
    failover(g)


def increase(g: Group, new_count: int, azs: list[str]) -> list[Member]:
    current = len(g.replicas)
    if new_count <= current:
        raise InvalidParameterValue(
            f"NewReplicaCount {new_count} must be greater than the current replica count {current}."
        )
    if new_count > MAX_REPLICAS:
        raise NodeQuotaExceeded(f"A replication group can have at most {MAX_REPLICAS} replicas.")
    added_count = new_count - current
    azs = azs[-added_count:] if len(azs) >= added_count else []
    _notify(g, "ReplicationGroupIncreaseReplicaCountStarted", g.group_id)
    added = []
    for i in range(added_count):
        added.append(_add_member(g, "replica", azs[i] if azs else None))
    if g.use_redis:
        runtime().redis.wait_replication([m.redis for m in added if m.redis])
    for m in added:
        _notify(g, "CacheClusterProvisioningComplete", m.cluster_id)
    _notify(g, "ReplicationGroupIncreaseReplicaCountFinished", g.group_id)
    return added


def decrease(g: Group, new_count: int | None, to_remove: list[str]) -> list[Member]:
    replicas = sorted(g.replicas, key=lambda m: m.cluster_id)
    if to_remove:
        chosen = []
        for cid in to_remove:
            m = g.members.get(cid)
            if m is None:
                raise InvalidParameterValue(f"Cache cluster {cid} is not a member of {g.group_id}.")
            if m.role == "primary":
                raise InvalidParameterValue(f"Cannot remove the primary cache cluster {cid}.")
            chosen.append(m)
    elif new_count is not None:
        if new_count >= len(replicas):
            raise InvalidParameterValue(
                f"NewReplicaCount {new_count} must be less than the current replica count {len(replicas)}."
            )
        if new_count < 0:
            raise InvalidParameterValue("NewReplicaCount must not be negative.")
        chosen = sorted(replicas, key=lambda m: m.cluster_id, reverse=True)[: len(replicas) - new_count]
    else:
        raise InvalidParameterValue("Either NewReplicaCount or ReplicasToRemove must be provided.")
    remaining = len(replicas) - len(chosen)
    if g.automatic_failover == "enabled" and remaining < 1:
        raise InvalidParameterValue(
            "Replication group must have at least one read replica while automatic failover is enabled."
        )
    for m in chosen:
        _remove_member(g, m)
    for m in chosen:
        _notify(g, "DeleteCacheClusterComplete", m.cluster_id)
    return chosen


def delete_group(g: Group) -> dict[str, Any]:
    g.status = "deleting"
    shape = g.to_api()
    groups_of(g.account_id, g.region).pop(g.group_id, None)
    backend = elasticache_backends[g.account_id][g.region]
    members = g.ordered_members()
    g.stop_endpoints()
    for m in members:
        _remove_member(g, m)
    for arn in [g.arn] + [m.arn for m in members]:
        try:
            backend.tagging_service.delete_all_tags_for_resource(arn)
        except Exception:
            pass
    for m in members:
        _notify(g, "DeleteCacheClusterComplete", m.cluster_id)
    return shape


def modify(g: Group, p: dict[str, Any]) -> None:
    if p.get("ReplicationGroupDescription") is not None:
        g.description = p["ReplicationGroupDescription"]
    af = _bool(p.get("AutomaticFailoverEnabled"))
    maz = _bool(p.get("MultiAZEnabled"))
    new_af = g.automatic_failover if af is None else ("enabled" if af else "disabled")
    new_maz = g.multi_az if maz is None else ("enabled" if maz else "disabled")
    if new_af == "enabled" and not g.replicas:
        raise InvalidParameterValue(
            "Replication group must have at least one read replica to enable autofailover."
        )
    if new_maz == "enabled" and new_af != "enabled":
        raise InvalidParameterCombination("Multi-AZ requires automatic failover to be enabled.")
    g.automatic_failover, g.multi_az = new_af, new_maz
    simple = {
        "CacheNodeType": "cache_node_type",
        "CacheParameterGroupName": "parameter_group",
        "SnapshotWindow": "snapshot_window",
        "IpDiscovery": "ip_discovery",
        "SnapshottingClusterId": "snapshotting_cluster_id",
    }
    for param, attr in simple.items():
        if p.get(param) is not None:
            setattr(g, attr, p[param])
    if p.get("PreferredMaintenanceWindow") is not None:
        g.maintenance_window = p["PreferredMaintenanceWindow"].lower()
    if p.get("SnapshotRetentionLimit") is not None:
        g.snapshot_retention_limit = int(p["SnapshotRetentionLimit"])
    if p.get("AutoMinorVersionUpgrade") is not None:
        g.auto_minor_version_upgrade = bool(_bool(p["AutoMinorVersionUpgrade"]))
    if p.get("Engine") is not None:
        g.engine = p["Engine"].lower()
    if p.get("EngineVersion") is not None:
        g.engine_version = _engine_version(g.engine, p["EngineVersion"])
    if p.get("SecurityGroupIds"):
        g.security_group_ids = list(p["SecurityGroupIds"])
    if p.get("CacheSecurityGroupNames"):
        g.cache_security_group_names = list(p["CacheSecurityGroupNames"])
    if "NotificationTopicArn" in p and p["NotificationTopicArn"] is not None:
        g.notification_topic_arn = p["NotificationTopicArn"] or None
    if p.get("NotificationTopicStatus") is not None:
        g.notification_topic_status = p["NotificationTopicStatus"]
    if p.get("TransitEncryptionEnabled") is not None:
        g.transit_encryption_enabled = bool(_bool(p["TransitEncryptionEnabled"]))
    if p.get("TransitEncryptionMode") is not None:
        g.transit_encryption_mode = p["TransitEncryptionMode"]
    _modify_auth_token(g, p)
    for ug in p.get("UserGroupIdsToAdd") or []:
        if ug not in g.user_group_ids:
            g.user_group_ids.append(ug)
    for ug in p.get("UserGroupIdsToRemove") or []:
        if ug in g.user_group_ids:
            g.user_group_ids.remove(ug)
    if _bool(p.get("RemoveUserGroups")):
        g.user_group_ids = []
    if p.get("LogDeliveryConfigurations") is not None:
        confs = {c.get("LogType"): c for c in g.log_delivery_configurations}
        for c in p["LogDeliveryConfigurations"]:
            if c.get("Enabled") is False or not c.get("DestinationType"):
                confs.pop(c.get("LogType"), None)
            else:
                confs[c.get("LogType")] = {
                    k: v for k, v in c.items() if k != "Enabled"
                } | {"Status": "active", "Message": ""}
        g.log_delivery_configurations = list(confs.values())
    primary_id = p.get("PrimaryClusterId")
    if primary_id:
        target = g.members.get(primary_id)
        if target is None:
            raise InvalidParameterValue(f"Cache cluster {primary_id} is not a member of {g.group_id}.")
        if target.role != "primary":
            if not target.available:
                raise InvalidCacheClusterState(f"Cache cluster {primary_id} is not available.")
            failover(g, target)


def _modify_auth_token(g: Group, p: dict[str, Any]) -> None:
    """``AuthToken`` with ``AuthTokenUpdateStrategy`` (auth.html, "Modifying the AUTH token on an
    existing cluster"): ROTATE (the default) accepts the new and the previous token, SET only the
    new one, DELETE none; the running nodes follow at once."""
    strategy = (p.get("AuthTokenUpdateStrategy") or "ROTATE").upper()
    token = p.get("AuthToken")
    if strategy == "DELETE":
        tokens: tuple[str, ...] = ()
        g.auth_token_enabled = False
    elif token:
        _validate_auth_token(token, g.transit_encryption_enabled)
        tokens = (token,) + (g.auth_tokens[:1] if strategy == "ROTATE" else ())
        g.auth_token_enabled = True
        g.auth_token_last_modified = _now()
    else:
        return
    g.auth_tokens = tokens
    if g.tls_cert is None:
        return
    rt = runtime()
    for m in g.ordered_members():
        if m.redis is not None and m.redis.running:
            rt.redis.set_passwords(m.redis, tokens)


def set_node_status(
    account_id: str,
    region: str,
    cluster_id: str,
    status: str,
    *,
    node_status: str | None = None,
    failover_primary: bool | None = None,
    stop_process: bool = True,
    notify: bool = True,
) -> dict[str, Any]:
    """Test-only: a node goes away for replacement (any status but ``available``) or comes back."""
    found = find_member(account_id, region, cluster_id)
    if found is None:
        raise CacheClusterNotFound(f"CacheCluster {cluster_id} not found.")
    g, m = found
    rt = runtime()
    events = []
    if status != "available":
        was_available = m.available
        m.status = status
        m.node_status = node_status or "rebooting"
        if was_available:
            if notify:
                _notify(g, "CacheNodeReplaceStarted", m.cluster_id)
                events.append("CacheNodeReplaceStarted")
            if g.use_redis and stop_process:
                rt.redis.stop(_redis_key(g, m), release=False)
                m.redis = None
            if m.role == "primary":
                do_failover = (
                    g.automatic_failover == "enabled" if failover_primary is None else failover_primary
                )
                target = _failover_target(g) if do_failover else None
                if target is not None:
                    failover(g, target)
                    events.append("FailoverComplete")
        g.sync_endpoints()
    else:
        was_available = m.available
        m.status = "available"
        m.node_status = node_status or "available"
        if g.use_redis and (m.redis is None or not m.redis.running):
            replica_of = None if m.role == "primary" else (g.primary.address, g.primary.port)
            m.redis = rt.redis.start(_redis_key(g, m), m.address, m.port, replica_of)
            if replica_of:
                rt.redis.wait_replication([m.redis])
        g.sync_endpoints()
        if not was_available and notify:
            _notify(g, "CacheNodeReplaceComplete", m.cluster_id)
            events.append("CacheNodeReplaceComplete")
    return {"replicationGroupId": g.group_id, "cacheClusterId": m.cluster_id, "status": m.status,
            "currentRole": m.role, "events": events}


def hosts() -> list[dict[str, str]]:
    """Test-only: every AWS-style host name the API reports (--node-hostnames) and its loopback
    address, for a DNS server that serves them (members, primary and reader endpoints)."""
    out = []
    for g in all_groups():
        for m in g.ordered_members():
            if m.hostname:
                out.append({"name": m.hostname, "address": m.address})
        for endpoint, proxy in ((g.primary_endpoint(), g.primary_proxy), (g.reader_endpoint(), g.reader_proxy)):
            if proxy is not None and endpoint["Address"] != proxy.host:
                out.append({"name": endpoint["Address"], "address": proxy.host})
    return out


def roles(account_id: str | None = None, region: str | None = None) -> list[dict[str, Any]]:
    """Test-only: CurrentRole of every member next to the ROLE its redis-server reports."""
    out = []
    for g in all_groups():
        if account_id and g.account_id != account_id or region and g.region != region:
            continue
        for m in g.ordered_members():
            entry: dict[str, Any] = {
                "replicationGroupId": g.group_id,
                "cacheClusterId": m.cluster_id,
                "currentRole": m.role,
                "status": m.status,
                "address": m.address,
                "hostname": m.hostname,
                "port": m.port,
                # The node listens with TLS only (docs/tls.md): connect with the emulator's CA.
                "tls": g.tls_cert is not None,
                "redisRole": None,
                "replicaOf": None,
            }
            if m.redis is not None and m.redis.running:
                try:
                    role = m.redis.role()
                    entry["redisRole"] = role[0]
                    if role[0] == "slave":
                        entry["replicaOf"] = f"{role[1]}:{role[2]}"
                        entry["linkStatus"] = role[3]
                except Exception as e:
                    entry["redisRole"] = f"error: {e}"
            out.append(entry)
    return out


def reset_all() -> int:
    """Delete every replication group (stopping their redis-servers) without notifications."""
    n = 0
    for key, groups in list(_groups.items()):
        for g in list(groups.values()):
            g.stop_endpoints()
            for m in list(g.members.values()):
                _remove_member(g, m)
            n += 1
        groups.clear()
    return n


def seed_groups(account_id: str, region: str, prefix: str, count: int, members: int) -> int:
    """Test-only: create ``count`` groups quickly, without redis processes or notifications."""
    created = 0
    for i in range(count):
        gid = f"{prefix}{i:05d}"
        if gid in groups_of(account_id, region):
            continue
        p = {
            "ReplicationGroupId": gid,
            "ReplicationGroupDescription": "seeded by the emulator",
            "NumCacheClusters": members,
            "AutomaticFailoverEnabled": members > 1,
        }
        create_group(account_id, region, p, [{"Key": NO_REDIS_TAG, "Value": "false"}])
        created += 1
    return created


# -- moto response handlers ------------------------------------------------------------------------


def _paginate(items: list[Any], key, max_records: Any, marker: str | None) -> tuple[list[Any], str | None]:
    limit = 100 if max_records in (None, "") else max(20, min(100, int(max_records)))
    start = 0
    if marker:
        ids = [key(x) for x in items]
        if marker not in ids:
            raise InvalidParameterValue(f"Invalid marker: {marker}")
        start = ids.index(marker)
    page = items[start : start + limit]
    nxt = key(items[start + limit]) if start + limit < len(items) else None
    return page, nxt


def _params(resp: ElastiCacheResponse) -> dict[str, Any]:
    return resp._get_params()


def _create_replication_group(self: ElastiCacheResponse) -> ActionResult:
    p = _params(self)
    with runtime().elasticache_lock:
        g = create_group(self.current_account, self.region, p, list(p.get("Tags") or []))
        return ActionResult({"ReplicationGroup": g.to_api()})


def _describe_replication_groups(self: ElastiCacheResponse) -> ActionResult:
    p = _params(self)
    with runtime().elasticache_lock:
        gid = p.get("ReplicationGroupId")
        if gid:
            groups = [_get_group(self.current_account, self.region, gid)]
        else:
            groups = list(groups_of(self.current_account, self.region).values())
        page, nxt = _paginate(groups, lambda g: g.group_id, p.get("MaxRecords"), p.get("Marker"))
        result: dict[str, Any] = {"ReplicationGroups": [g.to_api() for g in page]}
        if nxt:
            result["Marker"] = nxt
        return ActionResult(result)


def _modify_replication_group(self: ElastiCacheResponse) -> ActionResult:
    p = _params(self)
    with runtime().elasticache_lock:
        g = _get_group(self.current_account, self.region, p.get("ReplicationGroupId"))
        modify(g, p)
        return ActionResult({"ReplicationGroup": g.to_api()})


def _delete_replication_group(self: ElastiCacheResponse) -> ActionResult:
    p = _params(self)
    with runtime().elasticache_lock:
        g = _get_group(self.current_account, self.region, p.get("ReplicationGroupId"))
        return ActionResult({"ReplicationGroup": delete_group(g)})


def _test_failover(self: ElastiCacheResponse) -> ActionResult:
    p = _params(self)
    with runtime().elasticache_lock:
        g = _get_group(self.current_account, self.region, p.get("ReplicationGroupId"))
        test_failover(g, p.get("NodeGroupId"))
        return ActionResult({"ReplicationGroup": g.to_api()})


def _replica_config(p: dict[str, Any]) -> tuple[int | None, list[str]]:
    new_count = p.get("NewReplicaCount")
    azs: list[str] = []
    for conf in p.get("ReplicaConfiguration") or []:
        if conf.get("NodeGroupId") not in (None, NODE_GROUP_ID):
            raise NodeGroupNotFound(f"NodeGroup {conf.get('NodeGroupId')} not found.")
        if new_count is None and conf.get("NewReplicaCount") is not None:
            new_count = conf["NewReplicaCount"]
        azs = list(conf.get("PreferredAvailabilityZones") or [])
    return (int(new_count) if new_count is not None else None), azs


def _require_apply_immediately(p: dict[str, Any]) -> None:
    if p.get("ApplyImmediately") is None:
        raise InvalidParameterValue("The parameter ApplyImmediately must be provided.")


def _increase_replica_count(self: ElastiCacheResponse) -> ActionResult:
    p = _params(self)
    _require_apply_immediately(p)
    with runtime().elasticache_lock:
        g = _get_group(self.current_account, self.region, p.get("ReplicationGroupId"))
        new_count, azs = _replica_config(p)
        if new_count is None:
            raise InvalidParameterValue("Either NewReplicaCount or ReplicaConfiguration must be provided.")
        increase(g, new_count, azs)
        return ActionResult({"ReplicationGroup": g.to_api()})


def _decrease_replica_count(self: ElastiCacheResponse) -> ActionResult:
    p = _params(self)
    _require_apply_immediately(p)
    with runtime().elasticache_lock:
        g = _get_group(self.current_account, self.region, p.get("ReplicationGroupId"))
        new_count, _ = _replica_config(p)
        decrease(g, new_count, list(p.get("ReplicasToRemove") or []))
        return ActionResult({"ReplicationGroup": g.to_api()})


def _describe_cache_clusters(self: ElastiCacheResponse) -> ActionResult:
    p = _params(self)
    show_nodes = bool(_bool(p.get("ShowCacheNodeInfo")))
    not_in_groups = bool(_bool(p.get("ShowCacheClustersNotInReplicationGroups")))
    cluster_id = p.get("CacheClusterId")
    backend = self.elasticache_backend
    with runtime().elasticache_lock:
        items: list[tuple[str, Any]] = []
        if not not_in_groups:
            for g in groups_of(self.current_account, self.region).values():
                for m in g.ordered_members():
                    items.append((m.cluster_id, g.cluster_api(m, show_nodes)))
        for c in backend.cache_clusters.values():
            if c.cache_cluster_status == "deleting":
                continue
            items.append((c.cache_cluster_id, c))
        if cluster_id:
            items = [i for i in items if i[0] == cluster_id]
            if not items:
                raise CacheClusterNotFound(f"CacheCluster {cluster_id} not found.")
        page, nxt = _paginate(items, lambda i: i[0], p.get("MaxRecords"), p.get("Marker"))
        result: dict[str, Any] = {"CacheClusters": [i[1] for i in page]}
        if nxt:
            result["Marker"] = nxt
        return ActionResult(result)


_orig_delete_cache_cluster = ElastiCacheResponse.delete_cache_cluster


def _delete_cache_cluster(self: ElastiCacheResponse) -> Any:
    p = _params(self)
    with runtime().elasticache_lock:
        found = find_member(self.current_account, self.region, p.get("CacheClusterId") or "")
        if found is None:
            return _orig_delete_cache_cluster(self)
        g, m = found
        if m.role == "primary":
            raise InvalidCacheClusterState(
                f"Cannot delete the primary cluster {m.cluster_id} of replication group {g.group_id}."
            )
        shape = g.cluster_api(m, False)
        shape["CacheClusterStatus"] = "deleting"
        decrease(g, None, [m.cluster_id])
        return ActionResult({"CacheCluster": shape})


def install() -> None:
    """Replace/add the replication-group action handlers on moto's ElastiCache response class."""
    handlers = {
        "create_replication_group": _create_replication_group,
        "describe_replication_groups": _describe_replication_groups,
        "modify_replication_group": _modify_replication_group,
        "delete_replication_group": _delete_replication_group,
        "test_failover": _test_failover,
        "increase_replica_count": _increase_replica_count,
        "decrease_replica_count": _decrease_replica_count,
        "describe_cache_clusters": _describe_cache_clusters,
        "delete_cache_cluster": _delete_cache_cluster,
    }
    for name, fn in handlers.items():
        setattr(ElastiCacheResponse, name, fn)

