"""ElastiCache event notifications, published to the group's SNS topic through moto's SNS backend.

The message body is the JSON object ElastiCache sends, ``{"ElastiCache:<Event>": "<id>"}``, where
``<id>`` is a cache cluster id for node-level events (``CacheClusterProvisioningComplete``,
``FailoverComplete`` — the new primary —, ``CacheNodeReplaceStarted``/``Complete``,
``DeleteCacheClusterComplete``) and the replication group id for group-level events
(``CreateReplicationGroupComplete``, ``ReplicationGroupIncreaseReplicaCountStarted``/``Finished``).
Event names follow the ElastiCache user guide ("Event Notifications and Amazon SNS").
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import threading
from typing import Any

log = logging.getLogger("emulator.notifications")

# The subject line of the SNS notifications (the SNS envelope's ``Subject``); an approximation
# modelled on RDS's "RDS Notification Message". Consumers must not depend on it.
SUBJECT = "ElastiCache Notification Message"

EVENTS = {
    "AddCacheNodeComplete",
    "CacheClusterParametersChanged",
    "CacheClusterProvisioningComplete",
    "CacheClusterSecurityGroupModified",
    "CacheNodeReplaceStarted",
    "CacheNodeReplaceComplete",
    "CacheNodesRebooted",
    "CreateReplicationGroupComplete",
    "DeleteCacheClusterComplete",
    "FailoverComplete",
    "NodeReplacementScheduled",
    "RemoveCacheNodeComplete",
    "ReplicationGroupIncreaseReplicaCountStarted",
    "ReplicationGroupIncreaseReplicaCountFinished",
    "ReplicationGroupScalingComplete",
    "SnapshotComplete",
}


class Notifier:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.history: list[dict[str, Any]] = []

    def publish(
        self, account_id: str, topic_arn: str | None, event: str, source_id: str, group_id: str
    ) -> str | None:
        """Publish one event; returns the SNS MessageId (None when no topic or delivery failed)."""
        assert event in EVENTS, event
        message = json.dumps({f"ElastiCache:{event}": source_id}, separators=(",", ":"))
        record: dict[str, Any] = {
            "event": f"ElastiCache:{event}",
            "sourceId": source_id,
            "replicationGroupId": group_id,
            "topicArn": topic_arn,
            "message": message,
            "time": _dt.datetime.now(_dt.timezone.utc).isoformat(),
            "messageId": None,
            "error": None,
        }
        if topic_arn:
            try:
                from moto.sns.models import sns_backends

                region = topic_arn.split(":")[3]
                record["messageId"] = sns_backends[account_id][region].publish(
                    message, arn=topic_arn, subject=SUBJECT
                )
            except Exception as e:  # a missing topic must not break the control plane
                record["error"] = f"{type(e).__name__}: {e}"
                log.warning("publishing %s to %s failed: %s", event, topic_arn, e)
        with self._lock:
            self.history.append(record)
        return record["messageId"]

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.history)

    def reset(self) -> None:
        with self._lock:
            self.history.clear()
