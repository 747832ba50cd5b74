#!/usr/bin/env sh
# Builds the optional JNI glue to the system's libdeflate (see waterbodies_inflate.c) into the
# module's classes, on Linux x86-64 with gcc and the JDK's JNI headers. Anywhere else it builds
# nothing and says why: the decoder then inflates with java.util.zip, as before.
# Usage: build.sh <classes-dir> <java-home>
set -eu
out="$1/io/waterbodies/detection/internal/native/linux-x86_64"
jdk="$2"
src="$(dirname "$0")/waterbodies_inflate.c"
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "native inflate: not built ($(uname -s) $(uname -m) is not Linux x86-64)"
  exit 0
fi
if ! command -v gcc >/dev/null 2>&1; then
  echo "native inflate: not built (no gcc on PATH)"
  exit 0
fi
if [ ! -f "$jdk/include/jni.h" ]; then
  echo "native inflate: not built (no $jdk/include/jni.h)"
  exit 0
fi
mkdir -p "$out"
# A compiler that refuses the glue must not fail the build: the decoder falls back to java.util.zip
# (and BlockInflaterTest fails in CI, where the glue is expected).
if ! gcc -O2 -shared -fPIC -Wall -Wextra -I"$jdk/include" -I"$jdk/include/linux" \
  -o "$out/libwaterbodies-inflate.so" "$src" -ldl; then
  rm -f "$out/libwaterbodies-inflate.so"
  echo "native inflate: not built (gcc failed, see above)"
fi
