#!/usr/bin/env bash
# Builds the base image that Jib puts the gateway on, without a registry or a Docker daemon:
# a Java runtime cut down by jlink from the JDK that runs the build, the shared libraries it and
# the gateway's native libraries (ONNX Runtime, the tokenizer, SQLite) link against, copied from
# this machine, and a non-root user. The result is a `docker save` tarball, which Jib reads as
# `tar://` base. It is rebuilt only when this script, the JDK or the module list changes.
#
#   deploy/image/base-image.sh OUT_DIR [JAR_WITH_NATIVE_LIBS]
set -euo pipefail

out=$(realpath -m "${1:?usage: base-image.sh OUT_DIR [JAR]}")
jar=${2:-}
uid=10001
data_dir=/var/lib/gatehouse
# From `jdeps --print-module-deps` over the shaded jar's classes, plus what is only loaded as a
# service or by name: TLS key exchange (jdk.crypto.ec), extra charsets, zip file systems, JFR streaming.
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.charsets,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.management.jfr,jdk.net,jdk.unsupported,jdk.zipfs

java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
jlink="$java_home/bin/jlink"
[ -x "$jlink" ] || { echo "base-image.sh: no jlink in $java_home (set JAVA_HOME to a JDK)" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) arch=amd64 natives_in_jar=('ai/onnxruntime/native/linux-x64/*' 'native/lib/linux-x86_64/*' 'org/sqlite/native/Linux/x86_64/*') ;;
  aarch64) arch=arm64 natives_in_jar=('ai/onnxruntime/native/linux-aarch64/*' 'native/lib/linux-aarch64/*' 'org/sqlite/native/Linux/aarch64/*') ;;
  *) echo "base-image.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

stamp=$( { cat "$0"; "$java_home/bin/java" -version 2>&1; echo "$modules"; [ -n "$jar" ] && unzip -l "$jar" '*.so' 2>/dev/null; } | sha256sum | cut -c1-16)
if [ -f "$out/base.tar" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
echo "base-image.sh: building the base image in $out (jlink from $java_home)"
rm -rf "$out"
work="$out/work"
root="$work/rootfs"
mkdir -p "$root"

"$jlink" --add-modules "$modules" --output "$root/opt/java" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive
# Debian's JDK links cacerts to /etc/ssl/certs/java/cacerts; the image needs the store itself.
if [ -f /etc/ssl/certs/java/cacerts ]; then
  cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/lib/security/cacerts"
fi

# java.desktop is there for java.beans; its GUI, sound and font natives would pull in X11 and
# freetype, and a headless server never loads them.
for gui in libawt_xawt libsplashscreen libjsound libfontmanager libjavajpeg liblcms; do
  rm -f "$root/opt/java/lib/$gui.so"
done

# Every shared library the runtime and the gateway's native libraries need, at the path the
# dynamic loader found it here (a directory on its built-in search path).
natives="$work/natives"
mkdir -p "$natives"
if [ -n "$jar" ] && [ -f "$jar" ]; then
  unzip -q -o "$jar" -d "$natives" "${natives_in_jar[@]}" 2>/dev/null || true
fi
find "$root/opt/java" "$natives" -name '*.so*' -type f -exec ldd {} \; 2>/dev/null \
  | awk '/=> \// { print $3 } /^\t\// { print $1 }' \
  | sort -u > "$work/libs.txt" || true
for lib in $(cat "$work/libs.txt"); do
  case "$lib" in "$root"/*|"$natives"/*) continue ;; esac
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

mkdir -p "$root/etc" "$root/tmp" "$root$data_dir"
cat > "$root/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
gatehouse:x:$uid:$uid:gatehouse:$data_dir:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<GROUP
root:x:0:
gatehouse:x:$uid:
nogroup:x:65534:
GROUP
echo "hosts: files dns" > "$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"
chmod 0700 "$root$data_dir"

# Two layers, reproducible: root-owned runtime files, and the directories the user writes.
tar_opts=(--sort=name --mtime=@0 --numeric-owner --format=gnu -C "$root")
tar "${tar_opts[@]}" --owner=0 --group=0 -cf "$work/runtime.tar" --exclude=./tmp --exclude=./var .
tar "${tar_opts[@]}" --owner=0 --group=0 -cf "$work/user.tar" --no-recursion ./tmp ./var ./var/lib
tar "${tar_opts[@]}" --owner=$uid --group=$uid -rf "$work/user.tar" --no-recursion ".$data_dir"

save="$work/save"
mkdir -p "$save"
diff_ids=()
layers=()
for layer in runtime user; do
  digest=$(sha256sum "$work/$layer.tar" | cut -d' ' -f1)
  mkdir -p "$save/$digest"
  mv "$work/$layer.tar" "$save/$digest/layer.tar"
  diff_ids+=("\"sha256:$digest\"")
  layers+=("\"$digest/layer.tar\"")
done
join() { local IFS=,; echo "$*"; }
cat > "$save/config.json" <<CONFIG
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"$uid:$uid"},
 "rootfs":{"type":"layers","diff_ids":[$(join "${diff_ids[@]}")]},
 "history":[{"created_by":"deploy/image/base-image.sh: jlink runtime and shared libraries"},
            {"created_by":"deploy/image/base-image.sh: user $uid, /tmp, $data_dir"}]}
CONFIG
config_digest=$(sha256sum "$save/config.json" | cut -d' ' -f1)
mv "$save/config.json" "$save/$config_digest.json"
cat > "$save/manifest.json" <<MANIFEST
[{"Config":"$config_digest.json","RepoTags":["gatehouse-base:local"],"Layers":[$(join "${layers[@]}")]}]
MANIFEST
# Entry names without a leading ./: Jib refuses to unpack an entry named ./ ("outside destination").
(cd "$save" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out/base.tar" -- *)
rm -rf "$work"
echo "$stamp" > "$out/stamp"
echo "base-image.sh: $(du -h "$out/base.tar" | cut -f1) base image in $out/base.tar"
