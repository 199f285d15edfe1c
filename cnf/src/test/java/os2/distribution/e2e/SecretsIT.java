package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret store through {@code ./os2}: a value from stdin, kept owner-only, listed by name, a
 * value on the command line refused and not recorded, and a tool (git) given it only with
 * {@code secret:NAME}, with the token nowhere in the home but the store.
 */
class SecretsIT {

	private static final String TOKEN = "ghp_e2eTokenThatMustNotLeak";

	@TempDir
	Path home;

	@AfterEach
	void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	@Test
	void aSecretFromStdinIsKeptOwnerOnlyAndListedByNameOnly() throws Exception {
		Os2Run set = Os2Run.withInput(home, TOKEN + "\n", "--admin", "-c", "secret set github");
		assertEquals(0, set.status(), set.toString());
		assertEquals("secret github set; a tool uses it with the grant secret:github\n", set.stdout());

		assertEquals("github\n", Os2Run.of(home, "-c", "secret list").stdout());
		Path store = home.resolve("etc/secrets.properties");
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
		assertTrue(Files.readString(store).contains(TOKEN));

		Os2Run onTheLine = Os2Run.of(home, "--admin", "-c", "secret set other " + TOKEN + "-2");
		assertEquals(2, onTheLine.status(), onTheLine.toString());
		assertEquals("os2: a secret's value is never taken from the command line, which is recorded; 'secret set NAME'"
				+ " reads it unseen at the prompt, or from stdin with -c\n", onTheLine.stderr());
		Os2Run empty = Os2Run.of(home, "--admin", "-c", "secret set other");
		assertEquals(2, empty.status(), empty.toString());
		assertEquals("github\n", Os2Run.of(home, "-c", "secret list").stdout(), "a refused value was stored");

		String changes = Os2Run.of(home, "-c", "ledger show --kind secret-change --json").stdout();
		assertTrue(changes.contains("\"change\":\"set\",\"name\":\"github\""), changes);
		assertTrue(Os2Run.of(home, "-c", "ledger verify").status() == 0);
		assertOnlyTheStoreHoldsTheToken();
		assertEquals(0, Os2Run.of(home, "--admin", "-c", "secret remove github").status());
		assertEquals("", Os2Run.of(home, "-c", "secret list").stdout());
	}

	@Test
	void gitGetsTheTokenOnlyWithTheSecretsGrant(@TempDir Path workspace) throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort(); // nobody listens there once closed: the clone cannot connect
		}
		assertEquals(0, Os2Run.withInput(home, TOKEN + "\n", "--admin", "-c", "secret set github").status());
		assertEquals(0, Os2Run.of(home, "--admin", "-c", "grant os2.plugins.git net:127.0.0.1:" + port).status());
		String clone = "git clone http://127.0.0.1:" + port + "/repo.git --secret github";

		Os2Run refused = Os2Run.of(home, "--workspace", workspace.toString(), "-c", clone);
		assertEquals(1, refused.status(), refused.toString());
		assertEquals("os2: os2.plugins.git has no grant for secret:github;"
				+ " ./os2 --admin -c 'grant os2.plugins.git secret:github' gives it\n",
				refused.stderr());

		assertEquals(0, Os2Run.of(home, "--admin", "-c", "grant os2.plugins.git secret:github").status());
		Os2Run tried = Os2Run.of(home, "--workspace", workspace.toString(), "-c", clone);
		assertEquals(1, tried.status(), tried.toString());
		assertTrue(tried.stderr().contains("git clone: "), tried.toString());
		assertFalse(tried.stderr().contains("secret:github"), "the secret was refused with its grant: " + tried);

		String decisions = Os2Run.of(home, "-c", "ledger show --kind grant-decision --json --limit 1000").stdout();
		assertTrue(decisions.contains("\"allowed\":false,\"bundle\":\"os2.plugins.git\""), decisions);
		assertTrue(decisions.contains("\"grant\":\"secret:github\""), decisions);
		assertOnlyTheStoreHoldsTheToken();
	}

	/** The ledger, its blobs, the history, the logs: no file of the home but the store holds the token. */
	private void assertOnlyTheStoreHoldsTheToken() throws IOException {
		try (Stream<Path> files = Files.walk(home)) {
			files.filter(Files::isRegularFile).filter(file -> !file.endsWith(Path.of("etc/secrets.properties")))
					.filter(file -> !file.toString().contains("/cache/")).forEach(file -> {
						try {
							assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
									.contains(TOKEN), file + " holds the token");
						} catch (IOException e) {
							throw new UncheckedIOException(e);
						}
					});
		}
	}
}
