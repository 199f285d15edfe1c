package os2.shell.internal.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import os2.kernel.api.Cancellation;
import os2.kernel.api.RunResult;
import os2.shell.internal.client.DaemonProtocol;
import os2.shell.internal.client.DaemonToken;
import os2.shell.internal.client.ExitStatus;
import os2.shell.internal.client.StatusLine;
import os2.shell.internal.console.OneShotRun;
import os2.shell.internal.mcp.McpHttp;
import os2.shell.internal.mcp.McpStdio;
import os2.shell.internal.session.CoreServices;
import os2.shell.internal.session.DeployBarrier;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.ShellSession;

/**
 * One client of the OS2 daemon: its request read, its lines run in a shell session of their own
 * (with its workspace, its stdin, its stdout and stderr), its exit status sent back. A client that
 * goes away (Ctrl-C, killed, its output closed) stops what it started, as a process of its own
 * would have: through a {@link Cancellation}, never by interrupting the thread running its lines,
 * which may be in the middle of recording them.
 */
final class ClientConnection implements Runnable {

	private final SocketChannel channel;
	private final CoreServices core;
	private final CommandServer server;
	private final ClientGate gate;
	private final boolean verbose;
	private final InputPipe stdin = new InputPipe();
	private final Cancellation gone = new Cancellation();

	ClientConnection(SocketChannel channel, CoreServices core, CommandServer server, ClientGate gate, boolean verbose) {
		this.channel = channel;
		this.core = core;
		this.server = server;
		this.gate = gate;
		this.verbose = verbose;
	}

	@Override
	public void run() {
		try (channel) {
			// the user first, before a byte of what it sent is read
			Optional<String> stranger = gate.peerRefusal(channel);
			if (stranger.isPresent()) {
				refuse(stranger.get());
				return;
			}
			DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
			if (!gate.tokenMatches(DaemonProtocol.readHello(in))) {
				refuse("it did not send the token in " + server.runDirectory().resolve(DaemonToken.FILE_NAME));
				return;
			}
			DaemonProtocol.Request request = DaemonProtocol.readRequest(in);
			FrameWriter writer = new FrameWriter(new BufferedOutputStream(Channels.newOutputStream(channel)),
					Thread.currentThread().getName() + "-out", this::clientGone);
			if (request.stop()) {
				server.stop();
				writer.finish(0);
				return;
			}
			// an MCP client over stdio: its messages read and its replies written by the threads that
			// handle them, without a queue between (StdinFrames, FrameWriter.direct); the stdin is wanted at once
			boolean mcpOnStdio = request.mcp() && request.httpPort() == DaemonProtocol.Request.NO_HTTP;
			if (mcpOnStdio) {
				writer.inputWanted();
			} else {
				stdin.onFirstRead(writer::inputWanted);
				Thread.ofPlatform().daemon().name(Thread.currentThread().getName() + "-in").start(() -> readInput(in));
			}
			PrintStream err = writer.stream(DaemonProtocol.STDERR);
			int status;
			try {
				status = mcpOnStdio ? serveMcp(request, new StdinFrames(in, this::clientGone), writer.direct(DaemonProtocol.STDOUT), err)
						: request.mcp() ? serveMcp(request, stdin, writer.stream(DaemonProtocol.STDOUT), err)
								: runLines(request, writer.stream(DaemonProtocol.STDOUT), err, writer.statusLine());
			} catch (RuntimeException broken) {
				// The boundary, as in ShellMain: the client hears one line, the log has the rest.
				err.println("os2: " + broken.getMessage());
				server.log("a client's command failed: " + broken, broken);
				status = ExitStatus.FAILED;
			}
			writer.finish(status);
		} catch (IOException | RuntimeException broken) {
			server.log("a client's request failed: " + broken, verbose ? broken : null);
		}
	}

	/** Tells the client why it is not served, in one frame, and the daemon's log likewise. */
	private void refuse(String reason) throws IOException {
		server.warn("refused a client: " + reason);
		byte[] text = reason.getBytes(StandardCharsets.UTF_8);
		ByteBuffer frame = ByteBuffer.wrap(DaemonProtocol.frame(DaemonProtocol.REFUSED, text, 0, text.length));
		while (frame.hasRemaining()) {
			channel.write(frame);
		}
	}

	private int runLines(DaemonProtocol.Request request, PrintStream out, PrintStream err, StatusLine progress) {
		Path workspace = request.workspace().isEmpty() ? core.environment().workspace() : Path.of(request.workspace());
		Optional<String> unfit = unfit(workspace);
		if (unfit.isPresent()) {
			err.println("os2: " + unfit.get());
			return ExitStatus.USAGE;
		}
		new DeployBarrier(core.context(), core.environment().deployDirectory(), err).await();
		// the daemon serves agents only: the administrator's session is a process of its own (--admin)
		ShellSession shellSession = ShellSession.open(core, FrontEnd.Role.AGENT, "-c", workspace, err);
		int status = OneShotRun.run(core, shellSession, request.lines(), stdin, out, err, progress, verbose, gone, request.json());
		shellSession.close(status);
		return status;
	}

	/** An MCP client, on the client's stdin and stdout, in the workspace it named or a new one. */
	private int serveMcp(DaemonProtocol.Request request, InputStream in, OutputStream out, PrintStream err) {
		Path workspace = request.workspace().isEmpty() ? null : Path.of(request.workspace());
		Optional<String> unfit = workspace == null ? Optional.empty() : unfit(workspace);
		if (unfit.isPresent()) {
			err.println("os2: " + unfit.get());
			return ExitStatus.USAGE;
		}
		if (request.httpPort() != DaemonProtocol.Request.NO_HTTP) {
			return McpHttp.serve(core, request.httpPort(), workspace, err, gone);
		}
		return McpStdio.serve(core, in, out, err, workspace);
	}

	/** Why {@code workspace} cannot be a client's workspace, if it cannot. */
	private Optional<String> unfit(Path workspace) {
		if (!workspace.isAbsolute() || !Files.isDirectory(workspace)) {
			return Optional.of("the workspace " + workspace + " is not a directory; give an existing one with --workspace");
		}
		// The workspace is bound into sandboxes: one that holds the run directory would hand them
		// the token and the socket.
		if (holdsRunDirectory(workspace)) {
			return Optional.of("the workspace " + workspace + " holds the daemon's run directory " + server.runDirectory()
					+ ", which no sandbox may see; choose a workspace outside it with --workspace");
		}
		return Optional.empty();
	}

	private boolean holdsRunDirectory(Path workspace) {
		try {
			return server.runDirectory().startsWith(workspace.toRealPath());
		} catch (IOException unknown) {
			return true; // cannot tell: refused
		}
	}

	/** The client's stdin frames, until it ends; the end of the connection means the client is gone. */
	private void readInput(DataInputStream in) {
		try {
			for (DaemonProtocol.Frame frame; (frame = DaemonProtocol.readFrame(in)) != null;) {
				if (frame.type() == DaemonProtocol.STDIN) {
					stdin.feed(frame.bytes());
				}
			}
		} catch (IOException closed) {
			// the same as the end of the connection
		}
		stdin.feed(new byte[0]);
		clientGone();
	}

	/** Stops the client's command: the kernel ends its run, on record, and no later line starts. */
	private void clientGone() {
		gone.cancel(RunResult.ENDED_BY_CALLER);
	}
}
