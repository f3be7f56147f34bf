"""ElastiCache cache subnet groups: the calls moto 5.2.5 lacks.

moto stores subnet groups (``CreateCacheSubnetGroup``, ``DescribeCacheSubnetGroups``) but has no
``DeleteCacheSubnetGroup`` nor ``ModifyCacheSubnetGroup``: both end in ``NotImplementedError``, an
HTTP 500 that the Terraform AWS provider retries for many minutes (a ``destroy`` of any example
hangs on ``aws_elasticache_subnet_group``). This module adds them to moto's response class, on
moto's own subnet-group model, with the real error codes:

* ``DeleteCacheSubnetGroup`` fails with ``CacheSubnetGroupInUse`` while a replication group (ours,
  see ``elasticache.py``) or a standalone cache cluster (moto's) uses the subnet group, and with
  ``CacheSubnetGroupNotFoundFault`` for an unknown name;
* ``ModifyCacheSubnetGroup`` changes the description and/or the subnets (re-read from EC2, so the
  VPC and availability zones follow) and returns the group.
"""

from __future__ import annotations

from typing import Any

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult, EmptyResult
from moto.elasticache.exceptions import CacheSubnetGroupNotFound
from moto.elasticache.models import CacheSubnetGroup
from moto.elasticache.responses import ElastiCacheResponse

from . import elasticache
from .runtime import runtime


class CacheSubnetGroupInUse(ServiceException):
    code = "CacheSubnetGroupInUse"

    def __init__(self, message: str) -> None:
        super().__init__(self.code, message)


def _users(self: ElastiCacheResponse, name: str) -> list[str]:
    """Replication groups and standalone cache clusters that use the subnet group ``name``."""
    users = [
        g.group_id
        for g in elasticache.groups_of(self.current_account, self.region).values()
        if g.subnet_group == name
    ]
    for c in self.elasticache_backend.cache_clusters.values():
        if getattr(c, "cache_subnet_group_name", None) == name and c.cache_cluster_status != "deleting":
            users.append(c.cache_cluster_id)
    return users


def _get(self: ElastiCacheResponse, name: str | None) -> CacheSubnetGroup:
    group = self.elasticache_backend.cache_subnet_groups.get(name or "")
    if group is None:
        raise CacheSubnetGroupNotFound(name or "")
    return group


def _delete_cache_subnet_group(self: ElastiCacheResponse) -> Any:
    name = self._get_param("CacheSubnetGroupName")
    with runtime().elasticache_lock:
        group = _get(self, name)
        users = _users(self, name)
        if users:
            raise CacheSubnetGroupInUse(f"Cache subnet group {name} is currently in use by a cache cluster ({users[0]}).")
        del self.elasticache_backend.cache_subnet_groups[name]
        try:
            self.elasticache_backend.tagging_service.delete_all_tags_for_resource(group.arn)
        except Exception:
            pass
    return EmptyResult()


def _modify_cache_subnet_group(self: ElastiCacheResponse) -> ActionResult:
    name = self._get_param("CacheSubnetGroupName")
    description = self._get_param("CacheSubnetGroupDescription")
    subnet_ids = self._get_param("SubnetIds")
    with runtime().elasticache_lock:
        group = _get(self, name)
        if subnet_ids:
            # Re-run moto's constructor: it resolves the subnets' VPC and AZs (and validates them).
            fresh = CacheSubnetGroup(
                account_id=self.current_account,
                region_name=self.region,
                cache_subnet_group_name=name,
                cache_subnet_group_description=description or group.cache_subnet_group_description,
                subnet_ids=list(subnet_ids),
                tags=group.tags,
            )
            self.elasticache_backend.cache_subnet_groups[name] = fresh
            group = fresh
        elif description is not None:
            group.cache_subnet_group_description = description
    return ActionResult({"CacheSubnetGroup": group})


def install() -> None:
    ElastiCacheResponse.delete_cache_subnet_group = _delete_cache_subnet_group  # type: ignore[attr-defined]
    ElastiCacheResponse.modify_cache_subnet_group = _modify_cache_subnet_group  # type: ignore[attr-defined]
