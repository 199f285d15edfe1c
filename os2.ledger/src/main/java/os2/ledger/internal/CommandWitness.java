package os2.ledger.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import os2.ledger.witness.WitnessStatus;

/**
 * A witness run as a local command, such as {@code ./os2 witness add-checkpoint DIR}: the request
 * on its stdin, the cosignature on its stdout, a refusal as its exit status (see
 * {@link WitnessStatus}) with the reason on stderr. It runs as the OS2 user, with OS2's
 * environment, in {@code $OS2_HOME}; a witness meant to be independent wraps itself (sudo -u, ssh).
 */
final class CommandWitness implements WitnessClient {

	/** A witness answers in well under a second; one that does not is treated as down, and asked again next time. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);
	private static final int MAX_OUTPUT = 64 * 1024;

	private final List<String> command;
	private final Path directory;
	private final Duration timeout;
	private volatile Process running;
	private volatile boolean cancelled;

	CommandWitness(List<String> command, Path directory, Duration timeout) {
		this.command = List.copyOf(command);
		this.directory = directory;
		this.timeout = timeout;
	}

	@Override
	public WitnessReply send(String request) {
		Process process;
		try {
			process = new ProcessBuilder(command).directory(directory.toFile()).start();
		} catch (IOException | RuntimeException e) {
			return WitnessReply.failed("cannot run '" + String.join(" ", command) + "': " + String.valueOf(e.getMessage()).strip());
		}
		running = process;
		try {
			// drained on threads of their own: a witness that writes much and reads nothing must not stall this one
			CompletableFuture<String> out = drain(process.getInputStream());
			CompletableFuture<String> err = drain(process.getErrorStream());
			try (OutputStream in = process.getOutputStream()) {
				in.write(request.getBytes(StandardCharsets.UTF_8));
			} catch (IOException closedEarly) {
				// it stopped reading: its exit status and stderr say why
			}
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || cancelled) {
				process.destroyForcibly();
				return WitnessReply.failed(cancelled ? "OS2 stopped before it answered"
						: "'" + String.join(" ", command) + "' did not answer within " + timeout.toSeconds() + " s");
			}
			WitnessStatus status = WitnessStatus.ofExitStatus(process.exitValue());
			// a grandchild that kept a pipe open must not hold this thread past the exit
			String reason = firstLine(err.completeOnTimeout("", 1, TimeUnit.SECONDS).join());
			if (status == null) {
				return WitnessReply.failed("'" + String.join(" ", command) + "' failed (exit status " + process.exitValue() + ")"
						+ (reason.isEmpty() ? "" : ": " + reason));
			}
			return new WitnessReply(status, out.completeOnTimeout("", 1, TimeUnit.SECONDS).join(), reason);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			return WitnessReply.failed("interrupted while waiting for the witness");
		} finally {
			running = null;
		}
	}

	@Override
	public void cancel() {
		cancelled = true;
		Process process = running;
		if (process != null) {
			process.destroyForcibly();
		}
	}

	private static CompletableFuture<String> drain(InputStream stream) {
		CompletableFuture<String> text = new CompletableFuture<>();
		Thread.ofVirtual().name("os2-ledger-witness-pipe").start(() -> {
			try (stream) {
				byte[] bytes = stream.readNBytes(MAX_OUTPUT);
				stream.transferTo(OutputStream.nullOutputStream()); // the rest unread, so the witness is not blocked
				text.complete(new String(bytes, StandardCharsets.UTF_8));
			} catch (IOException e) {
				text.complete("");
			}
		});
		return text;
	}

	private static String firstLine(String text) {
		String stripped = text.strip();
		int end = stripped.indexOf('\n');
		return end < 0 ? stripped : stripped.substring(0, end);
	}
}
