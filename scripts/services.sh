#!/usr/bin/env bash
# Makes sure the services the tests talk to are answering on loopback:
#   Redis on 127.0.0.1:6379 and NATS with JetStream on 127.0.0.1:4222.
# Installs them from Debian's packages when missing, starts them when not answering, and waits.
set -euo pipefail

REDIS_PORT=${REDIS_PORT:-6379}
NATS_PORT=${NATS_PORT:-4222}
STATE_DIR=${WATERBODIES_SERVICE_DIR:-/tmp/waterbodies-services}
mkdir -p "$STATE_DIR"

answers() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

need_pkg() { # binary package
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ] && [ ! -x "/usr/bin/$1" ]; then
    echo "services: installing $2"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
  fi
}

nats_bin() {
  command -v nats-server 2>/dev/null || echo /usr/sbin/nats-server
}

if ! answers 127.0.0.1 "$REDIS_PORT"; then
  need_pkg redis-server redis-server
  echo "services: starting redis-server on $REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$STATE_DIR" --logfile "$STATE_DIR/redis.log"
fi

if ! answers 127.0.0.1 "$NATS_PORT"; then
  need_pkg nats-server nats-server
  echo "services: starting nats-server -js on $NATS_PORT"
  mkdir -p "$STATE_DIR/nats"
  nohup "$(nats_bin)" -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$STATE_DIR/nats" \
    -l "$STATE_DIR/nats.log" >/dev/null 2>&1 &
fi

for i in $(seq 1 60); do
  if answers 127.0.0.1 "$REDIS_PORT" && answers 127.0.0.1 "$NATS_PORT"; then
    echo "services: redis 127.0.0.1:$REDIS_PORT and nats 127.0.0.1:$NATS_PORT are answering"
    exit 0
  fi
  sleep 0.5
done
echo "services: redis or nats did not come up; see $STATE_DIR/*.log" >&2
exit 1
