package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code python}, {@code pip} and {@code pyx} through {@code ./os2}, with the host's real CPython,
 * real pip and the real sandbox; packages come from wheels the tests make, served from a
 * directory in the workspace and from a PEP 503 index on 127.0.0.1. One home for the class, so
 * the workspace's virtual environment is made once (a few seconds).
 */
class PythonIT {

	@TempDir
	static Path home;

	static Path workspace;

	@BeforeAll
	static void makeTheWorkspaceAndItsWheels() throws IOException {
		workspace = home.resolve("workspace");
		Files.createDirectories(workspace);
		Wheels.write(workspace.resolve("wheels"), "helper_lib", "2.0",
				Map.of("helper_lib/__init__.py", "def shout(text):\n    return text.upper() + '!'\n"), List.of(), null);
		Wheels.write(workspace.resolve("wheels"), "demo_pkg", "1.0",
				Map.of("demo_pkg/__init__.py", """
						import sys
						from helper_lib import shout
						def main():
						    print(shout('demo ' + ' '.join(sys.argv[1:])))
						    return 0
						"""), List.of("helper_lib>=2"), "demo-pkg = demo_pkg:main");
		Os2Run first = python("-c", "print(\"ready\")");
		assertEquals(0, first.status(), first.toString());
	}

	/**
	 * Ends the daemon and removes the venvs before JUnit removes the home: their bin/python links
	 * lead out of the temporary directory, which JUnit warns about on the console.
	 */
	@AfterAll
	static void removeTheVenvs() throws IOException {
		removeTheVenvs(home);
	}

	static void removeTheVenvs(Path home) throws IOException {
		Os2Run.of(home, "--stop-daemon");
		Path tools = home.resolve("tools");
		if (Files.exists(tools)) {
			try (Stream<Path> paths = Files.walk(tools)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(path);
				}
			}
		}
	}

	static Os2Run os2(String line) {
		return Os2Run.of(home, "--workspace", workspace.toString(), "-c", line);
	}

	static Os2Run python(String... arguments) {
		return os2("python " + String.join(" ", Stream.of(arguments).map(PythonIT::quoted).toList()));
	}

	/** Gogo's single quotes: the word as it is (so it must hold no single quote). */
	private static String quoted(String word) {
		return word.matches("[A-Za-z0-9_./=:-]+") ? word : "'" + word + "'";
	}

	/**
	 * The script prints its second line only once its first has reached the test, which says so
	 * with a file: a line held back until the end would keep it waiting (cause and effect, not a
	 * gap in arrival times, which a loaded machine can shrink).
	 */
	@Test
	@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // reading stdout cannot be interrupted
	void aScriptsLinesArriveAsTheyArePrintedAndItsStatusAndStreamsAreItsOwn() throws Exception {
		Files.writeString(workspace.resolve("sample.py"), """
				import os, sys, time
				print("tick 1")
				while not os.path.exists("tick-1-arrived"):
				    time.sleep(0.01)
				print("tick 2")
				print("a warning", file=sys.stderr)
				sys.exit(4)
				""");
		List<String> command = List.of("bash", Os2Run.ROOT.resolve("os2").toString(), "--home", home.toString(), "--workspace",
				workspace.toString(), "-c", "python sample.py");
		ProcessBuilder builder = new ProcessBuilder(command).directory(Os2Run.ROOT.toFile());
		builder.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		builder.environment().remove("OS2_HOME");
		Process process = builder.start();
		process.getOutputStream().close();
		List<String> lines = new ArrayList<>();
		try (BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
				if (lines.isEmpty()) {
					Files.createFile(workspace.resolve("tick-1-arrived"));
				}
				lines.add(line);
			}
		}
		String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		Files.deleteIfExists(workspace.resolve("tick-1-arrived"));

		assertAll(() -> assertEquals(List.of("tick 1", "tick 2"), lines), () -> assertEquals(4, process.exitValue()),
				() -> assertEquals("a warning\n", stderr));
	}

	@Test
	void aTokenBudgetOf800ShowsAboutThatMuchAndTranscriptGivesTheRest() {
		Os2Run run = os2("python --token-budget 800 -c 'for i in range(3000): print(\"line\", i)'");
		assertEquals(0, run.status(), run.toString());
		Matcher marker = Pattern.compile("\\[… (\\d+) tokens elided — full output: transcript (r-[0-9a-f]+-\\d+) …]")
				.matcher(run.stdout());
		assertTrue(marker.find(), run.stdout());
		assertTrue(run.stdout().startsWith("line 0\n") && run.stdout().endsWith("line 2999\n"), run.stdout());
		assertTrue(run.stdout().length() < 5000, "shown " + run.stdout().length() + " characters for 800 tokens");

		Os2Run transcript = Os2Run.of(home, "-c", "transcript " + marker.group(2));
		assertEquals(0, transcript.status(), transcript.toString());
		StringBuilder all = new StringBuilder();
		for (int i = 0; i < 3000; i++) {
			all.append("line ").append(i).append('\n');
		}
		assertEquals(all.toString(), transcript.stdout());
	}

	@Test
	void deterministicRunsPrintTheSameRandomNumbersTimesAndSetOrdersAcrossSessions() throws IOException {
		Files.writeString(workspace.resolve("chance.py"), """
				import random, time
				print(random.random(), time.time(), list({"apple", "pear", "fig", "kiwi", "plum", "lime", "date"}))
				""");
		Os2Run first = os2("python --deterministic chance.py; python chance.py; python chance.py");
		Os2Run second = os2("python --deterministic chance.py");
		Os2Run seeded = os2("python --deterministic --env OS2_SEED=7 chance.py");
		assertEquals(0, first.status(), first.toString());
		String[] lines = first.stdout().split("\n");
		assertEquals(3, lines.length, first.stdout());

		assertEquals(lines[0] + "\n", second.stdout(), "two deterministic runs, in two sessions, differ");
		assertTrue(lines[0].split(" ")[1].equals("1767225600.0"), "the clock is not stopped at 2026-01-01: " + lines[0]);
		assertNotEquals(lines[1], lines[2], "two ordinary runs printed the same random number and time");
		assertNotEquals(lines[0].split(" ")[0], seeded.stdout().split(" ")[0], "OS2_SEED=7 did not change the numbers");
	}

	@Test
	void pipInstallsFromWheelsInTheWorkspaceWithTheirDependencyOnRecordWithTheirHashes() throws Exception {
		Os2Run install = os2("pip install --no-index --find-links wheels demo_pkg");
		assertEquals(0, install.status(), install.toString());
		assertTrue(install.stdout().contains("Successfully installed demo_pkg-1.0 helper_lib-2.0"), install.toString());

		Os2Run list = os2("pip list");
		assertTrue(list.stdout().matches("(?s).*demo_pkg +1\\.0.*helper_lib +2\\.0.*"), list.toString());
		Os2Run imported = python("-c", "import demo_pkg, sys; sys.argv = [\"x\", \"here\"]; demo_pkg.main()");
		assertEquals("DEMO HERE!\n", imported.stdout(), imported.toString());

		String notes = Os2Run.of(home, "-c", "ledger show --kind run-note --json --limit 100000").stdout();
		String wheelHash = HexFormat.of().formatHex(Wheels.sha256(Files.readAllBytes(
				workspace.resolve("wheels/demo_pkg-1.0-py3-none-any.whl"))));
		assertTrue(notes.contains("{\"name\":\"demo_pkg\",\"sha256\":\"" + wheelHash + "\",\"url\":\"file://"
				+ workspace.resolve("wheels/demo_pkg-1.0-py3-none-any.whl") + "\",\"version\":\"1.0\"}"), notes);
	}

	@Test
	void aLoopbackIndexIsRefusedWithoutANetGrantBeforeAnyConnectionAndServesWithOne() throws Exception {
		try (SimpleIndex index = new SimpleIndex(workspace.resolve("wheels"))) {
			Os2Run refused = os2("pip install --index-url " + index.url() + " helper_lib");
			assertEquals(1, refused.status(), refused.toString());
			assertTrue(refused.stderr().endsWith("os2: os2.plugins.python has no grant for net:*;"
					+ " ./os2 --admin -c 'grant os2.plugins.python net:*' gives it\n"), refused.toString());
			assertEquals(0, index.requests(), "the index was contacted without a grant");

			assertEquals(0, Os2Run.of(home, "--admin", "-c", "grant os2.plugins.python net:127.0.0.1:" + index.port()).status());
			try {
				Os2Run installed = os2("pip install --force-reinstall --index-url " + index.url() + " helper_lib");
				assertEquals(0, installed.status(), installed.toString());
				assertTrue(installed.stdout().contains("Successfully installed helper_lib-2.0"), installed.toString());
				assertTrue(index.requests() >= 2, "the index saw " + index.requests() + " requests");
			} finally {
				Os2Run.of(home, "--admin", "-c", "revoke os2.plugins.python net:127.0.0.1:" + index.port());
			}
		}
	}

	@Test
	void aPackageThatIsNowhereGetsPipsOwnErrorAndAFailingStatus() {
		Os2Run run = os2("pip install --no-index --find-links wheels no_such_package");
		assertEquals(1, run.status(), run.toString());
		assertTrue(run.stderr().contains("ERROR: No matching distribution found for no_such_package"), run.toString());
	}

	@Test
	void pyxRunsAnEntryPointInstallingItsPackageOnFirstUseOnly() {
		String pyx = "pyx --env PIP_NO_INDEX=1 --env PIP_FIND_LINKS=" + workspace.resolve("wheels") + " demo_pkg";
		Os2Run first = os2(pyx + " once");
		assertEquals(0, first.status(), first.toString());
		assertEquals("DEMO ONCE!\n", first.stdout().lines().filter(line -> line.startsWith("DEMO")).findFirst().orElse("") + "\n",
				first.toString());
		assertTrue(first.stderr().contains("installing demo_pkg for pyx (first use)"), first.toString());

		Os2Run second = os2(pyx + " twice");
		assertEquals(0, second.status(), second.toString());
		assertEquals("DEMO TWICE!\n", second.stdout());
		assertEquals("", second.stderr());
	}

	@Test
	void aMissingScriptAndASyntaxErrorGetCPythonsOwnMessagesAndStatus() throws IOException {
		Os2Run missing = python("missing.py");
		assertEquals(2, missing.status(), missing.toString());
		assertTrue(missing.stderr().contains("can't open file '" + workspace.resolve("missing.py")
				+ "': [Errno 2] No such file or directory"), missing.toString());

		Files.writeString(workspace.resolve("broken.py"), "def f(:\n");
		Os2Run broken = python("broken.py");
		assertEquals(1, broken.status(), broken.toString());
		assertTrue(broken.stderr().contains("SyntaxError"), broken.toString());
	}

	@Test
	void anUnknownOptionIsCPythonsAndABadRequirementIsPyxsUsage() {
		Os2Run option = python("--no-such-option");
		assertEquals(2, option.status(), option.toString());
		assertTrue(option.stderr().contains("unknown option --no-such-option"), option.toString());

		Os2Run pyx = os2("pyx 'not a name!'");
		assertEquals(2, pyx.status(), pyx.toString());
		assertEquals(1, pyx.stderr().lines().count(), pyx.toString());
		assertEquals("os2: 'not a name!' is not a package name with an optional ==VERSION; usage: pyx PACKAGE [ARGS...]\n",
				pyx.stderr());
	}

	@Test
	void findLinksFromTheSettingsFileOutsideTheWorkspaceIsReadWithTheGrantTheDenialNames(@TempDir Path other)
			throws IOException {
		Path otherHome = other.resolve("home");
		Path otherWorkspace = Files.createDirectories(other.resolve("workspace"));
		Files.createDirectories(otherHome.resolve("etc"));
		Path wheels = workspace.resolve("wheels").toRealPath();
		Files.writeString(otherHome.resolve("etc/python.properties"), "find-links=" + wheels + "\n");

		Os2Run refused = Os2Run.of(otherHome, "--workspace", otherWorkspace.toString(), "-c", "pip install --no-index demo_pkg");
		assertEquals(1, refused.status(), refused.toString());
		assertTrue(refused.stderr().endsWith("os2: os2.plugins.python has no grant for fs:" + wheels + ":read; ./os2 --admin -c"
				+ " 'grant os2.plugins.python fs:" + wheels + ":read' gives it\n"), refused.toString());

		assertEquals(0, Os2Run.of(otherHome, "--admin", "-c", "grant os2.plugins.python fs:" + wheels + ":read").status());
		Os2Run install = Os2Run.of(otherHome, "--workspace", otherWorkspace.toString(), "-c", "pip install --no-index demo_pkg");
		assertEquals(0, install.status(), install.toString());
		assertTrue(install.stdout().contains("Successfully installed demo_pkg-1.0 helper_lib-2.0"), install.toString());
		Os2Run.of(otherHome, "--stop-daemon");
		removeTheVenvs(otherHome);
	}

	@Test
	void aMissingInterpreterIsOneLineSayingWhatToFix(@TempDir Path elsewhere) {
		Os2Run run = Os2Run.with(elsewhere, Map.of("OS2_PYTHON", "/no/such/python3"), "", "-c", "python -c pass");
		assertEquals(1, run.status(), run.toString());
		assertEquals("os2: python: OS2_PYTHON's interpreter '/no/such/python3' is not an executable file given by its"
				+ " absolute path; fix or unset OS2_PYTHON\n", run.stderr());
	}

	@Test
	void aVenvDeletedUnderOs2sFeetIsMadeAgain(@TempDir Path second) throws IOException {
		Os2Run first = Os2Run.of(home, "--workspace", second.toString(), "-c", "python -c 'print(6 * 7)'");
		assertEquals("42\n", first.stdout(), first.toString());
		Path venvs = home.resolve("tools/os2.plugins.python/venvs/workspaces");
		Path venv;
		try (Stream<Path> made = Files.list(venvs)) {
			venv = made.filter(Files::isDirectory)
					.filter(directory -> readOrEmpty(directory.resolveSibling(directory.getFileName() + ".for"))
							.equals("workspace " + second + "\n"))
					.findFirst().orElseThrow();
		}
		Files.delete(venv.resolve("pyvenv.cfg"));

		Os2Run again = Os2Run.of(home, "--workspace", second.toString(), "-c", "python -c 'print(6 * 7)'");
		assertEquals(0, again.status(), again.toString());
		assertEquals("42\n", again.stdout());
		assertTrue(again.stderr().contains("is incomplete (deleted or interrupted?); making it again"), again.toString());
	}

	@Test
	void everyRunIsOnRecordWithItsInterpreterEnvironmentAndTheFilesItChanged() {
		Os2Run run = os2("python --env GREETING=hi -c 'import os; open(\"made.txt\", \"w\").write(os.environ[\"GREETING\"])'");
		assertEquals(0, run.status(), run.toString());
		String notes = Os2Run.of(home, "-c", "ledger show --kind run-note --json --limit 100000").stdout();
		String[] entries = notes.split("\n");
		String start = entries[entries.length - 2];
		String end = entries[entries.length - 1];
		assertAll(() -> assertTrue(start.contains("\"GREETING\":\"hi\""), start),
				() -> assertTrue(start.matches(".*\"interpreter\":\"/[^\"]*python3[^\"]*\".*"), start),
				() -> assertTrue(start.matches(".*\"python-version\":\"3\\.\\d+\\.\\d+\".*"), start),
				() -> assertTrue(end.contains("\"changed\":[\"+made.txt\"]"), end),
				() -> assertFalse(start.contains(extractHash(end, "workspace-after")), "the workspace hash did not move"));
	}

	private static String extractHash(String entry, String key) {
		Matcher matcher = Pattern.compile("\"" + key + "\":\"([0-9a-f]+)\"").matcher(entry);
		assertTrue(matcher.find(), entry);
		return matcher.group(1);
	}

	private static String readOrEmpty(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			return "";
		}
	}
}
