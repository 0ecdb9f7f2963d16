#!/usr/bin/env bash
# Builds the gateway's container image as target/jib-image.tar, with no Docker daemon and no
# registry, and checks it.
#
#   deploy/image.sh           build, then check the built image's config (ContainerImageTest on the tar)
#   deploy/image.sh --smoke   also run the image as a container would, without a container runtime
#                             (root only: its layers unpacked, the root made read-only, /tmp a tmpfs,
#                             a data directory bound at its volume, user 10001), and call /healthz,
#                             /readyz and a chat completion on the built-in mock model
#
# The tar is an OCI image layout: `docker load -i target/jib-image.tar` (Docker 25 or later),
# `podman load -i ...`, or `skopeo copy oci-archive:target/jib-image.tar docker://REGISTRY/gatehouse:TAG`.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true

./mvnw -B -ntp -Pimage -DskipTests package jib:buildTar
tar=$PWD/target/jib-image.tar
./mvnw -B -ntp -o -q test -Dtest=ContainerImageTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgatehouse.image.tar="$tar"
echo "image.sh: $(du -h "$tar" | cut -f1) $tar passed ContainerImageTest"
$smoke || exit 0

[ "$(id -u)" = 0 ] || { echo "image.sh: --smoke needs root (mount, chroot)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/image" "$work/rootfs" "$work/data"
tar -xf "$tar" -C "$work/image"
# An OCI image layout: index.json names the manifest, which names the config and the layers.
blob() { echo "$work/image/blobs/${1/://}"; }
manifest=$(blob "$(jq -r '.manifests[0].digest' "$work/image/index.json")")
config=$(blob "$(jq -r '.config.digest' "$manifest")")
for layer in $(jq -r '.layers[].digest' "$manifest"); do
  tar --warning=no-unknown-keyword -xzf "$(blob "$layer")" -C "$work/rootfs"
done
# What a container runtime provides: /proc, /dev, and the resolver files.
mkdir -p "$work/rootfs/proc" "$work/rootfs/dev"
touch "$work/rootfs/etc/hosts" "$work/rootfs/etc/resolv.conf"
user=$(jq -r '.config.User' "$config")
chown "$user" "$work/data"
chmod 700 "$work/data"
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
mapfile -t env < <(jq -r '.config.Env[]' "$config")
workdir=$(jq -r '.config.WorkingDir' "$config")
data_dir=$(jq -r '.config.Env[] | select(startswith("GATEHOUSE_DATA_DIR=")) | sub("^[^=]*="; "")' "$config")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key="sk-smoke-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

unshare --mount --fork bash -s -- "$work" "$user" "$workdir" "$data_dir" "$port" "$key" "${#env[@]}" "${env[@]}" "${entrypoint[@]}" \
  > "$work/gateway.log" 2>&1 <<'INNER' &
set -euo pipefail
work=$1 user=$2 workdir=$3 data_dir=$4 port=$5 key=$6 nenv=$7
shift 7
env=("${@:1:$nenv}")
shift "$nenv"
root=$work/rootfs
mount --make-rprivate /
mount --bind "$root" "$root"
mount --bind /etc/hosts "$root/etc/hosts"
mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount -t tmpfs -o mode=1777,size=512m tmpfs "$root/tmp"
mount --bind "$work/data" "$root$data_dir"
mount -o remount,bind,ro "$root"
# This shell's pid becomes the JVM's through the execs below: the outer script stops it by this pid.
echo $$ > "$work/gateway.pid"
# The image has no shell: chroot, change to the working directory, drop to the user and exec the
# entrypoint (found on the image's PATH) in one step.
exec env -i "${env[@]}" GATEHOUSE_MASTER_KEY="$key" /usr/bin/python3 -c '
import os, sys
root, workdir, user = sys.argv[1:4]
argv = sys.argv[4:]
uid, gid = (int(x) for x in user.split(":"))
program = next(d + "/" + argv[0] for d in os.environ["PATH"].split(":")
               if os.access(root + d + "/" + argv[0], os.X_OK))
os.chroot(root)
os.chdir(workdir)
os.setgroups([])
os.setgid(gid)
os.setuid(uid)
os.execve(program, argv, dict(os.environ))
' "$root" "$workdir" "$user" "$@" serve --host 127.0.0.1 --port "$port"
INNER
pid=$!
base=http://127.0.0.1:$port
ok=false
for _ in $(seq 120); do
  if curl -fsS -m 5 "$base/readyz" > /dev/null 2>&1; then ok=true; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if $ok; then
  curl -fsS -m 5 "$base/healthz"; echo
  curl -fsS -m 30 "$base/v1/chat/completions" -H "authorization: Bearer $key" -H 'content-type: application/json' \
    -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hello from the image"}]}' | head -c 300; echo
  echo "image.sh: the image served /readyz and a chat completion read-only as $user"
fi
# As a container stop: SIGTERM to the JVM (unshare's parent would not pass it on), then wait.
[ -f "$work/gateway.pid" ] && kill "$(cat "$work/gateway.pid")" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
$ok || { cat "$work/gateway.log"; echo "image.sh: the image did not become ready" >&2; exit 1; }
