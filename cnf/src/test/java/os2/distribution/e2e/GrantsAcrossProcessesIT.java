package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grants when several OS2 processes share a home (issue 16): the daemon, serving agents, and the
 * administrator's processes ({@code --admin}, always of their own), which change grants. A change
 * made in one is in force for the daemon's next decision, one administrator's grant does not bring
 * back what another revoked, and a tool granted or revoked elsewhere comes and goes in the daemon.
 * And no grant or secret changes when the ledger cannot record it.
 */
class GrantsAcrossProcessesIT {

	private static final Map<String, String> OWN_PROCESS = Map.of("OS2_DAEMON", "off");

	@TempDir
	Path home;

	@AfterEach
	void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	@Test
	@Timeout(180)
	void aRevokeInOneAdministratorsProcessIsInForceInTheDaemonAndAnothersGrantDoesNotBringItBack(@TempDir Path workspace)
			throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort(); // nobody listens there once closed: a clone allowed fails to connect
		}
		String net = "net:127.0.0.1:" + port;
		String clone = "git clone http://127.0.0.1:" + port + "/repo.git";
		succeeds(Os2Run.of(home, "--admin", "-c", "grant os2.plugins.git " + net)); // a process of its own
		Os2Run allowed = Os2Run.of(home, "--workspace", workspace.toString(), "-c", clone);
		assertEquals(1, allowed.status(), allowed.toString());
		assertFalse(allowed.stderr().contains("no grant"), allowed.toString());

		succeeds(Os2Run.with(home, OWN_PROCESS, "", "--admin", "-c", "revoke os2.plugins.git " + net));
		Os2Run denied = Os2Run.of(home, "--workspace", workspace.toString(), "-c", clone);
		assertEquals("os2: git: no grant to reach 127.0.0.1:" + port + "; ./os2 --admin -c 'grant os2.plugins.git " + net
				+ "' (or net:127.0.0.1 for every port) gives it\n", denied.stderr(), "the daemon's next decision sees the revoke");

		succeeds(Os2Run.of(home, "--admin", "-c", "grant os2.plugins.git net:example.org")); // another one
		String policy = Files.readString(home.resolve("etc/policy.json"));
		assertFalse(policy.contains(net), "the later grant brought the revoked one back:\n" + policy);
		assertTrue(policy.contains("net:example.org"), policy);
		String held = Os2Run.with(home, OWN_PROCESS, "", "-c", "grants os2.plugins.git").stdout();
		assertTrue(held.contains("holds:    service:os2.kernel.api.Tool:register, net:example.org\n"), held);
		assertEquals(1, Files.readAllLines(home.resolve("run/daemon.log")).stream().filter(l -> l.contains("serving on")).count(),
				"one daemon served the daemon's side");
	}

	@Test
	@Timeout(180)
	void aToolGrantedOrRevokedInAnotherProcessComesAndGoesInTheDaemon() throws Exception {
		Files.createDirectories(home.resolve("deploy"));
		Files.copy(Os2Run.EXAMPLE_BUNDLE, home.resolve("deploy").resolve(Os2Run.EXAMPLE_BUNDLE.getFileName()));
		Homes.trust(home, Os2Run.EXAMPLE_BUNDLE);
		String noGrant = "os2: 'lines' is a tool of os2.plugins.examples, which has no grant to be one";
		awaitInTheDaemon("lines 2", run -> run.stderr().startsWith(noGrant));

		succeeds(Os2Run.with(home, OWN_PROCESS, "", "--admin", "-c", "grant os2.plugins.examples service:os2.kernel.api.Tool:register"));
		awaitInTheDaemon("lines 2", run -> run.status() == 0 && run.stdout().equals("line 1\nline 2\n"));

		succeeds(Os2Run.with(home, OWN_PROCESS, "", "--admin", "-c", "revoke os2.plugins.examples service:os2.kernel.api.Tool:register"));
		awaitInTheDaemon("lines 2", run -> run.stderr().startsWith(noGrant));
	}

	/**
	 * The daemon's ledger stops taking entries (its segment made immutable, as a failing disk
	 * would refuse writes): grant, revoke, secret set and secret remove are refused, and neither
	 * the policy nor the secret store changes.
	 */
	@Test
	@Timeout(180)
	void withALedgerThatCannotRecordNoGrantOrSecretChanges() throws Exception {
		succeeds(Os2Run.of(home, "--admin", "-c", "grant os2.plugins.git net:kept.example"));
		succeeds(Os2Run.withInput(home, "v1\n", "--admin", "-c", "secret set github"));
		Path policy = home.resolve("etc/policy.json");
		Path secrets = home.resolve("etc/secrets.properties");
		byte[] policyBefore = Files.readAllBytes(policy);
		byte[] secretsBefore = Files.readAllBytes(secrets);
		List<Path> segments;
		try (Stream<Path> files = Files.list(home.resolve("ledger/segments"))) {
			segments = files.toList();
		}
		assumeTrue(Homes.chattr("+i", segments), "chattr +i is not available here (it needs root and a file system that has it)");
		try {
			for (String line : List.of("grant os2.plugins.git net:new.example", "revoke os2.plugins.git net:kept.example",
					"secret remove github")) {
				Os2Run refused = Os2Run.of(home, "--admin", "-c", line);
				assertRefused(line.substring(0, line.lastIndexOf(' ')).replace(" os2.plugins.git", ""), refused);
			}
			assertRefused("secret set", Os2Run.withInput(home, "v2\n", "--admin", "-c", "secret set github"));
		} finally {
			Homes.chattr("-i", segments);
		}
		assertArrayEquals(policyBefore, Files.readAllBytes(policy));
		assertArrayEquals(secretsBefore, Files.readAllBytes(secrets));
	}

	/** One line says so, whatever the ledger's own reason (which the ledger words). */
	private static void assertRefused(String what, Os2Run run) {
		assertEquals(1, run.status(), run.toString());
		assertTrue(run.stderr().lines().anyMatch(line -> line.startsWith("os2: " + what + " refused: the ledger cannot record it (")
				&& line.endsWith("); nothing was changed — 'ledger verify' says what is wrong")), run.toString());
	}

	private void awaitInTheDaemon(String line, Predicate<Os2Run> done) throws InterruptedException {
		long deadline = System.nanoTime() + 30_000_000_000L;
		Os2Run run = Os2Run.of(home, "-c", line);
		while (!done.test(run)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the daemon did not follow in time; last: " + run);
			}
			Thread.sleep(100);
			run = Os2Run.of(home, "-c", line);
		}
	}

	private static void succeeds(Os2Run run) {
		assertEquals(0, run.status(), run.toString());
	}
}
