#!/bin/bash
# OpenSSH with token keys (RSA, which OpenSSH signs with CKM_RSA_PKCS over a
# DigestInfo for rsa-sha2-256/512, and ECDSA P-256): ssh-keygen -D lists
# them, ssh-agent + ssh-add -s loads them, ssh -I logs in to an sshd started
# on 127.0.0.1 with the token key as the only identity, the agent does the
# same, and ssh-keygen -Y sign (through the agent: OpenSSH 9.2 signs with a
# PKCS#11 key only that way) / -Y verify.
. "$(dirname "$0")/lib.sh"
# A mount namespace gives sshd the privilege separation dir /run/sshd it
# needs as root without creating it on the system.
clients_enter_mount_ns "$@"
clients_init "$@"
need_programs ssh ssh-keygen ssh-agent ssh-add
SSHD=$(command -v sshd || echo /usr/sbin/sshd)
need_files "$SSHD"

if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
	mount -t tmpfs -o mode=0755 parsec-clients-run /run &&
		mkdir -m 0755 /run/sshd || { fail "private /run/sshd"; exit 1; }
fi
USER_NAME=$(id -un)

make_key ssh-rsa d1 rsa:2048 sign
make_key ssh-ec d2 EC:prime256v1 sign

# Answers every PIN prompt (ssh, ssh-add): the module ignores it without a
# PIN; SoftHSM needs its user PIN.
printf '#!/bin/sh\necho %s\n' "$PIN" >"$T/askpass"
chmod +x "$T/askpass"
export SSH_ASKPASS=$T/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=${DISPLAY:-:0}
unset SSH_AUTH_SOCK

# expected OpenSSH public keys, from the keys read back by pkcs11-tool
for k in ssh-rsa ssh-ec; do
	ssh-keygen -i -m PKCS8 -f "$T/$k.pub.pem" >"$T/$k.ssh.pub"
	fp[$([ $k = ssh-rsa ] && echo 0 || echo 1)]=$(ssh-keygen -lf "$T/$k.ssh.pub" | awk '{print $2}')
done
key_blob() { awk '{print $1, $2}' "$1"; }

# ------------------------------------------------------------ ssh-keygen -D
expect_ok "ssh-keygen -D lists the token's public keys" ssh-keygen -D "$MODULE" &&
	for k in ssh-rsa ssh-ec; do
		check "ssh-keygen -D shows $k" grep -qF "$(key_blob "$T/$k.ssh.pub")" "$LAST_LOG"
	done

# ------------------------------------------------------------ sshd
port=$(free_port)
ssh-keygen -q -t ed25519 -N '' -C host -f "$T/host_key"
cat "$T/ssh-rsa.ssh.pub" "$T/ssh-ec.ssh.pub" >"$T/authorized_keys"
chmod 600 "$T/authorized_keys"
cat >"$T/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $T/host_key
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
AuthenticationMethods publickey
PubkeyAuthentication yes
# No SHA-1 ssh-rsa: an RSA login proves an rsa-sha2-256/512 signature.
PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $USER_NAME
StrictModes no
UsePAM no
LogLevel VERBOSE
EOF
printf '127.0.0.1 %s\n[127.0.0.1]:%s %s\n' "$(cat "$T/host_key.pub")" "$port" "$(cat "$T/host_key.pub")" |
	awk '{print $1, $2, $3}' >"$T/known_hosts"
expect_ok "sshd -t accepts the test config" "$SSHD" -t -f "$T/sshd_config"
bg_start sshd timeout -k 5 180 "$SSHD" -D -e -f "$T/sshd_config"
sshd_pid=$BG_PID
if wait_port "$port" "$sshd_pid" 20; then
	pass "sshd listens on 127.0.0.1:$port"
else
	fail "sshd listens on 127.0.0.1:$port" "$T/sshd.log"
	clients_finish
fi

# No agent, no key files: only what the options add. (With IdentitiesOnly=yes
# OpenSSH uses a PKCS#11 or agent key only when an IdentityFile names its
# public half, which pins the exact token key.)
SSH_BASE=(ssh -F /dev/null -p "$port" -o UserKnownHostsFile="$T/known_hosts"
	-o StrictHostKeyChecking=yes -o PasswordAuthentication=no
	-o KbdInteractiveAuthentication=no -o ConnectTimeout=10)

# ssh_login NAME FINGERPRINT ARGS...: runs "echo ok" remotely and checks
# that sshd accepted exactly that key.
ssh_login() {
	local name=$1 want=$2
	shift 2
	expect_ok "$name" "${SSH_BASE[@]}" "$@" "$USER_NAME@127.0.0.1" echo ok &&
		check "$name: remote command printed ok" grep -qx ok "$LAST_LOG" &&
		check "$name: sshd accepted key $want" grep -q "Accepted publickey for $USER_NAME .* $want" "$T/sshd.log"
}

# Only the token key of one type is authorised at a time, so each login
# proves that this key signed.
cp "$T/ssh-ec.ssh.pub" "$T/authorized_keys"
ssh_login "ssh -I module (ECDSA key on the token, the only identity)" "${fp[1]}" \
	-o IdentityAgent=none -o IdentityFile=none -I "$MODULE"
cp "$T/ssh-rsa.ssh.pub" "$T/authorized_keys"
ssh_login "ssh -o PKCS11Provider=module -o IdentitiesOnly=yes (RSA key on the token, rsa-sha2)" "${fp[0]}" \
	-o IdentityAgent=none -o PKCS11Provider="$MODULE" -o IdentitiesOnly=yes \
	-o IdentityFile="$T/ssh-rsa.ssh.pub"
: >"$T/authorized_keys"
expect_fail "ssh -I module is refused when the token key is not authorised" \
	"${SSH_BASE[@]}" -o IdentityAgent=none -o IdentityFile=none -I "$MODULE" \
	"$USER_NAME@127.0.0.1" echo ok

# ------------------------------------------------------------ ssh-agent
agent_sock=$T/agent.sock
# -P: the module may live outside the default allowed /usr/lib*/* paths;
# the agent compares the real path (SoftHSM's path is a symlink).
bg_start ssh-agent timeout -k 5 180 ssh-agent -D -a "$agent_sock" -P "$(readlink -f "$MODULE")"
agent_pid=$BG_PID
i=0
while [ ! -S "$agent_sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
export SSH_AUTH_SOCK=$agent_sock
expect_ok "ssh-add -s module (PIN through SSH_ASKPASS)" ssh-add -s "$MODULE"
expect_ok "ssh-add -L" ssh-add -L &&
	for k in ssh-rsa ssh-ec; do
		check "ssh-add -L shows $k" grep -qF "$(key_blob "$T/$k.ssh.pub")" "$LAST_LOG"
	done
cat "$T/ssh-rsa.ssh.pub" "$T/ssh-ec.ssh.pub" >"$T/authorized_keys"
cp "$T/ssh-ec.ssh.pub" "$T/authorized_keys"
ssh_login "ssh through ssh-agent holding the token keys (ECDSA)" "${fp[1]}" \
	-o IdentityAgent="$agent_sock" -o IdentitiesOnly=yes -o IdentityFile="$T/ssh-ec.ssh.pub"
cp "$T/ssh-rsa.ssh.pub" "$T/authorized_keys"
ssh_login "ssh through ssh-agent holding the token keys (RSA)" "${fp[0]}" \
	-o IdentityAgent="$agent_sock" -o IdentitiesOnly=yes -o IdentityFile="$T/ssh-rsa.ssh.pub"

# ------------------------------------------------------------ -Y sign/verify
printf 'a message signed by a PKCS#11 key through ssh-agent\n' >"$T/msg"
for k in ssh-rsa ssh-ec; do
	rm -f "$T/msg.sig"
	expect_ok "ssh-keygen -Y sign -f $k.pub (private half in the agent)" \
		ssh-keygen -Y sign -f "$T/$k.ssh.pub" -n parsec-test "$T/msg" || continue
	printf 'tester@parsec.test namespaces="parsec-test" %s\n' "$(key_blob "$T/$k.ssh.pub")" \
		>"$T/allowed_signers"
	expect_ok "ssh-keygen -Y verify ($k)" sh -c "ssh-keygen -Y verify -f '$T/allowed_signers' \
		-I tester@parsec.test -n parsec-test -s '$T/msg.sig' <'$T/msg'"
	expect_fail "ssh-keygen -Y verify rejects a changed message ($k)" sh -c "echo changed |
		ssh-keygen -Y verify -f '$T/allowed_signers' -I tester@parsec.test -n parsec-test -s '$T/msg.sig'"
done
expect_ok "ssh-add -e module (remove the token keys)" ssh-add -e "$MODULE"
expect_ok "ssh-add -L after removal" sh -c "ssh-add -L; true" &&
	check "the agent holds no token key any more" sh -c "! grep -qF '$(key_blob "$T/ssh-ec.ssh.pub")' '$LAST_LOG'"

stop_pid "$agent_pid"
stop_pid "$sshd_pid"
clients_finish
