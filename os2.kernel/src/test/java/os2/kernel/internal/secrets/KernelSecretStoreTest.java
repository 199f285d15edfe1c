package os2.kernel.internal.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.KernelException;

/** Every change of the secret store is on record before it is made, and none is made off the record. */
class KernelSecretStoreTest {

	@TempDir
	Path home;

	@Test
	void eachChangeIsRecordedByNameBeforeItIsMade() {
		Path location = home.resolve("etc/secrets.properties");
		StandInLedger ledger = new StandInLedger();
		List<Optional<String>> storedAtTheRecord = new ArrayList<>();
		ledger.beforeEach = draft -> storedAtTheRecord.add(new SecretFile(location).value("github"));
		KernelSecretStore store = new KernelSecretStore(new SecretFile(location), ledger);

		store.set("github", "t1");
		store.set("github", "t2");
		store.remove("github");

		assertEquals(List.of(Optional.empty(), Optional.of("t1"), Optional.of("t2")), storedAtTheRecord);
		assertEquals(List.of(change("set"), change("replace"), change("remove")), ledger.appended);
		assertEquals(List.of(), store.names());
	}

	@Test
	void whenTheLedgerCannotRecordNoSecretChanges() throws Exception {
		Path location = home.resolve("etc/secrets.properties");
		new SecretFile(location).put("github", "kept");
		byte[] before = Files.readAllBytes(location);
		KernelSecretStore store = new KernelSecretStore(new SecretFile(location), StandInLedger.refusing());

		KernelException set = assertThrows(KernelException.class, () -> store.set("github", "new"));
		assertEquals("secret set refused: the ledger cannot record it (the ledger refuses appends: could not write to disk: No "
				+ "space left on device); nothing was changed — 'ledger verify' says what is wrong", set.getMessage());
		KernelException remove = assertThrows(KernelException.class, () -> store.remove("github"));
		assertTrue(remove.getMessage().startsWith("secret remove refused: the ledger cannot record it ("), remove.getMessage());
		assertThrows(KernelException.class, () -> store.set("other", "new"));

		assertArrayEquals(before, Files.readAllBytes(location));
	}

	@Test
	void aChangeTheDiskRefusesAfterItsRecordIsRecordedAsNotMade() throws Exception {
		Path location = home.resolve("etc/secrets.properties");
		StandInLedger ledger = new StandInLedger();
		ledger.beforeEach = draft -> {
			try { // in the way of the rename, as a disk that refuses the write would be
				Files.createDirectories(location.resolve("in-the-way"));
			} catch (IOException e) {
				throw new AssertionError(e);
			}
			ledger.beforeEach = next -> {
			};
		};
		KernelSecretStore store = new KernelSecretStore(new SecretFile(location), ledger);

		KernelException failed = assertThrows(KernelException.class, () -> store.set("github", "t1"));
		assertTrue(failed.getMessage().startsWith("secret set failed: cannot write the secret store " + location + ": "),
				failed.getMessage());
		assertTrue(failed.getMessage().endsWith("; nothing was changed, and the ledger says so"), failed.getMessage());
		assertEquals(2, ledger.appended.size());
		assertEquals(change("set"), ledger.appended.get(0));
		Map<String, Object> notMade = ledger.appended.get(1).payload();
		assertEquals(List.of("change", "name", "failed"), List.copyOf(notMade.keySet()));
		assertTrue(notMade.get("failed").toString().startsWith("cannot write the secret store"), notMade.toString());
	}

	private static StandInLedger.Appended change(String how) {
		return new StandInLedger.Appended(KernelSecretStore.KIND, Map.of("change", how, "name", "github"));
	}
}
