package os2.shell.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedJarsTest {

	private static final String A = "a".repeat(64);
	private static final String B = "b".repeat(64);

	@TempDir
	Path home;

	@Test
	void whatOneInstanceTrustsAnotherSeesAtOnce() throws IOException {
		TrustedJars writer = new TrustedJars(home);
		TrustedJars reader = new TrustedJars(home);
		assertFalse(reader.contains(A));

		assertTrue(writer.add(new TrustedJars.Trusted(A, "org.example.a", "1.0.0")));

		assertTrue(reader.contains(A));
		assertFalse(writer.add(new TrustedJars.Trusted(A, "org.example.a", "1.0.0")), "added twice");
		assertEquals("org.example.a", writer.remove(A).name());
		assertFalse(reader.contains(A));
		assertNull(writer.remove(A));
	}

	@Test
	void onlyLinesStartingWithAHashCountAndNothingElseInTheFileDoes() throws IOException {
		Files.createDirectories(home.resolve("etc"));
		Files.writeString(home.resolve("etc").resolve(TrustedJars.FILE),
				"# comment " + A + "\n" + B + " org.example.b 2.0\nnot-a-hash x y\n" + A.substring(1) + "\n");

		TrustedJars trusted = new TrustedJars(home);

		assertEquals(List.of(new TrustedJars.Trusted(B, "org.example.b", "2.0")), trusted.all());
		assertFalse(trusted.contains(A));
	}

	@Test
	void aMissingFileTrustsNothing() {
		assertEquals(List.of(), new TrustedJars(home).all());
	}
}
