package os2.distribution.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./os2} as a person would, with its own {@code OS2_HOME}, and captures the exit
 * status, stdout and stderr. The launcher runs the jar this build exported, rather than building one.
 */
record Os2Run(int status, String stdout, String stderr) {

	static final Path ROOT = Path.of(System.getProperty("os2.root", "..")).toAbsolutePath().normalize();
	static final Path EXAMPLE_BUNDLE = Path.of(System.getProperty("os2.example.bundle"));

	static Os2Run of(Path home, String... arguments) {
		return with(home, Map.of(), "", arguments);
	}

	static Os2Run withInput(Path home, String stdin, String... arguments) {
		return with(home, Map.of(), stdin, arguments);
	}

	/** Runs {@code ./os2 --home HOME ARGUMENTS} with extra environment variables and piped input. */
	static Os2Run with(Path home, Map<String, String> environment, String stdin, String... arguments) {
		List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("os2").toString(), "--home", home.toString()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
		builder.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		builder.environment().remove("OS2_HOME");
		builder.environment().remove("OS2_WORKSPACE");
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			CompletableFuture<String> out = drain(process.getInputStream());
			CompletableFuture<String> err = drain(process.getErrorStream());
			try (OutputStream in = process.getOutputStream()) {
				in.write(stdin.getBytes(StandardCharsets.UTF_8));
			}
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("os2 " + String.join(" ", arguments) + " did not finish in 60 s");
			}
			return new Os2Run(process.exitValue(), out.join(), err.join());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", e);
		}
	}

	/**
	 * Reads {@code stream} to its end on a thread of its own: on the common pool (one thread on two
	 * cores) stdout's drain would wait for the end while stderr's pipe filled up and stopped os2.
	 */
	private static CompletableFuture<String> drain(InputStream stream) {
		return CompletableFuture.supplyAsync(() -> {
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			try (stream) {
				stream.transferTo(buffer);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			return buffer.toString(StandardCharsets.UTF_8);
		}, runnable -> Thread.ofPlatform().daemon().start(runnable));
	}

	@Override
	public String toString() {
		return "status " + status + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
	}
}
