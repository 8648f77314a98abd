#!/usr/bin/env bash
# Installs what peerset's tests need beyond a JDK and Maven, on Debian/Ubuntu:
#   libpulse0        - linked by webrtc-java's native library (PeerConnectionFactory fails to load without it)
#   mosquitto        - a real MQTT broker the tests start on 127.0.0.1
#   chromium, chromium-driver - a real headless browser for the Trystero interop tests
#   nodejs, npm      - to run Trystero, nostr-tools and the local tracker/relay in interop tests
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail
need=()
dpkg -s libpulse0 >/dev/null 2>&1 || need+=(libpulse0)
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing: ${need[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
# mosquitto's Debian package starts a system broker on port 1883; tests start their own on free ports,
# so the system one is left alone.
echo "peerset test dependencies present"
