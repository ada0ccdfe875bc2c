#!/usr/bin/env bash
# Called by cron or a systemd timer: one batch run from a config file, whatever folder the scheduler starts in.
#   KIEMDIEM         the installed command (default: /opt/kiemdiem/.venv/bin/kiemdiem)
#   KIEMDIEM_CONFIG  the config file (default: /etc/kiemdiem/kiemdiem.toml)
# Exit status: kiemdiem's own (0 every unit reported, 1 some workbooks had errors, 3 another run is going on …).
set -u
kiemdiem="${KIEMDIEM:-/opt/kiemdiem/.venv/bin/kiemdiem}"
config="${KIEMDIEM_CONFIG:-/etc/kiemdiem/kiemdiem.toml}"
cd "$(dirname "$config")" || exit 3
export PYTHONIOENCODING=utf-8 LANG="${LANG:-C.UTF-8}"
exec "$kiemdiem" batch --config "$config"
