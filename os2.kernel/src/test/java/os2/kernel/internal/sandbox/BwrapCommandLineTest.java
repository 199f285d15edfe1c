package os2.kernel.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.ProcessSpec;

/**
 * How a root JVM's sandbox hands the program its environment: through bwrap and setpriv when
 * nothing in it would act on setpriv, root until it drops; through {@code env -i}, after the drop,
 * when something would. The processes themselves are checked in {@link SandboxUserTest}.
 */
class BwrapCommandLineTest {

	private static final Optional<SandboxUser> USER = Optional.of(new SandboxUser(64000, 64000));
	private static final Path BWRAP = Path.of("/usr/bin/bwrap");

	@TempDir
	Path workspace;

	private List<String> line(Map<String, String> environment) {
		ProcessSpec spec = ProcessSpec.builder(workspace, "/usr/bin/python3", "-c", "pass").environment(environment).build();
		return BwrapCommandLine.forRun(BWRAP, spec, spec.command(), USER);
	}

	/** What follows the {@code --} that ends bwrap's options. */
	private static List<String> program(List<String> line) {
		return line.subList(line.lastIndexOf("--clearenv") + 1, line.size()).stream()
				.dropWhile(word -> !word.equals("--")).skip(1).toList();
	}

	@Test
	void aHarmlessEnvironmentIsSetByBwrapAndSetprivStartsTheProgram() {
		List<String> line = line(Map.of("PYTHONUNBUFFERED", "1"));

		List<String> program = program(line);
		assertAll(() -> assertEquals(SandboxUser.SETPRIV.toString(), program.getFirst()),
				() -> assertEquals(List.of("/usr/bin/python3", "-c", "pass"), program.subList(program.size() - 3, program.size())),
				() -> assertFalse(program.contains(SandboxUser.ENV.toString()), "one exec more than needed: " + program),
				() -> assertEquals(1, Collections.indexOfSubList(line, List.of("--setenv", "PYTHONUNBUFFERED", "1")) >= 0 ? 1 : 0));
	}

	@Test
	void aLocaleOrTimeZoneNamedByAPathReachesOnlyTheProgramThroughEnv() {
		for (Map<String, String> environment : List.of(Map.of("LC_ALL", "/tmp/ws/evil"), Map.of("LANG", "../../tmp/ws/x"),
				Map.of("LANGUAGE", "en:/tmp/ws/x"), Map.of("TZ", "/tmp/ws/zone"), Map.of("LC_CTYPE", "x/y"))) {
			List<String> line = line(environment);

			assertAll(environment.toString(), () -> assertTrue(program(line).contains(SandboxUser.ENV.toString())),
					() -> assertFalse(line.contains("--setenv"), "given to setpriv: " + line));
		}
		// a locale by its name is harmless, and the sandbox sets one itself
		assertFalse(program(line(Map.of("LANG", "C.UTF-8", "LC_ALL", "en_US.UTF-8", "TZ", "UTC"))).contains(
				SandboxUser.ENV.toString()));
	}

	@Test
	void anEnvironmentGlibcWouldHeedInARootProcessReachesOnlyTheProgramThroughEnv() {
		for (String name : List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "GLIBC_TUNABLES", "MALLOC_CHECK_", "GCONV_PATH",
				"LOCPATH", "NLSPATH", "HOSTALIASES", "RES_OPTIONS", "TZDIR", "OUTPUT_CHARSET")) {
			List<String> line = line(Map.of(name, "/tmp/evil"));

			List<String> program = program(line);
			assertAll(name, () -> assertEquals(SandboxUser.SETPRIV.toString(), program.getFirst()),
					() -> assertTrue(program.containsAll(List.of(SandboxUser.ENV.toString(), "-i", name + "=/tmp/evil")),
							"not given through env: " + program),
					() -> assertFalse(line.contains("--setenv"), "given to setpriv: " + line));
		}
	}
}
