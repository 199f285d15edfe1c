package os2.shell.internal.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import os2.shell.internal.client.CommandClient;
import os2.shell.internal.client.ExitStatus;
import os2.shell.internal.session.CoreServices;

/**
 * The OS2 daemon: keeps one started OS2 and runs the {@code -c} lines of {@link CommandClient}s in
 * it, so that a command costs a small JVM's start instead of the framework's. Listens on a Unix
 * socket in a directory only its owner can enter, and serves only clients of its own user that
 * send the home's token ({@link ClientGate}); ends when it has had no client for the idle time, when asked
 * to stop, or when its socket file is removed or replaced (its home deleted, a newer daemon).
 */
public final class CommandServer {

	private static final long POLL_MILLIS = 1000;

	private final CoreServices core;
	private final ServeOptions options;
	private final boolean verbose;
	private final PrintStream log;
	private final AtomicInteger active = new AtomicInteger();
	private final AtomicInteger served = new AtomicInteger();
	private volatile boolean stopping;
	private volatile Instant lastActivity = Instant.now();
	private Selector selector;
	private ClientGate gate;
	private Path runDirectory;

	CommandServer(CoreServices core, ServeOptions options, boolean verbose, PrintStream log) {
		this.core = core;
		this.options = options;
		this.verbose = verbose;
		this.log = log;
	}

	/**
	 * Serves clients if OS2 is whole.
	 *
	 * @return the daemon's exit status: 0 once it has ended as planned, {@link ExitStatus#DECLINED}
	 *         when OS2 is not whole
	 */
	public static int serve(CoreServices core, ServeOptions options, boolean verbose, PrintStream log) {
		CommandServer server = new CommandServer(core, options, verbose, log);
		if (core.ledger() == null || core.sessions() == null) {
			server.log("not serving: the ledger or the kernel is not running ('os2 -c status' says why)", null);
			return ExitStatus.DECLINED;
		}
		return server.serve();
	}

	private int serve() {
		Path socket = options.socket();
		try {
			RunDirectory run = RunDirectory.prepare(socket.getParent());
			gate = new ClientGate(run.owner(), run.token());
			runDirectory = run.directory().toRealPath();
		} catch (IOException | UnsupportedOperationException unsafe) {
			log("not serving: cannot make " + socket.getParent() + " private: " + unsafe.getMessage(), verbose ? unsafe : null);
			return ExitStatus.FAILED;
		}
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
				Selector accepting = Selector.open()) {
			selector = accepting;
			// a dead daemon's socket, or anything planted there: unlinked, never followed
			Files.deleteIfExists(socket);
			server.bind(UnixDomainSocketAddress.of(socket));
			Object ours = fileKey(socket);
			// chmod follows links; the socket we bound is still there (the directory is ours alone)
			if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
				throw new IOException(socket + " was replaced while the daemon bound it");
			}
			Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
			server.configureBlocking(false);
			server.register(accepting, SelectionKey.OP_ACCEPT);
			log("serving on " + socket + " (ending after " + options.idle().toSeconds() + " s without clients)", null);
			try {
				while (!stopping && !idleTooLong() && Objects.equals(ours, fileKey(socket))) {
					accepting.select(POLL_MILLIS);
					accepting.selectedKeys().clear();
					for (SocketChannel client; (client = server.accept()) != null;) {
						start(client);
					}
				}
			} finally {
				if (Objects.equals(ours, fileKey(socket))) {
					Files.deleteIfExists(socket);
				}
			}
			awaitClients();
			log("ended after " + served.get() + " requests", null);
			return 0;
		} catch (IOException e) {
			log("cannot serve on " + socket + ": " + e.getMessage(), verbose ? e : null);
			return ExitStatus.FAILED;
		}
	}

	/** Ends the daemon once the clients being served are done; no new one is taken. */
	void stop() {
		stopping = true;
		Selector waiting = selector;
		if (waiting != null) {
			waiting.wakeup();
		}
	}

	void log(String message, Throwable cause) {
		log.println(Instant.now() + " os2 daemon: " + message);
		if (cause != null) {
			cause.printStackTrace(log);
		}
	}

	/** A refused client, on record in the daemon's log (never on a console). */
	void warn(String message) {
		log("WARN " + message, null);
	}

	/** The run directory, by its real path: no workspace may hold it (it would be bound into sandboxes). */
	Path runDirectory() {
		return runDirectory;
	}

	private void start(SocketChannel client) throws IOException {
		client.configureBlocking(true);
		active.incrementAndGet();
		ClientConnection connection = new ClientConnection(client, core, this, gate, verbose);
		Thread.ofPlatform().name("os2-client-" + served.incrementAndGet()).start(() -> {
			try {
				connection.run();
			} finally {
				lastActivity = Instant.now();
				active.decrementAndGet();
			}
		});
	}

	private boolean idleTooLong() {
		return active.get() == 0 && lastActivity.plus(options.idle()).isBefore(Instant.now());
	}

	private void awaitClients() {
		while (active.get() > 0) {
			try {
				Thread.sleep(20);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** The socket file's identity (device and inode), or null when it is gone. */
	private static Object fileKey(Path socket) {
		try {
			return Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
		} catch (IOException gone) {
			return null;
		}
	}
}
