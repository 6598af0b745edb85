"""Learning from every review, in the background: after a reviewer's decision is committed,
the page nudges the ``Learner``, which re-trains in its own thread when enough decisions
were made since the active model was trained (``pulso.consultation.learning``). One
training at a time across every worker process: a lease on ``extract:retrain``."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from pulso.consultation.learning import retrain_if_due
from pulso.db.engine import transaction
from pulso.db.locks import Lease

log = logging.getLogger(__name__)

LOCK = "extract:retrain"
LOCK_TTL_SECONDS = 1800.0


class Learner:
    def __init__(self, engine: Engine, every: int) -> None:
        self.engine = engine
        self.every = every
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self.last = None  # the last ``Retrained`` (for tests and logs)

    def nudge(self) -> None:
        """A decision was committed: train in the background if one is due."""
        if self.every <= 0:
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, name="pulso-learner", daemon=True)
            self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            lease = Lease(self.engine, [LOCK], ttl_seconds=LOCK_TTL_SECONDS)
            if lease.try_acquire() is None:
                try:
                    with transaction(self.engine) as session:
                        self.last = retrain_if_due(session=session, every=self.every)
                    if self.last is not None:
                        log.info(
                            "model %s trained on %d new decisions: %s (candidate %s, active %s)",
                            self.last.version,
                            self.last.decisions,
                            "activated" if self.last.activated else "kept inactive",
                            self.last.candidate,
                            self.last.active,
                        )
                except Exception:  # a failed training never breaks reviewing
                    log.exception("background training failed")
                finally:
                    lease.release()
            with self._lock:
                if not self._again:
                    self._thread = None
                    return
                self._again = False
