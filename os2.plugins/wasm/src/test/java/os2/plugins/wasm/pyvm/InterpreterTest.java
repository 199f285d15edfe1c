package os2.plugins.wasm.pyvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static os2.plugins.wasm.WriteBudget.unbounded;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.Output;
import os2.plugins.wasm.GuestMemory;
import os2.plugins.wasm.WriteBudget;

/** The real CPython 3.13 (trino-wasm-python) on the real Chicory, started from the real image. */
class InterpreterTest {

	@TempDir
	static Path scratch;

	private static PythonRuntime runtime;

	@TempDir
	Path workspace;

	private Interpreter interpreter;

	@BeforeAll
	static void bootOnce() {
		runtime = new PythonRuntime(scratch.resolve("pyvm"));
		runtime.image();
	}

	@AfterEach
	void close() {
		if (interpreter != null) {
			interpreter.close();
		}
	}

	// a session's interpreter outlives its calls: its memory is held in the guests' share of the
	// heap for as long as it lives, and given back when it goes
	@Test
	void anInterpretersMemoryIsHeldInTheGuestsShareWhileItLives() {
		long before = GuestMemory.SHARED.inUse();
		long imageBytes = runtime.image().memory().length;

		Interpreter alive = fresh();
		long held = GuestMemory.SHARED.inUse() - before;
		alive.close();
		interpreter = null;

		assertTrue(held >= imageBytes, held + " bytes held for an image of " + imageBytes);
		assertEquals(before, GuestMemory.SHARED.inUse());
	}

	private Interpreter fresh() {
		interpreter = runtime.fresh(workspace);
		return interpreter;
	}

	@Test
	@Timeout(120)
	void printsOnStdoutAndReturnsTheExitStatus() throws Exception {
		Recorded output = new Recorded();

		assertEquals(0, fresh().exec("print('hello from pyvm')", output, unbounded()));
		assertEquals(3, interpreter.exec("import sys; print('leaving'); sys.exit(3)", output, unbounded()));

		assertEquals("hello from pyvm\nleaving\n", output.stdout());
		assertEquals("", output.stderr());
	}

	@Test
	@Timeout(120)
	void anUncaughtExceptionPrintsItsTracebackWithoutThePyvmFramesAndGivesStatus1() throws Exception {
		Recorded output = new Recorded();

		int status = fresh().exec("def f():\n    return 1 / 0\nf()", output, unbounded());

		assertEquals(1, status);
		assertEquals("Traceback (most recent call last):\n"
				+ "  File \"<pyvm>\", line 3, in <module>\n"
				+ "  File \"<pyvm>\", line 2, in f\n"
				+ "ZeroDivisionError: division by zero\n", output.stderr());
		assertFalse(interpreter.broken(), "an exception in Python leaves the interpreter usable");
	}

	@Test
	@Timeout(120)
	void aSyntaxErrorIsCPythonsOwnMessage() throws Exception {
		Recorded output = new Recorded();

		assertEquals(1, fresh().exec("print(", output, unbounded()));

		assertTrue(output.stderr().contains("SyntaxError: '(' was never closed"), output.stderr());
		assertFalse(output.stderr().contains("guest.py"), output.stderr());
	}

	@Test
	@Timeout(120)
	void variablesPersistAcrossExecButNotIntoAFreshInterpreter() throws Exception {
		Recorded output = new Recorded();
		fresh().exec("counter = 41", output, unbounded());
		interpreter.exec("counter += 1", output, unbounded());
		interpreter.exec("print(counter)", output, unbounded());

		try (Interpreter other = runtime.fresh(workspace)) {
			assertEquals(1, other.exec("print(counter)", output, unbounded()));
		}

		assertEquals("42\n", output.stdout());
		assertTrue(output.stderr().contains("NameError: name 'counter' is not defined"), output.stderr());
	}

	@Test
	@Timeout(120)
	void aResumedStateContinuesWithTheSameVariablesWhileTheOriginalGoesOnAlone() throws Exception {
		Recorded output = new Recorded();
		fresh().exec("import random\nitems = ['a', 'b']", output, unbounded());
		InterpreterState saved = interpreter.state();
		interpreter.exec("items.append('only in the original')\nprint(random.random())", output, unbounded());
		String originalDraw = output.stdout();

		Recorded resumedOutput = new Recorded();
		try (Interpreter resumed = runtime.resume(saved, workspace)) {
			resumed.exec("print(random.random())\nprint(items)", resumedOutput, unbounded());
		}

		assertEquals(originalDraw + "['a', 'b']\n", resumedOutput.stdout(),
				"the resumed interpreter draws the same number and has the variables of the checkpoint");
	}

	@Test
	@Timeout(120)
	void twoFreshInterpretersGiveIdenticalBytesForTimeRandomnessAndSetOrder() throws Exception {
		Files.writeString(workspace.resolve("noise.py"), """
				import random, time, os
				print(time.time(), time.monotonic() > 0, random.random(), os.urandom(4).hex())
				print(sorted({'pear', 'apple', 'fig'}) == ['apple', 'fig', 'pear'], list({'pear', 'apple', 'fig', 'kiwi'}))
				print(hash('abc'))
				""");
		Recorded first = new Recorded();
		Recorded second = new Recorded();

		assertEquals(0, fresh().run("noise.py", List.of(), first, unbounded()));
		try (Interpreter other = runtime.fresh(workspace)) {
			assertEquals(0, other.run("noise.py", List.of(), second, unbounded()));
		}

		assertEquals(first.stdout(), second.stdout());
		assertEquals("", first.stderr());
		assertTrue(first.stdout().startsWith("1767225600.0"), "the clock starts at 2026-01-01: " + first.stdout());
	}

	@Test
	@Timeout(120)
	void aScriptGetsItsArgumentsReadsTheWorkspaceAndImportsItsModules() throws Exception {
		Files.writeString(workspace.resolve("helper.py"), "def shout(text):\n    return text.upper()\n");
		Files.writeString(workspace.resolve("data.txt"), "from the workspace");
		Files.writeString(workspace.resolve("main.py"), """
				import sys, helper
				print(sys.argv)
				print(helper.shout(open('data.txt').read()))
				open('out.txt', 'w').write('written by pyvm')
				""");
		Recorded output = new Recorded();

		assertEquals(0, fresh().run("main.py", List.of("one", "", "two words"), output, unbounded()));

		assertEquals("['main.py', 'one', '', 'two words']\nFROM THE WORKSPACE\n", output.stdout());
		assertEquals("written by pyvm", Files.readString(workspace.resolve("out.txt")));
	}

	@Test
	@Timeout(120)
	void nothingOutsideTheWorkspaceAndNoSocket() throws Exception {
		Files.writeString(workspace.getParent().resolve("secret-" + workspace.getFileName()), "secret");
		Recorded output = new Recorded();
		String probe = """
				import os, socket
				for path in ['/etc/passwd', '../secret-%s', '/guest/../secret-%s', '/']:
				    try:
				        print(path, 'READ', open(path).read() if path != '/' else os.listdir(path))
				    except OSError as e:
				        print(path, 'refused', type(e).__name__)
				try:
				    socket.socket().connect(('127.0.0.1', 9))
				    print('socket opened')
				except OSError as e:
				    print('socket refused', e.errno)
				""".formatted(workspace.getFileName(), workspace.getFileName());

		assertEquals(0, fresh().exec(probe, output, unbounded()), output.stderr());

		assertFalse(output.stdout().contains("READ"), output.stdout());
		assertFalse(output.stdout().contains("socket opened"), output.stdout());
		assertTrue(output.stdout().contains("socket refused"), output.stdout());
	}

	@Test
	@Timeout(120)
	void outputStreamsLineByLineAndAStoppedInterpreterIsBroken() throws Exception {
		CountDownLatch firstLine = new CountDownLatch(1);
		Output output = (stream, bytes, offset, length) -> {
			if (new String(bytes, offset, length, StandardCharsets.UTF_8).contains("started")) {
				firstLine.countDown();
			}
		};
		Interpreter spinning = fresh();
		AtomicReference<Thread> runner = new AtomicReference<>();
		CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
			runner.set(Thread.currentThread());
			try {
				spinning.exec("print('started')\nwhile True:\n    pass", output, unbounded());
				return null;
			} catch (Throwable t) {
				return t;
			}
		});

		assertTrue(firstLine.await(60, TimeUnit.SECONDS), "the first line arrived while the loop was still running");
		runner.get().interrupt();

		assertTrue(ended.get(30, TimeUnit.SECONDS) instanceof InterruptedException);
		assertTrue(spinning.broken());
		assertThrows(IllegalStateException.class, () -> spinning.exec("print(1)", output, unbounded()));
	}

	@Test
	@Timeout(120)
	void aMemoryBombIsAMemoryError() throws Exception {
		Recorded output = new Recorded();

		int status = fresh().exec("chunks = []\nwhile True:\n    chunks.append(bytearray(8 << 20))", output, unbounded());

		assertEquals(1, status);
		assertTrue(output.stderr().contains("MemoryError"), output.stderr());
		assertEquals(0, interpreter.exec("chunks = None\nprint('still here')", output, unbounded()));
	}

	@Test
	@Timeout(120)
	void aScriptWritingPastItsCallsFileBudgetGetsFileTooLargeAndTheNextCallHasABudgetOfItsOwn() throws Exception {
		Recorded output = new Recorded();
		WriteBudget budget = new WriteBudget((1 << 20) + 1000, "pyvm: the interpreter", output);
		String fill = """
				import errno
				written = 0
				try:
				    with open('big.bin', 'wb', buffering=0) as f:
				        while written < 16 << 20:  # bounded: a broken budget must not fill the disk
				            written += f.write(bytes(65536))
				except OSError as e:
				    print('refused', errno.errorcode[e.errno], written)
				""";

		assertEquals(0, fresh().exec(fill, output, budget), output.stderr());

		assertEquals("refused EFBIG 1048576\n", output.stdout());
		assertEquals(1 << 20, Files.size(workspace.resolve("big.bin")));
		assertEquals("pyvm: the interpreter was refused a write past the run's file-size budget (1049576 bytes); the"
				+ " policy's budgets.file-size sets it\n", output.stderr());
		assertEquals("file-size", budget.ended(0).endedBy());
		WriteBudget next = new WriteBudget(1 << 20, "pyvm: the interpreter", output);
		assertEquals(0, interpreter.exec("open('small.txt', 'w').write('ok')", output, next), output.stderr());
		assertFalse(next.passed());
		assertEquals("ok", Files.readString(workspace.resolve("small.txt")));
	}

	/**
	 * Links a sandboxed {@code python} run could have planted in the workspace: CPython's every way
	 * through them (open, listdir, write, a directory descriptor) fails, and nothing outside is
	 * read or written; a FIFO is refused, not opened (the timeout is the hang guard).
	 */
	@Test
	@Timeout(120)
	void noPlantedLinkTakesCPythonOutOfItsWorkspace(@TempDir Path outside) throws Exception {
		Files.writeString(outside.resolve("secrets.properties"), "token=s3cret\n");
		Files.createDirectories(workspace.resolve("sub"));
		Files.writeString(workspace.resolve("sub/data.txt"), "mine\n");
		Files.createSymbolicLink(workspace.resolve("link"), Path.of("/etc"));
		Files.createSymbolicLink(workspace.resolve("home"), outside);
		Files.createSymbolicLink(workspace.resolve("sub/up"), Path.of("../.."));
		Files.createSymbolicLink(workspace.resolve("dangling"), outside.resolve("created"));
		Process mkfifo = new ProcessBuilder("mkfifo", workspace.resolve("fifo").toString()).start();
		assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
		String attempts = """
				import os
				def attempt(what, action):
				    try:
				        print(what, 'GOT', repr(action())[:40])
				    except OSError as e:
				        print(what, 'refused', type(e).__name__)
				attempt('read', lambda: open('link/passwd').read())
				attempt('secret', lambda: open('home/secrets.properties').read())
				attempt('up', lambda: os.listdir('sub/up'))
				attempt('list', lambda: os.listdir('link'))
				attempt('write', lambda: open('home/marker', 'w').write('x'))
				attempt('dangling', lambda: open('dangling', 'w').write('x'))
				attempt('dirfd', lambda: os.open('up/%s/secrets.properties', os.O_RDONLY, dir_fd=os.open('sub', os.O_RDONLY)))
				attempt('symlink', lambda: os.symlink('/etc', 'evil'))
				attempt('fifo', lambda: open('fifo').read())
				print(sorted(os.listdir('.')), os.path.islink('link'), os.path.isdir('link'))
				print(open('sub/data.txt').read().strip(), os.stat('data.txt', dir_fd=os.open('sub', os.O_RDONLY)).st_size, sorted(os.listdir('sub')))
				""".formatted(outside.getFileName());
		Recorded output = new Recorded();

		assertEquals(0, fresh().exec(attempts, output, unbounded()), output.stderr());

		assertEquals("""
				read refused PermissionError
				secret refused PermissionError
				up refused PermissionError
				list refused PermissionError
				write refused PermissionError
				dangling refused PermissionError
				dirfd refused PermissionError
				symlink refused PermissionError
				fifo refused PermissionError
				['dangling', 'fifo', 'home', 'link', 'sub'] True False
				mine 5 ['data.txt', 'up']
				""", output.stdout());
		assertFalse(Files.exists(outside.resolve("marker")));
		assertFalse(Files.exists(outside.resolve("created"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
		assertFalse(Files.exists(workspace.resolve("evil"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
		assertEquals("token=s3cret\n", Files.readString(outside.resolve("secrets.properties")));
	}

	/** What a call wrote, by stream. */
	static final class Recorded implements Output {
		private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

		@Override
		public synchronized void write(Stream stream, byte[] bytes, int offset, int length) {
			(stream == Stream.STDOUT ? stdout : stderr).write(bytes, offset, length);
		}

		synchronized String stdout() {
			return stdout.toString(StandardCharsets.UTF_8);
		}

		synchronized String stderr() {
			return stderr.toString(StandardCharsets.UTF_8);
		}
	}
}
