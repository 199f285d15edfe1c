package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Verification;

/**
 * Kills a real appender process with SIGKILL at 50 random moments under concurrent load; after
 * each, the ledger opens, verifies, and holds every entry the child had acknowledged.
 */
class LedgerCrashTest {

	private static final int KILLS = 50;

	@TempDir
	Path root;

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void nothingAcknowledgedIsEverLost() throws Exception {
		Random random = new Random(20261126);
		Map<Long, String> acknowledged = new HashMap<>();
		for (int kill = 0; kill < KILLS; kill++) {
			Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
					CrashAppender.class.getName(), root.toString(), "4")
					.redirectErrorStream(true)
					.start();
			BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
			String ready = lines.readLine();
			assertTrue(ready != null && ready.startsWith("READY"), "the appender did not start: " + ready);
			long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20 + random.nextInt(250));
			Thread reader = Thread.ofPlatform().start(() -> {
				try {
					for (String line; (line = lines.readLine()) != null;) {
						if (line.startsWith("ACK ")) {
							String[] parts = line.split(" ");
							synchronized (acknowledged) {
								acknowledged.put(Long.parseLong(parts[1]), parts[2]);
							}
						}
					}
				} catch (java.io.IOException gone) {
					// the child was killed
				}
			});
			TimeUnit.NANOSECONDS.sleep(Math.max(0, killAt - System.nanoTime()));
			child.destroyForcibly(); // SIGKILL
			child.waitFor();
			reader.join();

			try (LedgerStore store = LedgerStore.open(root.resolve("ledger"), root.resolve("keys"), notice -> {
			})) {
				Verification verification = LedgerVerifier.verify(store);
				assertTrue(verification.ok(), "after kill " + kill + ": " + verification.problem());
				synchronized (acknowledged) {
					for (var ack : acknowledged.entrySet()) {
						assertTrue(ack.getKey() < store.size(), "after kill " + kill + ": acknowledged entry " + ack.getKey()
								+ " is gone; the ledger has " + store.size());
						assertEquals(ack.getValue(), store.inclusionProof(ack.getKey(), store.size()).leafHash(),
								"after kill " + kill + ": entry " + ack.getKey() + " changed");
					}
				}
			}
		}
		assertTrue(acknowledged.size() > KILLS, "the appender acknowledged only " + acknowledged.size() + " entries");
	}

	@Test
	@Timeout(value = 2, unit = TimeUnit.MINUTES)
	void twoProcessesAppendingAtOnceKeepOneWholeLedger() throws Exception {
		Map<Long, String> acknowledged = new HashMap<>();
		List<Process> children = new ArrayList<>();
		List<Thread> readers = new ArrayList<>();
		for (int p = 0; p < 2; p++) {
			Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(),
					root.toString(), "3")
					.redirectErrorStream(true)
					.start();
			children.add(child);
			BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
			readers.add(Thread.ofPlatform().start(() -> {
				try {
					for (String line; (line = lines.readLine()) != null;) {
						if (line.startsWith("ACK ")) {
							String[] parts = line.split(" ");
							synchronized (acknowledged) {
								String before = acknowledged.put(Long.parseLong(parts[1]), parts[2]);
								if (before != null) {
									acknowledged.put(-1L, "index " + parts[1] + " acknowledged twice");
								}
							}
						}
					}
				} catch (java.io.IOException gone) {
					// killed
				}
			}));
		}
		Thread.sleep(1500);
		for (Process child : children) {
			child.destroyForcibly();
			child.waitFor();
		}
		for (Thread reader : readers) {
			reader.join();
		}

		assertEquals(null, acknowledged.get(-1L), "two processes were given the same index");
		try (LedgerStore store = LedgerStore.open(root.resolve("ledger"), root.resolve("keys"), notice -> {
		})) {
			Verification verification = LedgerVerifier.verify(store);
			assertTrue(verification.ok(), verification.problem());
			for (var ack : acknowledged.entrySet()) {
				assertEquals(ack.getValue(), store.inclusionProof(ack.getKey(), store.size()).leafHash(),
						"entry " + ack.getKey());
			}
			assertTrue(acknowledged.size() > 100, "only " + acknowledged.size() + " entries were acknowledged");
		}
	}
}
