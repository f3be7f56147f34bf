"""Local AWS emulator for the elasticache-replica-dns project: moto server plus the ElastiCache
control plane moto lacks, real redis-server nodes, ElastiCache notifications, a Docker-free
Node.js Lambda runner and an atomic Route 53 change-batch implementation.

Start it with ``testkit/emulator/launcher.py``; see ``testkit/emulator/README.md``.
"""
