"""Background work for performance data: computing the indicator snapshot."""

from huey.contrib.djhuey import db_task


@db_task()
def compute_snapshot(computation_id: int) -> None:
    """Compute every indicator over the current returns (services.computation_run)."""
    from clearsight.performance.services import computation_run

    computation_run(computation_id=computation_id)
