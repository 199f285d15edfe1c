package os2.kernel.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace's lock against another process: held by a real one (python's {@code fcntl.lockf},
 * the same POSIX record locks as the JDK's), a run waits for it, says so once, and starts when it
 * is let go; a caller that gives up meanwhile never gets it.
 */
class WorkspaceLocksTest {

	@TempDir
	Path home;

	/** A python process holding the lock of {@code workspace} until its stdin closes. */
	private Process holder(Path workspace) throws Exception {
		Path directory = home.resolve("locks");
		new WorkspaceLocks(directory).acquire(WorkspaceLocks.key(workspace), () -> false, () -> {
		}).close(); // makes the lock file, as the first run does
		Path file;
		try (var files = Files.list(directory)) {
			file = files.findFirst().orElseThrow();
		}
		String script = "import fcntl,sys\nf=open(sys.argv[1],'w')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('held',flush=True)\nsys.stdin.read()\n";
		Process process = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		assertEquals("held", out.readLine());
		return process;
	}

	@Test
	@Timeout(30)
	void aRunWaitsForAnotherProcesssRunInItsWorkspaceAndSaysSo() throws Exception {
		Path workspace = Files.createDirectory(home.resolve("ws"));
		Process other = holder(workspace);
		WorkspaceLocks locks = new WorkspaceLocks(home.resolve("locks"));
		CountDownLatch told = new CountDownLatch(1);
		CompletableFuture<WorkspaceLocks.Held> acquired = CompletableFuture.supplyAsync(() -> {
			try {
				return locks.acquire(WorkspaceLocks.key(workspace), () -> false, told::countDown);
			} catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
		told.await(); // it found the lock taken and waits
		try (OutputStream stdin = other.getOutputStream()) {
			stdin.write('\n'); // the other process's run ends
		}
		other.waitFor(10, TimeUnit.SECONDS);
		try (WorkspaceLocks.Held held = acquired.get(20, TimeUnit.SECONDS)) {
			assertNotNull(held);
		}
	}

	@Test
	@Timeout(30)
	void aCallerThatGivesUpWhileAnotherProcessHoldsItNeverGetsIt() throws Exception {
		Path workspace = Files.createDirectory(home.resolve("ws"));
		assertGivesUpWhileAnotherProcessHoldsIt(new WorkspaceLocks(home.resolve("locks")), workspace);
	}

	/**
	 * With {@link #holder} holding {@code workspace}'s lock, a caller that gives up as soon as it is
	 * told to wait never gets it.
	 */
	private void assertGivesUpWhileAnotherProcessHoldsIt(WorkspaceLocks locks, Path workspace) throws Exception {
		Process other = holder(workspace);
		try {
			AtomicBoolean gaveUp = new AtomicBoolean();
			assertNull(locks.acquire(WorkspaceLocks.key(workspace), gaveUp::get, () -> gaveUp.set(true)));
		} finally {
			other.destroy();
		}
	}

	@Test
	@Timeout(30)
	void aLockLetGoAtARunsEndIsFreeForAnotherProcessThoughItsFileStaysOpen() throws Exception {
		Path workspace = Files.createDirectory(home.resolve("ws"));
		WorkspaceLocks locks = new WorkspaceLocks(home.resolve("locks"));
		locks.acquire(WorkspaceLocks.key(workspace), () -> false, () -> {
		}).close();
		// the holder would wait for ever if the lock were still held; the file kept open here is
		// locked anew, so the holder's lock counts
		assertGivesUpWhileAnotherProcessHoldsIt(locks, workspace);
	}

	@Test
	@Timeout(30)
	void aLockFileReplacedBetweenRunsIsOpenedAfresh() throws Exception {
		Path workspace = Files.createDirectory(home.resolve("ws"));
		WorkspaceLocks locks = new WorkspaceLocks(home.resolve("locks"));
		locks.acquire(WorkspaceLocks.key(workspace), () -> false, () -> {
		}).close();
		try (var files = Files.list(home.resolve("locks"))) {
			for (Path file : files.toList()) {
				Files.delete(file); // by hand; the other process then makes a new one
			}
		}
		// the old file, still open here, would have been locked at once: no one else opens it
		assertGivesUpWhileAnotherProcessHoldsIt(locks, workspace);
	}

	@Test
	void aWorkspaceIsNamedByItsRealPath() throws Exception {
		Path workspace = Files.createDirectory(home.resolve("ws"));
		Path link = Files.createSymbolicLink(home.resolve("link"), workspace);

		assertEquals(WorkspaceLocks.key(workspace), WorkspaceLocks.key(link));
		assertEquals(workspace.toRealPath().toString(), WorkspaceLocks.key(home.resolve("ws/../ws")));
	}
}
