"""Local AWS emulator for the elasticache-replica-dns project: moto server plus the ElastiCache
control plane moto lacks, real redis-server nodes, ElastiCache notifications, a Docker-free
Node.js Lambda runner and an atomic Route 53 change-batch implementation.

Start it with ``test/emulator/launcher.py``; see ``test/emulator/README.md``.
"""
