#!/usr/bin/env bash
# A dedicated OpenSSH server for the SFTP tests, apart from any system sshd: 127.0.0.1:2222, its
# own configuration, host key and users, everything under one directory (default
# /var/lib/backstop-test-sshd, or $BACKSTOP_TEST_SSHD_DIR). Idempotent: creates what is missing,
# starts sshd when it does not answer; --stop stops it. Needs root (users, chroot) and the openssh-server package.
#
# What the tests find there (also written to $DIR/env as KEY=VALUE lines):
#   port 2222 on 127.0.0.1, host key $DIR/ssh_host_ed25519_key(.pub), known_hosts $DIR/known_hosts
#   user backstop-sftp   normal account with a shell; home $DIR/home/backstop-sftp
#   user backstop-chroot internal-sftp only, chrooted to $DIR/chroot (SFTP shows / there)
#   both own "Backup/Server AskProAI" (a path with a space) below what SFTP shows as their start
#   $DIR/volume1 links to /, to stand for a shell_path_prefix (a Synology's /volume1)
#   client keys in $DIR/keys: id_ed25519, id_rsa, id_ecdsa, id_ed25519_enc (passphrase in
#   id_ed25519_enc.pass); all authorized for both users
set -euo pipefail

DIR=${BACKSTOP_TEST_SSHD_DIR:-/var/lib/backstop-test-sshd}
PORT=${BACKSTOP_TEST_SSHD_PORT:-2222}
NORMAL=backstop-sftp
CHROOT=backstop-chroot
SSHD=/usr/sbin/sshd

log() { printf 'test-sshd: %s\n' "$*" >&2; }

answers() { ssh-keyscan -T 2 -p "$PORT" 127.0.0.1 2>/dev/null | grep -q ssh-ed25519; }

# --running: exit 0 when the sshd this script starts is running; --stop: stop it (it is started again
# by the next test run); both touch nothing else
running() { [ -f "$DIR/sshd.pid" ] && kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null; }
case "${1:-}" in
  --running) running; exit ;;
  --stop)
    if running; then
      kill "$(cat "$DIR/sshd.pid")"
      log "stopped the test sshd on 127.0.0.1:$PORT"
    fi
    exit 0 ;;
esac

if [ ! -x "$SSHD" ]; then
  log "installing openssh-server"
  export DEBIAN_FRONTEND=noninteractive
  # the package's own service is not wanted here; policy-rc.d may refuse to start it, which is fine.
  # apt and debconf talk a lot on a machine without a terminal: shown only when the install fails
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends openssh-server openssh-client; } \
    >"$DIR.apt.log" 2>&1 || { cat "$DIR.apt.log" >&2; exit 1; }
fi

install -d -m 0755 -o root -g root "$DIR" "$DIR/keys" "$DIR/authorized_keys" "$DIR/home" "$DIR/chroot"
install -d -m 0755 /run/sshd

[ -f "$DIR/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C backstop-test-sshd -f "$DIR/ssh_host_ed25519_key"

k="$DIR/keys"
[ -f "$k/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C backstop-test -f "$k/id_ed25519"
[ -f "$k/id_rsa" ] || ssh-keygen -q -t rsa -b 3072 -N '' -C backstop-test-rsa -f "$k/id_rsa"
[ -f "$k/id_ecdsa" ] || ssh-keygen -q -t ecdsa -b 256 -N '' -C backstop-test-ecdsa -f "$k/id_ecdsa"
if [ ! -f "$k/id_ed25519_enc" ]; then
  printf 'correct horse battery staple\n' > "$k/id_ed25519_enc.pass"
  ssh-keygen -q -t ed25519 -N 'correct horse battery staple' -C backstop-test-encrypted -f "$k/id_ed25519_enc"
fi
chmod 0600 "$k"/id_ed25519 "$k"/id_rsa "$k"/id_ecdsa "$k"/id_ed25519_enc "$k"/id_ed25519_enc.pass

for user in "$NORMAL" "$CHROOT"; do
  if ! id "$user" >/dev/null 2>&1; then
    useradd --home-dir "$DIR/home/$user" --no-create-home --shell /bin/sh --user-group "$user"
  fi
  # '!' (locked) would make sshd refuse even key logins without PAM; '*' only disables passwords
  usermod -p '*' "$user"
  cat "$k"/*.pub > "$DIR/authorized_keys/$user"
  chmod 0644 "$DIR/authorized_keys/$user"
done

install -d -m 0755 -o "$NORMAL" -g "$NORMAL" "$DIR/home/$NORMAL"
install -d -m 0755 -o "$NORMAL" -g "$NORMAL" "$DIR/home/$NORMAL/Backup"
install -d -m 0755 -o "$NORMAL" -g "$NORMAL" "$DIR/home/$NORMAL/Backup/Server AskProAI"
install -d -m 0755 -o "$CHROOT" -g "$CHROOT" "$DIR/chroot/Backup"
install -d -m 0755 -o "$CHROOT" -g "$CHROOT" "$DIR/chroot/Backup/Server AskProAI"

# stands for a Synology's /volume1: the shell sees "$DIR/volume1" + what SFTP shows as an absolute path
ln -sfn / "$DIR/volume1"

cat > "$DIR/sshd_config" <<CONF
# backstop test server: loopback only, keys only
Port $PORT
ListenAddress 127.0.0.1
HostKey $DIR/ssh_host_ed25519_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys/%u
AllowUsers $NORMAL $CHROOT
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
MaxStartups 50:30:100
MaxSessions 50
Subsystem sftp internal-sftp
Match User $CHROOT
    ChrootDirectory $DIR/chroot
    ForceCommand internal-sftp
    AllowTcpForwarding no
    X11Forwarding no
CONF

printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$DIR/ssh_host_ed25519_key.pub")" > "$DIR/known_hosts"

cat > "$DIR/env" <<ENV
BACKSTOP_TEST_SSHD_HOST=127.0.0.1
BACKSTOP_TEST_SSHD_PORT=$PORT
BACKSTOP_TEST_SSHD_KNOWN_HOSTS=$DIR/known_hosts
BACKSTOP_TEST_SSHD_KEYS=$DIR/keys
BACKSTOP_TEST_SSHD_USER=$NORMAL
BACKSTOP_TEST_SSHD_USER_HOME=$DIR/home/$NORMAL
BACKSTOP_TEST_SSHD_CHROOT_USER=$CHROOT
BACKSTOP_TEST_SSHD_CHROOT=$DIR/chroot
BACKSTOP_TEST_SSHD_PATH=Backup/Server AskProAI
BACKSTOP_TEST_SSHD_SHELL_PATH_PREFIX=$DIR/volume1
ENV

"$SSHD" -t -f "$DIR/sshd_config"
if answers; then
  if [ -f "$DIR/sshd.pid" ] && kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null; then
    kill -HUP "$(cat "$DIR/sshd.pid")"   # re-read the configuration written above
  fi
else
  log "starting sshd on 127.0.0.1:$PORT"
  "$SSHD" -f "$DIR/sshd_config" -E "$DIR/sshd.log"
  for _ in $(seq 30); do answers && break; sleep 1; done
  answers || { log "sshd did not come up; see $DIR/sshd.log"; exit 1; }
fi
log "sshd ready on 127.0.0.1:$PORT ($DIR)"
