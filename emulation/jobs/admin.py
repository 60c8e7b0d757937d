"""What every job's admin shows (read-only): the machinery's fields, ``error_detail`` for administrators."""

JOB_FIELDS = ["id", "kind", "params", "status", "progress", "attempts", "heartbeat_at", "error", "error_detail",
              "requested_by", "created_at", "dispatched_at", "started_at", "finished_at"]
