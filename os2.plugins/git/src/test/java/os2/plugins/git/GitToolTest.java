package os2.plugins.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.Budget;
import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Session;
import os2.kernel.api.UsageError;

/**
 * The git tool on real repositories made by command-line git, served by a real {@code git daemon}
 * on 127.0.0.1. The kernel's answer to a grant question is a stand-in here (a set of granted
 * permissions); the kernel's own side is tested in the kernel and end to end.
 */
class GitToolTest {

	@TempDir
	Path workspace;

	@TempDir
	Path server;

	private final Set<String> granted = new HashSet<>();
	private final List<String> asked = new ArrayList<>();
	/** The secret store, as the kernel would reveal it with the grant. */
	private final Map<String, String> secrets = new HashMap<>();
	private GitTool git;
	private GitDaemon daemon;
	private Path source;

	@BeforeEach
	@Timeout(60)
	void serveARepository() throws Exception {
		git = new GitTool(permission -> {
			asked.add(permission);
			return granted.contains(permission);
		}, name -> {
			asked.add("secret:" + name);
			if (!granted.contains("secret:" + name)) {
				throw new GrantDeniedException("os2.plugins.git", "secret:" + name);
			}
			return secrets.get(name);
		});
		source = Files.createDirectories(server.resolve("source"));
		GitDaemon.git(source, "init", "-q");
		Files.writeString(source.resolve("a.txt"), "hello\n");
		Files.createDirectories(source.resolve("d"));
		Files.writeString(source.resolve("d/b.txt"), "inside\n");
		Files.createSymbolicLink(source.resolve("outside"), Path.of("/etc/passwd"));
		GitDaemon.git(source, "add", ".");
		GitDaemon.git(source, "commit", "-q", "-m", "first commit");
		Files.writeString(source.resolve("a.txt"), "hello again\n");
		GitDaemon.git(source, "commit", "-q", "-am", "second commit");
		GitDaemon.git(source, "branch", "side");
		GitDaemon.git(server, "clone", "-q", "--bare", "source", "repo.git");
		daemon = new GitDaemon(server, server.resolve("daemon.log"));
	}

	@AfterEach
	void stopTheDaemon() throws Exception {
		daemon.close();
	}

	@Test
	void withoutTheGrantACloneIsRefusedBeforeAnyConnection() throws Exception {
		long before = daemon.connections();

		KernelException refused = assertThrows(KernelException.class, () -> run("clone", daemon.url("repo.git")));

		assertEquals("git: no grant to reach 127.0.0.1:" + daemon.port + "; ./os2 --admin -c 'grant os2.plugins.git net:127.0.0.1:"
				+ daemon.port + "' (or net:127.0.0.1 for every port) gives it", refused.getMessage());
		assertEquals(List.of("net:127.0.0.1:" + daemon.port), asked);
		assertEquals(before, daemon.connections(), "the daemon saw a connection");
		assertFalse(Files.exists(workspace.resolve("repo")));
	}

	@Test
	void aGrantedCloneChecksOutHeadShowsProgressAndRecordsTheCommitAndTree() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);

		Recorded output = run("clone", daemon.url("repo.git"));

		assertEquals("hello again\n", Files.readString(workspace.resolve("repo/a.txt")));
		assertTrue(output.stderr().startsWith("Cloning into 'repo'...\n"), output.stderr());
		assertTrue(output.stderr().contains("Receiving objects: 100% ("), output.stderr());
		assertTrue(output.stderr().contains("Checking out files: 100% (3/3), done."), output.stderr());
		Map<String, Object> note = output.notes.getLast();
		assertEquals("clone", note.get("git"));
		assertEquals(GitDaemon.git(source, "rev-parse", "HEAD").strip(), note.get("head"));
		assertEquals(GitDaemon.git(source, "rev-parse", "HEAD^{tree}").strip(), note.get("tree"));
		assertEquals("main", note.get("branch"));
		assertEquals("", GitDaemon.git(workspace.resolve("repo"), "status", "--porcelain"), "command-line git sees a clean tree");
	}

	@Test
	void aSymbolicLinkInTheRepositoryIsCheckedOutAsAPlainFile() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);

		run("clone", daemon.url("repo.git"));

		Path link = workspace.resolve("repo/outside");
		assertFalse(Files.isSymbolicLink(link));
		assertEquals("/etc/passwd", Files.readString(link));
	}

	@Test
	void aShallowCloneHasOneCommitAndABranchCanBeChosen() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);

		run("clone", "--depth", "1", "--branch", "side", daemon.url("repo.git"), "shallow");
		Recorded log = run("-C", "shallow", "log", "--oneline");

		assertEquals(1, log.stdout().lines().count(), log.stdout());
		assertTrue(log.stdout().endsWith(" second commit\n"), log.stdout());
		assertEquals("* side\n", run("-C", "shallow", "branch").stdout());
	}

	@Test
	void aBranchThatDoesNotExistOrAnUnreachableHostLeavesNothingBehind() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);
		int closedPort = GitDaemon.freePort();
		granted.add("net:127.0.0.1:" + closedPort);

		KernelException noBranch = assertThrows(KernelException.class,
				() -> run("clone", "--branch", "nope", daemon.url("repo.git"), "one"));
		KernelException unreachable = assertThrows(KernelException.class,
				() -> run("clone", "git://127.0.0.1:" + closedPort + "/repo.git", "two"));

		assertTrue(noBranch.getMessage().startsWith("git clone: Remote branch nope not found in upstream origin"),
				noBranch.getMessage());
		assertTrue(unreachable.getMessage().startsWith("git clone: "), unreachable.getMessage());
		assertFalse(noBranch.getMessage().contains("\n") || unreachable.getMessage().contains("\n"));
		assertFalse(Files.exists(workspace.resolve("one")));
		assertFalse(Files.exists(workspace.resolve("two")));
	}

	@Test
	void aCommitRunsNoHookAndCommandLineGitReadsIt() throws Exception {
		run("init", "project");
		Path hooks = workspace.resolve("project/.git/hooks");
		for (String hook : List.of("pre-commit", "commit-msg", "post-commit")) {
			Path script = Files.writeString(hooks.resolve(hook), "#!/bin/sh\ntouch \"" + workspace.resolve(hook + "-ran") + "\"\n");
			Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		Files.writeString(workspace.resolve("project/notes.md"), "# notes\n");

		run("-C", "project", "add", ".");
		Recorded committed = run("-C", "project", "commit", "-m", "add notes");

		for (String hook : List.of("pre-commit", "commit-msg", "post-commit")) {
			assertFalse(Files.exists(workspace.resolve(hook + "-ran")), hook + " ran");
		}
		assertTrue(committed.stdout().matches("\\[master \\(root-commit\\) [0-9a-f]{7}\\] add notes\n"), committed.stdout());
		Path project = workspace.resolve("project");
		GitDaemon.git(project, "fsck", "--strict");
		assertEquals("add notes|tester <tester@os2.invalid>\n", GitDaemon.git(project, "log", "--format=%s|%an <%ae>"));
		assertEquals(GitDaemon.git(project, "rev-parse", "HEAD").strip(), committed.notes.getLast().get("commit"));
		assertEquals("nothing to commit, working tree clean\n", run(1, "-C", "project", "commit", "-m", "again").stdout());
	}

	@Test
	void statusAndCheckoutSpeakLikeGit() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);
		run("clone", daemon.url("repo.git"));
		Files.writeString(workspace.resolve("repo/a.txt"), "changed\n");
		Files.writeString(workspace.resolve("repo/new.txt"), "new\n");

		assertEquals("On branch main\nChanges not staged for commit:\n\tmodified:   a.txt\n\nUntracked files:\n\tnew.txt\n\n",
				run("-C", "repo", "status").stdout());
		Recorded switched = run("-C", "repo", "checkout", "-b", "feature");

		assertEquals("Switched to a new branch 'feature'\n", switched.stderr());
		assertEquals("  main\n* feature\n".lines().sorted().toList(),
				run("-C", "repo", "branch").stdout().lines().sorted().toList());
	}

	@Test
	void pathsAndRemotesOutsideTheWorkspaceAreRefused() {
		KernelException target = assertThrows(KernelException.class, () -> run("clone", daemon.url("repo.git"), "../escape"));
		KernelException directory = assertThrows(KernelException.class, () -> run("-C", "..", "status"));
		KernelException remote = assertThrows(KernelException.class, () -> run("clone", server.resolve("repo.git").toString()));
		UsageError unknown = assertThrows(UsageError.class, () -> run("rebase"));

		assertTrue(target.getMessage().contains("is outside the workspace"), target.getMessage());
		assertTrue(directory.getMessage().contains("is outside the workspace"), directory.getMessage());
		assertEquals("git: " + server.resolve("repo.git") + " is outside the workspace; ./os2 --admin -c 'grant os2.plugins.git fs:"
				+ server.resolve("repo.git") + ":read' lets git read it", remote.getMessage());
		assertEquals("git: 'rebase' is not a git command OS2 offers; it offers " + GitTool.SUBCOMMANDS, unknown.getMessage());
	}

	/**
	 * JGit packs a repository on its own after a fetch when its configuration says it is due, in a
	 * thread of the host's JVM that outlives the run; OS2's git never does (the third pack stays).
	 */
	@Test
	void noAutomaticGarbageCollectionRunsAfterAFetch() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);
		run("clone", daemon.url("repo.git"));
		Path repo = workspace.resolve("repo");
		Files.writeString(repo.resolve(".git/config"), Files.readString(repo.resolve(".git/config"))
				+ "[gc]\n\tautoPackLimit = 1\n\tautoDetach = false\n");
		Path other = server.resolve("other");
		GitDaemon.git(server, "clone", "-q", "repo.git", "other");
		for (int commit = 1; commit <= 2; commit++) { // JGit packs when there are more than autoPackLimit + 1
			Files.writeString(other.resolve("new.txt"), "commit " + commit + "\n");
			GitDaemon.git(other, "add", ".");
			GitDaemon.git(other, "commit", "-q", "-m", "commit " + commit);
			GitDaemon.git(other, "push", "-q", "origin", "main");
			run("-C", "repo", "fetch");
		}

		try (var packs = Files.list(repo.resolve(".git/objects/pack"))) {
			assertEquals(3, packs.filter(pack -> pack.toString().endsWith(".pack")).count(), "the repository was packed");
		}
		assertFalse(Files.exists(repo.resolve(".git/gc.log")));
		// a clone's repository is JGit's own: the default JGit reads under every repository's says no
		assertFalse(SystemReader.getInstance().getJGitConfig().getBoolean("fetch", null, "autogc", true));
	}

	@Test
	void pushFetchAndPullGoThroughTheGrantedDaemonAndAreOnRecord() throws Exception {
		String grant = "net:127.0.0.1:" + daemon.port;
		granted.add(grant);
		run("clone", daemon.url("repo.git"));
		Files.writeString(workspace.resolve("repo/pushed.txt"), "from OS2\n");
		run("-C", "repo", "add", "pushed.txt");
		String commit = (String) run("-C", "repo", "commit", "-m", "pushed by OS2").notes.getLast().get("commit");

		Recorded pushed = run("-C", "repo", "push");

		assertEquals("pushed by OS2\n", GitDaemon.git(server.resolve("repo.git"), "log", "-1", "--format=%s"));
		assertTrue(pushed.stderr().contains("main -> main\n"), pushed.stderr());
		assertEquals(Map.of("refs/heads/main", commit), pushed.notes.getLast().get("refs"));

		Path other = server.resolve("other");
		GitDaemon.git(server, "clone", "-q", "repo.git", "other");
		Files.writeString(other.resolve("theirs.txt"), "from someone else\n");
		GitDaemon.git(other, "add", ".");
		GitDaemon.git(other, "commit", "-q", "-m", "their commit");
		GitDaemon.git(other, "push", "-q", "origin", "main");
		String theirs = GitDaemon.git(other, "rev-parse", "HEAD").strip();

		Recorded fetched = run("-C", "repo", "fetch");
		Recorded pulled = run("-C", "repo", "pull");

		assertTrue(fetched.stderr().contains("main -> origin/main\n"), fetched.stderr());
		assertEquals(theirs, ((Map<?, ?>) fetched.notes.getLast().get("refs")).get("refs/remotes/origin/main"));
		assertEquals("Updating " + commit.substring(0, 7) + ".." + theirs.substring(0, 7) + "\nFast-forward\n", pulled.stdout());
		assertEquals(theirs, pulled.notes.getLast().get("head"));
		assertEquals("from someone else\n", Files.readString(workspace.resolve("repo/theirs.txt")));
		assertEquals("Already up to date.\n", run("-C", "repo", "pull").stdout());

		// their next commit writes 2 MiB: past a 1 MiB budget the pull fetches it and merges nothing
		Files.write(other.resolve("big.bin"), new byte[2 << 20]);
		GitDaemon.git(other, "add", ".");
		GitDaemon.git(other, "commit", "-q", "-m", "a big file");
		GitDaemon.git(other, "push", "-q", "origin", "main");
		Budget oneMegabyte = new Budget(2000, Duration.ofMinutes(10), Duration.ofMinutes(5), 4L << 30, 64L << 20, 256, 1L << 20);
		Recorded refused = run(RunResult.STOPPED_BY_LIMIT, oneMegabyte, "-C", "repo", "pull");
		assertEquals("file-size", lastResult.endedBy());
		assertTrue(refused.stderr().endsWith("git pull: merging origin/main would write 2097152 bytes in 1 files, more than"
				+ " 1048576 (the run's file-size budget); the fetch was kept, nothing was merged\n"), refused.stderr());
		assertFalse(Files.exists(workspace.resolve("repo/big.bin")));
		assertEquals(GitDaemon.git(other, "rev-parse", "HEAD"), GitDaemon.git(workspace.resolve("repo"), "rev-parse", "origin/main"));
		String pulledWithRoom = run("-C", "repo", "pull").stdout();
		assertTrue(pulledWithRoom.startsWith("Updating " + theirs.substring(0, 7) + ".."), pulledWithRoom);
		assertEquals(2 << 20, Files.size(workspace.resolve("repo/big.bin")));

		granted.remove(grant);
		long before = daemon.connections();
		assertThrows(KernelException.class, () -> run("-C", "repo", "push"));
		assertEquals(before, daemon.connections(), "a push without the grant connected");
	}

	@Test
	void diffPrintsWhatCommandLineGitPrints() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);
		run("clone", daemon.url("repo.git"));
		Path repo = workspace.resolve("repo");
		Files.writeString(repo.resolve("a.txt"), "changed\nand longer\n");
		Files.delete(repo.resolve("d/b.txt"));

		assertEquals(GitDaemon.git(repo, "diff"), run("-C", "repo", "diff").stdout());
		assertEquals(GitDaemon.git(repo, "diff", "--stat"), run("-C", "repo", "diff", "--stat").stdout());
		assertEquals(GitDaemon.git(repo, "diff", "HEAD~1"), run("-C", "repo", "diff", "HEAD~1").stdout());
	}

	@Test
	void aCloneOverItsSizeBudgetStopsAndLeavesNothing() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);
		byte[] noise = new byte[2 << 20];
		new java.util.Random(1).nextBytes(noise); // incompressible: the pack carries all of it
		Files.write(source.resolve("big.bin"), noise);
		GitDaemon.git(source, "add", "big.bin");
		GitDaemon.git(source, "commit", "-q", "-m", "a big file");
		GitDaemon.git(server, "clone", "-q", "--bare", "source", "big.git");

		Recorded tooBig = run(RunResult.STOPPED_BY_LIMIT, "clone", "--max-bytes", "256k", daemon.url("big.git"));
		KernelException tooMany = assertThrows(KernelException.class,
				() -> run("clone", "--max-files", "2", daemon.url("repo.git")));

		assertTrue(tooBig.stderr().endsWith("git clone: stopped after receiving more than 262144 bytes (the run's file-size"
				+ " budget; --max-bytes SIZE sets another); nothing was kept\n"), tooBig.stderr());
		assertEquals("file-size", lastResult.endedBy());
		assertEquals("git clone: repo would check out 3 files, more than 2 (--max-files N allows more); nothing was kept",
				tooMany.getMessage());
		assertFalse(Files.exists(workspace.resolve("big")));
		assertFalse(Files.exists(workspace.resolve("repo")));
		run("clone", daemon.url("big.git"));
		assertEquals(noise.length, Files.size(workspace.resolve("big/big.bin")));
	}

	@Test
	void aCloneWhoseCheckoutWouldBeOverItsBudgetIsRefusedBeforeWritingAndLeavesNothing() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);
		Path bomb = Files.createDirectories(server.resolve("bomb"));
		GitDaemon.git(bomb, "init", "-q");
		byte[] noise = new byte[1 << 20];
		new java.util.Random(2).nextBytes(noise);
		for (int i = 0; i < 40; i++) { // one blob, forty paths: a 1 MiB transfer, a 40 MiB checkout
			Files.write(bomb.resolve("copy" + i + ".bin"), noise);
		}
		GitDaemon.git(bomb, "add", ".");
		GitDaemon.git(bomb, "commit", "-q", "-m", "one blob, many names");
		GitDaemon.git(server, "clone", "-q", "--bare", "bomb", "bomb.git");

		String refused = run(RunResult.STOPPED_BY_LIMIT, "clone", "--max-bytes", "8m", daemon.url("bomb.git")).stderr();

		assertEquals("file-size", lastResult.endedBy());
		assertTrue(refused.contains("\ngit clone: bomb would check out 41943040 bytes in 40 files, which with the "), refused);
		assertTrue(refused.endsWith(" bytes received is more than 8388608 (the run's file-size budget;"
				+ " --max-bytes SIZE sets another); nothing was kept\n"), refused);
		assertFalse(Files.exists(workspace.resolve("bomb")));
		run("clone", "--max-bytes", "64m", daemon.url("bomb.git"));
		assertEquals(40, Files.list(workspace.resolve("bomb")).filter(file -> file.toString().endsWith(".bin")).count());

		// a branch that names the blob forty times more: switching to it would write 40 MiB
		Path clone = workspace.resolve("bomb");
		Files.writeString(clone.resolve("small.txt"), "small\n");
		run("-C", "bomb", "checkout", "-b", "more");
		for (int i = 40; i < 80; i++) {
			Files.write(clone.resolve("copy" + i + ".bin"), noise);
		}
		run("-C", "bomb", "add", ".");
		run("-C", "bomb", "commit", "-m", "forty more");
		run("-C", "bomb", "checkout", "main");
		Budget eightMegabytes = new Budget(2000, Duration.ofMinutes(10), Duration.ofMinutes(5), 4L << 30, 64L << 20, 256, 8L << 20);

		Recorded tooMuch = run(RunResult.STOPPED_BY_LIMIT, eightMegabytes, "-C", "bomb", "checkout", "more");

		assertEquals("git checkout: more would write 41943046 bytes in 41 files, more than 8388608 (the run's file-size"
				+ " budget); nothing was changed\n", tooMuch.stderr());
		assertEquals("file-size", lastResult.endedBy());
		assertFalse(Files.exists(clone.resolve("copy40.bin")));
		assertEquals("", GitDaemon.git(clone, "status", "--porcelain"));
	}

	@Test
	void smartHttpClonesAndPushesWithTheGrantAndARedirectNeedsItsOwn() throws Exception {
		GitDaemon.git(server.resolve("repo.git"), "config", "http.receivepack", "true");
		try (SmartHttp http = new SmartHttp(server); SmartHttp elsewhere = new SmartHttp(server)) {
			granted.add("net:127.0.0.1:" + http.port());

			run("clone", http.url("git/repo.git"), "over-http");
			Files.writeString(workspace.resolve("over-http/http.txt"), "pushed over http\n");
			run("-C", "over-http", "add", ".");
			run("-C", "over-http", "commit", "-m", "over http");
			Recorded pushed = run("-C", "over-http", "push");

			assertEquals("hello again\n", Files.readString(workspace.resolve("over-http/a.txt")));
			assertTrue(pushed.stderr().contains("main -> main"), pushed.stderr());
			assertEquals("over http\n", GitDaemon.git(server.resolve("repo.git"), "log", "-1", "--format=%s"));

			http.redirectTo("http://127.0.0.1:" + elsewhere.port() + "/git");
			KernelException redirected = assertThrows(KernelException.class,
					() -> run("clone", http.url("moved/repo.git"), "redirected"));

			assertTrue(redirected.getMessage().contains("no grant to reach 127.0.0.1:" + elsewhere.port()),
					redirected.getMessage());
			assertEquals(0, elsewhere.requests(), "the redirect was followed to a host without a grant");
			assertFalse(Files.exists(workspace.resolve("redirected")));
		}
	}

	@Test
	void aTokenFromTheSecretStoreOpensAPrivateRepositoryWithItsGrantAndIsWrittenNowhere() throws Exception {
		String token = "tok-" + System.nanoTime();
		secrets.put("private", token);
		try (SmartHttp http = new SmartHttp(server)) {
			http.requireAuthentication("x-access-token", token);
			granted.add("net:127.0.0.1:" + http.port());
			String url = http.url("git/repo.git");

			KernelException anonymous = assertThrows(KernelException.class, () -> run("clone", url, "anonymous"));
			assertTrue(anonymous.getMessage().startsWith("git clone: "), anonymous.getMessage());
			assertTrue(anonymous.getMessage().contains("Authentication is required"), anonymous.getMessage());
			assertTrue(anonymous.getMessage().endsWith("(a private remote: put a token in the secret store with 'secret set"
					+ " NAME' and give --secret NAME)"), anonymous.getMessage());
			GrantDeniedException ungranted = assertThrows(GrantDeniedException.class,
					() -> run("clone", url, "ungranted", "--secret", "private"));
			assertEquals("secret:private", ungranted.permission());
			assertEquals(0, http.authorizations().size(), "a token was sent without its grant");

			granted.add("secret:private");
			Recorded cloned = run("clone", url, "private", "--secret", "private");
			Recorded fetched = run("-C", "private", "fetch", "--secret", "private");

			assertEquals("hello again\n", Files.readString(workspace.resolve("private/a.txt")));
			assertFalse(http.authorizations().isEmpty());
			for (Recorded recorded : List.of(cloned, fetched)) {
				assertFalse((recorded.stdout() + recorded.stderr() + recorded.notes).contains(token), "the token was written");
			}
			assertFalse(Files.readString(workspace.resolve("private/.git/config")).contains(token));
			assertFalse(anonymous.getMessage().contains(token));
		}
	}

	@Test
	void theTokenGoesOnlyToTheRemotesOwnServerNotWhereARedirectLeads() throws Exception {
		String token = "tok-" + System.nanoTime();
		secrets.put("private", token);
		try (SmartHttp http = new SmartHttp(server); SmartHttp elsewhere = new SmartHttp(server, "127.0.0.2")) {
			elsewhere.requireAuthentication("x-access-token", token);
			http.redirectTo("http://127.0.0.2:" + elsewhere.port() + "/git");
			granted.addAll(List.of("net:127.0.0.1:" + http.port(), "net:127.0.0.2:" + elsewhere.port(), "secret:private"));

			KernelException refused = assertThrows(KernelException.class,
					() -> run("clone", http.url("moved/repo.git"), "redirected", "--secret", "private"));

			// JGit's words when the credentials it was given do not answer for that server
			assertTrue(refused.getMessage().contains("not authorized (the server refused the token of --secret"),
					refused.getMessage());
			assertTrue(elsewhere.requests() > 0, "the redirect was not followed");
			assertEquals(List.of(), elsewhere.authorizations(), "the token went to the server a redirect led to");
			assertFalse(Files.exists(workspace.resolve("redirected")));
		}
	}

	@Test
	void aTokenIsNeverSentWhereTheNetworkCouldReadItNorTakenFromTheUrl() throws Exception {
		secrets.put("private", "tok");
		granted.addAll(List.of("net:127.0.0.1:" + daemon.port, "net:example.org:80", "net:example.org:443", "secret:private"));

		assertEquals("git: git:// has no authentication; a token needs an https:// remote", assertThrows(
				KernelException.class, () -> run("clone", daemon.url("repo.git"), "--secret", "private")).getMessage());
		assertTrue(assertThrows(KernelException.class, () -> run("clone", "http://example.org/repo.git", "--secret", "private"))
				.getMessage().startsWith("git: --secret sends a token only over https://"));
		assertTrue(assertThrows(KernelException.class, () -> run("clone", "https://me:tok@example.org/repo.git"))
				.getMessage().startsWith("git: the URL holds a password"));
		assertEquals("git: --user goes with --secret NAME, whose token is the password",
				assertThrows(UsageError.class, () -> run("clone", daemon.url("repo.git"), "--user", "me")).getMessage());
		assertFalse(asked.contains("secret:private"), "a secret was revealed for a remote it must not go to");
		assertFalse(Files.exists(workspace.resolve("repo")));
	}

	@Test
	void aRecordedCloneIsReExecutedAtItsCommitAndItsTreeIsChecked() throws Exception {
		granted.add("net:127.0.0.1:" + daemon.port);
		String first = GitDaemon.git(source, "rev-parse", "HEAD~1").strip();
		String firstTree = GitDaemon.git(source, "rev-parse", "HEAD~1^{tree}").strip();
		String otherTree = GitDaemon.git(source, "rev-parse", "HEAD^{tree}").strip();

		Recorded again = run("clone", "--commit", first, "--tree", firstTree, daemon.url("repo.git"), "again");
		KernelException rewritten = assertThrows(KernelException.class,
				() -> run("clone", "--commit", first, "--tree", otherTree, daemon.url("repo.git"), "rewritten"));

		assertEquals("hello\n", Files.readString(workspace.resolve("again/a.txt")));
		assertEquals(first, again.notes.getLast().get("head"));
		assertEquals(firstTree, again.notes.getLast().get("tree"));
		assertEquals("git clone: commit " + first + " has tree " + firstTree + ", not the recorded " + otherTree
				+ "; the remote's history was rewritten", rewritten.getMessage());
		assertFalse(Files.exists(workspace.resolve("rewritten")));
	}

	/** How the last {@link #run} ended. */
	private RunResult lastResult;

	private Recorded run(String... arguments) throws InterruptedException {
		return run(0, arguments);
	}

	private Recorded run(int expectedStatus, String... arguments) throws InterruptedException {
		return run(expectedStatus, Budget.DEFAULT, arguments);
	}

	private Recorded run(Budget budget, String... arguments) throws InterruptedException {
		return run(0, budget, arguments);
	}

	private Recorded run(int expectedStatus, Budget budget, String... arguments) throws InterruptedException {
		Recorded output = new Recorded();
		Invocation invocation = new Invocation(new TestSession(workspace), "r-1", List.of(arguments), workspace, Map.of(), null,
				budget, false, 1);
		RunResult result = git.run(invocation, output);
		lastResult = result;
		assertEquals(expectedStatus, result.exitStatus(), output.stderr());
		return output;
	}

	/** What a run wrote, by stream, and its notes. */
	static final class Recorded implements Output {
		private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
		final List<Map<String, Object>> notes = new ArrayList<>();

		@Override
		public synchronized void write(Stream stream, byte[] bytes, int offset, int length) {
			(stream == Stream.STDOUT ? stdout : stderr).write(bytes, offset, length);
		}

		@Override
		public synchronized void note(Map<String, Object> facts) {
			notes.add(facts);
		}

		String stdout() {
			return stdout.toString(StandardCharsets.UTF_8);
		}

		String stderr() {
			return stderr.toString(StandardCharsets.UTF_8);
		}
	}

	/** A session owned by "tester". */
	record TestSession(Path workspace) implements Session {
		@Override
		public String id() {
			return "s-test";
		}

		@Override
		public String owner() {
			return "tester";
		}

		@Override
		public Instant created() {
			return Instant.EPOCH;
		}

		@Override
		public long seed() {
			return 0;
		}

		@Override
		public long clock() {
			return 0;
		}

		@Override
		public Map<String, List<String>> grants() {
			return Map.of();
		}
	}
}
