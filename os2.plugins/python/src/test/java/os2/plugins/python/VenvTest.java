package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A venv is ready only when complete; its version and base come from what made it. */
class VenvTest {

	@Test
	void readyOnlyWithItsMarkerConfigurationAndPython(@TempDir Path directory) throws Exception {
		Files.createDirectories(directory.resolve("bin"));
		Path base = Files.writeString(directory.resolve("base-python"), "#!/bin/sh\n");
		base.toFile().setExecutable(true);
		Files.createSymbolicLink(directory.resolve("bin/python"), base);
		Files.writeString(directory.resolve("pyvenv.cfg"), "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n");
		assertFalse(Venv.isReady(directory), "ready before its marker was written");

		Files.writeString(directory.resolve(Venv.READY_MARKER), "/usr/bin/python3.11\n");
		assertTrue(Venv.isReady(directory));
		Venv venv = new Venv(directory);
		assertEquals("3.11.2", venv.version());
		assertEquals(Path.of("/usr/bin/python3.11"), venv.base());

		Files.delete(directory.resolve("pyvenv.cfg"));
		assertFalse(Venv.isReady(directory), "ready with its pyvenv.cfg deleted");
	}
}
