package os2.shell.internal.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.sun.net.httpserver.Headers;

/**
 * What a request to the HTTP transport must show by its headers alone, before anything else of it
 * is read: that it is meant for this server on this machine, and that its sender was given the
 * token. A web page whose host name was rebound to 127.0.0.1 (DNS rebinding) still sends its own
 * name as {@code Host}, and a browser names the page's origin in {@code Origin}: either, if not
 * the loopback address with this server's port, is refused (403). A request without the token as
 * {@code Authorization: Bearer} is refused (401).
 */
final class RequestChecks {

	/** Why a request is refused: its HTTP status and the error's message. */
	record Refusal(int status, String message) {
	}

	private static final String BEARER = "Bearer ";

	private final byte[] tokenDigest;
	private final Set<String> hosts;
	private final Set<String> origins;

	/**
	 * @param token what a client shows as its bearer token
	 * @param port the port the server is bound to: a Host or Origin must name it
	 */
	RequestChecks(String token, int port) {
		if (token == null || token.isBlank()) {
			throw new IllegalArgumentException("the HTTP transport needs a token");
		}
		this.tokenDigest = sha256(token);
		this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
		this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port);
	}

	/** Null for a request that may go on; else why it may not. */
	Refusal refusal(Headers headers) {
		if (!oneOf(headers.get("Host"), hosts)) {
			return new Refusal(403, "this server answers requests for 127.0.0.1 or localhost on its port only");
		}
		List<String> origin = headers.get("Origin");
		if (origin != null && !oneOf(origin, origins)) {
			return new Refusal(403, "requests from web pages of another origin are refused");
		}
		if (!tokenShown(headers.get("Authorization"))) {
			return new Refusal(401, "this server needs its token: Authorization: Bearer <token>");
		}
		return null;
	}

	/** Whether the request's {@code Accept} takes {@code type} (or anything). */
	static boolean accepts(Headers headers, String type) {
		List<String> accept = headers.get("Accept");
		if (accept == null) {
			return false;
		}
		String all = String.join(",", accept).toLowerCase(Locale.ROOT);
		return all.contains(type) || all.contains("*/*");
	}

	/** One value, and one of those allowed; host names and schemes are case-insensitive. */
	private static boolean oneOf(List<String> values, Set<String> allowed) {
		return values != null && values.size() == 1 && allowed.contains(values.get(0).strip().toLowerCase(Locale.ROOT));
	}

	/**
	 * Whether the one {@code Authorization} header shows the token. Digests are compared, in
	 * constant time: how long the comparison takes tells neither the token nor its length.
	 */
	private boolean tokenShown(List<String> authorization) {
		if (authorization == null || authorization.size() != 1) {
			return false;
		}
		String value = authorization.get(0);
		if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		return MessageDigest.isEqual(tokenDigest, sha256(value.substring(BEARER.length()).strip()));
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		} catch (NoSuchAlgorithmException impossible) {
			throw new IllegalStateException("every JDK has SHA-256", impossible);
		}
	}
}
