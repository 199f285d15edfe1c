package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Json;

/**
 * What agent harnesses do all day, hundreds of times over: {@code -c} clients that close their
 * output early ({@code | head -1}), are interrupted (Ctrl-C), killed or timed out, among clients
 * that run to their end, while the daemon itself is SIGKILLed twice. Afterwards the record is
 * whole: every command whose client was told 0 is on record with status 0, every run-start has its
 * run-end, the daemon still records, and {@code ledger verify} passes.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ChaosIT {

	private static final int CLIENTS = 300;
	private static final int AT_ONCE = 4;
	private static final Set<Integer> DAEMON_KILLED_AFTER = Set.of(100, 200);

	/** What a client does, or has done to it, once its command has started. */
	enum Fate {
		RUNS_TO_ITS_END, CLOSES_ITS_OUTPUT, INTERRUPTED, KILLED, TIMED_OUT
	}

	record Outcome(String line, Fate fate, int status) {
	}

	@TempDir
	Path home;

	/** Reads the clients' streams: blocking reads, which would starve the common pool (one thread on two cores). */
	private final ExecutorService readers = Executors.newCachedThreadPool();

	@AfterEach
	void stopTheDaemon() {
		readers.shutdownNow();
		Os2Run.of(home, "--stop-daemon");
	}

	@Test
	void clientsThatGoAwayInEveryWayNeverHarmTheRecord() throws Exception {
		Homes.withExampleTools(home, "service:os2.kernel.api.Tool:register", "service:os2.kernel.api.Sandbox:get",
				"proc:/bin/sh");
		Random random = new Random(20261206);
		List<Future<Outcome>> outcomes = new ArrayList<>();
		try (ExecutorService clients = Executors.newFixedThreadPool(AT_ONCE)) {
			for (int i = 0; i < CLIENTS; i++) {
				String line = line(i, random.nextInt(4));
				Fate fate = Fate.values()[random.nextInt(Fate.values().length)];
				long delayMillis = random.nextInt(400);
				outcomes.add(clients.submit(() -> client(line, fate, delayMillis)));
				if (DAEMON_KILLED_AFTER.contains(i)) {
					outcomes.get(i).get(5, TimeUnit.MINUTES); // some of the clients before it are under way
					Homes.daemon(home).ifPresent(ProcessHandle::destroyForcibly);
				}
			}
		}

		Os2Run last = Os2Run.of(home, "-c", "lines 1 last-client");
		assertEquals(0, last.status(), "the daemon no longer records: " + last);
		// Runs a killed process left open are closed by the next OS2 process to start, or by the
		// daemon, which looks for dead processes every few seconds: wait for that, not for a time.
		Set<String> open = openRuns();
		while (!open.isEmpty()) {
			Thread.sleep(500);
			open = openRuns();
		}
		Set<String> recordedWithStatus0 = new HashSet<>();
		for (Map<String, Object> entry : entries("command")) {
			Map<?, ?> payload = (Map<?, ?>) entry.get("payload");
			if (Long.valueOf(0).equals(payload.get("status"))) {
				recordedWithStatus0.add((String) payload.get("line"));
			}
		}
		int toldZero = 0;
		for (Future<Outcome> future : outcomes) {
			Outcome outcome = future.get();
			if (outcome.status() == 0) {
				toldZero++;
				assertTrue(recordedWithStatus0.contains(outcome.line()), "told 0 but not on record: " + outcome);
			}
		}
		assertTrue(toldZero >= CLIENTS / 10, "too few clients ran to their end to prove anything: " + toldZero);
		assertTrue(recordedWithStatus0.contains("lines 1 last-client"));
		Os2Run verify = Os2Run.of(home, "-c", "ledger verify");
		assertEquals(0, verify.status(), verify.toString());
	}

	/** A command line unique to client {@code i}, so its command entry can be found. */
	private static String line(int i, int kind) {
		String token = "c" + i;
		return switch (kind) {
			case 0 -> "sandboxed /bin/sh -c 'echo " + token + "; sleep 0.3; echo done'";
			case 1 -> "lines 1000 " + token;
			case 2 -> "ledger head; ledger show --kind " + token + "; ledger head";
			default -> "lines 2 " + token + "; ledger tail -n 3 -f";
		};
	}

	/**
	 * Runs one client in a process group of its own (as a terminal's job) and, once it has written
	 * its first line or after {@code delayMillis}, lets it be or does to it what {@code fate} says.
	 */
	private Outcome client(String line, Fate fate, long delayMillis) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("setsid", "bash", Os2Run.ROOT.resolve("os2").toString(), "--home",
				home.toString(), "-c", line).directory(Os2Run.ROOT.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
		builder.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		builder.environment().remove("OS2_HOME");
		Process process = builder.start();
		process.getOutputStream().close();
		CompletableFuture<Void> stderr = CompletableFuture.runAsync(() -> drain(process.getErrorStream()), readers);
		BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> readLine(stdout), readers);
		if (fate == Fate.TIMED_OUT) {
			Thread.sleep(delayMillis); // as timeout(1) does: at a moment of its own, not the command's
			signal(process, "TERM");
		} else if (fate != Fate.RUNS_TO_ITS_END) {
			awaitQuietly(firstLine);
			switch (fate) {
				case CLOSES_ITS_OUTPUT -> stdout.close();
				case INTERRUPTED -> signal(process, "INT");
				case KILLED -> signal(process, "KILL");
				default -> throw new IllegalStateException(fate.name());
			}
		}
		if (line.endsWith(" -f") && (fate == Fate.RUNS_TO_ITS_END || fate == Fate.CLOSES_ITS_OUTPUT)) {
			// A follow ends only when it is stopped, or (output closed) at its next write, which needs
			// another client's entry: as a harness does, stop it.
			awaitQuietly(firstLine);
			signal(process, "INT");
		}
		if (fate != Fate.CLOSES_ITS_OUTPUT) {
			CompletableFuture.runAsync(() -> drain(stdout), readers);
		}
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			signal(process, "KILL");
			throw new AssertionError("client '" + line + "' (" + fate + ") did not end");
		}
		stderr.join();
		return new Outcome(line, fate, process.exitValue());
	}

	/** To the client's whole process group, as a terminal sends Ctrl-C to its foreground job. */
	private static void signal(Process process, String signal) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
	}

	private static void awaitQuietly(CompletableFuture<String> firstLine) throws InterruptedException {
		try {
			firstLine.get(60, TimeUnit.SECONDS);
		} catch (java.util.concurrent.ExecutionException | TimeoutException none) {
			// no first line: the command failed or the daemon died; what follows still applies
		}
	}

	private static String readLine(BufferedReader reader) {
		try {
			return reader.readLine();
		} catch (IOException closed) {
			return null;
		}
	}

	private static void drain(BufferedReader reader) {
		try {
			while (reader.readLine() != null) {
				// nothing to keep
			}
		} catch (IOException closed) {
			// the client is gone
		}
	}

	private static void drain(InputStream stream) {
		try (stream) {
			stream.transferTo(java.io.OutputStream.nullOutputStream());
		} catch (IOException closed) {
			// the client is gone
		}
	}

	/** The runs with a run-start and no run-end. */
	private Set<String> openRuns() {
		Set<String> open = new HashSet<>();
		entries("run-start").forEach(start -> open.add((String) start.get("run")));
		entries("run-end").forEach(end -> open.remove(end.get("run")));
		return open;
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> entries(String kind) {
		Os2Run shown = Os2Run.of(home, "-c", "ledger show --kind " + kind + " --json --limit 10000000");
		assertEquals(0, shown.status(), shown.stderr());
		List<Map<String, Object>> entries = new ArrayList<>();
		shown.stdout().lines().forEach(json -> entries.add((Map<String, Object>) Json.parse(json)));
		return entries;
	}
}
