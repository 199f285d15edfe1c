package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots through {@code ./os2}, as an agent uses them: taken, listed, compared, restored and
 * removed; handed to another workspace with a {@code snapshot-auth} token, which a forged, altered
 * or expired copy cannot do; a run rolled back from the kernel's checkpoint; a session run again by
 * {@code replay --verify}. One home, with the policy asking for a checkpoint before runs that may
 * write.
 */
class SnapshotsIT {

	@TempDir
	static Path home;

	static Path workspace;
	static Path other;

	@BeforeAll
	static void makeTheHome() throws IOException {
		Files.createDirectories(home.resolve("etc"));
		Files.writeString(home.resolve("etc/policy.json"), "{\"checkpoints\": \"writes\"}\n");
		workspace = Files.createDirectories(home.resolve("work"));
		other = Files.createDirectories(home.resolve("elsewhere"));
	}

	@AfterAll
	static void removeTheVenvs() throws IOException {
		PythonIT.removeTheVenvs(home);
	}

	private static Os2Run in(Path where, String line) {
		return Os2Run.of(home, "--workspace", where.toString(), "-c", line);
	}

	private static String idOf(Os2Run snapshot) {
		assertEquals(0, snapshot.status(), snapshot.toString());
		Matcher id = Pattern.compile("^snapshot ([0-9a-f]{64})$", Pattern.MULTILINE).matcher(snapshot.stdout());
		assertTrue(id.find(), snapshot.toString());
		return id.group(1);
	}

	@Test
	void aWorkspaceIsCapturedComparedRestoredAndRemoved() throws IOException {
		Path tree = Files.createDirectories(workspace.resolve("round"));
		Files.writeString(tree.resolve("kept.txt"), "kept\n");
		Files.writeString(tree.resolve("changed.txt"), "before\n");
		Files.writeString(tree.resolve("tool.sh"), "#!/bin/sh\necho hi\n");
		Files.setPosixFilePermissions(tree.resolve("tool.sh"), PosixFilePermissions.fromString("rwxr-x---"));
		Files.createDirectories(tree.resolve("empty"));
		Files.createSymbolicLink(tree.resolve("link"), Path.of("kept.txt"));
		String first = idOf(in(workspace, "snapshot before-the-change"));

		Files.writeString(tree.resolve("changed.txt"), "after\n");
		Files.delete(tree.resolve("kept.txt"));
		Files.writeString(tree.resolve("added.txt"), "new\n");
		Files.setPosixFilePermissions(tree.resolve("tool.sh"), PosixFilePermissions.fromString("rw-r-----"));
		String second = idOf(in(workspace, "snapshot"));
		Os2Run diff = in(workspace, "snapshot diff " + first.substring(0, 8) + " " + second.substring(0, 8));
		Os2Run listed = in(workspace, "snapshot list");

		assertEquals("A  round/added.txt\nD  round/kept.txt\nM  round/changed.txt\nM  round/tool.sh\n", diff.stdout(), diff.toString());
		assertTrue(listed.stdout().contains(first.substring(0, 16)) && listed.stdout().contains("before-the-change"), listed.toString());

		Os2Run restored = in(workspace, "restore " + first);

		assertEquals(0, restored.status(), restored.toString());
		assertEquals("kept\n", Files.readString(tree.resolve("kept.txt")));
		assertEquals("before\n", Files.readString(tree.resolve("changed.txt")));
		assertFalse(Files.exists(tree.resolve("added.txt")), "a file made after the snapshot is still there");
		assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("tool.sh"))));
		assertEquals(Path.of("kept.txt"), Files.readSymbolicLink(tree.resolve("link")));
		assertTrue(Files.isDirectory(tree.resolve("empty")));

		Os2Run removed = in(workspace, "snapshot rm " + second);
		Os2Run gone = in(workspace, "snapshot show " + second);
		Os2Run kept = in(workspace, "snapshot show " + first);

		assertEquals(0, removed.status(), removed.toString());
		assertEquals(1, gone.status(), gone.toString());
		assertTrue(gone.stderr().startsWith("os2: there is no snapshot " + second), gone.toString());
		assertEquals(0, kept.status(), kept.toString());
	}

	// what a snapshot says it held and read: a first one reads every file; the next, only what changed
	@Test
	void aSnapshotSaysWhatItHeldAndWhatItRead() throws IOException {
		Path fresh = Files.createDirectories(home.resolve("counted"));
		Files.writeString(fresh.resolve("a.txt"), "12345\n");
		Files.writeString(fresh.resolve("b.txt"), "abc\n");
		Files.createSymbolicLink(fresh.resolve("to-a"), Path.of("a.txt"));
		Os2Run first = in(fresh, "snapshot");
		Files.writeString(fresh.resolve("b.txt"), "abcdefgh\n");
		Os2Run second = in(fresh, "snapshot");

		assertEquals("2 files, 0 directories, 1 link, 10 bytes; 2 files read (10 bytes)", first.stdout().lines().toList().get(1),
				first.toString());
		assertEquals("2 files, 0 directories, 1 link, 15 bytes; 1 file read (9 bytes), the rest unchanged since the last"
				+ " snapshot", second.stdout().lines().toList().get(1), second.toString());
	}

	@Test
	void aTokenLetsAnotherWorkspaceRestoreUntilItExpiresAndOnlyItsHashIsOnRecord() throws IOException {
		Files.writeString(workspace.resolve("shared.txt"), "for the other workspace\n");
		String id = idOf(in(workspace, "snapshot shared"));
		Os2Run minted = in(workspace, "snapshot-auth 5");
		assertEquals(0, minted.status(), minted.toString());
		// which snapshot, and when it was taken: the latest may be older than the workspace now
		assertTrue(minted.stderr().startsWith("a token for snapshot " + id.substring(0, 16) + "… of " + workspace + " (taken 20"),
				minted.toString());
		String token = minted.stdout().strip();

		Os2Run refused = in(other, "restore " + id);
		Os2Run verified = in(other, "snapshot-verify " + token);
		Os2Run laterThanFiveMinutes = in(other, "snapshot-verify " + token + " --at " + Instant.now().plusSeconds(5 * 60 + 2));
		Os2Run restored = in(other, "restore " + id + " --token " + token);

		assertEquals(1, refused.status(), refused.toString());
		assertTrue(refused.stderr().contains("is a snapshot of another workspace"), refused.toString());
		Os2Run peeked = in(other, "snapshot show " + id + " --files");
		assertEquals(1, peeked.status(), peeked.toString());
		assertEquals("", peeked.stdout(), "another workspace's file list was shown");
		assertEquals(0, verified.status(), verified.toString());
		assertTrue(verified.stdout().startsWith("valid until "), verified.toString());
		assertEquals(1, laterThanFiveMinutes.status(), laterThanFiveMinutes.toString());
		assertTrue(laterThanFiveMinutes.stderr().startsWith("os2: the token expired at "), laterThanFiveMinutes.toString());
		assertEquals(0, restored.status(), restored.toString());
		assertEquals("for the other workspace\n", Files.readString(other.resolve("shared.txt")));

		String note = new String(Base64.getUrlDecoder().decode(token.substring("os2st1.".length())), StandardCharsets.UTF_8);
		String forgedNote = note.replace("expires ", "expires 9"); // a later expiry, the signature left as it was
		String forged = "os2st1." + Base64.getUrlEncoder().withoutPadding().encodeToString(forgedNote.getBytes(StandardCharsets.UTF_8));
		String cut = token.substring(0, token.length() - 10);
		for (String bad : List.of(forged, cut, "os2st1.bm90IGEgdG9rZW4")) {
			Os2Run attempt = in(other, "restore " + id + " --token " + bad);
			assertEquals(1, attempt.status(), attempt.toString());
			assertEquals(1, attempt.stderr().lines().count(), attempt.toString());
			assertTrue(attempt.stderr().startsWith("os2: "), attempt.toString());
		}

		String signature = token.substring(token.length() - 40);
		try (Stream<Path> files = Files.walk(home.resolve("ledger"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(signature),
						"the token is in " + file);
			}
		}
	}

	@Test
	void aRunIsRolledBackFromItsCheckpointAndWhyNamesIt() throws IOException {
		assertEquals(0, in(workspace, "python -c pass").status()); // the venv exists before the run, so its checkpoint names it
		Path log = workspace.resolve("log.txt");
		Files.writeString(log, "one\n");
		Os2Run appended = in(workspace, "python -c \"open('log.txt', 'a').write('two')\"");
		assertEquals(0, appended.status(), appended.toString());
		String run = lastRun("python");
		assertEquals("one\ntwo", Files.readString(log));

		Os2Run why = in(workspace, "why " + run);
		Os2Run rolledBack = in(workspace, "rollback " + run);

		Matcher checkpoint = Pattern.compile("snapshot before ([0-9a-f]{16}) \\(its checkpoint\\)").matcher(why.stdout());
		assertTrue(checkpoint.find(), why.toString());
		Os2Run shown = in(workspace, "snapshot show " + checkpoint.group(1));
		assertTrue(shown.stdout().contains("before run " + run), shown.toString());
		// the tools' state outside the workspace: the venv the run used, with its packages
		assertTrue(shown.stdout().contains("python     {\"packages\":[\"pip=="), shown.toString());
		assertEquals(0, rolledBack.status(), rolledBack.toString());
		assertEquals("one\n", Files.readString(log));
	}

	@Test
	void replayVerifySaysIdenticalForADeterministicSessionAndWhereAChangedValueDiverges() throws IOException {
		Path own = Files.createDirectories(home.resolve("again"));
		Files.writeString(own.resolve("draw.py"), """
				import random
				value = random.random()
				open("drawn.txt", "w").write(str(value))
				print("drawn", value)
				""");
		Files.writeString(own.resolve("clock.py"), "import time\nprint('the time is', time.time_ns())\n");
		in(own, "snapshot before");
		Os2Run deterministic = in(own, "python --deterministic draw.py; python --deterministic -c \"print(open('drawn.txt').read())\"");
		assertEquals(0, deterministic.status(), deterministic.toString());
		String same = sessionOf(lastRun("python"));
		in(own, "snapshot after");
		Os2Run changing = in(own, "python --deterministic draw.py; python clock.py");
		assertEquals(0, changing.status(), changing.toString());
		String changingRun = lastRun("python");

		Os2Run identical = in(own, "replay --verify " + same);
		Os2Run diverged = in(own, "replay --verify " + sessionOf(changingRun));

		assertEquals(0, identical.status(), identical.toString());
		assertTrue(identical.stdout().contains("identical: 2 runs of " + same), identical.toString());
		assertTrue(identical.stdout().contains("the workspace's content that of snapshot"), identical.toString());
		assertEquals(1, diverged.status(), diverged.toString());
		// "the time is " is 12 bytes, then 19 digits of nanoseconds: the first that differs is among them
		Matcher at = Pattern.compile("^os2: replay --verify: diverged at run " + changingRun + " \\(python clock.py\\): stdout"
				+ " differs at byte (\\d+): recorded \"").matcher(diverged.stderr());
		assertTrue(at.find(), diverged.toString());
		int offset = Integer.parseInt(at.group(1));
		assertTrue(offset >= 12 && offset < 12 + 19, diverged.toString());
		String recorded = changing.stdout().lines().toList().getLast();
		assertTrue(recorded.startsWith("the time is "), changing.toString());
		assertTrue(diverged.stderr().contains("recorded \"" + recorded.substring(Math.max(0, offset - 16)) + "\\n\""),
				diverged.toString());
	}

	@Test
	void replayVerifyNamesAPackageTheIndexNowServesInAnotherBuild() throws Exception {
		Path pins = Files.createDirectories(home.resolve("pins"));
		Path wheels = Files.createDirectories(home.resolve("served-wheels"));
		Wheels.write(wheels, "pinned_lib", "1.0", Map.of("pinned_lib/__init__.py", "VALUE = 1\n"), List.of(), null);
		try (SimpleIndex index = new SimpleIndex(wheels)) {
			assertEquals(0, Os2Run.of(home, "--admin", "-c", "grant os2.plugins.python net:127.0.0.1:" + index.port()).status());
			try {
				in(pins, "snapshot before-the-install");
				Os2Run installed = in(pins, "pip install --index-url " + index.url() + " pinned_lib");
				assertEquals(0, installed.status(), installed.toString());
				String install = lastRun("pip");
				// the same name and version, another build: what a compromised or careless index serves
				Wheels.write(wheels, "pinned_lib", "1.0", Map.of("pinned_lib/__init__.py", "VALUE = 2\n"), List.of(), null);

				Os2Run verified = in(pins, "replay --verify " + sessionOf(install));

				assertEquals(1, verified.status(), verified.toString());
				assertTrue(verified.stderr().startsWith("os2: replay --verify: diverged at run " + install), verified.toString());
				assertTrue(verified.stderr().contains("pip resolved {") && verified.stderr().contains("name=pinned_lib")
						&& verified.stderr().contains(", recorded {"), verified.toString());
			} finally {
				Os2Run.of(home, "--admin", "-c", "revoke os2.plugins.python net:127.0.0.1:" + index.port());
			}
		}
	}

	@Test
	void replayVerifyInstallsTheVersionsInstalledThenThoughTheIndexHasANewerOne() throws Exception {
		Path pins = Files.createDirectories(home.resolve("pinned-versions"));
		Path wheels = Files.createDirectories(home.resolve("growing-index"));
		Wheels.write(wheels, "evolving_lib", "1.0", Map.of("evolving_lib/__init__.py", "VALUE = 1\n"), List.of(), null);
		try (SimpleIndex index = new SimpleIndex(wheels)) {
			assertEquals(0, Os2Run.of(home, "--admin", "-c", "grant os2.plugins.python net:127.0.0.1:" + index.port()).status());
			try {
				in(pins, "snapshot before-the-install");
				Os2Run installed = in(pins, "pip install --index-url " + index.url() + " evolving_lib");
				assertTrue(installed.stdout().contains("Successfully installed evolving_lib-1.0"), installed.toString());
				String install = lastRun("pip");
				Wheels.write(wheels, "evolving_lib", "2.0", Map.of("evolving_lib/__init__.py", "VALUE = 2\n"), List.of(), null);

				Os2Run verified = in(pins, "replay --verify " + sessionOf(install));

				assertEquals(0, verified.status(), verified.toString());
				assertTrue(verified.stdout().contains("identical  " + install), verified.toString());
			} finally {
				Os2Run.of(home, "--admin", "-c", "revoke os2.plugins.python net:127.0.0.1:" + index.port());
			}
		}
	}

	private static String lastRun(String tool) {
		return Homes.lastRun(home, tool);
	}

	private static String sessionOf(String run) {
		return Homes.sessionOf(run);
	}
}
