"""Exit 0 when a service answers: `service_ready.py postgres URL` or `service_ready.py redis URL`."""

import sys


def postgres_ready(url: str) -> bool:
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    try:
        connection = psycopg2.connect(
            dbname="postgres",
            user=config["USER"] or "postgres",
            password=config["PASSWORD"] or None,
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            connect_timeout=3,
        )
    except psycopg2.OperationalError:
        return False
    connection.close()
    return True


def redis_ready(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=3).ping())
    except redis.RedisError:
        return False


if __name__ == "__main__":
    kind, url = sys.argv[1], sys.argv[2]
    sys.exit(0 if {"postgres": postgres_ready, "redis": redis_ready}[kind](url) else 1)
