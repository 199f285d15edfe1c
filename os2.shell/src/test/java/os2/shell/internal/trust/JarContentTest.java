package os2.shell.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarContentTest {

	@TempDir
	Path temp;

	@Test
	void aWebAssemblyToolBundleCarriesNoCode() throws IOException {
		Path jar = jar(Map.of("OS2-Wasm-Tool", "echo;path=tools/echo.wasm"), "tools/echo.wasm", "README.md",
				"META-INF/maven/org.example/echo/pom.properties");

		assertEquals(Optional.empty(), JarContent.code(jar));
	}

	@Test
	void classesNestedJarsAndNativeLibrariesAreCodeWhereverTheyAre() throws IOException {
		assertEquals(Optional.of("it holds org/example/A.class"), JarContent.code(jar(Map.of(), "org/example/A.class")));
		assertEquals(Optional.of("it holds META-INF/versions/21/A.class"),
				JarContent.code(jar(Map.of(), "META-INF/versions/21/A.class")));
		assertEquals(Optional.of("it holds lib/inner.jar"), JarContent.code(jar(Map.of(), "lib/inner.jar")));
		assertEquals(Optional.of("it holds native/libx.so"), JarContent.code(jar(Map.of(), "native/libx.so")));
	}

	@Test
	void aFileOfAKindOs2DoesNotKnowCountsAsCode() throws IOException {
		Optional<String> code = JarContent.code(jar(Map.of(), "OSGI-INF/blueprint/context.xml"));

		assertTrue(code.orElseThrow().contains("OSGI-INF/blueprint/context.xml"), code.toString());
	}

	@Test
	void anyHeaderThatHasTheFrameworkOrAnExtenderActIsCode() throws IOException {
		for (String header : new String[] {"Bundle-Activator", "Service-Component", "Fragment-Host", "Bundle-NativeCode",
				"Bundle-ClassPath", "Import-Package", "DynamicImport-Package", "Require-Capability", "X-Invented-Tomorrow"}) {
			assertEquals(Optional.of("its manifest has " + header), JarContent.code(jar(Map.of(header, "x"), "tools/a.wasm")),
					header);
		}
	}

	private Path jar(Map<String, String> headers, String... entries) throws IOException {
		Manifest manifest = new Manifest();
		Attributes main = manifest.getMainAttributes();
		main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		main.putValue("Bundle-ManifestVersion", "2");
		main.putValue("Bundle-SymbolicName", "org.example.tool");
		main.putValue("Bundle-Version", "1.0.0");
		headers.forEach(main::putValue);
		Path jar = Files.createTempFile(temp, "bundle", ".jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
			for (String entry : entries) {
				out.putNextEntry(new JarEntry(entry));
				out.write(1);
				out.closeEntry();
			}
		}
		return jar;
	}
}
