package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebAssembly guests against links a sandboxed program left in the workspace (issue 18, rule 2):
 * {@code link -> /etc}, {@code home -> $OS2_HOME}, {@code sub/up -> ../..}, a dangling link into
 * {@code $OS2_HOME}, a FIFO. {@code pyvm} (the real CPython for WASI) and {@code wasm run} (a probe
 * compiled by wat2wasm) try to read, list and write through them: each gets an error, nothing
 * outside is read or written, and the run ends (the timeout is a hang guard for the FIFO).
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WasiEscapeIT {

	private static final String SECRET = "planted-secret-4711";

	@TempDir
	static Path home;

	@TempDir
	static Path workspace;

	@BeforeAll
	static void plantTheLinks() throws Exception {
		assertEquals(0, Os2Run.of(home, "-c", "help").status()); // makes the home
		Files.writeString(home.resolve("secret.txt"), SECRET + "\n");
		Files.createDirectories(workspace.resolve("sub"));
		Files.writeString(workspace.resolve("sub/data.txt"), "mine\n");
		Files.createSymbolicLink(workspace.resolve("link"), Path.of("/etc"));
		Files.createSymbolicLink(workspace.resolve("home"), home);
		Files.createSymbolicLink(workspace.resolve("sub/up"), Path.of("../.."));
		Files.createSymbolicLink(workspace.resolve("dangling"), home.resolve("created"));
		Process mkfifo = new ProcessBuilder("mkfifo", workspace.resolve("fifo").toString()).start();
		assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
		Path source = Os2Run.ROOT.resolve("os2.plugins/wasm/src/test/resources/wat/probe.wat"); // the unit tests' probe
		Process wat2wasm = new ProcessBuilder("wat2wasm", source.toString(), "-o", workspace.resolve("probe.wasm").toString())
				.redirectErrorStream(true).start();
		String said = new String(wat2wasm.getInputStream().readAllBytes());
		assertTrue(wat2wasm.waitFor(30, TimeUnit.SECONDS) && wat2wasm.exitValue() == 0, said);
	}

	@AfterAll
	static void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	private static Os2Run os2(String line) {
		return Os2Run.of(home, "--workspace", workspace.toString(), "-c", line);
	}

	private static void nothingOutsideChanged() {
		assertFalse(Files.exists(home.resolve("created"), LinkOption.NOFOLLOW_LINKS));
		assertFalse(Files.exists(home.resolve("marker"), LinkOption.NOFOLLOW_LINKS));
		assertFalse(Files.exists(workspace.resolve("evil"), LinkOption.NOFOLLOW_LINKS));
	}

	@Test
	void pyvmReadsListsAndWritesNothingThroughALink() throws Exception {
		Files.writeString(workspace.resolve("attack.py"), """
				import os
				def attempt(what, action):
				    try:
				        print(what, 'GOT', repr(action())[:60])
				    except OSError as e:
				        print(what, 'refused')
				attempt('passwd', lambda: open('link/passwd').read())
				attempt('secret', lambda: open('home/secret.txt').read())
				attempt('secrets', lambda: open('home/etc/secrets.properties').read())
				attempt('home', lambda: os.listdir('home'))
				attempt('up', lambda: os.listdir('sub/up'))
				attempt('write', lambda: open('home/marker', 'w').write('x'))
				attempt('dangling', lambda: open('dangling', 'w').write('x'))
				attempt('symlink', lambda: os.symlink('/etc', 'evil'))
				attempt('fifo', lambda: open('fifo').read())
				print(open('sub/data.txt').read().strip())
				""");

		for (Os2Run run : new Os2Run[] { os2("pyvm run attack.py"), os2("pyvm exec \"exec(open('attack.py').read())\"") }) {
			assertEquals(0, run.status(), run.toString());
			assertEquals("""
					passwd refused
					secret refused
					secrets refused
					home refused
					up refused
					write refused
					dangling refused
					symlink refused
					fifo refused
					mine
					""", run.stdout(), run.toString());
			assertFalse(run.stdout().contains(SECRET));
		}
		nothingOutsideChanged();
	}

	@Test
	void wasmRunGetsAnErrnoForEveryPathThroughALink() {
		String[][] attempts = { { "r", "link/passwd", "76" }, { "r", "home/secret.txt", "76" }, { "d", "home", "76" },
				{ "r", "sub/up/" + home.getFileName() + "/secret.txt", "76" }, { "w", "home/marker", "76" },
				{ "w", "dangling", "76" }, { "y", "evil", "76" }, { "r", "fifo", "02" }, { "l", "home/etc", "76" } };
		for (String[] attempt : attempts) {
			Os2Run run = os2("wasm run probe.wasm " + attempt[0] + " " + attempt[1]);
			assertEquals(0, run.status(), run.toString());
			assertEquals("errno " + attempt[2] + "\n", run.stdout(), String.join(" ", attempt) + ": " + run);
		}
		Os2Run mine = os2("wasm run probe.wasm r sub/data.txt");
		assertEquals("errno 00\nmine\n", mine.stdout(), mine.toString());
		nothingOutsideChanged();
	}
}
