#!/bin/bash
# Firefox itself: Debian's firefox-esr, headless, loads the module through
# its enterprise policy (SecurityDevices, in a policies.json bind-mounted
# over the distribution dir inside a private mount namespace, so the system
# file is untouched), trusts a test CA (policy Certificates/Install), and
# opens https://127.0.0.1:PORT/ on an openssl s_server that requires a
# client certificate. The client key and its certificate are on the token
# (one client certificate only, EC P-256); the profile selects it
# automatically. Pass: the server's log shows that certificate's subject.
# Firefox may reach nothing but 127.0.0.1: policies and prefs turn off every
# background service, its proxy is a closed local port, and it runs in a
# private network namespace that has only a loopback interface, so that
# anything these settings miss fails locally too.
. "$(dirname "$0")/lib.sh"
clients_enter_mount_ns "$@"
clients_enter_net_ns "$@"
clients_init "$@"
FIREFOX=${FIREFOX:-firefox-esr}
need_programs "$FIREFOX"
FF_DIR=$(dirname "$(readlink -f "$(command -v "$FIREFOX")")")
[ -x "$FF_DIR/firefox-esr" ] || FF_DIR=/usr/lib/firefox-esr
need_files "$FF_DIR/distribution"
DIST_DIR=$(readlink -f "$FF_DIR/distribution")

# ------------------------------------------------------------ token, CA, server
make_key ff-client f1 EC:prime256v1 sign
make_ca
client_subject="/O=parsec-pkcs11 tests/CN=firefox client $(od -An -N4 -tx1 /dev/urandom | tr -d ' ')"
issue_cert ff-client "$client_subject" client && store_cert ff-client f1
expect_ok "exactly one certificate on the token" p11 -O --type cert &&
	check "one client certificate on the token" test "$(grep -c '^Certificate Object' "$LAST_LOG")" -eq 1

# The server's own key lives outside the token.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/server.key" -subj "/O=parsec-pkcs11 tests/CN=127.0.0.1" \
	-out "$T/server.csr" 2>/dev/null
printf '%s\n' basicConstraints=CA:FALSE keyUsage=critical,digitalSignature \
	extendedKeyUsage=serverAuth subjectAltName=IP:127.0.0.1 >"$T/server.ext"
openssl x509 -req -in "$T/server.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" \
	-set_serial 2 -days 2 -extfile "$T/server.ext" -out "$T/server.pem" 2>/dev/null

port=$(free_port)
# -Verify 1: a client certificate is required; the verify callback logs
# each certificate's subject to the server log.
bg_start s_server timeout -k 5 150 openssl s_server -accept "127.0.0.1:$port" \
	-cert "$T/server.pem" -key "$T/server.key" -Verify 1 -CAfile "$T/ca.pem" \
	-verify_return_error -www
server_pid=$BG_PID
wait_port "$port" "$server_pid" 20 && pass "s_server (client certificate required) on 127.0.0.1:$port" ||
	{
		fail "s_server on 127.0.0.1:$port" "$T/s_server.log"
		clients_finish
	}

# ------------------------------------------------------------ policies, profile
closed_port=$(free_port) # nothing listens there: every proxied request fails here
mkdir -p "$T/distribution" "$T/profile" "$T/home"
cp -a "$DIST_DIR/." "$T/distribution/" 2>/dev/null
cat >"$T/distribution/policies.json" <<EOF
{
  "policies": {
    "SecurityDevices": { "Add": { "parsec-pkcs11 test": "$MODULE" } },
    "Certificates": { "Install": ["$T/ca.pem"] },
    "DisableTelemetry": true,
    "DisableAppUpdate": true,
    "DisableFirefoxStudies": true,
    "DisablePocket": true,
    "DisableFeedbackCommands": true,
    "DisableFirefoxAccounts": true,
    "DisableDefaultBrowserAgent": true,
    "DisableSetDesktopBackground": true,
    "DontCheckDefaultBrowser": true,
    "CaptivePortal": false,
    "NetworkPrediction": false,
    "DNSOverHTTPS": { "Enabled": false, "Locked": true },
    "ExtensionUpdate": false,
    "SearchSuggestEnabled": false,
    "OverrideFirstRunPage": "",
    "OverridePostUpdatePage": "",
    "NoDefaultBookmarks": true,
    "PasswordManagerEnabled": false,
    "OfferToSaveLogins": false,
    "FirefoxHome": { "Search": false, "TopSites": false, "SponsoredTopSites": false,
                     "Highlights": false, "Pocket": false, "SponsoredPocket": false,
                     "Snippets": false, "Locked": true },
    "UserMessaging": { "ExtensionRecommendations": false, "FeatureRecommendations": false,
                       "UrlbarInterventions": false, "SkipOnboarding": true,
                       "MoreFromMozilla": false, "Locked": true },
    "EncryptedMediaExtensions": { "Enabled": false, "Locked": true },
    "Proxy": { "Mode": "manual", "HTTPProxy": "127.0.0.1:$closed_port",
               "UseHTTPProxyForAllProtocols": true,
               "Passthrough": "127.0.0.1", "Locked": true }
  }
}
EOF
cat >"$T/profile/user.js" <<EOF
user_pref("security.default_personal_cert", "Select Automatically");
user_pref("network.proxy.type", 1);
user_pref("network.proxy.http", "127.0.0.1");
user_pref("network.proxy.http_port", $closed_port);
user_pref("network.proxy.ssl", "127.0.0.1");
user_pref("network.proxy.ssl_port", $closed_port);
user_pref("network.proxy.share_proxy_settings", true);
user_pref("network.proxy.no_proxies_on", "127.0.0.1");
user_pref("network.proxy.allow_hijacking_localhost", false);
user_pref("network.trr.mode", 5);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("network.http.speculative-parallel-limit", 0);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("app.update.enabled", false);
user_pref("app.update.auto", false);
user_pref("app.normandy.enabled", false);
user_pref("app.normandy.api_url", "");
user_pref("app.shield.optoutstudies.enabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.unified", false);
user_pref("toolkit.telemetry.server", "");
user_pref("toolkit.telemetry.archive.enabled", false);
user_pref("browser.ping-centre.telemetry", false);
user_pref("services.settings.server", "http://127.0.0.1:$closed_port/");
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.downloads.remote.enabled", false);
user_pref("browser.safebrowsing.provider.mozilla.updateURL", "");
user_pref("browser.safebrowsing.provider.google4.updateURL", "");
user_pref("browser.discovery.enabled", false);
user_pref("browser.search.update", false);
user_pref("browser.region.network.url", "");
user_pref("browser.region.update.enabled", false);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.startup.page", 0);
user_pref("browser.startup.homepage", "about:blank");
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("extensions.systemAddon.update.enabled", false);
user_pref("extensions.blocklist.enabled", false);
user_pref("media.gmp-manager.url", "");
user_pref("media.gmp-gmpopenh264.enabled", false);
user_pref("geo.provider.network.url", "");
user_pref("dom.push.enabled", false);
user_pref("dom.push.serverURL", "");
user_pref("messaging-system.rsexperimentloader.enabled", false);
user_pref("security.OCSP.enabled", 0);
user_pref("security.remote_settings.crlite_filters.enabled", false);
user_pref("security.remote_settings.intermediates.enabled", false);
user_pref("security.certerrors.mitm.priming.enabled", false);
user_pref("security.enterprise_roots.enabled", false);
user_pref("toolkit.startup.max_resumed_crashes", -1);
user_pref("browser.tabs.crashReporting.sendReport", false);
user_pref("network.cookie.cookieBehavior", 1);
EOF
bind_over "$T/distribution" "$DIST_DIR"

# ------------------------------------------------------------ Firefox
export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config XDG_CACHE_HOME=$T/home/.cache \
	XDG_DATA_HOME=$T/home/.local/share MOZ_CRASHREPORTER_DISABLE=1 MOZ_HEADLESS=1
# First a page without client authentication: proves the policy's CA trust,
# the proxy bypass for 127.0.0.1 and the screenshot path on their own.
port0=$(free_port)
bg_start s_server0 timeout -k 5 100 openssl s_server -accept "127.0.0.1:$port0" \
	-cert "$T/server.pem" -key "$T/server.key" -www
s0_pid=$BG_PID
if wait_port "$port0" "$s0_pid" 20 &&
	expect_ok "firefox-esr --headless --screenshot https://127.0.0.1:$port0/ (no client auth)" \
		timeout -k 10 60 "$FIREFOX" --headless --no-remote --profile "$T/profile" \
		--screenshot "$T/screenshot0.png" "https://127.0.0.1:$port0/"; then
	check "the test CA installed by policy is trusted (no TLS alert at the server)" sh -c \
		"grep -q '^ACCEPT' '$T/s_server0.log' && ! grep -qiE 'alert|error' '$T/s_server0.log'"
	check "screenshot of the page written" test -s "$T/screenshot0.png"
fi
stop_pid "$s0_pid"

n_log=$((n_log + 1))
LAST_LOG=$T/logs/$n_log.log
timeout -k 10 "${FIREFOX_TIMEOUT:-120}" "$FIREFOX" --headless --no-remote --profile "$T/profile" \
	--screenshot "$T/screenshot.png" "https://127.0.0.1:$port/" >"$LAST_LOG" 2>&1 </dev/null
ff_rc=$?
# fail_or_limit CHECK [LOG]: a stand-in module may have a named reason.
fail_or_limit() {
	if [ -n "${MODULE_LIMITS[firefox-client-auth]:-}" ]; then
		limit "$1" "${MODULE_LIMITS[firefox-client-auth]}"
	else
		fail "$@"
	fi
}
[ $ff_rc -eq 0 ] && pass "firefox-esr --headless --screenshot https://127.0.0.1:$port/ (exit 0)" ||
	fail_or_limit "firefox-esr --headless --screenshot https://127.0.0.1:$port/ (exit $ff_rc)" "$LAST_LOG"
[ -s "$T/screenshot.png" ] && pass "screenshot written" || fail_or_limit "screenshot written"
[ -n "${CLIENTS_SCREENSHOT:-}" ] && cp "$T/screenshot.png" "$CLIENTS_SCREENSHOT" 2>/dev/null

check "Firefox registered the module from the policy (pkcs11.txt)" \
	grep -qF "library=$MODULE" "$T/profile/pkcs11.txt"
# s_server's verify callback prints "depth=0 O = ..., CN = ..." per cert.
want_cn=${client_subject##*CN=}
if grep -q "^depth=0 .*CN = $want_cn\$" "$T/s_server.log"; then
	pass "s_server received the token's client certificate (CN=$want_cn)"
else
	fail_or_limit "s_server received the token's client certificate (CN=$want_cn)" "$T/s_server.log"
fi
check "s_server saw Firefox connect (ACCEPT)" grep -q '^ACCEPT' "$T/s_server.log"
stop_pid "$server_pid"
clients_finish
