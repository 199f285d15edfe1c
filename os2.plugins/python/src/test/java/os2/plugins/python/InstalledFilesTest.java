package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an install unpacked: the files RECORD lists, hashed from the venv; nothing outside it read. */
class InstalledFilesTest {

	@Test
	void theFilesAreHashedAsUnpackedAndWhatLeadsOutIsCountedNotRead(@TempDir Path temporary) throws Exception {
		Path venvDirectory = Files.createDirectories(temporary.resolve("venv"));
		Path site = Files.createDirectories(venvDirectory.resolve("lib/python3.11/site-packages"));
		Files.createDirectories(site.resolve("demo_pkg"));
		Files.createDirectories(site.resolve("demo_pkg-1.0.dist-info"));
		Files.createDirectories(venvDirectory.resolve("bin"));
		Files.writeString(temporary.resolve("secret"), "host file");
		Files.writeString(site.resolve("demo_pkg/__init__.py"), "x = 1\n");
		Files.writeString(venvDirectory.resolve("bin/demo"), "#!python\n");
		Files.createSymbolicLink(site.resolve("demo_pkg/linked.py"), temporary.resolve("secret"));
		Files.writeString(site.resolve("demo_pkg-1.0.dist-info/RECORD"), """
				demo_pkg/__init__.py,sha256=x,6
				demo_pkg/linked.py,,
				../../../bin/demo,,
				../../../../secret,,
				"/etc/passwd",,
				demo_pkg-1.0.dist-info/RECORD,,
				""");
		Venv venv = new Venv(venvDirectory, Path.of("/usr/bin/python3.11"), "3.11.2");
		List<Map<String, Object>> resolved = List.of(Map.of("name", "demo-pkg", "version", "1.0"));

		Map<String, Object> first = InstalledFiles.of(venv, resolved).getFirst();
		assertEquals(3L, first.get("files"), first.toString()); // __init__.py, bin/demo, RECORD
		assertEquals(List.of("demo_pkg/linked.py (not a regular file)", "../../../../secret (outside the venv)",
				"/etc/passwd (outside the venv)"), first.get("not-hashed"));

		Files.writeString(site.resolve("demo_pkg/__init__.py"), "x = 2\n");
		assertNotEquals(first.get("files-sha256"), InstalledFiles.of(venv, resolved).getFirst().get("files-sha256"));
		assertEquals(Optional.of("a,b"), Optional.of(InstalledFiles.firstField("\"a,b\",sha256=x,1")));
	}
}
