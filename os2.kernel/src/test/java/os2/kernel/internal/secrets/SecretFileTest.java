package os2.kernel.internal.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.KernelException;

class SecretFileTest {

	@TempDir
	Path home;

	@Test
	void aSecretIsKeptOwnerOnlyAndGivenBackByName() throws Exception {
		Path file = home.resolve("etc/secrets.properties");
		SecretFile secrets = new SecretFile(file);
		secrets.put("github", "ghp_s3cr3t=with:odd#chars\\and more");
		secrets.put("ci.token", "t2");

		assertEquals(Optional.of("ghp_s3cr3t=with:odd#chars\\and more"), new SecretFile(file).value("github"));
		assertEquals(List.of("ci.token", "github"), secrets.names());
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
		try (Stream<Path> left = Files.list(file.getParent())) {
			assertEquals(List.of("secrets.properties", "secrets.properties.lock"),
					left.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
		}
	}

	@Test
	void removingForgetsOnlyThatSecret() {
		SecretFile secrets = new SecretFile(home.resolve("secrets.properties"));
		secrets.put("a", "1");
		secrets.put("b", "2");

		assertTrue(secrets.remove("a"));
		assertFalse(secrets.remove("a"));
		assertEquals(Optional.empty(), secrets.value("a"));
		assertEquals(Optional.of("2"), secrets.value("b"));
	}

	@Test
	void aNameIsAWordNotAPathOrALine() {
		SecretFile secrets = new SecretFile(home.resolve("secrets.properties"));
		for (String bad : List.of("", "a/b", "a b", "x=y", "a\nb", "x".repeat(65))) {
			KernelException refused = assertThrows(KernelException.class, () -> secrets.put(bad, "v"));
			assertTrue(refused.getMessage().contains("is not a secret's name"), refused.getMessage());
		}
		assertFalse(Files.exists(home.resolve("secrets.properties")));
	}
}
