package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.EntryDraft;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Receipt;
import os2.ledger.api.Verification;

/**
 * A store that lost a file (closed under it, as an interrupt in FileChannel I/O does) or failed a
 * write is opened again for the next append, as a restart would: the ledger goes on recording, with
 * exactly the entries that were acknowledged.
 */
class ReopeningStoreTest {

	@TempDir
	Path temp;

	@Test
	@Timeout(30)
	void aFileClosedUnderTheLedgerCostsOneBatchAndTheNextAppendIsRecorded() throws Exception {
		ReopeningStore files = new ReopeningStore(temp.resolve("ledger"), temp.resolve("keys"), notice -> {
		});
		GroupCommitter committer = new GroupCommitter(files::usable, 1_000_000, 3_600_000, problem -> {
		});
		try {
			List<Receipt> acknowledged = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				acknowledged.add(committer.appendAndWait(entry(Map.of("before", i))));
			}
			LedgerStore broken = files.current();
			broken.hashesFile().close(); // what an interrupt does to the channel it lands in

			broken.refresh(); // reads still work: only a derived file is gone
			committer.append(entry(Map.of("first", "after"))).handle((receipt, failed) -> null).join();
			for (int i = 0; i < 3; i++) {
				acknowledged.add(committer.appendAndWait(entry(Map.of("after", i))));
			}

			assertNotSame(broken, files.current(), "the store was not opened again");
			LedgerStore store = files.current();
			assertTrue(LedgerVerifier.verify(store).ok(), LedgerVerifier.verify(store).problem());
			for (Receipt receipt : acknowledged) {
				assertEquals(receipt.leafHash(), store.inclusionProof(receipt.index(), store.size()).leafHash());
			}
		} finally {
			committer.close();
			files.close();
		}
	}

	@Test
	@Timeout(30)
	void aWriteThatFailsIsNotAcknowledgedAndLeavesNothingBehind() throws Exception {
		ReopeningStore files = new ReopeningStore(temp.resolve("ledger"), temp.resolve("keys"), notice -> {
		});
		GroupCommitter committer = new GroupCommitter(files::usable, 1_000_000, 3_600_000, problem -> {
		});
		try {
			Receipt kept = committer.appendAndWait(entry(Map.of("kept", true)));
			files.current().segments().close(); // the disk goes away under the writer

			LedgerException lost = assertThrows(LedgerException.class, () -> committer.appendAndWait(entry(Map.of("lost", 1))));
			Receipt next = committer.appendAndWait(entry(Map.of("next", 1)));

			assertTrue(lost.getMessage().contains("not recorded"), lost.getMessage());
			assertEquals(kept.index() + 1, next.index(), "the failed entry took a place in the ledger");
			Verification verified = LedgerVerifier.verify(files.current());
			assertTrue(verified.ok(), verified.toString());
		} finally {
			committer.close();
			files.close();
		}
	}

	@Test
	@Timeout(60)
	void appendersInterruptedAllTheTimeNeitherLoseEntriesNorHarmTheLedger() throws Exception {
		ReopeningStore files = new ReopeningStore(temp.resolve("ledger"), temp.resolve("keys"), notice -> {
		});
		GroupCommitter committer = new GroupCommitter(files::usable, 50, 3_600_000, problem -> {
		});
		AtomicBoolean done = new AtomicBoolean();
		List<Receipt> receipts = new ArrayList<>();
		Thread appender = Thread.ofPlatform().start(() -> {
			for (int i = 0; i < 400; i++) {
				try {
					receipts.add(committer.appendAndWait(entry(Map.of("i", i))));
				} catch (CompletionException | LedgerException failed) {
					throw new AssertionError("append " + i + " failed: " + failed.getMessage(), failed);
				}
				Thread.interrupted(); // the appender's own business; the ledger neither needs nor clears it
			}
			done.set(true);
		});
		Thread interrupter = Thread.ofPlatform().start(() -> {
			while (!done.get() && appender.isAlive()) {
				appender.interrupt();
				Thread.onSpinWait();
			}
		});
		appender.join();
		interrupter.join();
		try {
			assertTrue(done.get(), "the appender did not finish");
			assertEquals(400, receipts.size());
			assertEquals(400, files.current().size());
			assertEquals("", files.current().failure(), "a file was lost to an interrupt");
			Verification verified = LedgerVerifier.verify(files.current());
			assertTrue(verified.ok(), verified.toString());
		} finally {
			committer.close();
			files.close();
		}
	}

	private static byte[] entry(Map<String, Object> payload) {
		return EntryCodec.encode(new EntryDraft("note", "s1", "r1", 0, payload), "test@1.0.0", 1700000000000L);
	}
}
