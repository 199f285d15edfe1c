package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Verification;

/**
 * A ledger written before seals existed (a home the earlier OS2 wrote, in test resources) keeps
 * working: its entries are sealed once, as they are, when its MAC key is made; a sealed ledger
 * that lost its key gets no new one.
 */
class SealUpgradeTest {

	@TempDir
	Path home;

	private LedgerFixture ledgerWrittenBeforeSeals() throws IOException, URISyntaxException {
		Path fixture = Path.of(SealUpgradeTest.class.getResource("/before-seals").toURI());
		try (Stream<Path> files = Files.walk(fixture)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path copy = home.resolve(fixture.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(copy);
				} else {
					Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		return new LedgerFixture(home);
	}

	private static void assertVerifies(LedgerStore store) {
		Verification result = LedgerVerifier.verify(store);
		assertTrue(result.ok(), result.problem());
	}

	@Test
	void itsEntriesAreSealedOnceAsTheyAreAndEverythingVerifies() throws Exception {
		LedgerFixture ledger = ledgerWrittenBeforeSeals();

		assertEquals(12, ledger.store.size(), "entries 8 to 11, after the saved state, were not kept");
		assertTrue(ledger.notices.stream().anyMatch(n -> n.contains("sealed the 12 entries written before seals existed")),
				ledger.notices.toString());
		assertTrue(Files.exists(home.resolve("keys").resolve(SealKey.FILE)));
		assertFalse(Files.exists(home.resolve("keys").resolve(SealKeyFile.PENDING)));
		assertVerifies(ledger.store);
		String keyName = "os2.ledger/" + LedgerKey.fingerprint(LedgerKey.readPublic(home.resolve("keys/ledger.pub")));
		assertEquals(keyName, ledger.store.checkpoints().getFirst().origin(), "the fixture's checkpoints name the key");
		assertEquals(keyName, ledger.store.checkpoint().origin(), "the ledger's origin changed");
		assertTrue(ledger.store.verifierKey().startsWith(keyName + "+"), "the key was renamed: " + ledger.store.verifierKey());

		ledger.appendMany(3);
		ledger.reopen();

		assertEquals(15, ledger.store.size());
		assertEquals(1, ledger.notices.stream().filter(n -> n.contains("sealed the")).count(), ledger.notices.toString());
		assertEquals("", ledger.store.stateProblem());
		assertVerifies(ledger.store);
		ledger.close();
	}

	@Test
	void aFirstSealingCutShortBeforeItsSealIsDoneByTheNextOpen() throws Exception {
		Path keys = home.resolve("keys");
		SealKey madeBeforeTheCrash = SealKey.create(keys.resolve(SealKeyFile.PENDING));

		LedgerFixture ledger = ledgerWrittenBeforeSeals(); // copies the fixture over it, keeps the pending key

		assertTrue(ledger.notices.stream().anyMatch(n -> n.contains("sealed the 12 entries")), ledger.notices.toString());
		assertEquals(ByteBuffer.wrap(madeBeforeTheCrash.seal(1, Sha256.EMPTY)),
				ByteBuffer.wrap(SealKey.load(keys.resolve(SealKey.FILE)).seal(1, Sha256.EMPTY)), "another key was made");
		assertVerifies(ledger.store);
		ledger.close();
	}

	@Test
	void aFirstSealingCutShortAfterItsSealDoesNotSealTwice() throws Exception {
		LedgerFixture ledger = ledgerWrittenBeforeSeals();
		ledger.close(false);
		long sealedSegment = Files.size(ledger.segment(0));
		// as a crash would leave it just before the key was renamed: the old state, the key pending
		Files.move(home.resolve("keys").resolve(SealKey.FILE), home.resolve("keys").resolve(SealKeyFile.PENDING));
		Files.copy(Path.of(SealUpgradeTest.class.getResource("/before-seals/ledger/state.dat").toURI()),
				ledger.directory.resolve(StateFile.NAME), StandardCopyOption.REPLACE_EXISTING);
		ledger.notices.clear();

		ledger.open();

		assertEquals(sealedSegment, Files.size(ledger.segment(0)), "a second first seal was written");
		assertFalse(ledger.notices.stream().anyMatch(n -> n.contains("sealed the")), ledger.notices.toString());
		assertTrue(Files.exists(home.resolve("keys").resolve(SealKey.FILE)));
		assertVerifies(ledger.store);
		ledger.close();
	}

	@Test
	void aSealedLedgerWhoseKeyIsGoneTakesNoEntriesAndSaysWhy() throws Exception {
		LedgerFixture ledger = new LedgerFixture(home);
		ledger.appendMany(3);
		ledger.close();
		Files.delete(home.resolve("keys").resolve(SealKey.FILE));

		ledger.open();

		assertTrue(ledger.store.damage().contains("MAC key") && ledger.store.damage().contains("restore the file from a backup"),
				ledger.store.damage());
		CompletionException refused = assertThrows(CompletionException.class, () -> ledger.append("note", Map.of("n", 1)));
		assertTrue(refused.getCause().getMessage().contains("refuses appends"), refused.getCause().getMessage());
		Verification result = LedgerVerifier.verify(ledger.store);
		assertFalse(result.ok());
		assertTrue(result.problem().contains("MAC key"), result.problem());
		assertFalse(Files.exists(home.resolve("keys").resolve(SealKey.FILE)), "a new key was made");
		ledger.close(false);
	}
}
