# Shared by scripts/start and scripts/test: install what the build needs, or say exactly what to
# do when it cannot be installed. Sourced, not run.

CARGO_LEPTOS_VERSION=0.3.10

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() {
  printf '\033[31mfrontdoor: %s\033[0m\n' "$1" >&2
  [ -n "${2:-}" ] && printf '  What to do: %s\n' "$2" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed." "$2"
}

ensure_rust() {
  need cargo "Install Rust with rustup (https://rustup.rs), then run this command again."
  if command -v rustup >/dev/null 2>&1; then
    rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$' || {
      say "Adding the wasm32-unknown-unknown target"
      rustup target add wasm32-unknown-unknown || fail "could not add the WASM target." "Run: rustup target add wasm32-unknown-unknown"
    }
  else
    say "rustup not found: assuming the wasm32-unknown-unknown target is installed"
  fi
}

ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then return; fi
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on two cores, once)"
  # 0.3.11 does not build on Rust 1.95; no_downloads stops it fetching sass/tailwind binaries.
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads \
    || fail "installing cargo-leptos failed." "Run: cargo install cargo-leptos --locked --version $CARGO_LEPTOS_VERSION --features no_downloads"
}

ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
  [ -n "$want" ] || fail "cannot read the wasm-bindgen version from Cargo.lock." "Run: cargo generate-lockfile"
  if wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then return; fi
  say "Installing wasm-bindgen-cli $want (it must match the wasm-bindgen in Cargo.lock exactly)"
  # Its own lockfile may pin a crate the registry no longer serves; then resolve afresh.
  cargo install wasm-bindgen-cli --locked --version "=$want" 2>/dev/null \
    || cargo install wasm-bindgen-cli --version "=$want" \
    || fail "installing wasm-bindgen-cli $want failed." "Run: cargo install wasm-bindgen-cli --version =$want"
}

# cargo-leptos runs wasm-opt from PATH for release builds. Debian 12's binaryen (108) is too old
# for wasm-bindgen 0.2.130's output: the release bundle then fails to start in the browser
# ("WebAssembly.Table.set(): Argument 1 is invalid"). npm's binaryen is current; it is installed
# into target/tools so nothing global changes.
BINARYEN_VERSION=132.0.0
ensure_wasm_opt() {
  local dir=target/tools/binaryen
  if [ ! -x "$dir/node_modules/.bin/wasm-opt" ]; then
    say "Installing wasm-opt (npm binaryen $BINARYEN_VERSION) for release builds"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION" >/dev/null \
      || fail "installing npm's binaryen failed." "Run: npm install --prefix $dir binaryen@$BINARYEN_VERSION"
  fi
  export PATH="$PWD/$dir/node_modules/.bin:$PATH"
}

ensure_npm() {
  need npm "Install Node.js 20 or later (Debian: apt-get install nodejs npm), then run this command again."
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing npm packages (GOV.UK Frontend, sass, Playwright)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error \
      || fail "npm ci failed." "Check that the npm registry is reachable, then run this command again."
  fi
}

build_css() {
  say "Compiling GOV.UK Frontend and Frontdoor styles to style/frontdoor.css"
  npm run --silent build:css || fail "compiling the stylesheet failed." "Run: npm run build:css   and read the error above."
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing Chromium for the browser tests (apt-get)"
    (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null || fail "apt-get could not install chromium." "Run: apt-get install chromium"
  else
    fail "Chromium is needed for the browser tests and is not at /usr/bin/chromium." "Run: sudo apt-get install chromium   (Debian/Ubuntu), then run this command again."
  fi
}

# The online Request for Support's guidance WASM (app/public-guidance): the shared rules and the
# guidance panel for the public form, a small module apart from the app's hydrating bundle (the
# public pages never load that). Always the size-optimised wasm-release profile, then
# `wasm-bindgen --target web` into target/site/pkg/, where the server finds it; wasm-opt too when
# it is on the PATH (ensure_wasm_opt). Run it after `cargo leptos build`.
build_public_guidance() {
  local out="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release/public_guidance.wasm"
  say "Building the online form's guidance WASM (app/public-guidance)"
  cargo build -p public_guidance --lib --target wasm32-unknown-unknown --profile wasm-release \
    || fail "building the guidance WASM failed." "Run: cargo build -p public_guidance --target wasm32-unknown-unknown --profile wasm-release   and read the error above."
  mkdir -p target/site/pkg
  wasm-bindgen --target web --no-typescript --out-dir target/site/pkg "$out" \
    || fail "wasm-bindgen could not prepare the guidance WASM." "Run: wasm-bindgen --target web --out-dir target/site/pkg $out"
  if command -v wasm-opt >/dev/null 2>&1 && wasm-opt --version 2>/dev/null | grep -q "version 1[2-9][0-9]"; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue target/site/pkg/public_guidance_bg.wasm -o target/site/pkg/public_guidance_bg.wasm \
      || fail "wasm-opt failed on the guidance WASM." "Run scripts/lib.sh's ensure_wasm_opt, or leave wasm-opt off the PATH."
  fi
  # The figures docs/PERFORMANCE.md records: what a phone downloads once (the server gzips it).
  local f
  for f in target/site/pkg/public_guidance_bg.wasm target/site/pkg/public_guidance.js; do
    printf '  %s: %s bytes, %s gzipped\n' "${f##*/}" "$(wc -c <"$f")" "$(gzip -6 -c "$f" | wc -c)"
  done
}
