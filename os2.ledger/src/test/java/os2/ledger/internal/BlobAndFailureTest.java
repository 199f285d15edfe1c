package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Receipt;
import os2.ledger.api.Verification;

class BlobAndFailureTest {

	@TempDir
	Path temp;

	private static byte[] bigEntry(LedgerStore store) {
		return EntryCodec.encode(new EntryDraft("output-chunk", "s", "r", 0, Map.of("text", "y".repeat(100_000))), "t@1", 1L,
				store.blobs());
	}

	@Test
	void aLargePayloadGoesToTheBlobStoreAndTheEntryKeepsItsHash() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			Receipt receipt = ledger.committer.append(bigEntry(ledger.store)).join();

			Entry entry = ledger.store.read(receipt.index());
			String hash = (String) entry.payload().get("$blob");
			assertEquals(100_000L + "{\"text\":\"\"}".length(), entry.payload().get("size"));
			assertArrayEquals(CanonicalJson.write(Map.of("text", "y".repeat(100_000))), ledger.store.blobs().get(hash));
			assertTrue(entry.canonicalJson().length() < 400, "the entry itself stays small");
			assertTrue(LedgerVerifier.verify(ledger.store).ok());
		}
	}

	@Test
	void aChangedOrMissingBlobIsFoundAtItsEntry() throws Exception {
		LedgerFixture ledger = new LedgerFixture(temp);
		ledger.appendMany(3);
		ledger.committer.append(bigEntry(ledger.store)).join();
		ledger.close();
		Path blob;
		try (Stream<Path> files = Files.walk(ledger.directory.resolve("blobs"))) {
			blob = files.filter(Files::isRegularFile).findFirst().orElseThrow();
		}
		Files.writeString(blob, "not what it was");

		ledger.open();
		Verification changed = LedgerVerifier.verify(ledger.store);
		ledger.close(false);
		Files.delete(blob);
		ledger.open();
		Verification missing = LedgerVerifier.verify(ledger.store);
		ledger.close(false);

		assertEquals(3, changed.firstBadIndex(), changed.problem());
		assertTrue(changed.problem().contains("was changed"), changed.problem());
		assertEquals(3, missing.firstBadIndex(), missing.problem());
		assertTrue(missing.problem().contains("is missing"), missing.problem());
	}

	@Test
	void aFailedWriteAcknowledgesNothingAndTheLedgerReopensWhole() throws Exception {
		LedgerFixture ledger = new LedgerFixture(temp);
		List<Receipt> durable = ledger.appendMany(5);
		ledger.store.segments().close(); // the disk goes away under the writer, as with a full disk

		CompletionException failed = assertThrows(CompletionException.class, () -> ledger.append("note", Map.of("lost", true)));
		assertTrue(failed.getCause() instanceof LedgerException);
		assertTrue(failed.getCause().getMessage().contains("the entries were not recorded"), failed.getCause().getMessage());
		CompletionException refused = assertThrows(CompletionException.class, () -> ledger.append("note", Map.of("next", 1)));
		assertTrue(refused.getCause().getMessage().contains("refuses appends"), refused.getCause().getMessage());
		ledger.close(false);

		ledger.open();
		assertEquals(5, ledger.store.size());
		assertEquals(durable.getLast().rootHash(), ledger.store.head().rootHash());
		assertTrue(LedgerVerifier.verify(ledger.store).ok());
		assertFalse(ledger.notices.stream().anyMatch(n -> n.contains("lost")));
		ledger.close();
	}
}
