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

	private String key() {
		return LedgerKey.loadOrCreate(temp.resolve("keys")).verifierKey();
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

		Verification result = ExportVerifier.verify(export, LedgerKey.loadOrCreate(elsewhere).verifierKey());

		assertFalse(result.ok());
		assertTrue(result.problem().contains("no signature by"), result.problem());
	}

	@Test
	void theExportRootComputationAgreesWithTheTree() {
		Path export = exportOf(20);
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			assertEquals(ledger.store.head().rootHash(), ExportVerifier.verify(export, key()).rootHash());
		}
	}
}
