#!/bin/sh
# keepalived notify script for cl sharing tags: when keepalived makes this
# machine MASTER of a VRRP instance, the cl node here takes the sharing tag
# that goes with the virtual address (cl shtag set-active); the node that
# held it becomes backup by the SHTAG_ACTIVE broadcast. BACKUP, FAULT and
# STOP change nothing: a node never gives up a tag by itself, the new
# master's activation takes it over.
#
# Two ways to call it (see docs/keepalived.md):
#   notify_master "/etc/keepalived/cl-shtag-notify.sh master vip/1"
#   notify "/etc/keepalived/cl-shtag-notify.sh"   (keepalived appends TYPE NAME STATE PRIORITY;
#                                                    the tag comes from CL_SHTAG)
#
# Environment: CL (the cl command, default "cl"), CL_SOCKET / CL_TOKEN (read
# by cl itself), CL_SHTAG (the tag for the generic notify form),
# CL_NOTIFY_TRIES (attempts while the node does not answer, default 3).
set -u

cl_cmd=${CL:-cl}
tries=${CL_NOTIFY_TRIES:-3}

say() { printf 'cl-shtag-notify: %s\n' "$*" >&2; }
usage() {
  say "$*"
  say "usage: cl-shtag-notify.sh master|backup|fault|stop NAME/CLUSTER"
  say "   or: cl-shtag-notify.sh INSTANCE|GROUP NAME MASTER|BACKUP|FAULT|STOP [PRIORITY]  (tag in CL_SHTAG)"
  exit 2
}

case $# in
  2) state=$1 tag=$2 ;;
  3 | 4)
    case $1 in INSTANCE | GROUP) ;; *) usage "expected INSTANCE or GROUP as the first of keepalived's notify arguments, got '$1'" ;; esac
    state=$3 tag=${CL_SHTAG:-}
    [ -n "$tag" ] || usage "CL_SHTAG is not set: which sharing tag goes with $1 $2?"
    ;;
  *) usage "expected 2 arguments (STATE NAME/CLUSTER) or keepalived's 3 or 4, got $#" ;;
esac

case $tries in '' | *[!0-9]*) usage "CL_NOTIFY_TRIES must be a whole number, got '$tries'" ;; esac
[ "$tries" -ge 1 ] || tries=1

case $tag in */*) ;; *) usage "sharing tag '$tag' must be NAME/CLUSTER, e.g. vip/1" ;; esac

case $state in
  master | MASTER) ;;
  backup | BACKUP | fault | FAULT | stop | STOP | deleted | DELETED)
    say "$state for $tag: nothing to do (the new master takes the tag over)"
    exit 0
    ;;
  *) usage "unknown state '$state'" ;;
esac

n=1
while :; do
  # shellcheck disable=SC2086 # CL may be a command with arguments
  if out=$($cl_cmd shtag set-active "$tag" 2>&1); then
    say "MASTER: $tag is active on this node ($out)"
    exit 0
  else
    rc=$?
  fi
  # Exit 3: the node did not answer (starting, restarting); anything else will not get better.
  if [ "$rc" -ne 3 ] || [ "$n" -ge "$tries" ]; then
    say "MASTER: could not make $tag active (exit $rc): $out"
    exit "$rc"
  fi
  n=$((n + 1))
  sleep 1
done
