# Sourced by .ci/e2e.sh, .ci/ui.sh and .ci/queue.sh: what each real-n8n suite needs on a fresh
# Debian machine before it starts.

apt_install() {
	local sudo=''
	[ "$(id -u)" -eq 0 ] || sudo='sudo'
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Installs the packages named (those the caller found missing) plus, when missing, the build tools
# and Debian's libsqlite3-dev: the per-Node sqlite3 builds of the runtimes take ~12 s with it
# instead of ~100 s.
install_missing() {
	local missing=("$@")
	[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
	command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
	command -v python3 >/dev/null || missing+=(python3)
	if [ ${#missing[@]} -gt 0 ]; then
		echo "== apt-get: ${missing[*]}"
		apt_install "${missing[@]}"
	fi
}

# The package's dev dependencies, and N8N_RUNTIME_DIR (when set) made and exported.
prepare_node() {
	if [ ! -d node_modules ]; then
		echo "== npm ci"
		npm ci
	fi
	if [ -n "${N8N_RUNTIME_DIR:-}" ]; then
		mkdir -p "$N8N_RUNTIME_DIR"
		export N8N_RUNTIME_DIR
		echo "== runtimes in $N8N_RUNTIME_DIR"
	fi
}
