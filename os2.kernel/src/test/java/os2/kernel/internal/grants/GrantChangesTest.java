package os2.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.KernelException;
import os2.kernel.internal.secrets.StandInLedger;
import os2.ledger.api.Ledger;

/**
 * grant and revoke as several OS2 processes of one home make them: each {@link Os2Process} here
 * has its own files, policy and changes over the same directory, as the daemon and a shell do;
 * one test runs a second JVM. A change made by one is in force for the other's next look, a change
 * never starts from a stale copy, and none happens off the record.
 */
class GrantChangesTest {

	private static final String DEFAULT = """
			{"sandbox": "bubblewrap", "guarded": ["os2.kernel.api.Sandbox"],
			 "bundles": {"tool": {"grants": ["proc:base"]}}}
			""";

	@TempDir
	Path home;

	/** One OS2 process's view of the home. */
	record Os2Process(PolicyFiles files, LivePolicy live, GrantChanges changes, List<Policy> changed) {

		static Os2Process on(Path home, Ledger ledger) {
			PolicyFiles files = new PolicyFiles(DEFAULT, null, home.resolve("etc").resolve("policy.json"));
			List<Policy> changed = new CopyOnWriteArrayList<>();
			LivePolicy live = new LivePolicy(files, null, problem -> {
				throw new AssertionError(problem);
			}, (before, after) -> changed.add(after));
			return new Os2Process(files, live, new GrantChanges(files, live::configured, () -> ledger), changed);
		}

		List<String> held(String bundle) {
			Policy.BundleEntry entry = live.current().bundles().get(bundle);
			return entry == null ? List.of() : entry.grants().stream().map(Permission::toString).toList();
		}

		void grant(String bundle, String permission) {
			changes.grant(bundle, Permission.parse(permission));
		}

		void revoke(String bundle, String permission) {
			changes.revoke(bundle, Permission.parse(permission));
		}
	}

	@Test
	void aRevokeInOneProcessIsInForceForTheOthersNextLookAndItsGrantDoesNotBringItBack() throws Exception {
		StandInLedger ledger = new StandInLedger();
		Os2Process daemon = Os2Process.on(home, ledger);
		Os2Process shell = Os2Process.on(home, ledger);
		daemon.grant("tool", "proc:a");
		daemon.grant("tool", "proc:b");
		assertEquals(List.of("proc:base", "proc:a", "proc:b"), shell.held("tool"), "the shell reads the daemon's grants");

		shell.revoke("tool", "proc:a");
		daemon.grant("tool", "proc:c"); // with no look in between: the daemon's copy still has proc:a
		assertEquals(List.of("proc:base", "proc:b", "proc:c"), shell.held("tool"), "the daemon's grant brought proc:a back");
		assertFalse(Files.readString(daemon.files().userLayer()).contains("proc:a"));

		shell.revoke("tool", "proc:b");
		assertEquals(List.of("proc:base", "proc:c"), daemon.held("tool"), "the daemon's next look sees the revoke");
		assertEquals(List.of("proc:base", "proc:c"),
				daemon.changed().getLast().bundles().get("tool").grants().stream().map(Permission::toString).toList(),
				"the daemon was told of the change");
	}

	/**
	 * Changes back to back, each replacing the file with one of the same size that may get the
	 * inode the last one freed, within a tick of the file system's clock: each is seen (the
	 * writer moves the time forward; LockedFileTest shows that part alone).
	 */
	@Test
	void changesBackToBackAreEachSeen() {
		Os2Process daemon = Os2Process.on(home, new StandInLedger());
		Os2Process shell = Os2Process.on(home, new StandInLedger());
		for (int i = 0; i < 50; i++) {
			daemon.grant("tool", "proc:aa");
			assertEquals(List.of("proc:base", "proc:aa"), shell.held("tool"), "round " + i);
			daemon.revoke("tool", "proc:aa");
			daemon.grant("tool", "proc:bb"); // the same size as with proc:aa
			assertEquals(List.of("proc:base", "proc:bb"), shell.held("tool"), "round " + i);
			daemon.revoke("tool", "proc:bb");
			assertEquals(List.of("proc:base"), shell.held("tool"), "round " + i);
		}
	}

	@Test
	@Timeout(120)
	void twoProcessesGrantingAtOnceLoseNoGrant() throws Exception {
		int each = 40;
		Process other = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), GrantingProcess.class.getName(), home.toString(), "other", "" + each)
				.inheritIO().start();
		Os2Process here = Os2Process.on(home, new StandInLedger());
		for (int i = 0; i < each; i++) {
			here.grant("tool", "proc:here-" + i);
		}
		assertTrue(other.waitFor(100, TimeUnit.SECONDS), "the other process did not finish");
		assertEquals(0, other.exitValue());

		List<String> expected = new ArrayList<>(List.of("proc:base"));
		IntStream.range(0, each).forEach(i -> expected.addAll(List.of("proc:here-" + i, "proc:other-" + i)));
		List<String> held = here.held("tool");
		assertEquals(expected.stream().sorted().toList(), held.stream().sorted().toList(), "a grant was lost");
	}

	/** The second process of {@link #twoProcessesGrantingAtOnceLoseNoGrant}: HOME NAME COUNT. */
	static final class GrantingProcess {

		public static void main(String[] arguments) {
			Os2Process process = Os2Process.on(Path.of(arguments[0]), new StandInLedger());
			for (int i = 0; i < Integer.parseInt(arguments[2]); i++) {
				process.grant("tool", "proc:" + arguments[1] + "-" + i);
			}
		}
	}

	@Test
	void theEntryIsDurableBeforeTheFileChanges() {
		StandInLedger ledger = new StandInLedger();
		Os2Process shell = Os2Process.on(home, ledger);
		List<List<String>> onDiskAtTheRecord = new ArrayList<>();
		Os2Process other = Os2Process.on(home, ledger);
		ledger.beforeEach = draft -> onDiskAtTheRecord.add(other.held("tool"));
		shell.grant("tool", "proc:a");
		shell.revoke("tool", "proc:a");

		assertEquals(List.of(List.of("proc:base"), List.of("proc:base", "proc:a")), onDiskAtTheRecord);
		Path file = home.resolve("etc").resolve("policy.json");
		assertEquals(List.of(new StandInLedger.Appended("grant-change",
				Map.of("bundle", "tool", "change", "grant", "permission", "proc:a", "file", file.toString())),
				new StandInLedger.Appended("grant-change",
						Map.of("bundle", "tool", "change", "revoke", "permission", "proc:a", "file", file.toString()))),
				ledger.appended);
	}

	@Test
	void whenTheLedgerCannotRecordNothingChanges() throws Exception {
		Os2Process before = Os2Process.on(home, new StandInLedger());
		before.grant("tool", "proc:a");
		Path file = before.files().userLayer();
		byte[] bytes = Files.readAllBytes(file);
		Os2Process shell = Os2Process.on(home, StandInLedger.refusing());

		KernelException grant = assertThrows(KernelException.class, () -> shell.grant("tool", "proc:b"));
		assertEquals("grant refused: the ledger cannot record it (the ledger refuses appends: could not write to disk: No space "
				+ "left on device); nothing was changed — 'ledger verify' says what is wrong", grant.getMessage());
		KernelException revoke = assertThrows(KernelException.class, () -> shell.revoke("tool", "proc:a"));
		assertTrue(revoke.getMessage().startsWith("revoke refused: the ledger cannot record it ("), revoke.getMessage());

		assertArrayEquals(bytes, Files.readAllBytes(file));
		assertEquals(List.of("proc:base", "proc:a"), shell.held("tool"));
		try (var left = Files.list(file.getParent())) {
			assertEquals(List.of("policy.json", "policy.lock"), left.map(p -> p.getFileName().toString()).sorted().toList());
		}
	}

	@Test
	void withoutALedgerNothingChanges() {
		Os2Process shell = Os2Process.on(home, null);
		KernelException refused = assertThrows(KernelException.class, () -> shell.grant("tool", "proc:a"));
		assertEquals("grant refused: the ledger is not running; nothing was changed — 'status' says why", refused.getMessage());
		assertFalse(Files.exists(shell.files().userLayer()));
	}

	@Test
	void aChangeTheDiskRefusesAfterItsRecordIsRecordedAsNotMade() throws Exception {
		StandInLedger ledger = new StandInLedger();
		Os2Process shell = Os2Process.on(home, ledger);
		Path file = shell.files().userLayer();
		ledger.beforeEach = draft -> {
			try { // in the way of the rename, as a disk that refuses the write would be
				Files.createDirectories(file.resolve("in-the-way"));
			} catch (IOException e) {
				throw new AssertionError(e);
			}
			ledger.beforeEach = next -> {
			};
		};

		KernelException failed = assertThrows(KernelException.class, () -> shell.grant("tool", "proc:a"));
		assertTrue(failed.getMessage().startsWith("grant failed: cannot write the policy " + file + ": "), failed.getMessage());
		assertTrue(failed.getMessage().endsWith("; nothing was changed, and the ledger says so"), failed.getMessage());
		assertEquals(2, ledger.appended.size());
		Map<String, Object> announced = ledger.appended.get(0).payload();
		Map<String, Object> notMade = ledger.appended.get(1).payload();
		assertEquals("grant", notMade.get("change"));
		assertEquals(announced.get("permission"), notMade.get("permission"));
		assertTrue(notMade.get("failed").toString().startsWith("cannot write the policy " + file), notMade.toString());
		assertFalse(announced.containsKey("failed"));
	}

	@Test
	void aBrokenUserFileOrAGrantNotHeldRefusesTheChangeOffTheRecord() throws Exception {
		StandInLedger ledger = new StandInLedger();
		Os2Process shell = Os2Process.on(home, ledger);
		KernelException notHeld = assertThrows(KernelException.class, () -> shell.revoke("tool", "proc:x"));
		assertEquals("tool does not hold proc:x; 'grants tool' lists what it holds", notHeld.getMessage());

		Path file = shell.files().userLayer();
		Files.createDirectories(file.getParent());
		Files.writeString(file, "{\"bundles\": oops");
		KernelException broken = assertThrows(KernelException.class, () -> shell.grant("tool", "proc:a"));
		assertTrue(broken.getMessage().startsWith("grant refused: " + file + ": not valid JSON"), broken.getMessage());
		assertTrue(broken.getMessage().endsWith("nothing was changed — fix or remove " + file + " first"), broken.getMessage());
		assertEquals("{\"bundles\": oops", Files.readString(file));
		assertEquals(List.of(), ledger.appended);
	}
}
