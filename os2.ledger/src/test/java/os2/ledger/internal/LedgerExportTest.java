package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.ExportVerifier;
import os2.ledger.api.Verification;

class LedgerExportTest {

	@TempDir
	Path temp;

	private Path exportOf(int entries) {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			ledger.appendMany(entries);
			ledger.append("note", Map.of("text", "quotes \" and \\ and\nnewline and é"));
			Path export = temp.resolve("ledger.jsonl");
			LedgerExporter.export(ledger.store, export);
			return export;
		}
	}

	/** The ledger's verifier key: its key, named for its origin. */
	private String key() {
		return LedgerKey.loadOrCreate(temp.resolve("keys"), origin()).verifierKey();
	}

	private String origin() {
		try {
			return LogOrigin.read(temp.resolve("ledger"));
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Test
	void anExportVerifiesOfflineWithTheSameRoot() {
		Path export = exportOf(9);

		Verification result = ExportVerifier.verify(export, key());

		assertTrue(result.ok(), result.problem());
		assertEquals(10, result.entries());
	}

	@Test
	void aChangedEntryInTheExportIsFoundAtItsIndex() throws Exception {
		Path export = exportOf(9);
		List<String> lines = new ArrayList<>(Files.readAllLines(export, StandardCharsets.UTF_8));
		lines.set(5, lines.get(5).replace("entry number 4", "entry number 5"));
		Files.write(export, lines, StandardCharsets.UTF_8);

		Verification result = ExportVerifier.verify(export, key());

		assertFalse(result.ok());
		assertEquals(4, result.firstBadIndex(), result.problem());
	}

	@Test
	void aDroppedLastEntryNoLongerMatchesTheCheckpoint() throws Exception {
		Path export = exportOf(9);
		List<String> lines = new ArrayList<>(Files.readAllLines(export, StandardCharsets.UTF_8));
		lines.remove(lines.size() - 2);
		Files.write(export, lines, StandardCharsets.UTF_8);

		Verification result = ExportVerifier.verify(export, key());

		assertFalse(result.ok());
		assertTrue(result.problem().contains("do not match the signed checkpoint"), result.problem());
	}

	@Test
	void anExportCheckedWithAnotherKeyIsRejected(@TempDir Path elsewhere) {
		Path export = exportOf(3);

		Verification result = ExportVerifier.verify(export, LedgerKey.loadOrCreate(elsewhere, origin()).verifierKey());

		assertFalse(result.ok());
		assertTrue(result.problem().contains("no signature by"), result.problem());
	}

	/**
	 * Text JSON escapes a lot of, so its export line is longer than the entry: quotes and
	 * backslashes (escaped once in the entry and again in the line), newlines, a control character,
	 * and characters outside ASCII, one of them a surrogate pair.
	 */
	private static String escapeHeavy(int canonicalBytes) {
		String unit = "print(\"x\\y\") \u0001 é 😀\n";
		int unitBytes = CanonicalJson.write(unit).length - 2;
		return unit.repeat(canonicalBytes / unitBytes);
	}

	private static Map<String, Object> output(String text) {
		return Map.of("stream", "stdout", "seq", 1L, "text", text);
	}

	private Path export(LedgerFixture ledger) {
		Path export = temp.resolve("ledger.jsonl");
		LedgerExporter.export(ledger.store, export);
		return export;
	}

	/**
	 * The largest entry a segment takes (1 MiB) makes the longest line an export can have. The
	 * ledger service would put such a payload in the blob store; written inline here, as the store
	 * allows, it is the worst case for the reader.
	 */
	private Path exportWithAMegabyteOutput() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			ledger.appendMany(3);
			ledger.append("output-chunk", output(escapeHeavy(1_000_000)));
			ledger.appendMany(2);
			return export(ledger);
		}
	}

	@Test
	void anEntryOfAMegabyteOfOutputVerifies() throws Exception {
		Path export = exportWithAMegabyteOutput();
		List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
		assertTrue(lines.get(4).length() > 1_100_000, "the line of entry 3 is " + lines.get(4).length() + " chars");

		Verification result = ExportVerifier.verify(export, key());

		assertTrue(result.ok(), result.problem());
		assertEquals(6, result.entries());
	}

	@Test
	void aCharChangedInTheMiddleOfAMegabyteLineIsFoundAtItsEntry() throws Exception {
		Path export = exportWithAMegabyteOutput();
		List<String> lines = new ArrayList<>(Files.readAllLines(export, StandardCharsets.UTF_8));
		String big = lines.get(4);
		int at = big.indexOf('x', big.length() / 2);
		lines.set(4, big.substring(0, at) + "z" + big.substring(at + 1));
		Files.write(export, lines, StandardCharsets.UTF_8);

		Verification result = ExportVerifier.verify(export, key());

		assertFalse(result.ok());
		assertEquals(3, result.firstBadIndex(), result.problem());
		assertEquals("entry 3 breaks the hash chain", result.problem());
	}

	@Test
	void anEscapeBrokenInTheMiddleOfAMegabyteLineIsFoundAtItsEntry() throws Exception {
		Path export = exportWithAMegabyteOutput();
		List<String> lines = new ArrayList<>(Files.readAllLines(export, StandardCharsets.UTF_8));
		String big = lines.get(4);
		// the entry's \" is \\\" in the line: without its last backslash, the string ends at the quote
		int at = big.indexOf("\\\"", big.length() / 2);
		lines.set(4, big.substring(0, at) + big.substring(at + 1));
		Files.write(export, lines, StandardCharsets.UTF_8);

		Verification result = ExportVerifier.verify(export, key());

		assertFalse(result.ok());
		assertEquals(3, result.firstBadIndex(), result.problem());
		assertEquals("line 5 is neither an entry nor the checkpoint", result.problem());
	}

	@Test
	void outputsEitherSideOfTheInlineLimitVerify() throws Exception {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			String inline = escapeHeavy(EntryCodec.BLOB_THRESHOLD - 100);
			ledger.appendWithBlobs("output-chunk", output(inline));
			ledger.appendWithBlobs("output-chunk", output(inline + inline.substring(0, 200)));
			Path export = export(ledger);
			List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);

			assertFalse(lines.get(1).contains("$blob"));
			assertTrue(lines.get(1).length() > 70_000, "entry 0's line is " + lines.get(1).length() + " chars");
			assertTrue(lines.get(2).contains("\\\"$blob\\\":"), "entry 1 holds the hash of its blob");
			Verification result = ExportVerifier.verify(export, key());
			assertTrue(result.ok(), result.problem());
			assertEquals(2, result.entries());
		}
	}

	@Test
	void theExportRootComputationAgreesWithTheTree() {
		Path export = exportOf(20);
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			assertEquals(ledger.store.head().rootHash(), ExportVerifier.verify(export, key()).rootHash());
		}
	}
}
