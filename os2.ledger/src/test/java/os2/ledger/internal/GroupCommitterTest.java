package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.EntryDraft;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Receipt;

/**
 * Appenders that wait commit the queue themselves when they can: what they append is durable when
 * they return, behind everything queued before it, and no entry is lost or reordered when they
 * and the writer thread take turns.
 */
class GroupCommitterTest {

	@TempDir
	Path temp;

	@Test
	@Timeout(30)
	void anAppendWaitedForReturnsDurableBehindTheEntriesQueuedBeforeIt() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			List<CompletableFuture<Receipt>> queued = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				queued.add(ledger.committer.append(entry(Map.of("queued", i))));
			}

			Receipt waited = ledger.committer.appendAndWait(entry(Map.of("waited", true)));

			assertAll(() -> assertEquals(3, waited.index()), () -> assertTrue(ledger.store.size() >= 4),
					() -> assertEquals(List.of(0L, 1L, 2L), queued.stream().map(f -> f.join().index()).toList()),
					() -> assertEquals(Map.of("waited", true), ledger.store.read(3).payload()));
		}
	}

	@Test
	@Timeout(30)
	void aPromptAppendIsDurableWhenItsFutureCompletesAndIsNoLongerCountedAsWaitedFor() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			CompletableFuture<Receipt> queued = ledger.committer.append(entry(Map.of("queued", 0)));
			CompletableFuture<Receipt> prompt = ledger.committer.appendPromptly(entry(Map.of("prompt", true)));

			Receipt receipt = prompt.join();

			assertAll(() -> assertEquals(1, receipt.index()), () -> assertEquals(0, queued.join().index()),
					() -> assertTrue(ledger.store.size() >= 2),
					() -> assertEquals(Map.of("prompt", true), ledger.store.read(1).payload()),
					// left counted, it would keep every later entry from gathering company for its fsync
					() -> assertEquals(0, ledger.committer.waitingAppenders()));
		}
	}

	@Test
	@Timeout(30)
	void anEntryThatWakesTheWriterWhenACheckpointIsDueIsCommittedBeforeTheCheckpoint() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			ledger.committer.close();
			AtomicLong now = new AtomicLong(1_000_000);
			List<Long> checkpointSizes = new CopyOnWriteArrayList<>();
			ledger.store.onCheckpoint(checkpoint -> checkpointSizes.add(checkpoint.treeSize()));
			// an hour between checkpoints by time: the writer never wakes for one on its own here
			ledger.committer = new GroupCommitter(() -> ledger.store, 1_000_000, 3_600_000, problem -> {
			}, now::get);
			ledger.committer.appendAndWait(entry(Map.of("before", true)));
			now.addAndGet(3_600_000); // a checkpoint is due by time, and the ledger has grown since the last

			Receipt woke = ledger.committer.appendAndWait(entry(Map.of("woke the writer", true)));

			// the writer commits it, then writes the checkpoint: never the checkpoint first, with it waiting
			while (checkpointSizes.isEmpty()) {
				Thread.onSpinWait();
			}
			assertEquals(List.of(woke.index() + 1), checkpointSizes);
		}
	}

	@Test
	@Timeout(30)
	void aPromptAppendAfterCloseIsRefusedAndNotLeftCounted() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			ledger.committer.close();

			CompletableFuture<Receipt> prompt = ledger.committer.appendPromptly(entry(Map.of("late", true)));

			assertAll(() -> assertTrue(prompt.isCompletedExceptionally()),
					() -> assertEquals(0, ledger.committer.waitingAppenders()));
		}
	}

	@Test
	@Timeout(60)
	void appendersWaitingOrNotAtOnceKeepEachOnesOrderAndAWholeChain() throws Exception {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			List<CompletableFuture<List<Long>>> writers = new ArrayList<>();
			try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
				for (int t = 0; t < 8; t++) {
					int thread = t;
					writers.add(CompletableFuture.supplyAsync(() -> {
						List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
						for (int i = 0; i < 200; i++) {
							byte[] json = entry(Map.of("thread", thread, "i", i));
							receipts.add(i % 3 == 0 ? CompletableFuture.completedFuture(ledger.committer.appendAndWait(json))
									: ledger.committer.append(json));
						}
						return receipts.stream().map(receipt -> receipt.join().index()).toList();
					}, threads));
				}
			}

			for (CompletableFuture<List<Long>> writer : writers) {
				List<Long> indexes = writer.join();
				assertEquals(indexes.stream().sorted().toList(), indexes, "one thread's entries out of order");
			}
			assertEquals(1600, ledger.store.size());
			assertTrue(LedgerVerifier.verify(ledger.store).ok());
		}
	}

	@Test
	@Timeout(30)
	void anAppendWaitedForAfterCloseIsRefused() {
		LedgerFixture ledger = new LedgerFixture(temp);
		ledger.committer.close();
		try {
			LedgerException refused = assertThrows(LedgerException.class,
					() -> ledger.committer.appendAndWait(entry(Map.of("late", true))));
			assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
			assertEquals(0, ledger.store.size());
		} finally {
			ledger.store.close();
		}
	}

	private static byte[] entry(Map<String, Object> payload) {
		return EntryCodec.encode(new EntryDraft("note", "s1", "r1", 0, payload), "test@1.0.0", 1700000000000L);
	}
}
