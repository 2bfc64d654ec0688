#!/usr/bin/env bash
# Makes sure that what the tests talk to is installed and running on this machine:
# MariaDB (root over the socket, and 127.0.0.1:3306), PostgreSQL (127.0.0.1:5432, user postgres
# without a password), and the command-line tools the tests use. Installs with apt-get when
# something is missing (needs root); starts servers that are installed but stopped.
set -euo pipefail

log() { printf 'test-services: %s\n' "$*" >&2; }

need_packages=()
command -v mariadb-dump >/dev/null || need_packages+=(mariadb-client)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || need_packages+=(mariadb-server)
command -v pg_dump >/dev/null || need_packages+=(postgresql-client)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need_packages+=(postgresql)
command -v sqlite3 >/dev/null || need_packages+=(sqlite3)
command -v zstd >/dev/null || need_packages+=(zstd)
# age and age-keygen: encrypted backup sets are decrypted with them in the tests and the runbook
command -v age >/dev/null || need_packages+=(age)
command -v setpriv >/dev/null || need_packages+=(util-linux)
command -v pgrep >/dev/null || need_packages+=(procps)
# headless browser for the dashboard's end-to-end test (a large download: only when missing)
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
[ -x /usr/bin/chromedriver ] || need_packages+=(chromium-driver)

if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing: ${need_packages[*]}; run as root or install them with apt-get"
    exit 1
  fi
  log "installing ${need_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # apt and debconf talk a lot without a terminal: their output is shown only when the install fails
  apt_log=$(mktemp)
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_packages[@]}"; } >"$apt_log" 2>&1 \
    || { cat "$apt_log" >&2; rm -f "$apt_log"; exit 1; }
  rm -f "$apt_log"
fi

wait_for() { # wait_for SECONDS COMMAND...
  local limit=$1; shift
  for _ in $(seq "$limit"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  return 1
}

# MariaDB
if ! mariadb -uroot -e 'SELECT 1' >/dev/null 2>&1; then
  log "starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  if [ ! -d /var/lib/mysql/mysql ]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  wait_for 60 mariadb -uroot -e 'SELECT 1' || { log "MariaDB did not come up"; exit 1; }
fi

# PostgreSQL
pg_ok() { psql -h 127.0.0.1 -U postgres -d postgres -w -c 'SELECT 1'; }
if ! pg_ok >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    log "allowing password-less loopback connections for the tests in $hba"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust' "$hba"
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  wait_for 60 pg_ok || { log "PostgreSQL did not come up"; exit 1; }
fi
log "MariaDB and PostgreSQL are ready"

# OpenSSH server for the SFTP target's tests (its own port, config and users; see the script)
"$(dirname "$0")/test-sshd.sh"
