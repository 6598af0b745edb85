"""Running work: the collection runner (a collector's records written by ``pulso.db``, under
a lease, recorded as a run), the job registry and the scheduler that runs them."""
