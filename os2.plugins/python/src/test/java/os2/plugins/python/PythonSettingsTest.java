package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.KernelException;

/** The administrator's settings file: optional, three keys, and a typo is an error, not ignored. */
class PythonSettingsTest {

	@Test
	void noFileMeansNoSettingsAndEachKeyIsRead(@TempDir Path etc) throws Exception {
		Path file = etc.resolve(PythonSettings.FILE);
		assertEquals(PythonSettings.NONE, PythonSettings.read(file));

		Files.writeString(file, "# local packages\npython = /usr/bin/python3.12\nindex-url=/srv/simple\nfind-links=\n");
		assertEquals(new PythonSettings(Optional.of("/usr/bin/python3.12"), Optional.of("/srv/simple"), Optional.empty()),
				PythonSettings.read(file));
	}

	@Test
	void anUnknownKeyIsAOneLineErrorNamingTheFile(@TempDir Path etc) throws Exception {
		Path file = etc.resolve(PythonSettings.FILE);
		Files.writeString(file, "index_url=/srv/simple\n");
		assertEquals("python: " + file + " sets 'index_url', which is none of python, index-url, find-links; fix or remove it",
				assertThrows(KernelException.class, () -> PythonSettings.read(file)).getMessage());
	}
}
