package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The python tools against a workspace's own programs, as an attacker would use them (issue 18,
 * rules 1 and 5): a package installed with {@code pip install} (no grant needed) carries a
 * {@code .pth} file, so its code runs at the start of every later interpreter of the venv,
 * including pip's, which may write the venv. It rewrites the venv's files ({@code .os2-ready},
 * state-looking files, {@code pyvenv.cfg}) to name {@code $OS2_HOME} or {@code /}, or puts links
 * to a host secret in their place, replaces pip's report by a link or a FIFO, and plants a wheel
 * in its pip cache. Each test asserts, from inside the next sandbox and from the ledger, that
 * nothing outside the box became visible or was read. Real CPython, real pip, real wheels.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard: a FIFO opened would block
class PythonEscapeIT {

	/** Runs at every start of the venv's interpreters; does what the workspace's attack-mode file says. */
	private static final String PAYLOAD = """
			import atexit, os, sys

			def _mode():
			    try:
			        with open(os.path.join(os.getcwd(), "attack-mode")) as f:
			            return f.read().split()
			    except OSError:
			        return []

			def _home():
			    home = sys.prefix
			    for _ in range(5):
			        home = os.path.dirname(home)
			    return home

			def _replace(path, content=None, link=None):
			    try:
			        if os.path.lexists(path):
			            os.remove(path)
			        if link is not None:
			            os.symlink(link, path)
			        elif content is not None:
			            with open(path, "w") as f:
			                f.write(content)
			        else:
			            os.mkfifo(path)
			    except OSError:
			        pass  # the venv is read-only in a python run

			def _attack():
			    mode = _mode()
			    home = _home()
			    canary = os.path.join(home, "etc", "canary.txt")
			    names = [".os2-ready", ".os2-installed", ".os2-made", ".os2-state", "state.properties"]
			    if "home" in mode or "root" in mode:
			        prefix = home if "home" in mode else ""
			        for name in names:
			            _replace(os.path.join(sys.prefix, name), content=prefix + "/bin/python3\\n")
			        cfg = os.path.join(sys.prefix, "pyvenv.cfg")
			        try:
			            with open(cfg) as f:
			                kept = [line for line in f if not line.startswith("version")]
			            _replace(cfg, content="".join(kept) + "version = 9.9.9\\nbase-prefix = " + (prefix or "/")
			                     + "\\nprefix = " + (prefix or "/") + "\\n")
			        except OSError:
			            pass
			    if "link" in mode:
			        for name in names:
			            _replace(os.path.join(sys.prefix, name), link=canary)
			    if "plant" in mode and os.environ.get("PIP_CACHE_DIR"):
			        wheels = os.path.join(os.environ["PIP_CACHE_DIR"], "wheels", "00", "11", "22")
			        os.makedirs(wheels, exist_ok=True)
			        with open(os.path.join(wheels, "planted-6.6-py3-none-any.whl"), "wb") as f:
			            f.write(b"PK\\x05\\x06" + b"\\0" * 18)
			    if "report-link" in mode or "report-fifo" in mode:
			        def _swap_report():
			            if "--report" in sys.argv:
			                report = sys.argv[sys.argv.index("--report") + 1]
			                _replace(report, link=canary if "report-link" in mode else None)
			        atexit.register(_swap_report)

			_attack()
			""";

	/** Printed from inside the sandbox: which host places a run can see that it must not. */
	private static final String LOOK = """
			import os, sys
			home = sys.argv[1]
			places = [home + "/etc", home + "/etc/canary.txt", "/etc/shadow", "/root/.bashrc", home + "/tools/os2.plugins.python/state"]
			print("visible:", [p for p in places if os.path.exists(p)])
			""";

	@TempDir
	static Path home;

	static Path workspace;
	static Path other;
	static String canary;

	@BeforeAll
	static void installTheAttackersPackage() throws IOException {
		workspace = Files.createDirectories(home.resolve("workspace"));
		other = Files.createDirectories(home.resolve("other-workspace"));
		canary = "CANARY-" + UUID.randomUUID();
		Files.createDirectories(home.resolve("etc"));
		Files.writeString(home.resolve("etc/canary.txt"), canary + "\n");
		Path wheels = workspace.resolve("wheels");
		Wheels.write(wheels, "os2_attack", "1.0", Map.of("os2_attack.pth", "import os2_attack_payload\n",
				"os2_attack_payload.py", PAYLOAD), List.of(), null);
		Wheels.write(wheels, "helper_lib", "2.0",
				Map.of("helper_lib/__init__.py", "def shout(text):\n    return text.upper() + '!'\n"), List.of(), null);
		Files.writeString(workspace.resolve("look.py"), LOOK);
		Os2Run install = os2(workspace, "pip install --no-index --find-links wheels os2_attack");
		assertEquals(0, install.status(), install.toString());
	}

	@AfterAll
	static void removeTheVenvs() throws IOException {
		PythonIT.removeTheVenvs(home);
	}

	static Os2Run os2(Path in, String line) {
		return Os2Run.of(home, "--workspace", in.toString(), "-c", line);
	}

	/** Sets the attack, lets pip (which may write the venv) start once, and looks from the next run. */
	private static Os2Run attackThenLook(String mode) throws IOException {
		Files.writeString(workspace.resolve("attack-mode"), mode);
		Os2Run pip = os2(workspace, "pip list");
		assertEquals(0, pip.status(), pip.toString());
		Files.delete(workspace.resolve("attack-mode"));
		Os2Run look = os2(workspace, "python look.py " + home);
		assertEquals(0, look.status(), look.toString());
		return look;
	}

	private static String ledger() {
		return Os2Run.of(home, "-c", "ledger show --json --limit 100000").stdout();
	}

	@Test
	@Order(1)
	void venvFilesNamingOs2HomeOrTheRootBindNothingNew() throws IOException {
		for (String mode : List.of("home", "root")) {
			Os2Run look = attackThenLook(mode);
			assertEquals("visible: []\n", look.stdout(), mode + ": " + look);
		}
		String[] notes = Os2Run.of(home, "-c", "ledger show --kind run-note --json --limit 100000").stdout().split("\n");
		String start = notes[notes.length - 2];
		assertAll(() -> assertFalse(start.contains("9.9.9"), "the version came from pyvenv.cfg: " + start),
				() -> assertTrue(start.matches(".*\"interpreter\":\"/[^\"]*python3[^\"]*\".*"), start));
	}

	@Test
	@Order(2)
	void venvFilesAndPipsReportAsLinksToAHostSecretAreNotFollowed() throws IOException {
		Os2Run look = attackThenLook("link");
		assertEquals("visible: []\n", look.stdout(), look.toString());

		Files.writeString(workspace.resolve("attack-mode"), "report-link");
		Os2Run install = os2(workspace, "pip install --force-reinstall --no-index --find-links wheels helper_lib");
		assertEquals(0, install.status(), install.toString());
		Files.delete(workspace.resolve("attack-mode"));
		assertFalse(ledger().contains(canary), "a host file was copied into the ledger");
	}

	@Test
	@Order(3)
	void aFifoAsPipsReportOrInTheWorkspaceDoesNotHangARun() throws IOException {
		Files.writeString(workspace.resolve("attack-mode"), "report-fifo");
		Os2Run install = os2(workspace, "pip install --force-reinstall --no-index --find-links wheels helper_lib");
		assertEquals(0, install.status(), install.toString());
		Files.delete(workspace.resolve("attack-mode"));

		Os2Run fifo = os2(workspace, "python -c 'import os; os.mkfifo(\"pipe\")'");
		assertEquals(0, fifo.status(), fifo.toString());
		Os2Run next = os2(workspace, "python -c 'print(\"after the fifo\")'");
		assertEquals("after the fifo\n", next.stdout(), next.toString());
		Files.delete(workspace.resolve("pipe"));
	}

	@Test
	@Order(4)
	void anInstallIsOnRecordWithTheHashOfTheFilesItUnpacked() {
		Os2Run install = os2(workspace, "pip install --force-reinstall --no-index --find-links wheels helper_lib");
		assertEquals(0, install.status(), install.toString());
		String[] notes = Os2Run.of(home, "-c", "ledger show --kind run-note --json --limit 100000").stdout().split("\n");
		String installed = List.of(notes).reversed().stream().filter(note -> note.contains("pip-installed")).findFirst()
				.orElse("");
		// helper_lib/__init__.py, METADATA, WHEEL, RECORD, and the INSTALLER, REQUESTED and direct_url.json pip adds
		assertTrue(installed.matches(".*\"pip-installed\":\\[\\{\"files\":\\d+,\"files-sha256\":\"[0-9a-f]{64}\","
				+ "\"name\":\"helper_lib\",\"version\":\"2.0\"}].*"), installed);
	}

	@Test
	@Order(5)
	void aWheelOneWorkspacePlantsInItsPipCacheIsNotInAnothers() throws IOException {
		Files.writeString(workspace.resolve("attack-mode"), "plant");
		Os2Run planted = os2(workspace, "pip cache list");
		Files.delete(workspace.resolve("attack-mode"));
		assertEquals(0, planted.status(), planted.toString());
		Os2Run again = os2(workspace, "pip cache list");
		assertTrue(again.stdout().contains("planted-6.6-py3-none-any.whl"), "the plant did not work: " + again);

		Os2Run elsewhere = os2(other, "pip cache list");
		assertEquals(0, elsewhere.status(), elsewhere.toString());
		assertFalse(elsewhere.stdout().contains("planted"), elsewhere.toString());
	}

	@Test
	@Order(6)
	void aWorkspacePipPackageDoesNotShadowPip() throws IOException {
		Files.createDirectories(other.resolve("pip"));
		Files.writeString(other.resolve("pip/__init__.py"), "print('SHADOWED')\n");
		Files.writeString(other.resolve("pip/__main__.py"), "print('SHADOWED')\n");
		Os2Run list = os2(other, "pip list");
		assertEquals(0, list.status(), list.toString());
		assertFalse(list.stdout().contains("SHADOWED") || list.stderr().contains("SHADOWED"), list.toString());
		assertTrue(list.stdout().matches("(?s).*\\bpip +\\d+.*"), list.toString());
	}
}
