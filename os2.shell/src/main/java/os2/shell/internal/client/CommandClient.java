package os2.shell.internal.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code os2} script's fast path for {@code -c}: a small JVM (no OSGi) that hands the lines to
 * the resident OS2 daemon (the bundle's {@code CommandServer}) and plays back what the commands
 * write, as they write it, on its own stdout and stderr; its exit status is theirs. Its stdin goes
 * to the daemon once a command reads it (and is not touched otherwise).
 *
 * <pre>
 * CommandClient SOCKET WORKSPACE [--json] [-c LINE]...   run the lines (WORKSPACE empty: the default)
 * CommandClient SOCKET WORKSPACE --mcp            serve an MCP client on stdin and stdout (WORKSPACE empty: a new one)
 * CommandClient SOCKET WORKSPACE --mcp --http PORT serve MCP over HTTP on 127.0.0.1:PORT until this client ends
 * CommandClient SOCKET --stop                     end the daemon once its running commands end
 * </pre>
 *
 * It sends the home's {@link DaemonToken} (beside SOCKET) first; a daemon that refuses it (another
 * user, a wrong token) is told in one line, status {@link ExitStatus#FAILED}.
 *
 * When no daemon listens on SOCKET it exits with {@link #NO_DAEMON}, having printed nothing and
 * removed the socket a dead daemon left, so the script starts OS2 itself instead.
 */
public final class CommandClient {

	/** No daemon answered; nothing was run. The script tells it from a command's status 111 by the socket being gone. */
	static final int NO_DAEMON = 111;

	/** Our stdout or stderr was closed: the status a shell gives a process SIGPIPE ended (128 + 13). */
	static final int OUTPUT_CLOSED = 141;

	private CommandClient() {
	}

	public static void main(String[] args) {
		if (args.length < 2) {
			System.err.println("os2: usage: CommandClient SOCKET (WORKSPACE [-c LINE]... | --stop)");
			System.exit(ExitStatus.USAGE);
		}
		Path socket = Path.of(args[0]);
		SocketChannel channel;
		try {
			channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
		} catch (IOException noDaemon) {
			if (noDaemon instanceof ConnectException) {
				removeStale(socket);
			}
			System.exit(NO_DAEMON);
			return;
		}
		Path tokenFile = DaemonToken.of(socket);
		byte[] token;
		try {
			token = DaemonToken.read(tokenFile);
		} catch (IOException unreadable) {
			System.err.println("os2: cannot read the daemon's token " + tokenFile + " (" + describe(unreadable)
					+ "); stop the daemon with 'os2 --stop-daemon' or run with OS2_DAEMON=off");
			System.exit(ExitStatus.FAILED);
			return;
		}
		endWithTheScript();
		System.exit(talk(channel, token, request(args), socket));
	}

	/**
	 * The script waits for this client (to tell a command's status from no daemon), so killing
	 * the script would leave the client running, and the daemon running its command. A client
	 * whose script is gone ends, which ends its command too.
	 */
	private static void endWithTheScript() {
		ProcessHandle.current().parent().ifPresent(script -> script.onExit().thenRun(() -> Runtime.getRuntime().halt(ExitStatus.FAILED)));
	}

	private static DaemonProtocol.Request request(String[] args) {
		if (args[1].equals("--stop")) {
			return new DaemonProtocol.Request("", List.of(), true);
		}
		if (args.length > 2 && args[2].equals("--mcp")) {
			int port = args.length > 4 && args[3].equals("--http") ? Integer.parseInt(args[4]) : DaemonProtocol.Request.NO_HTTP;
			return new DaemonProtocol.Request(args[1], List.of(), false, true, false, port);
		}
		List<String> lines = new ArrayList<>();
		boolean json = false;
		for (int i = 2; i < args.length; i++) {
			if (args[i].equals("--json")) {
				json = true;
			} else if (args[i].equals("-c") && i + 1 < args.length) {
				lines.add(args[++i]);
			}
		}
		return new DaemonProtocol.Request(args[1], lines, false, false, json, DaemonProtocol.Request.NO_HTTP);
	}

	private static int talk(SocketChannel channel, byte[] token, DaemonProtocol.Request request, Path socket) {
		PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out));
		PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err));
		StatusLine progress = StatusLine.forStderr(stderr);
		try {
			DataOutputStream toDaemon = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
			DaemonProtocol.writeRequest(toDaemon, token, request);
			boolean forwarding = false;
			DataInputStream fromDaemon = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
			for (DaemonProtocol.Frame frame; (frame = DaemonProtocol.readFrame(fromDaemon)) != null;) {
				switch (frame.type()) {
					case DaemonProtocol.STDOUT -> {
						if (!delivered(progress, stdout, frame.bytes())) {
							return OUTPUT_CLOSED;
						}
					}
					case DaemonProtocol.STDERR -> {
						if (!delivered(progress, stderr, frame.bytes())) {
							return OUTPUT_CLOSED;
						}
					}
					case DaemonProtocol.PROGRESS -> progress.show(new String(frame.bytes(), StandardCharsets.UTF_8));
					case DaemonProtocol.INPUT_WANTED -> {
						// stdin is read only for a command that reads it: a 'while read' loop keeps the rest
						if (!forwarding) {
							forwarding = true;
							Thread.ofPlatform().daemon().name("os2-stdin").start(() -> forwardInput(toDaemon));
						}
					}
					case DaemonProtocol.REFUSED -> {
						System.err.println("os2: the daemon at " + socket + " refused this client: "
								+ new String(frame.bytes(), StandardCharsets.UTF_8));
						return ExitStatus.FAILED;
					}
					case DaemonProtocol.EXIT -> {
						progress.show("");
						return frame.status();
					}
					default -> throw new IOException("unexpected frame type " + frame.type());
				}
			}
			throw new IOException("the connection ended");
		} catch (IOException broken) {
			System.err.println("os2: the OS2 daemon stopped answering (" + broken.getMessage() + "); its log is "
					+ socket.resolveSibling("daemon.log") + "; OS2_DAEMON=off runs without it");
			return ExitStatus.FAILED;
		}
	}

	/**
	 * Writes to our own stdout or stderr; false when it is closed (a reader like {@code head} has
	 * read enough). That ends this client quietly, as SIGPIPE ends a process, and with it the
	 * connection, so the daemon stops the command.
	 */
	private static boolean delivered(StatusLine progress, PrintStream stream, byte[] bytes) {
		progress.write(stream, bytes, 0, bytes.length);
		return !stream.checkError();
	}

	/** Our stdin, as it comes, to the daemon; then an empty frame for its end. */
	private static void forwardInput(DataOutputStream toDaemon) {
		InputStream stdin = new FileInputStream(FileDescriptor.in);
		byte[] buffer = new byte[8192];
		try {
			for (int read; (read = stdin.read(buffer)) >= 0;) {
				if (read > 0) {
					toDaemon.write(DaemonProtocol.frame(DaemonProtocol.STDIN, buffer, 0, read));
					toDaemon.flush();
				}
			}
			toDaemon.write(DaemonProtocol.frame(DaemonProtocol.STDIN, buffer, 0, 0));
			toDaemon.flush();
		} catch (IOException ended) {
			// the command is over, or the daemon gone: the main thread says which
		}
	}

	private static String describe(IOException e) {
		return e instanceof NoSuchFileException ? "it does not exist" : e.getMessage();
	}

	/** A socket nobody listens on: its daemon was killed. Removed, so the next start does not try it. */
	private static void removeStale(Path socket) {
		try {
			Files.deleteIfExists(socket);
		} catch (IOException cannot) {
			// the script starts OS2 itself either way
		}
	}
}
