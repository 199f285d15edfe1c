package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon serves only its owner (docs/security.md, the daemon): a client must run as the
 * daemon's user (SO_PEERCRED) and send the home's token (run/daemon.token, 0600); a refused client
 * hears why, in one line, and nothing of its line runs. The socket path is never followed.
 */
@Timeout(120)
class DaemonOwnerIT {

	/** A client as an attacker's script would write it: the hello, one line, then whatever comes back. */
	private static final String PYTHON_CLIENT = """
			import socket, struct, sys
			s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			s.connect(sys.argv[1])
			token = sys.argv[2].encode()
			line = sys.argv[3].encode()
			hello = struct.pack(">iih", 0x4f533244, 4, len(token)) + token
			request = struct.pack(">???iii", False, False, False, -1, 0, 1) + struct.pack(">i", len(line)) + line
			try:
			    s.sendall(hello + request)
			except OSError:
			    pass  # refused before it was read: the answer is waiting all the same
			answer = b""
			try:
			    while chunk := s.recv(4096):
			        answer += chunk
			except OSError:
			    pass
			sys.stdout.write(answer.decode("utf-8", "replace"))
			""";

	@TempDir
	Path home;

	@AfterEach
	void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	@Test
	void aClientWithTheWrongTokenIsRefusedAndNothingOfItsLineRuns() throws IOException {
		assertEquals(0, Os2Run.of(home, "-c", "version").status());
		Path token = home.resolve("run/daemon.token");
		String genuine = Files.readString(token);
		Files.writeString(token, "0".repeat(64));

		Os2Run refused = Os2Run.of(home, "-c", "exit 42");

		Files.writeString(token, genuine);
		assertEquals(1, refused.status(), refused.toString());
		assertEquals("", refused.stdout());
		assertEquals("os2: the daemon at " + socket() + " refused this client: it did not send the token in " + token.toRealPath() + "\n",
				refused.stderr());
		assertTrue(daemonLog().contains("WARN refused a client: it did not send the token"), daemonLog());
		Os2Run commands = Os2Run.of(home, "-c", "ledger show --kind command --json --limit 1000");
		assertEquals(0, commands.status(), commands.toString());
		assertTrue(commands.stdout().contains("\"version\""), commands.toString());
		assertFalse(commands.stdout().contains("exit 42"), commands.toString());
	}

	@Test
	void aClientOfAnotherUserIsRefusedByItsUserEvenWithTheToken() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "needs root to connect as another user");
		assertEquals(0, Os2Run.of(home, "-c", "version").status());
		Path client = Files.writeString(home.resolve("client.py"), PYTHON_CLIENT);
		String token = Files.readString(home.resolve("run/daemon.token"));
		// Open the way to the socket, so that only the daemon's check of the user stands between.
		for (Path path : List.of(home, home.resolve("run"), client)) {
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		Files.setPosixFilePermissions(socket(), PosixFilePermissions.fromString("rwxrwxrwx"));

		String asNobody = run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", client.toString(),
				socket().toString(), token, "exit 42");
		String asOwner = run("/usr/bin/python3", client.toString(), socket().toString(), token, "version");

		assertTrue(asNobody.contains("it runs as user nobody; this daemon serves only root"), asNobody);
		assertFalse(asNobody.contains("OS2 "), asNobody);
		assertTrue(asOwner.contains("OS2 "), "the same client as the owner is served: " + asOwner);
		assertTrue(daemonLog().contains("WARN refused a client: it runs as user nobody"), daemonLog());
		assertFalse(Os2Run.of(home, "-c", "ledger show --kind command --json --limit 1000").stdout().contains("exit 42"));
	}

	@Test
	void aLinkPlantedAtTheSocketPathIsRemovedNotFollowed() throws IOException {
		Path victim = Files.writeString(home.resolve("victim.txt"), "keep me");
		Files.createDirectories(home.resolve("run"));
		Files.createSymbolicLink(socket(), victim);

		Os2Run run = Os2Run.of(home, "-c", "version");

		assertEquals(0, run.status(), run.toString());
		assertEquals("keep me", Files.readString(victim));
		assertFalse(Files.isSymbolicLink(socket()));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket(), LinkOption.NOFOLLOW_LINKS)));
		assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("run"))));
		assertEquals("rw-------",
				PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("run/daemon.token"), LinkOption.NOFOLLOW_LINKS)));
	}

	@Test
	void aWorkspaceHoldingTheRunDirectoryIsRefused() {
		Os2Run run = Os2Run.of(home, "--workspace", home.toString(), "-c", "version");

		assertEquals(2, run.status(), run.toString());
		assertEquals("", run.stdout());
		assertTrue(run.stderr().startsWith("os2: the workspace " + home + " holds the daemon's run directory"), run.toString());
	}

	private Path socket() {
		try {
			long buildId = Files.getLastModifiedTime(Path.of(System.getProperty("os2.jar"))).toMillis() / 1000;
			return home.resolve("run/os2-" + buildId + ".sock");
		} catch (IOException e) {
			throw new AssertionError("no os2.jar", e);
		}
	}

	private String daemonLog() throws IOException {
		return Files.readString(home.resolve("run/daemon.log"));
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return output;
	}
}
