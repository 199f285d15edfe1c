package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
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
}
