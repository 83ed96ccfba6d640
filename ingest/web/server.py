"""The workspace behind a production WSGI server (gunicorn): one worker process answering
requests on several threads, TLS when given a certificate. Reading never happens here:
uploads and re-reads go to the registry's job queue and its worker processes.

One process, not several, because the intake's watcher of the queue lives in it; the
threads answer requests, and the worker processes of the queue use the cores.
"""
from __future__ import annotations

from pathlib import Path

GRACEFUL_SECONDS = 10    # a stopped server lets running requests finish this long
REQUEST_SECONDS = 3600   # a request may wait this long (the synchronous ingest API waits for its file)


def run(db_path: Path, options: dict, *, host: str, port: int, threads: int = 8,
        cert: Path | None = None, key: Path | None = None) -> None:
    from gunicorn.app.base import BaseApplication

    class Workspace(BaseApplication):
        def load_config(self):
            config = {"bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                      "workers": 1, "worker_class": "gthread", "threads": threads,
                      "timeout": REQUEST_SECONDS, "graceful_timeout": GRACEFUL_SECONDS,
                      "accesslog": None, "errorlog": "-", "loglevel": "warning",
                      "proc_name": "saraban-serve"}
            if cert:
                config.update(certfile=str(cert), keyfile=str(key))
            for name, value in config.items():
                self.cfg.set(name, value)

        def load(self):
            from .app import create_app

            return create_app(db_path, **options)

    Workspace().run()
