package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's opening attacks, end to end through {@code ./os2} as an agent would make them: a
 * sandboxed {@code python} run writes something hostile into the workspace, and a later command
 * whose host code touches the workspace (git, the ledger's export) must not be led out of it by
 * what it finds there. Each asserts that nothing outside the workspace was run, read or changed.
 */
class HostileWorkspaceIT {

	@TempDir
	Path home;

	@TempDir
	Path workspace;

	@TempDir
	Path outside;

	@AfterEach
	void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	private Os2Run os2(String line) {
		return Os2Run.of(home, "--workspace", workspace.toString(), "-c", line);
	}

	@Test
	@Timeout(240)
	void aFilterDriverASandboxWroteIntoTheRepositoryNeverRunsOnTheHost() throws Exception {
		Path marker = outside.resolve("pwned");
		assertEquals(0, os2("git init repo").status());
		Files.writeString(workspace.resolve("plant.py"), """
				with open('repo/.git/config', 'a') as config:
				    config.write('[filter "x"]\\n\\tclean = touch %1$s\\n\\tsmudge = touch %1$s\\n\\trequired = true\\n')
				with open('repo/.gitattributes', 'w') as attributes:
				    attributes.write('* filter=x\\n')
				with open('repo/file.txt', 'w') as file:
				    file.write('plain\\n')
				""".formatted(marker));
		Os2Run planted = os2("python plant.py");
		assertEquals(0, planted.status(), planted.toString());

		Os2Run add = os2("git -C repo add .");
		Os2Run commit = os2("git -C repo commit -m planted");
		Os2Run checkout = os2("git -C repo checkout -b other");

		assertFalse(Files.exists(marker), "a filter command ran on the host:\n" + add + "\n" + commit + "\n" + checkout);
		assertEquals(0, add.status(), add.toString()); // the filter is ignored: the file is added as it is
		assertEquals(0, commit.status(), commit.toString());
	}

	@Test
	@Timeout(240)
	void aDotGitLinkASandboxPlantedDoesNotLeadGitOrTheLedgerOutOfTheWorkspace() throws Exception {
		Path victim = Files.createDirectories(outside.resolve("victim"));
		assertEquals(0, new ProcessBuilder("git", "init", "-q", victim.toString()).start().waitFor());
		Files.writeString(outside.resolve("secret.txt"), "s3cret\n");
		Files.writeString(workspace.resolve("plant.py"), """
				import os
				os.makedirs('repo', exist_ok=True)
				os.symlink('%s/.git', 'repo/.git')
				os.symlink('%s', 'out')
				""".formatted(victim, outside));
		Os2Run planted = os2("python plant.py");
		assertEquals(0, planted.status(), planted.toString());

		Os2Run commit = os2("git -C repo commit -m into-the-victim");
		Os2Run export = os2("ledger export out/exported.jsonl");

		assertEquals(1, commit.stderr().lines().count(), commit.toString());
		assertTrue(commit.status() != 0 && commit.stderr().contains("outside the workspace"), commit.toString());
		assertTrue(export.status() != 0, export.toString());
		assertFalse(Files.exists(outside.resolve("exported.jsonl")), "the export followed the link out:\n" + export);
		assertFalse(Files.exists(victim.resolve(".git/refs/heads/master")) || Files.exists(victim.resolve(".git/refs/heads/main")),
				"a commit reached the outside repository");
	}
}
