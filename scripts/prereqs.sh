#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests need beyond the JDK and Maven:
# the detection parity tests run ../shared/tools/reference_water.py (numpy, rasterio, scikit-image)
# and compare with gdal-bin; the CWL application test runs cwltool (the reference CWL runner that
# Calrissian is built on); the demo report test needs chromium. Does nothing when they are already
# there.
set -euo pipefail
if ! /usr/bin/python3 -c "import numpy, rasterio, skimage" >/dev/null 2>&1 \
  || ! command -v gdalinfo >/dev/null 2>&1 || ! command -v cwltool >/dev/null 2>&1; then
  echo "prereqs: installing python3-numpy python3-rasterio python3-skimage gdal-bin cwltool"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-numpy python3-rasterio \
    python3-skimage gdal-bin cwltool >/dev/null
fi
# The demo report's browser test (DemoReportBrowserTest) opens the page in headless chromium.
if ! command -v chromium >/dev/null 2>&1; then
  echo "prereqs: installing chromium"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# The detector inflates GeoTIFF blocks with the system's libdeflate through a small JNI library
# that the build compiles with gcc (detection/src/main/native); BlockInflaterTest checks, in CI,
# that it is built and loads.
if ! command -v gcc >/dev/null 2>&1 || ! ldconfig -p | grep -q 'libdeflate\.so\.0 '; then
  echo "prereqs: installing gcc libdeflate0"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gcc libc6-dev libdeflate0 >/dev/null
fi
