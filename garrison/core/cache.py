"""The cache on Redis (GARRISON_REDIS_URL), answering as an empty cache while Redis is out of
reach.

The cache carries what a worker tells the web server about a job (its progress, a cancel flag,
the task working on it). When Redis stops, the task queue stops with it and the pages that
start work say so (`core.queueing`); the pages that only show a job must still answer, with
the job's row as the database has it, rather than a 500. So a read finds nothing and a write is
dropped (each logged as a warning), and the site goes on.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUT_OF_REACH = (RedisConnectionError, RedisTimeoutError)


def _warn(operation: str, exc: Exception) -> None:
    logger.warning("Cache %s skipped: Redis is out of reach (%s)", operation, exc)


class RedisCache(DjangoRedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except OUT_OF_REACH as exc:
            _warn("read", exc)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except OUT_OF_REACH as exc:
            _warn("read", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except OUT_OF_REACH as exc:
            _warn("read", exc)
            return False

    def set(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except OUT_OF_REACH as exc:
            _warn("write", exc)

    def add(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except OUT_OF_REACH as exc:
            _warn("write", exc)
            return False

    def set_many(self, data: Any, timeout: Any = 300, version: int | None = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except OUT_OF_REACH as exc:
            _warn("write", exc)
            return list(data)

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except OUT_OF_REACH as exc:
            _warn("delete", exc)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except OUT_OF_REACH as exc:
            _warn("delete", exc)

    def touch(self, key: Any, timeout: Any = 300, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except OUT_OF_REACH as exc:
            _warn("write", exc)
            return False
