#!/usr/bin/env bash
# Installs backstop: the jar, the launcher, the systemd units, bash completion, the man page, and
# a starter configuration (never over an existing one).
#
#   packaging/install.sh [--prefix /usr/local] [--sysconfdir /etc] [--destdir DIR] [--jar FILE]
#
# --destdir installs below DIR as if it were / (for packages and tests); nothing is started.
# Needs Java 17+ (it asks the jar for the completion script, the man page and the starter config).
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(dirname "$here")"
prefix=/usr/local
sysconfdir=/etc
destdir="${DESTDIR:-}"
jar="$repo/target/backstop.jar"

die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --sysconfdir) sysconfdir="${2:?--sysconfdir needs a directory}"; shift 2 ;;
    --destdir) destdir="${2:?--destdir needs a directory}"; shift 2 ;;
    --jar) jar="${2:?--jar needs a file}"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
done
[ -f "$jar" ] || die "$jar is missing; build it first: mvn -B -DskipTests package"
command -v java >/dev/null || die "java is not on PATH; install a Java 17+ runtime (Debian: openjdk-17-jre-headless)"

root="${destdir%/}"
lib="$root$prefix/lib/backstop"
bin="$root$prefix/bin"
etc="$root$sysconfdir/backstop"
units="$root/etc/systemd/system"
completion="$root$prefix/share/bash-completion/completions"
man1="$root$prefix/share/man/man1"
backstop() { java -jar "$lib/backstop.jar" "$@"; }

install -d -m 0755 "$lib" "$bin" "$units" "$completion" "$man1"
install -d -m 0700 "$etc"
install -m 0644 "$jar" "$lib/backstop.jar"
install -m 0755 "$repo/backstop" "$bin/backstop"

# the SQLite library for this machine beside the jar: without it, every start unpacks it into the
# temporary directory again (a tenth of a second), and a killed process leaves that 1 MB copy behind
rm -rf "$lib/backstop-native"
java -cp "$lib/backstop.jar" dev.backstop.history.SqliteDriver "$lib" \
  || echo "note: the SQLite library could not be unpacked; backstop unpacks it at each start instead"

# the class-data archive of the classes usual commands load (backstop.classlist), made for this
# jar at its place and for this JDK: the launcher maps it, and a run starts about half a second
# sooner. It names the jar's path, so an install below --destdir leaves it to the machine that
# runs backstop; after a JDK upgrade the JVM ignores it until the next install makes it again.
rm -f "$lib/backstop.jsa"
if [ -z "$destdir" ]; then
  if java -Xshare:dump -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedClassListFile="$here/backstop.classlist" \
      -XX:SharedArchiveFile="$lib/backstop.jsa.tmp" -cp "$lib/backstop.jar" >/dev/null 2>&1; then
    chmod 0644 "$lib/backstop.jsa.tmp"
    mv "$lib/backstop.jsa.tmp" "$lib/backstop.jsa"
  else
    rm -f "$lib/backstop.jsa.tmp"
    echo "note: this JDK made no class-data archive; backstop runs without it, only starts slower"
  fi
fi

for unit in "$here"/systemd/*.service "$here"/systemd/*.timer; do
  # the units name /usr/local and /etc; another prefix or sysconfdir is written into them
  sed -e "s|/usr/local/bin/backstop|$prefix/bin/backstop|g" -e "s|/etc/backstop/|$sysconfdir/backstop/|g" "$unit" \
    > "$units/$(basename "$unit").tmp"
  chmod 0644 "$units/$(basename "$unit").tmp"
  mv "$units/$(basename "$unit").tmp" "$units/$(basename "$unit")"
done

backstop generate-completion > "$completion/backstop.tmp"
mv "$completion/backstop.tmp" "$completion/backstop"
chmod 0644 "$completion/backstop"
backstop man | gzip -9n > "$man1/backstop.1.gz.tmp"
mv "$man1/backstop.1.gz.tmp" "$man1/backstop.1.gz"
chmod 0644 "$man1/backstop.1.gz"

if [ -e "$etc/backstop.yml" ]; then
  echo "kept the existing configuration $sysconfdir/backstop/backstop.yml"
else
  backstop init --config "$etc/backstop.yml" >/dev/null
  echo "wrote a starter configuration to $sysconfdir/backstop/backstop.yml (mode 0600)"
fi

echo "installed backstop into $prefix (jar in $prefix/lib/backstop, launcher in $prefix/bin) and units into /etc/systemd/system${destdir:+ below $destdir}"
if [ -z "$destdir" ]; then
  cat <<NEXT
next:
  edit $sysconfdir/backstop/backstop.yml, then: backstop config check && backstop run
  systemctl daemon-reload
  systemctl enable --now backstop.timer backstop-verify.timer backstop-restore-test.timer
  optional: systemctl enable --now backstop-dashboard.service   (http://127.0.0.1:8080/)
  with log_archive: systemctl enable --now backstop-archive-logs.service
NEXT
fi
