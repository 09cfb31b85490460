from support.cache_fixtures import *  # noqa: F403 - fixtures for tests/cache
