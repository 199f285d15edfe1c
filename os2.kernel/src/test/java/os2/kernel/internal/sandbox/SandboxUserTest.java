package os2.kernel.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;

/**
 * A root JVM's sandbox runs its program as {@link SandboxUser}, not as the host's root (issue 18,
 * rule 6), and what it may write is that user's, what host code wrote there included. Real
 * bubblewrap and setpriv, as root only (as a regular user the sandbox is that user's own namespace).
 */
class SandboxUserTest extends LaunchTestSupport {

	private static final int U = SandboxUser.DEFAULT_ID;

	private final BubblewrapSandbox sandbox = new BubblewrapSandbox();

	@BeforeEach
	void onlyAsRoot() {
		assumeTrue(SandboxUser.runningAsRoot(), "the sandbox has a user of its own only when OS2 runs as root");
	}

	@AfterEach
	void endTheStandby() {
		sandbox.close();
		System.clearProperty(SandboxUser.PROPERTY);
	}

	@Override
	ProcessOutcome launch(ProcessSpec spec, Output into) throws InterruptedException {
		return sandbox.run(spec, into);
	}

	@Test
	@Timeout(20)
	void theProgramRunsAsTheSandboxUserWithNoCapabilitiesAndNoGroups() throws Exception {
		ProcessOutcome outcome = run(shell("id -u; id -g; id -G; grep -E '^(CapInh|CapPrm|CapEff|CapAmb|NoNewPrivs):'"
				+ " /proc/self/status; cat /proc/self/uid_map").build());

		List<String> lines = output.stdoutText().lines().map(String::strip).toList();
		assertAll(() -> assertEquals(0, outcome.exitStatus(), output::toString),
				() -> assertEquals(List.of("" + U, "" + U, "" + U), lines.subList(0, 3), output::toString),
				() -> assertTrue(lines.contains("CapEff:\t0000000000000000".strip()), output::toString),
				() -> assertTrue(lines.contains("CapPrm:\t0000000000000000".strip()), output::toString),
				() -> assertTrue(lines.contains("CapAmb:\t0000000000000000".strip()), output::toString),
				() -> assertTrue(lines.contains("NoNewPrivs:\t1".strip()), output::toString),
				// no user namespace maps it to root: it is uid U in the host's own, where 0 is root
				() -> assertFalse(lines.stream().anyMatch(line -> line.matches("0\\s+0\\s+1")), output::toString));
	}

	@Test
	@Timeout(20)
	void itCannotChownSetuidOrReadARootOnlyFileThatIsBound(@TempDir Path bound) throws Exception {
		Path secret = bound.resolve("secret");
		Files.writeString(secret, "token");
		Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
		Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rwxr-xr-x"));

		ProcessOutcome outcome = run(shell(String.join("\n", //
				"cat " + secret + " && echo read-it", //
				"touch mine && chown 0:0 mine && echo chowned-it", //
				"/usr/bin/setpriv --reuid=0 --regid=0 -- /bin/true && echo became-root", //
				"echo done")).readOnly(bound).build());

		String said = output.stdoutText();
		assertAll(() -> assertEquals(0, outcome.exitStatus(), output::toString),
				() -> assertTrue(said.contains("done"), output::toString),
				() -> assertTrue(output.stderrText().contains("Permission denied"), output::toString),
				() -> assertFalse(said.contains("read-it"), output::toString),
				() -> assertFalse(said.contains("chowned-it"), output::toString),
				() -> assertFalse(said.contains("became-root"), output::toString),
				() -> assertEquals(U, uid(workspace.resolve("mine"))));
	}

	@Test
	@Timeout(20)
	void whatTheSandboxWritesIsTheSandboxUsersAndWhatTheHostWroteItCanChange(@TempDir Path writable) throws Exception {
		assertEquals(0, run(shell("mkdir -p out && echo one > out/made").writable(writable).build()).exitStatus(),
				output::toString);
		assertEquals(U, uid(workspace.resolve("out/made")));
		// host code as root, between runs: a checkout, a file written through the workspace API
		Files.createDirectories(workspace.resolve("repo/src/deep"));
		Files.writeString(workspace.resolve("repo/src/deep/file"), "checked out\n");
		Files.writeString(workspace.resolve("out/host"), "from the host\n");
		Files.writeString(writable.resolve("cache"), "host's\n");
		assertEquals(0, uid(workspace.resolve("repo/src/deep/file")));

		ProcessOutcome outcome = run(shell(String.join(" && ", "echo x >> repo/src/deep/file",
				"touch repo/src/deep/new", "rm out/host", "echo y >> " + writable.resolve("cache"), "echo ok"))
				.writable(writable).build());

		assertAll(() -> assertEquals(0, outcome.exitStatus(), output::toString),
				() -> assertEquals("checked out\nx\n", Files.readString(workspace.resolve("repo/src/deep/file"))),
				() -> assertEquals(U, uid(workspace.resolve("repo"))), () -> assertEquals(U, uid(writable)),
				() -> assertEquals(U, gid(workspace.resolve("repo/src/deep/new"))));
	}

	@Test
	@Timeout(20)
	void handingOverFollowsNoLinkAndLeavesAFileWithAnotherNameAsItIs(@TempDir Path outside) throws Exception {
		Path hostFile = Files.writeString(outside.resolve("host-file"), "root's");
		Path hostDirectory = Files.createDirectory(outside.resolve("host-directory"));
		assertEquals(0, run(shell("ln -s " + hostFile + " file-link && ln -s " + hostDirectory + " dir-link").build())
				.exitStatus(), output::toString);
		// the host adds a hard link to an outside file (as an administrator's copy might) and a file
		// where the planted links are, so the next run lists the directory again
		Files.createLink(workspace.resolve("hard"), hostFile);
		Files.writeString(workspace.resolve("new"), "x");

		assertEquals(0, run(shell("true").build()).exitStatus(), output::toString);

		assertAll(() -> assertEquals(0, uid(hostFile)), () -> assertEquals(0, uid(hostDirectory)),
				() -> assertEquals(0, uid(outside)), () -> assertEquals(U, uid(workspace.resolve("new"))),
				() -> assertEquals(U, uid(workspace.resolve("file-link"))));
	}

	/**
	 * setpriv runs as root until it drops: the environment the tool gives (here libfaketime's
	 * preload, as python's --deterministic sets it) must reach the program, not setpriv, and the
	 * program must be able to make its POSIX semaphores in /dev/shm.
	 */
	@Test
	@Timeout(20)
	void theGivenEnvironmentIsTheProgramsNotSetprivsAndDevShmIsWritable() throws Exception {
		Path libfaketime = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
		assumeTrue(Files.exists(libfaketime), "libfaketime is not installed");

		ProcessOutcome outcome = run(shell("date -u +%Y; echo $FAKETIME; touch /dev/shm/sem.os2 && echo shm-ok")
				.environment(java.util.Map.of("LD_PRELOAD", libfaketime.toString(), "FAKETIME", "2001-02-03 04:05:06"))
				.build());

		assertEquals(0, outcome.exitStatus(), output::toString);
		assertEquals("2001\n2001-02-03 04:05:06\nshm-ok\n", output.stdoutText(), output::toString);
	}

	/**
	 * A loader variable is honoured by the program but never by setpriv, root until it drops: with
	 * LD_DEBUG set, the loader reports each process it starts, and setpriv's would name libcap-ng,
	 * which setpriv links and sh does not.
	 */
	@Test
	@Timeout(20)
	void aLoaderVariableReachesTheProgramButNeverSetpriv() throws Exception {
		ProcessOutcome outcome = run(shell("true").environment(java.util.Map.of("LD_DEBUG", "libs")).build());

		assertEquals(0, outcome.exitStatus(), output::toString);
		assertTrue(output.stderrText().contains("libc.so.6"), "the program's loader did not heed LD_DEBUG: " + output);
		assertFalse(output.stderrText().contains("libcap-ng"), "setpriv heeded LD_DEBUG as root: " + output);
	}

	/** A harmless environment is set by bwrap and passed on by setpriv: the program has it exactly. */
	@Test
	@Timeout(20)
	void aHarmlessEnvironmentIsTheProgramsExactly() throws Exception {
		ProcessOutcome outcome = run(ProcessSpec.builder(workspace, "/usr/bin/env").limits(ROOMY)
				.environment(java.util.Map.of("OS2_TEST", "a value with spaces")).build());

		assertEquals(0, outcome.exitStatus(), output::toString);
		assertEquals(List.of("HOME=/tmp", "LANG=C.UTF-8", "OS2_TEST=a value with spaces", "PATH=" + SandboxEnvironment.SYSTEM_PATH,
				"PWD=" + workspace, "TMPDIR=/tmp"), output.stdoutText().lines().sorted().toList());
	}

	@Test
	@Timeout(20)
	void theUserIsConfigurable() throws Exception {
		System.setProperty(SandboxUser.PROPERTY, "64123");

		assertEquals(0, run(shell("id -u; touch f").build()).exitStatus(), output::toString);

		assertEquals("64123\n", output.stdoutText());
		assertEquals(64123, uid(workspace.resolve("f")));
	}

	@Test
	@Timeout(20)
	void rootIsRefusedAsTheSandboxUser() throws Exception {
		System.setProperty(SandboxUser.PROPERTY, "0");

		assertNotEquals(null, org.junit.jupiter.api.Assertions.assertThrows(os2.kernel.api.KernelException.class,
				() -> run(shell("true").build())).getMessage());
	}

	private static int uid(Path path) throws IOException {
		return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
	}

	private static int gid(Path path) throws IOException {
		return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
	}
}
