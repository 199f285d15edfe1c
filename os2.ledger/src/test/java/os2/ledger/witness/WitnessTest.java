package os2.ledger.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Cosignatures;
import os2.ledger.api.SignedNotes;

class WitnessTest {

	@TempDir
	Path directory;

	private final TestLog log = new TestLog("example.org/log").grow(12, "entry ");

	private Witness witness() {
		return Witness.init(directory.resolve("w"), List.of(log.verifierKey()), "witness.example.org/w1");
	}

	private static WitnessRefusal refusal(Witness witness, String request) {
		return assertThrows(WitnessRefusal.class, () -> witness.addCheckpoint(request));
	}

	@Test
	void cosignsTheFirstCheckpointAndThenAConsistentExtension() {
		Witness witness = witness();

		String first = witness.addCheckpoint(log.request(0, 5));
		String second = witness.addCheckpoint(log.request(5, 12));

		Cosignatures.verify(first, SignedNotes.body(log.checkpoint(5)), witness.verifierKey());
		Cosignatures.verify(second, SignedNotes.body(log.checkpoint(12)), witness.verifierKey());
		assertTrue(second.startsWith("\u2014 witness.example.org/w1 ") && second.endsWith("\n"), second);
	}

	@Test
	void cosignsTheSameCheckpointAgain() {
		Witness witness = witness();
		witness.addCheckpoint(log.request(0, 5));

		String again = witness.addCheckpoint(log.request(5, 5));

		Cosignatures.verify(again, SignedNotes.body(log.checkpoint(5)), witness.verifierKey());
	}

	@Test
	void refusesARollbackSayingItsSize() {
		Witness witness = witness();
		witness.addCheckpoint(log.request(0, 12));

		WitnessRefusal smaller = refusal(witness, log.request(5, 5));
		WitnessRefusal oldTooLarge = refusal(witness, log.request(0, 5).replaceFirst("old 0", "old 12"));

		assertEquals(WitnessStatus.CONFLICT, smaller.status());
		assertEquals("12\n", smaller.body());
		assertTrue(smaller.getMessage().contains("has cosigned size 12"), smaller.getMessage());
		assertEquals(WitnessStatus.BAD_REQUEST, oldTooLarge.status());
	}

	@Test
	void refusesAForkAndKeepsTheRequestAsEvidence() throws Exception {
		Witness witness = witness();
		witness.addCheckpoint(log.request(0, 5));
		TestLog fork = log.forkAt(3);

		WitnessRefusal refused = refusal(witness, fork.request(5, 9));

		assertEquals(WitnessStatus.NOT_CONSISTENT, refused.status(), refused.getMessage());
		try (var evidence = Files.list(directory.resolve("w/refused"))) {
			assertEquals(1, evidence.count());
		}
	}

	@Test
	void refusesAnotherTreeOfTheSameSize() {
		Witness witness = witness();
		witness.addCheckpoint(log.request(0, 5));

		WitnessRefusal refused = refusal(witness, log.forkAt(3).request(5, 5));

		assertEquals(WitnessStatus.CONFLICT, refused.status(), refused.getMessage());
		assertEquals("5\n", refused.body());
		assertTrue(refused.getMessage().contains("another tree of size 5"), refused.getMessage());
	}

	@Test
	void refusesACheckpointNotSignedByTheLog() {
		Witness witness = witness();
		String tampered = log.request(0, 5).replace("\n5\n", "\n6\n");
		TestLog impostor = new TestLog(log.origin).grow(5, "entry ");

		assertEquals(WitnessStatus.FORBIDDEN, refusal(witness, tampered).status());
		assertEquals(WitnessStatus.FORBIDDEN, refusal(witness, impostor.request(0, 5)).status());
	}

	@Test
	void refusesAnUnknownLog() {
		Witness witness = witness();

		WitnessRefusal refused = refusal(witness, new TestLog("other.org/log").grow(2, "x").request(0, 2));

		assertEquals(WitnessStatus.UNKNOWN_LOG, refused.status());
		assertTrue(refused.getMessage().contains("other.org/log"), refused.getMessage());
	}

	@Test
	void refusesAProofThatDoesNotVerify() {
		Witness witness = witness();
		witness.addCheckpoint(log.request(0, 5));
		String request = log.request(5, 12);
		String firstProofLine = request.lines().skip(1).findFirst().orElseThrow();

		WitnessRefusal refused = refusal(witness, request.replace(firstProofLine, "A" + firstProofLine.substring(1)));

		assertEquals(WitnessStatus.NOT_CONSISTENT, refused.status());
	}

	@Test
	void refusesMalformedRequests() {
		Witness witness = witness();
		String good = log.request(0, 5);

		for (String bad : List.of(good.replace("old 0", "old 00"), good.replace("old 0\n", "old 0\nnot-a-hash\n"),
				good.replace("old 0\n\n", "old 0\n"), "old 0\n" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".repeat(64) + "\n"
						+ log.checkpoint(5),
				"old 0\n\nnot a note\n")) {
			assertEquals(WitnessStatus.BAD_REQUEST, refusal(witness, bad).status(), bad);
		}
	}

	@Test
	void itsStateSurvivesARestart() {
		witness().addCheckpoint(log.request(0, 12));

		Witness restarted = Witness.open(directory.resolve("w"));

		assertEquals("12\n", refusal(restarted, log.request(0, 5)).body());
		Cosignatures.verify(restarted.addCheckpoint(log.request(12, 12)), SignedNotes.body(log.checkpoint(12)),
				restarted.verifierKey());
	}

	@Test
	void aNewLogCanBeAdded() {
		Witness witness = witness();
		TestLog other = new TestLog("other.org/log").grow(3, "x");

		witness.addLog(other.verifierKey());

		Cosignatures.verify(witness.addCheckpoint(other.request(0, 3)), SignedNotes.body(other.checkpoint(3)),
				witness.verifierKey());
	}

	@Test
	void initRefusesADirectoryInUse() {
		witness();

		WitnessException refused = assertThrows(WitnessException.class, this::witness);

		assertTrue(refused.getMessage().contains("is not empty"), refused.getMessage());
	}

	@Test
	@Timeout(60)
	void aRequestWaitsWhileAnotherHoldsTheState() throws Exception {
		Witness witness = witness();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread holder = Thread.ofPlatform().start(() -> witness.state().locked(() -> {
			holding.countDown();
			try {
				release.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return null;
		}));
		holding.await();

		CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> witness.addCheckpoint(log.request(0, 5)));
		Thread.sleep(300);
		boolean doneWhileHeld = request.isDone();
		release.countDown();
		holder.join();

		assertFalse(doneWhileHeld, "the request was answered while the state was locked");
		Cosignatures.verify(request.join(), SignedNotes.body(log.checkpoint(5)), witness.verifierKey());
	}

	@Test
	@Timeout(60)
	void concurrentRequestsNeverRollItBack() {
		Witness witness = witness();
		List<Long> cosigned = new CopyOnWriteArrayList<>();
		// each size sent as if the witness were at the size before it: only one chain of them can win
		List<CompletableFuture<Void>> senders = IntStream.rangeClosed(1, 12).mapToObj(size -> CompletableFuture.runAsync(() -> {
			for (long old = 0; old < size; old++) {
				try {
					witness.addCheckpoint(log.request(old, size));
					cosigned.add((long) size);
					return;
				} catch (WitnessRefusal conflict) {
					// try the next old size
				}
			}
		})).toList();
		senders.forEach(CompletableFuture::join);

		long finalSize = Long.parseLong(refusal(witness, log.request(0, 1)).body().strip());
		assertEquals(cosigned.stream().mapToLong(Long::longValue).max().orElseThrow(), finalSize);
	}
}
