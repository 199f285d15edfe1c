package os2.plugins.git;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code git daemon} serving the bare repositories of a directory on 127.0.0.1, at a free
 * port, with {@code --verbose}, so its log says whether anyone connected.
 */
final class GitDaemon implements AutoCloseable {

	private final Process process;
	private final Path log;
	final int port;

	GitDaemon(Path base, Path log) throws IOException, InterruptedException {
		this.port = freePort();
		this.log = log;
		this.process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--verbose", "--export-all", "--enable=receive-pack",
				"--base-path=" + base,
				"--listen=127.0.0.1", "--port=" + port, base.toString()).redirectErrorStream(true)
				.redirectOutput(log.toFile()).start();
		// However long a loaded machine takes: the tests' @Timeout bounds the waits.
		while (!probed()) {
			if (!process.isAlive()) {
				throw new IllegalStateException("git daemon did not start: " + Files.readString(log));
			}
			Thread.sleep(25);
		}
		awaitLoggedConnection();
	}

	/** Connects once, if the daemon listens yet. */
	private boolean probed() {
		try {
			new Socket("127.0.0.1", port).close();
			return true;
		} catch (IOException notYet) {
			return false;
		}
	}

	/** Waits until the probe's connection is in the log, so counting later sees only the others. */
	private void awaitLoggedConnection() throws IOException, InterruptedException {
		while (connections() == 0) {
			Thread.sleep(25);
		}
	}

	/** How many connections the daemon has seen (its own probe at start-up included). */
	long connections() throws IOException {
		return Files.readAllLines(log).stream().filter(line -> line.contains("Connection from")).count();
	}

	String url(String repository) {
		return "git://127.0.0.1:" + port + "/" + repository;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** Runs command-line git in {@code directory}; its output, or a failure with it. */
	static String git(Path directory, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Tester", "-c", "user.email=t@example.org",
				"-c", "init.defaultBranch=main", "-c", "gc.auto=0", "-c", "maintenance.auto=false"));
		command.addAll(List.of(arguments));
		Process git = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String said = new String(git.getInputStream().readAllBytes());
		if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + said);
		}
		return said;
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		process.waitFor(10, TimeUnit.SECONDS);
	}
}
