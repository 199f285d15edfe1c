package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
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
 * each, the ledger opens, verifies, and holds every entry the child had acknowledged. The tests
 * wait for counts of acknowledgements, never for an amount of work done in a given time: a loaded
 * machine only makes them take longer.
 */
class LedgerCrashTest {

	private static final int KILLS = 50;
	/** Acknowledgements each of two processes appending at once waits for. */
	private static final int EACH = 100;

	@TempDir
	Path root;

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void nothingAcknowledgedIsEverLost() throws Exception {
		Random random = new Random(20261126);
		Acknowledgements acknowledged = new Acknowledgements();
		int awaited = 0;
		for (int kill = 0; kill < KILLS; kill++) {
			Appender child = Appender.start(root, 4, acknowledged, "-XX:TieredStopAtLevel=1");
			// The moment of the kill: after a few of this child's acknowledgements (none, at times,
			// so that some kills land in its first commit), then a little later still.
			int acknowledgements = random.nextInt(4);
			child.awaitAcknowledged(acknowledgements);
			awaited += acknowledgements;
			TimeUnit.MILLISECONDS.sleep(random.nextInt(100));
			child.kill();

			try (LedgerStore store = LedgerStore.open(root.resolve("ledger"), root.resolve("keys"), notice -> {
			})) {
				Verification verification = LedgerVerifier.verify(store);
				assertTrue(verification.ok(), "after kill " + kill + ": " + verification.problem());
				for (var ack : acknowledged.leaves().entrySet()) {
					assertTrue(ack.getKey() < store.size(), "after kill " + kill + ": acknowledged entry " + ack.getKey()
							+ " is gone; the ledger has " + store.size());
					assertEquals(ack.getValue(), store.inclusionProof(ack.getKey(), store.size()).leafHash(),
							"after kill " + kill + ": entry " + ack.getKey() + " changed");
				}
			}
		}
		assertEquals(List.of(), acknowledged.twice(), "indexes acknowledged twice");
		assertTrue(acknowledged.leaves().size() >= awaited, "the children acknowledged " + acknowledged.leaves().size()
				+ " entries, fewer than the " + awaited + " waited for");
	}

	/**
	 * Each process appends until it has had {@value #EACH} entries acknowledged, so both have
	 * appended while the other did, however long that takes on a slow machine.
	 */
	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void twoProcessesAppendingAtOnceKeepOneWholeLedger() throws Exception {
		Acknowledgements acknowledged = new Acknowledgements();
		List<Appender> children = List.of(Appender.start(root, 3, acknowledged), Appender.start(root, 3, acknowledged));
		for (Appender child : children) {
			child.awaitAcknowledged(EACH);
		}
		for (Appender child : children) {
			child.kill();
		}

		assertEquals(List.of(), acknowledged.twice(), "two processes were given the same index");
		Map<Long, String> leaves = acknowledged.leaves();
		assertTrue(leaves.size() >= 2 * EACH, "only " + leaves.size() + " entries were acknowledged");
		try (LedgerStore store = LedgerStore.open(root.resolve("ledger"), root.resolve("keys"), notice -> {
		})) {
			Verification verification = LedgerVerifier.verify(store);
			assertTrue(verification.ok(), verification.problem());
			for (var ack : leaves.entrySet()) {
				assertEquals(ack.getValue(), store.inclusionProof(ack.getKey(), store.size()).leafHash(),
						"entry " + ack.getKey());
			}
		}
	}

	/** Every receipt the children printed, index to leaf hash, and any index printed twice. */
	private static final class Acknowledgements {

		private final Map<Long, String> leaves = new HashMap<>();
		private final List<Long> twice = new ArrayList<>();

		synchronized void add(long index, String leafHash) {
			if (leaves.put(index, leafHash) != null) {
				twice.add(index);
			}
		}

		synchronized Map<Long, String> leaves() {
			return Map.copyOf(leaves);
		}

		synchronized List<Long> twice() {
			return List.copyOf(twice);
		}
	}

	/** A {@link CrashAppender} child process, its acknowledgements counted as they arrive. */
	private static final class Appender {

		private final Process process;
		private final Thread reader;
		private final List<String> otherLines = new ArrayList<>(); // guarded by this
		private int acknowledgements; // guarded by this
		private boolean ended; // guarded by this

		private Appender(Process process, BufferedReader lines, Acknowledgements acknowledged) {
			this.process = process;
			this.reader = Thread.ofPlatform().start(() -> read(lines, acknowledged));
		}

		/** Starts a child and returns once it has opened the ledger. */
		static Appender start(Path root, int threads, Acknowledgements acknowledged, String... jvmOptions)
				throws IOException {
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:+UseSerialGC"));
			command.addAll(List.of(jvmOptions));
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(),
					root.toString(), Integer.toString(threads)));
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String ready = lines.readLine();
			assertTrue(ready != null && ready.startsWith("READY"), "the appender did not start: " + ready);
			return new Appender(process, lines, acknowledged);
		}

		private void read(BufferedReader lines, Acknowledgements acknowledged) {
			try {
				for (String line; (line = lines.readLine()) != null;) {
					if (line.startsWith("ACK ")) {
						String[] parts = line.split(" ");
						acknowledged.add(Long.parseLong(parts[1]), parts[2]);
						synchronized (this) {
							acknowledgements++;
							notifyAll();
						}
					} else {
						synchronized (this) {
							otherLines.add(line);
						}
					}
				}
			} catch (IOException gone) {
				// the child was killed
			} finally {
				synchronized (this) {
					ended = true;
					notifyAll();
				}
			}
		}

		/** Waits until the child has acknowledged {@code count} entries; fails if it ends first. */
		synchronized void awaitAcknowledged(int count) throws InterruptedException {
			while (acknowledgements < count && !ended) {
				wait();
			}
			assertTrue(acknowledgements >= count,
					"the appender ended after " + acknowledgements + " acknowledgements, saying " + otherLines);
		}

		/** SIGKILL, then waits until every line it printed has been read. */
		void kill() throws InterruptedException {
			process.destroyForcibly();
			process.waitFor();
			reader.join();
		}
	}
}
