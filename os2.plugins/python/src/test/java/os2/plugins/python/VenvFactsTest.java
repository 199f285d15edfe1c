package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A venv's facts are OS2's own file: written whole, read back, and nothing else counts as them. */
class VenvFactsTest {

	@Test
	void writtenAndReadBackWithThePyxRequirementOnceInstalled(@TempDir Path state) throws Exception {
		Path file = state.resolve("workspaces/abc.properties");
		VenvFacts facts = new VenvFacts("workspace /w", Path.of("/usr/bin/python3.11"), "3.11.2", Optional.empty());
		facts.write(file);
		assertEquals(Optional.of(facts), VenvFacts.read(file));
		facts.withInstalled("demo_pkg==1.0").write(file);
		assertEquals(Optional.of("demo_pkg==1.0"), VenvFacts.read(file).orElseThrow().installed());
		assertEquals("lib/python3.11/site-packages", new Venv(Path.of("/v"), facts).sitePackages());
	}

	@Test
	void missingOrDamagedFactsAreNoFacts(@TempDir Path state) throws Exception {
		assertEquals(Optional.empty(), VenvFacts.read(state.resolve("none.properties")));
		Path damaged = Files.writeString(state.resolve("damaged.properties"), "interpreter=/usr/bin/python3\nversion=/etc\n");
		assertEquals(Optional.empty(), VenvFacts.read(damaged));
		assertThrows(IllegalArgumentException.class,
				() -> new VenvFacts("x", Path.of("/usr/bin/python3"), "3.11.2\nprefix=/", Optional.empty()));
		assertTrue(VenvFacts.VERSION.matcher("3.13.0c1").matches());
	}
}
