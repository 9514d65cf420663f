#!/bin/bash
# PID 1 of the test VM (see src/run-vm.ts). The root file system is the host's / over 9p,
# read-only; this mounts the kernel's file systems, tmpfs for the usual scratch folders, a
# tmpfs-backed overlay on each folder the job asked to write, then runs the job's command and
# hands its exit status to qemu through the isa-debug-exit port (qemu exits with 2*status+1).
# The arm64 VM (virt board, no isa-debug-exit, no /dev/port) boots another root (an arm64
# Debian) with this script inside it; the host reads the job folder's `status` instead, and the
# guest powers off through PSCI.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die() {
  echo "vm init: $*" >&2
  exit 1 # init exiting panics the kernel; with panic=-1 and -no-reboot qemu stops (status 0)
}

mount -t proc proc /proc || die "cannot mount /proc"
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mount -t configfs configfs /sys/kernel/config
# The host's root stays reachable under /mnt: a clone under /tmp or /var/tmp (CI's may be) is
# bound back into place once the scratch tmpfs hides it (see from_host below).
mount --bind / /mnt || die "cannot bind the root to /mnt"
for dir in /tmp /run /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs "$dir"; done
mkdir -p /dev/shm /dev/pts && mount -t tmpfs -o mode=1777 tmpfs /dev/shm
ip link set lo up 2>/dev/null

job=
for arg in $(</proc/cmdline); do
  case $arg in pulseboard.job=*) job=${arg#pulseboard.job=} ;; esac
done
[[ -n $job ]] || die "no pulseboard.job= on the kernel command line"
# The job folder is shared read-write with the host, at the same path.
mkdir -p "$job" && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 job "$job" ||
  die "cannot mount the job folder"

# shellcheck source=/dev/null
source "$job/job.sh" # sets OVERLAYS, SHARED, WORKDIR; exports the job's environment

# A folder of the host's that a scratch tmpfs now hides: bind it back from /mnt.
from_host() {
  [[ -e $1 || ! -d /mnt$1 ]] && return 0
  mkdir -p "$1" && mount --bind "/mnt$1" "$1" || die "cannot bind $1 from the host"
}
from_host "$WORKDIR"
for dir in "${OVERLAYS[@]}"; do from_host "$dir"; done
i=0
for dir in "${OVERLAYS[@]}"; do
  [[ -d $dir ]] || continue
  i=$((i + 1))
  mkdir -p "/run/overlay/$i/upper" "/run/overlay/$i/work"
  mount -t overlay overlay \
    -o "lowerdir=$dir,upperdir=/run/overlay/$i/upper,workdir=/run/overlay/$i/work" "$dir" ||
    die "cannot overlay $dir"
done

i=0
for dir in "${SHARED[@]}"; do
  mkdir -p "$dir" 2>/dev/null # fails on the read-only root if missing: an overlay may make it
  mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 "shared$i" "$dir" || die "cannot mount $dir"
  i=$((i + 1))
done

cd "$WORKDIR" || die "no folder $WORKDIR"
echo "vm init: ready after $(cut -d' ' -f1 /proc/uptime) s" >>"$job/boot.log"
# Through a pipe, so programs do not see a terminal (no progress redraws in the host's log).
bash "$job/command.sh" </dev/null 2>&1 | cat
status=${PIPESTATUS[0]}
echo "$status" >"$job/status"
sync
(( status > 255 )) && status=255
if [[ -e /dev/port ]]; then
  printf "\\$(printf %03o "$status")" | dd of=/dev/port bs=1 seek=244 count=1 status=none
  die "isa-debug-exit did not stop the VM"
fi
# reboot(2) with LINUX_REBOOT_CMD_POWER_OFF: the root need not have a poweroff program.
python3 -c 'import ctypes; ctypes.CDLL(None).reboot(0x4321FEDC)' 2>/dev/null
die "could not power off" # the status is written: the panic's reset stops qemu too
