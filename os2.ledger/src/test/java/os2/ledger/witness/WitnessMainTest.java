package os2.ledger.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Cosignatures;
import os2.ledger.api.SignedNotes;

/** The witness as a command: what it prints, and the exit status that tells the node what happened. */
class WitnessMainTest {

	@TempDir
	Path directory;

	private final TestLog log = new TestLog("example.org/log").grow(7, "entry ");

	private record Run(int status, String stdout, String stderr) {
	}

	private static Run run(String stdin, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = WitnessMain.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void initPrintsTheWitnessKeyAndKeepsThePrivateKeyToItsOwner() throws Exception {
		String dir = directory.resolve("w").toString();

		Run init = run("", "init", dir, "--log", log.verifierKey(), "--name", "witness.example.org/w1");

		assertEquals(0, init.status(), init.stderr());
		assertTrue(init.stdout().startsWith("witness.example.org/w1+"), init.stdout());
		assertEquals(init.stdout(), run("", "key", dir).stdout());
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(dir, "witness.key"))));
		assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(dir))));
	}

	@Test
	void addCheckpointWritesTheCosignatureLine() {
		String dir = directory.resolve("w").toString();
		String key = run("", "init", dir, "--log", log.verifierKey()).stdout().strip();

		Run cosigned = run(log.request(0, 7), "add-checkpoint", dir);

		assertEquals(0, cosigned.status(), cosigned.stderr());
		assertEquals("", cosigned.stderr());
		assertEquals(1, cosigned.stdout().lines().count());
		Cosignatures.verify(cosigned.stdout(), SignedNotes.body(log.checkpoint(7)), key);
	}

	@Test
	void aConflictExitsThreeWithTheWitnessSizeOnStdoutAndOneLineOnStderr() {
		String dir = directory.resolve("w").toString();
		run("", "init", dir, "--log", log.verifierKey());
		run(log.request(0, 7), "add-checkpoint", dir);

		Run conflict = run(log.request(0, 3), "add-checkpoint", dir);

		assertEquals(3, conflict.status());
		assertEquals("7\n", conflict.stdout());
		assertEquals(1, conflict.stderr().lines().count(), conflict.stderr());
		assertTrue(conflict.stderr().startsWith("witness: refused (409): this witness has cosigned size 7"), conflict.stderr());
	}

	@Test
	void eachRefusalHasItsOwnExitStatus() {
		String dir = directory.resolve("w").toString();
		run("", "init", dir, "--log", log.verifierKey());

		assertEquals(7, run("old 1\n", "add-checkpoint", dir).status());
		assertEquals(6, run(new TestLog("other.org/log").grow(1, "x").request(0, 1), "add-checkpoint", dir).status());
		assertEquals(5, run(new TestLog(log.origin).grow(1, "x").request(0, 1), "add-checkpoint", dir).status());
		assertEquals(1, run(log.request(0, 1), "add-checkpoint", directory.resolve("nowhere").toString()).status());
		assertEquals(2, run("", "frobnicate", dir).status());
		assertEquals(2, run("", "init", directory.resolve("v").toString(), "--log").status());
	}
}
