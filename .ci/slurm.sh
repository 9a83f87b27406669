#!/usr/bin/env bash
# A single-node Slurm cluster (Debian's slurm-wlm 22.05 + munge) for tests/coverage_shard_slurm.rs.
#
#   . .ci/slurm.sh        (from .ci/run) installs, configures and starts munged, slurmctld and slurmd, and
#                         chains a trap on EXIT that stops them by the pids in their pid files.
#   .ci/slurm.sh start    the same without the trap; `.ci/slurm.sh stop` stops what `start` started.
#
# Idempotent: when a cluster already answers (`scontrol ping`), nothing is installed, started or stopped.
# Works on a fresh Debian 12 as root with only Debian's packages. State, spool, logs and pid files live in
# $SATFIBER_SLURM_DIR (default /tmp/satfiber-slurm); the config goes to /etc/slurm/slurm.conf and the munge key
# to /etc/munge/munge.key (made only when absent).
satfiber_slurm_dir="${SATFIBER_SLURM_DIR:-/tmp/satfiber-slurm}"

satfiber_slurm_start() (
  set -euo pipefail
  if command -v scontrol >/dev/null 2>&1 && timeout 10 scontrol ping 2>/dev/null | grep -q 'is UP'; then
    echo "slurm: a cluster is already up; using it"
    return 0
  fi
  if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
  fi
  local s="$satfiber_slurm_dir" host cpus
  host="$(hostname)"
  cpus="$(nproc)"
  mkdir -p "$s/state" "$s/spool" "$s/munge" /etc/slurm /run/munge /var/log/munge /var/lib/munge
  chown munge:munge "$s/munge" /run/munge /var/log/munge /var/lib/munge
  chmod 755 /run/munge
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key
  cat >/etc/slurm/slurm.conf <<CONF
# Written by satfiber's .ci/slurm.sh: one node, everything as root, state in $s.
ClusterName=satfiber
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmdSpoolDir=$s/spool
StateSaveLocation=$s/state
SlurmctldLogFile=$s/slurmctld.log
SlurmdLogFile=$s/slurmd.log
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  if ! runuser -u munge -- munge -n >/dev/null 2>&1; then
    # munged writes its pid file as user munge, into a folder it owns.
    runuser -u munge -- /usr/sbin/munged --pid-file="$s/munge/munged.pid"
    echo "$s/munge/munged.pid" >"$s/started"
  fi
  for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.2; done
  munge -n | unmunge >/dev/null
  slurmctld
  slurmd
  echo "$s/slurmctld.pid $s/slurmd.pid" >>"$s/started"
  for _ in $(seq 150); do
    state="$(sinfo -h -o %T 2>/dev/null | head -1 || true)"
    case "$state" in idle*) break ;; esac
    sleep 0.2
  done
  sinfo -h -o '%P %D %T %c' | sed 's/^/slurm: /'
  case "$state" in idle*) ;; *) echo "slurm: node state '$state' after 30 s (see $s/*.log)" >&2; exit 1 ;; esac
)

satfiber_slurm_stop() {
  local s="$satfiber_slurm_dir" f pid
  [ -f "$s/started" ] || return 0
  # slurmd and slurmctld first, munged last.
  for f in $(tr ' ' '\n' <"$s/started" | tac); do
    for pid in $(cat "$f" 2>/dev/null || true); do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    done
  done
  rm -f "$s/started"
  echo "slurm: stopped"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced from .ci/run: start, and stop at exit after whatever EXIT trap was already set.
  satfiber_slurm_start
  satfiber_slurm_previous_trap="$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")"
  # shellcheck disable=SC2064  # expanded now on purpose
  trap "satfiber_slurm_stop; ${satfiber_slurm_previous_trap}" EXIT
else
  case "${1:-start}" in
    start) satfiber_slurm_start ;;
    stop) satfiber_slurm_stop ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
  esac
fi
