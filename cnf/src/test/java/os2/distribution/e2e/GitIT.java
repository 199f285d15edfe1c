package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code git} through {@code ./os2}: a repository made by command-line git, served by Debian's
 * {@code git daemon} on 127.0.0.1, cloned only with the grant for that host and port.
 */
class GitIT {

	@TempDir
	Path home;

	@TempDir
	Path workspace;

	@TempDir
	Path server;

	private Process daemon;
	private int port;
	private String head;

	@BeforeEach
	@Timeout(60)
	void serveARepository() throws Exception {
		Path source = Files.createDirectories(server.resolve("source"));
		git(source, "init", "-q");
		Files.writeString(source.resolve("README.md"), "# served on loopback\n");
		git(source, "add", ".");
		git(source, "commit", "-q", "-m", "the only commit");
		head = git(source, "rev-parse", "HEAD").strip();
		git(server, "clone", "-q", "--bare", "source", "repo.git");
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--verbose", "--export-all", "--base-path=" + server,
				"--listen=127.0.0.1", "--port=" + port, server.toString()).redirectErrorStream(true)
				.redirectOutput(server.resolve("daemon.log").toFile()).start();
		// One probe, once the daemon listens, then its line in the log: later counts see only the
		// tests' connections. (Probing until the log showed one could probe twice on a slow machine.)
		while (!probed()) {
			assertTrue(daemon.isAlive(), "git daemon did not start");
			Thread.sleep(25);
		}
		while (connections() == 0) {
			Thread.sleep(25);
		}
		assertEquals(1, connections(), "the daemon logged its start-up probe");
	}

	private boolean probed() {
		try {
			new Socket("127.0.0.1", port).close();
			return true;
		} catch (IOException notYet) {
			return false;
		}
	}

	@AfterEach
	void stopTheDaemon() throws Exception {
		daemon.destroy();
		daemon.waitFor(10, TimeUnit.SECONDS);
		Os2Run.of(home, "--stop-daemon");
	}

	/** A line of the administrator's (a grant). */
	private Os2Run admin(String line) {
		return Os2Run.of(home, "--admin", "-c", line);
	}

	private Os2Run os2(String line) {
		return Os2Run.of(home, "--workspace", workspace.toString(), "-c", line);
	}

	@Test
	void aCloneIsRefusedBeforeConnectingUntilGrantedThenRecordsTheCommit() throws Exception {
		String url = "git://127.0.0.1:" + port + "/repo.git";

		Os2Run refused = os2("git clone " + url);
		assertEquals(1, refused.status(), refused.toString());
		assertEquals("os2: git: no grant to reach 127.0.0.1:" + port + "; ./os2 --admin -c 'grant os2.plugins.git net:127.0.0.1:"
				+ port
				+ "' (or net:127.0.0.1 for every port) gives it\n", refused.stderr());
		assertEquals(1, connections(), "the daemon saw a connection from a refused clone");
		assertFalse(Files.exists(workspace.resolve("repo")));

		assertEquals(0, admin("grant os2.plugins.git net:127.0.0.1:" + port).status());
		Os2Run cloned = os2("git clone " + url);

		assertEquals(0, cloned.status(), cloned.toString());
		assertTrue(cloned.stderr().startsWith("Cloning into 'repo'...\n"), cloned.toString());
		assertEquals("# served on loopback\n", Files.readString(workspace.resolve("repo/README.md")));
		String notes = Os2Run.of(home, "-c", "ledger show --kind run-note --json --limit 1000").stdout();
		assertTrue(notes.contains("\"head\":\"" + head + "\""), notes);
		String decisions = Os2Run.of(home, "-c", "ledger show --kind grant-decision --json --limit 1000").stdout();
		assertTrue(decisions.lines().anyMatch(entry -> entry.contains("\"allowed\":false,\"bundle\":\"os2.plugins.git\"")
				&& entry.contains("\"permission\":\"net:127.0.0.1:" + port + "\"")), decisions);
		assertEquals(head.substring(0, 7) + " the only commit\n", os2("git -C repo log --oneline").stdout());
	}

	/**
	 * A git bomb: one 1 MiB blob under forty names is a 1 MiB transfer and a 40 MiB checkout. Under a
	 * 16 MiB budget (a flag of the clone's) it is refused before a byte of it is checked out, nothing
	 * kept, and the run ends as any run past its file-size budget does; with room, it clones.
	 */
	/** replay --verify clones again at the commit and tree the clone recorded, and compares what it printed. */
	@Test
	void aCloneRunsAgainAtItsRecordedCommit() throws Exception {
		assertEquals(0, admin("grant os2.plugins.git net:127.0.0.1:" + port).status());
		assertEquals(0, os2("snapshot before-the-clone").status());
		Os2Run cloned = os2("git clone git://127.0.0.1:" + port + "/repo.git");
		assertEquals(0, cloned.status(), cloned.toString());
		String starts = Os2Run.of(home, "-c", "ledger show --kind run-start --limit 1000").stdout();
		java.util.regex.Matcher clone = java.util.regex.Pattern.compile("session=(s-[0-9a-f]+) run=(\\S+) .*\"tool\":\"git\"")
				.matcher(starts);
		assertTrue(clone.find(), starts);

		Os2Run verified = os2("replay --verify " + clone.group(1));

		assertEquals(0, verified.status(), verified.toString());
		assertTrue(verified.stdout().contains("identical  " + clone.group(2) + "  git clone"), verified.toString());
		String again = Os2Run.of(home, "-c", "ledger show --kind run-start --limit 1000").stdout();
		assertTrue(again.contains("\"--commit\",\"" + head + "\",\"--tree\""), "the clone ran again unpinned: " + again);
	}

	@Test
	void aGitBombIsRefusedBeforeItsCheckoutAndTheRunEndsByItsFileSizeBudget() throws Exception {
		Path bomb = Files.createDirectories(server.resolve("bomb"));
		git(bomb, "init", "-q");
		byte[] noise = new byte[1 << 20];
		new java.util.Random(3).nextBytes(noise);
		for (int i = 0; i < 40; i++) {
			Files.write(bomb.resolve("copy" + i + ".bin"), noise);
		}
		git(bomb, "add", ".");
		git(bomb, "commit", "-q", "-m", "one blob, forty names");
		git(server, "clone", "-q", "--bare", "bomb", "bomb.git");
		assertEquals(0, admin("grant os2.plugins.git net:127.0.0.1:" + port).status());
		String url = "git://127.0.0.1:" + port + "/bomb.git";

		Os2Run refused = os2("git clone --max-bytes 16m " + url);
		String ended = Os2Run.of(home, "-c", "ledger show --kind run-end --json --limit 1000").stdout();

		assertEquals(124, refused.status(), refused.toString());
		assertTrue(refused.stderr().contains("git clone: bomb would check out 41943040 bytes in 40 files"), refused.toString());
		assertTrue(refused.stderr().endsWith("os2: git was stopped: its file-size limit was reached (the policy's"
				+ " budgets.file-size sets how large a file may be, and how much a run may add)\n"), refused.toString());
		assertTrue(ended.contains("\"ended-by\":\"file-size\""), ended);
		assertFalse(Files.exists(workspace.resolve("bomb")));
		assertEquals(0, os2("git clone --max-bytes 64m " + url).status());
		assertEquals(40 << 20, Files.size(workspace.resolve("bomb/copy39.bin")) * 40);
	}

	/**
	 * git's checkout is host code (root in CI); a later python run, whose sandbox is an unprivileged
	 * user when OS2 is root, can still change what it checked out and add to it (issue 18, rule 6).
	 */
	@Test
	void whatACloneCheckedOutALaterPythonRunCanModify() throws Exception {
		assertEquals(0, admin("grant os2.plugins.git net:127.0.0.1:" + port).status());
		Os2Run cloned = os2("git clone git://127.0.0.1:" + port + "/repo.git");
		assertEquals(0, cloned.status(), cloned.toString());

		Os2Run changed = os2("python -c \"open('repo/README.md', 'a').write('more'); open('repo/new', 'w').write('x')\"");

		assertEquals(0, changed.status(), changed.toString());
		assertEquals("# served on loopback\nmore", Files.readString(workspace.resolve("repo/README.md")));
		assertEquals("x", Files.readString(workspace.resolve("repo/new")));
		if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
			assertEquals(64000, Files.getAttribute(workspace.resolve("repo/new"), "unix:uid"), "the sandbox ran as root");
		}
	}

	/**
	 * On a terminal (a pseudo-terminal from util-linux's {@code script}) the progress is redrawn in
	 * place, as git does; the record holds the tasks' done lines and none of the redrawing, so a
	 * clone made on a terminal and one made in a pipe leave the same transcript.
	 */
	@Test
	void onATerminalProgressIsRedrawnInPlaceAndOnlyDoneLinesAreRecorded() throws Exception {
		String url = "git://127.0.0.1:" + port + "/repo.git";
		assertEquals(0, admin("grant os2.plugins.git net:127.0.0.1:" + port).status());
		String line = "bash " + Os2Run.ROOT.resolve("os2") + " --home " + home + " --workspace " + workspace + " -c 'git clone "
				+ url + "'";
		Process terminal = new ProcessBuilder("script", "--quiet", "--return", "--command", line, "/dev/null")
				.redirectErrorStream(true).start();
		terminal.getOutputStream().close();
		String screen = new String(terminal.getInputStream().readAllBytes());
		assertTrue(terminal.waitFor(120, TimeUnit.SECONDS), screen);

		assertEquals(0, terminal.exitValue(), screen);
		assertTrue(screen.contains("\rReceiving objects: "), screen);
		assertTrue(screen.contains("\033[K"), screen);
		assertTrue(screen.contains("Receiving objects: 100% (3/3), done."), screen);
		String chunks = Os2Run.of(home, "-c", "ledger show --kind output-chunk --json --limit 1000").stdout();
		assertTrue(chunks.contains("Receiving objects: 100% (3/3), done.\\n"), chunks);
		assertFalse(chunks.contains("\\r") || chunks.contains("\\u001b"), chunks);
	}

	@Test
	void inAPipeAQuickCloneShowsOnlyItsDoneLines() throws Exception {
		assertEquals(0, admin("grant os2.plugins.git net:127.0.0.1:" + port).status());
		Os2Run cloned = os2("git clone git://127.0.0.1:" + port + "/repo.git");

		assertEquals(0, cloned.status(), cloned.toString());
		// JGit's own last task, which command-line git does not show
		assertEquals("Cloning into 'repo'...\nReceiving objects: 100% (3/3), done.\nUpdating references: 100% (1/1), done.\n"
				+ "Checking out files: 100% (1/1), done.\n", cloned.stderr());
	}

	private long connections() throws IOException {
		Path log = server.resolve("daemon.log");
		return Files.exists(log) ? Files.readAllLines(log).stream().filter(line -> line.contains("Connection from")).count() : 0;
	}

	private static String git(Path directory, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Tester", "-c", "user.email=t@example.org", "-c",
				"init.defaultBranch=main"));
		command.addAll(List.of(arguments));
		Process git = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String said = new String(git.getInputStream().readAllBytes());
		assertTrue(git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0, said);
		return said;
	}
}
