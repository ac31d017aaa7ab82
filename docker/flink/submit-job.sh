#!/usr/bin/env bash
# Submits the recsys job to the session cluster with `flink run -d` (the job-submit service). The
# arguments are the job's own (see `recsys stream --help`). Safe to run again: a running job is left
# alone, and a new submission resumes from the newest retained checkpoint or savepoint, so a restarted
# stack continues exactly once where it stopped.
set -euo pipefail

: "${RECSYS_JOBMANAGER:?the JobManager REST endpoint, host:port}"
: "${RECSYS_JOB_JAR:?the job jar}"
: "${RECSYS_JOB_CLASS:?the job main class}"
restore_mode="${RECSYS_RESTORE:-latest}"
# The name StreamCommand gives the job (env.execute("recsys-stream")).
job_name="recsys-stream"
checkpoints=/flink-data/checkpoints
savepoints=/flink-data/savepoints
rest="$RECSYS_JOBMANAGER"

echo "waiting for a TaskManager at http://$rest ..."
deadline=$((SECONDS + 300))
until wget -q -O - "http://$rest/overview" 2>/dev/null | grep -q '"taskmanagers":[1-9]'; do
  if ((SECONDS > deadline)); then
    echo "no TaskManager registered at http://$rest within 5 minutes" >&2
    exit 1
  fi
  sleep 2
done

if flink list -m "$rest" -r 2>/dev/null | grep -q " : $job_name ("; then
  echo "$job_name is already running; nothing to submit"
  exit 0
fi

restore=()
case "$restore_mode" in
  latest)
    # Checkpoints live in <dir>/<job id>/chk-<n>, savepoints in <dir>/savepoint-*; complete ones have _metadata.
    newest="$(ls -1dt "$checkpoints"/*/chk-* "$savepoints"/savepoint-* 2>/dev/null \
      | while read -r dir; do [[ -f "$dir/_metadata" ]] && { echo "$dir"; break; }; done || true)"
    if [[ -n "$newest" ]]; then
      echo "resuming from $newest"
      restore=(--fromSavepoint "$newest")
    fi
    ;;
  none) ;;
  *)
    echo "RECSYS_RESTORE must be latest or none, got '$restore_mode'" >&2
    exit 2
    ;;
esac

exec flink run -m "$rest" -d "${restore[@]}" -c "$RECSYS_JOB_CLASS" "$RECSYS_JOB_JAR" "$@"
