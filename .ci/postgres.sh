# shellcheck shell=bash
# A throwaway PostgreSQL cluster for uxlab's tests, on a Unix socket, run as a non-root user.
#   source .ci/postgres.sh; pg_throwaway_start DIR   -> exports UXLAB_TEST_POSTGRES_URL
#   pg_throwaway_stop DIR
# Installs Debian's postgresql package when the server binaries are missing.

pg_bindir() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

pg_install() {
  pg_bindir >/dev/null && return 0
  echo "ci: installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  pg_bindir >/dev/null
}

# Run a command as the cluster's owner: ourselves if not root, else the postgres account
# (created by Debian's package) or a dedicated one.
pg_as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  else
    runuser -u "$PG_OWNER" -- "$@"
  fi
}

pg_throwaway_start() {
  local dir=$1 bin
  pg_install
  bin=$(pg_bindir)
  PG_OWNER=${PG_OWNER:-postgres}
  if [ "$(id -u)" -eq 0 ] && ! id "$PG_OWNER" >/dev/null 2>&1; then
    PG_OWNER=uxlabci
    id "$PG_OWNER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_OWNER"
  fi
  export PG_OWNER
  mkdir -p "$dir/data" "$dir/socket"
  [ "$(id -u)" -eq 0 ] && chown -R "$PG_OWNER" "$dir"
  chmod 755 "$dir"
  pg_as_owner "$bin/initdb" -D "$dir/data" -U uxlab -A trust --no-sync -E UTF8 >"$dir/initdb.log"
  pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir/socket -c listen_addresses='' -p 55432 -c fsync=off" start >/dev/null
  export UXLAB_TEST_POSTGRES_URL="postgresql://uxlab@/postgres?host=$dir/socket&port=55432"
  echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running at $dir/socket"
}

pg_throwaway_stop() {
  local dir=$1
  [ -d "$dir/data" ] || return 0
  pg_as_owner "$(pg_bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
}
