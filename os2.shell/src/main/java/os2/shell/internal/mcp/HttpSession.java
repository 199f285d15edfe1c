package os2.shell.internal.mcp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelcontextprotocol.spec.McpStreamableServerSession;
import reactor.core.publisher.Mono;

/**
 * An MCP session served over HTTP: the SDK's session, how many of its requests are unanswered
 * (at most {@link LineTransport#MAX_IN_FLIGHT}), and the notifications that came while its client
 * had no stream open to hear them. A client opens that stream (GET) only after {@code initialize}
 * is answered, and the SDK drops what is sent before: a tool list that changed in that moment
 * would never reach the client. So the last few are held and sent when the stream opens.
 */
final class HttpSession {

	/** Notifications held for a client without a stream; older ones give way (a list_changed repeats itself). */
	static final int MAX_HELD = 16;

	private record Held(String method, Object params) {
	}

	private final McpStreamableServerSession sdk;
	private final AtomicInteger inFlight = new AtomicInteger();
	/** {@link System#nanoTime} of the last request that named the session. */
	private volatile long lastSeen = System.nanoTime();
	/** Guarded by this: whether the SDK has a stream, and what waits for one, change together. */
	private final Deque<Held> held = new ArrayDeque<>();

	HttpSession(McpStreamableServerSession sdk) {
		this.sdk = sdk;
	}

	String id() {
		return sdk.getId();
	}

	McpStreamableServerSession sdk() {
		return sdk;
	}

	/** A request named the session: it is in use. */
	void seen() {
		lastSeen = System.nanoTime();
	}

	/**
	 * Whether its client has left it: no request unanswered, no stream open, and none named it for
	 * {@code idle}. A client that vanished without a DELETE leaves such a session behind.
	 */
	boolean abandoned(Duration idle) {
		return inFlight.get() == 0 && !sdk.hasListeningStream() && System.nanoTime() - lastSeen >= idle.toNanos();
	}

	/** Counts a request in; false, counting nothing, when {@link LineTransport#MAX_IN_FLIGHT} are unanswered. */
	boolean admit() {
		if (inFlight.incrementAndGet() > LineTransport.MAX_IN_FLIGHT) {
			inFlight.decrementAndGet();
			return false;
		}
		return true;
	}

	/** A request was answered (or will never be: its stream could not open). */
	void answered() {
		inFlight.decrementAndGet();
	}

	/** Makes {@code stream} the session's stream to its client, and sends it what was held. */
	synchronized void listen(SseStream stream) {
		McpStreamableServerSession.McpStreamableServerSessionStream listening = sdk.listeningStream(stream);
		stream.onBroken(listening::close); // the SDK then has no stream again, and holds nothing for a dead one
		List<Held> waiting = List.copyOf(held);
		held.clear();
		for (Held notification : waiting) {
			listening.sendNotification(notification.method(), notification.params()).onErrorComplete().subscribe();
		}
	}

	/** Sends a notification on the client's stream; holds it while there is none. Never fails. */
	Mono<Void> notify(String method, Object params) {
		return Mono.defer(() -> {
			synchronized (this) {
				if (!sdk.hasListeningStream()) {
					if (held.size() == MAX_HELD) {
						held.removeFirst();
					}
					held.addLast(new Held(method, params));
					return Mono.empty();
				}
			}
			return sdk.sendNotification(method, params).onErrorComplete();
		});
	}
}
