"""The workspace behind a production WSGI server (gunicorn): ``processes`` processes
answering requests on several threads each, TLS when given a certificate. Reading never
happens here: uploads and re-reads go to the registry's job queue and its worker processes.

Each process keeps its own connections to the registry and watches the queue; they share
the registry, the users, the sign-in failures (``signin.limits_path``) and the cookie key,
so any of them answers any request. The queue's readers are shared out among them.
"""
from __future__ import annotations

from pathlib import Path

GRACEFUL_SECONDS = 10    # a stopped server lets running requests finish this long
REQUEST_SECONDS = 3600   # a request may wait this long (the synchronous ingest API waits for its file)


def run(db_path: Path, options: dict, *, host: str, port: int, threads: int = 8, processes: int = 1,
        cert: Path | None = None, key: Path | None = None) -> None:
    from gunicorn.app.base import BaseApplication

    from .jobs import WORKERS

    readers = WORKERS if options.get("workers") is None else options["workers"]
    options = {**options, "workers": -(-readers // processes)}   # the queue's readers, shared out

    class Workspace(BaseApplication):
        def load_config(self):
            config = {"bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                      "workers": processes, "worker_class": "gthread", "threads": threads,
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
