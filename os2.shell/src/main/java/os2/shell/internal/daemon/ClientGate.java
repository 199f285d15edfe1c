package os2.shell.internal.daemon;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.util.Optional;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who the daemon serves: its owner, from outside any sandbox. A client must run as the daemon's
 * own user — the kernel says so ({@code SO_PEERCRED}: the user that connected, which the client
 * cannot choose) — and must send the home's token, which only that user can read and which no
 * sandbox has bound. Either failing refuses the client before anything of its request is read
 * (the user) or run (the token). Both fail closed: a user that cannot be learnt is refused.
 */
final class ClientGate {

	private final UserPrincipal owner;
	private final byte[] token;

	ClientGate(UserPrincipal owner, byte[] token) {
		this.owner = owner;
		this.token = token.clone();
	}

	/** Why the peer on {@code channel} is not served, if it is not. */
	Optional<String> peerRefusal(SocketChannel channel) {
		UnixDomainPrincipal peer;
		try {
			peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
		} catch (IOException | UnsupportedOperationException unknown) {
			return Optional.of("its user could not be learnt (" + unknown.getMessage() + ")");
		}
		return peerRefusal(owner, peer);
	}

	/**
	 * Why a peer running as {@code peer} is not served by a daemon of {@code owner}. Both
	 * principals come from a uid through the JDK's same lookup, so equal users are equal principals.
	 */
	static Optional<String> peerRefusal(UserPrincipal owner, UnixDomainPrincipal peer) {
		if (peer == null || !owner.equals(peer.user())) {
			String who = peer == null ? "an unknown user" : "user " + peer.user().getName();
			return Optional.of("it runs as " + who + "; this daemon serves only " + owner.getName());
		}
		return Optional.empty();
	}

	/** Whether {@code sent} is the home's token; compared in constant time. */
	boolean tokenMatches(byte[] sent) {
		return MessageDigest.isEqual(token, sent);
	}
}
