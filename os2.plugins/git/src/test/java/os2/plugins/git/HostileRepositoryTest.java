package os2.plugins.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.Budget;
import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.plugins.git.GitToolTest.Recorded;
import os2.plugins.git.GitToolTest.TestSession;

/**
 * Repositories as a sandboxed program leaves them: made by command-line git, then their
 * configuration, attributes and layout rewritten to make the host's git run a program or reach
 * outside the workspace. OS2's git must start no process (the flight recorder's
 * {@code jdk.ProcessStart} is the witness, {@link ProcessStarts}) and read or write nothing outside.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a FIFO read would block for ever
class HostileRepositoryTest {

	@TempDir
	Path workspace;

	/** Outside the workspace: where an attack would leave its marks or find its secrets. */
	@TempDir
	Path outside;

	private GitTool git;
	private Path repo;

	@BeforeEach
	void aRepositoryWithTwoBranches() throws Exception {
		git = new GitTool(permission -> false, name -> {
			throw new GrantDeniedException("os2.plugins.git", "secret:" + name);
		});
		repo = Files.createDirectories(workspace.resolve("repo"));
		GitDaemon.git(repo, "init", "-q");
		Files.writeString(repo.resolve("a.txt"), "plain text\n");
		Path tool = Files.writeString(repo.resolve("tool.sh"), "#!/bin/sh\necho a tool\n");
		Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
		GitDaemon.git(repo, "add", ".");
		GitDaemon.git(repo, "commit", "-q", "-m", "first");
		GitDaemon.git(repo, "checkout", "-q", "-b", "other");
		Files.writeString(repo.resolve("a.txt"), "other text\n");
		Files.writeString(repo.resolve("b.sh"), "#!/bin/sh\necho b\n");
		Files.setPosixFilePermissions(repo.resolve("b.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
		GitDaemon.git(repo, "add", ".");
		GitDaemon.git(repo, "commit", "-q", "-m", "other");
		GitDaemon.git(repo, "checkout", "-q", "main");
	}

	@Test
	void theOracleSeesAProcessThisJvmStarts() throws Exception {
		List<String> started = ProcessStarts.during(() -> new ProcessBuilder("sh", "-c", "exit 0").start().waitFor(),
				outside);

		assertEquals(List.of("sh -c exit 0", ProcessStarts.CONTROL), started);
	}

	@Test
	void filterDriversHooksAndSigningInTheRepositoryNeverRun() throws Exception {
		Path ran = outside.resolve("ran");
		appendConfig(repo, "[filter \"x\"]\n\tclean = touch " + ran + "-clean\n\tsmudge = touch " + ran + "-smudge\n"
				+ "\tprocess = touch " + ran + "-process\n\trequired = true\n"
				+ "[core]\n\thooksPath = " + outside + "\n\tfsmonitor = touch " + ran + "-fsmonitor\n"
				+ "[commit]\n\tgpgSign = true\n[gpg]\n\tprogram = touch " + ran + "-gpg\n"
				+ "[diff \"x\"]\n\ttextconv = touch " + ran + "-textconv\n");
		Files.writeString(repo.resolve(".gitattributes"), "* filter=x diff=x\n");
		Files.writeString(repo.resolve("a.txt"), "changed text\n");
		Path hook = Files.writeString(outside.resolve("pre-commit"), "#!/bin/sh\ntouch " + ran + "-hook\n");
		Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

		List<String> started = ProcessStarts.during(() -> {
			run("-C", "repo", "status");
			run("-C", "repo", "diff");
			run("-C", "repo", "add", ".");
			run("-C", "repo", "commit", "-m", "through a filter?");
			run("-C", "repo", "checkout", "other");
			run("-C", "repo", "checkout", "main");
			run("-C", "repo", "checkout", "-b", "third");
			run("-C", "repo", "log");
		}, outside);

		assertEquals(ProcessStarts.none(), started);
		assertEquals(List.of("pre-commit"), names(outside), "something ran and left its mark");
		assertEquals("changed text\n", GitDaemon.git(repo, "cat-file", "blob", "main:a.txt"), "a clean filter changed it");
		assertFalse(GitDaemon.git(repo, "cat-file", "-p", "main").contains("gpgsig"), "the commit was signed");
		assertTrue(Files.isExecutable(repo.resolve("tool.sh")), "the executable bit was lost");
	}

	@Test
	void aLocalRemotesUploadPackAndReceivePackNeverRunAndUrlRewritesAreIgnored() throws Exception {
		Path ran = outside.resolve("ran");
		Path secret = outside.resolve("secret");
		GitDaemon.git(outside, "init", "-q", "secret");
		Files.writeString(secret.resolve("secret.txt"), "the host's secret\n");
		GitDaemon.git(secret, "add", ".");
		GitDaemon.git(secret, "commit", "-q", "-m", "secret");
		GitDaemon.git(workspace, "clone", "-q", "repo", "work");
		Path work = workspace.resolve("work");
		appendConfig(work, "[remote \"origin\"]\n\tuploadpack = touch " + ran + "-upload; git-upload-pack\n"
				+ "\treceivepack = touch " + ran + "-receive; git-receive-pack\n"
				+ "\tpushurl = " + secret + "\n"
				+ "[url \"" + secret + "\"]\n\tinsteadOf = " + repo + "\n\tpushInsteadOf = " + repo + "\n");
		Files.writeString(repo.resolve("c.txt"), "upstream\n");
		GitDaemon.git(repo, "add", "c.txt");
		GitDaemon.git(repo, "commit", "-q", "-m", "upstream");
		String upstream = GitDaemon.git(repo, "rev-parse", "main").strip();
		String secretHead = GitDaemon.git(secret, "rev-parse", "HEAD").strip();

		List<String> started = ProcessStarts.during(() -> {
			run("-C", "work", "fetch");
			run("-C", "work", "pull");
			Files.writeString(work.resolve("d.txt"), "pushed\n");
			run("-C", "work", "add", "d.txt");
			run("-C", "work", "commit", "-m", "pushed");
			run("-C", "work", "checkout", "-b", "pushed");
			run("-C", "work", "push", "origin", "pushed");
			run("clone", "repo", "copy");
		}, outside);

		assertEquals(ProcessStarts.none(), started);
		assertEquals(upstream, GitDaemon.git(work, "rev-parse", "origin/main").strip());
		assertFalse(Files.exists(work.resolve("secret.txt")), "the rewritten URL was fetched");
		assertEquals(GitDaemon.git(work, "rev-parse", "HEAD"), GitDaemon.git(repo, "rev-parse", "pushed"));
		assertEquals(secretHead, GitDaemon.git(secret, "rev-parse", "HEAD").strip());
		assertEquals("", GitDaemon.git(secret, "branch", "--list", "pushed"), "the push went outside");
		assertEquals(List.of("secret"), names(outside), "something ran and left its mark");
		assertEquals("upstream\n", Files.readString(workspace.resolve("copy/c.txt")));
	}

	@Test
	void aDotGitLinkingToARepositoryOutsideIsRefusedAndTheRepositoryIsUntouched() throws Exception {
		Path theirs = outside.resolve("theirs");
		GitDaemon.git(outside, "clone", "-q", repo.toString(), "theirs");
		String head = GitDaemon.git(theirs, "rev-parse", "HEAD");
		Path linked = Files.createDirectories(workspace.resolve("linked"));
		Files.createSymbolicLink(linked.resolve(".git"), theirs.resolve(".git"));
		Files.writeString(linked.resolve("new.txt"), "written through the link?\n");

		List<String> started = ProcessStarts.during(() -> {
			for (List<String> command : List.of(List.of("log"), List.of("status"), List.of("add", "."),
					List.of("commit", "-m", "x"), List.of("checkout", "other"), List.of("fetch"))) {
				KernelException refused = refused("-C", "linked", command);
				assertEquals("git: linked/.git points outside the workspace (" + theirs.resolve(".git").toRealPath()
						+ "); OS2's git works only on repositories inside it", refused.getMessage());
			}
			assertThrows(KernelException.class, () -> run("init", "linked"));
			assertThrows(KernelException.class, () -> run("clone", "linked", "copy"));
		}, outside);

		assertEquals(ProcessStarts.none(), started);
		assertEquals(head, GitDaemon.git(theirs, "rev-parse", "HEAD"));
		assertEquals("", GitDaemon.git(theirs, "status", "--porcelain"));
		assertFalse(Files.exists(workspace.resolve("copy")));
	}

	@Test
	void gitdirCommondirAlternatesAndLinksInsideDotGitLeadingOutAreRefused() throws Exception {
		Path theirs = outside.resolve("theirs");
		GitDaemon.git(outside, "clone", "-q", "--bare", repo.toString(), "theirs");
		Files.writeString(outside.resolve("file"), "outside\n");

		Path gitdir = Files.createDirectories(workspace.resolve("gitdir"));
		Files.writeString(gitdir.resolve(".git"), "gitdir: " + theirs + "\n");
		Path commondir = copyOfRepo("commondir");
		Files.writeString(commondir.resolve(".git/commondir"), theirs + "\n");
		Path alternates = copyOfRepo("alternates");
		Files.writeString(alternates.resolve(".git/objects/info/alternates"), theirs.resolve("objects") + "\n");
		Path refLink = copyOfRepo("ref-link");
		Files.createSymbolicLink(refLink.resolve(".git/refs/heads/evil"), outside.resolve("file"));
		Path dangling = copyOfRepo("dangling");
		Files.createSymbolicLink(dangling.resolve(".git/ORIG_HEAD"), outside.resolve("created-by-a-write"));
		Path include = copyOfRepo("include");
		appendConfig(include, "[include]\n\tpath = " + outside.resolve("file") + "\n");

		List<String> started = ProcessStarts.during(() -> {
			assertEquals("git: gitdir/.git points outside the workspace (" + theirs + "); OS2's git works only on"
					+ " repositories inside it", refused("-C", "gitdir", List.of("log")).getMessage());
			assertEquals("git: commondir/.git/commondir points outside the workspace (" + theirs + "); OS2's git works"
					+ " only on repositories inside it", refused("-C", "commondir", List.of("status")).getMessage());
			assertEquals("git: alternates/.git/objects/info/alternates points outside the workspace ("
					+ theirs.resolve("objects") + "); OS2's git works only on repositories inside it",
					refused("-C", "alternates", List.of("log")).getMessage());
			assertEquals("git: ref-link/.git/refs/heads/evil points outside the workspace (" + outside.resolve("file")
					+ "); OS2's git works only on repositories inside it",
					refused("-C", "ref-link", List.of("log")).getMessage());
			assertEquals("git: dangling/.git/ORIG_HEAD points outside the workspace (" + outside.resolve("created-by-a-write")
					+ "); OS2's git works only on repositories inside it",
					refused("-C", "dangling", List.of("commit", "-m", "x")).getMessage());
			assertEquals("git: include/.git/config includes " + outside.resolve("file") + "; OS2's git reads no included"
					+ " configuration (remove the [include] section)", refused("-C", "include", List.of("status")).getMessage());
			assertThrows(KernelException.class, () -> run("clone", "alternates", "copy"));
		}, outside);

		assertEquals(ProcessStarts.none(), started);
		assertEquals(List.of("file", "theirs"), names(outside));
		assertFalse(Files.exists(workspace.resolve("copy")));
	}

	@Test
	void aWorkTreeExcludesOrAttributesFileOutsideIsNeverReadNorWritten() throws Exception {
		Path elsewhere = Files.createDirectories(outside.resolve("worktree"));
		// a FIFO: reading it would block this test until its timeout
		Path fifo = outside.resolve("fifo");
		new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
		appendConfig(repo, "[core]\n\tworktree = " + elsewhere + "\n\texcludesFile = " + fifo + "\n\tattributesFile = "
				+ fifo + "\n[http]\n\tcookieFile = " + fifo + "\n");

		List<String> started = ProcessStarts.during(() -> {
			run("-C", "repo", "checkout", "other");
			run("-C", "repo", "status");
			Files.writeString(repo.resolve("e.txt"), "e\n");
			run("-C", "repo", "add", "e.txt");
			run("-C", "repo", "commit", "-m", "e");
		}, outside);

		assertEquals(ProcessStarts.none(), started);
		assertEquals(List.of(), names(elsewhere), "the checkout wrote outside");
		assertEquals("other text\n", Files.readString(repo.resolve("a.txt")));
		assertEquals("e\n", GitDaemon.git(repo, "cat-file", "blob", "HEAD:e.txt"));
	}

	@Test
	void anSshRemoteWithoutASchemeIsRefusedAsSsh() throws Exception {
		GitDaemon.git(repo, "remote", "add", "origin", "git@example.org:someone/repo.git");

		List<String> started = ProcessStarts.during(() -> {
			assertEquals("git: git@example.org:someone/repo.git is an SSH remote, which OS2 does not offer (it would need the"
					+ " host's keys); use https:// or git://", refused("-C", "repo", List.of("fetch")).getMessage());
			assertThrows(KernelException.class, () -> run("clone", "example.org:repo.git", "ssh"));
		}, outside);

		assertEquals(ProcessStarts.none(), started);
	}

	private KernelException refused(String option, String directory, List<String> command) {
		String[] arguments = new String[command.size() + 2];
		arguments[0] = option;
		arguments[1] = directory;
		for (int i = 0; i < command.size(); i++) {
			arguments[i + 2] = command.get(i);
		}
		KernelException refused = assertThrows(KernelException.class, () -> run(arguments));
		assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
		return refused;
	}

	/** A copy of the repository (made by command-line git) under another name in the workspace. */
	private Path copyOfRepo(String name) throws Exception {
		GitDaemon.git(workspace, "clone", "-q", "repo", name);
		return workspace.resolve(name);
	}

	private static void appendConfig(Path repository, String text) throws Exception {
		Path config = repository.resolve(".git/config");
		Files.writeString(config, Files.readString(config) + text);
	}

	private static List<String> names(Path directory) throws Exception {
		try (var entries = Files.list(directory)) {
			return entries.map(path -> path.getFileName().toString()).sorted().toList();
		}
	}

	private Recorded run(String... arguments) throws InterruptedException {
		Recorded output = new Recorded();
		Invocation invocation = new Invocation(new TestSession(workspace), "r-1", List.of(arguments), workspace, Map.of(), null,
				Budget.DEFAULT, false, 1);
		RunResult result = git.run(invocation, output);
		assertEquals(0, result.exitStatus(), output.stderr());
		return output;
	}
}
