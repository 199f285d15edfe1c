package os2.shell.internal.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Whether a bundle's jar can make the framework run code: Java classes, nested jars, native
 * libraries, or a manifest header that has the framework or an extender act for it (an activator,
 * components, a fragment's host, imports and exports, capabilities). A jar with none of these —
 * resources and an {@code OS2-Wasm-Tool} header, say — carries no code of its own that runs in the
 * JVM: its WebAssembly runs in the sidecar, under its grants. Anything not on the lists below
 * counts as code, so a header invented tomorrow needs trust too.
 */
public final class JarContent {

	/** Headers that only describe a bundle. */
	private static final Set<String> DESCRIPTIVE_HEADERS = Set.of("manifest-version", "bundle-manifestversion",
			"bundle-symbolicname", "bundle-version", "bundle-name", "bundle-description", "bundle-vendor",
			"bundle-license", "bundle-docurl", "bundle-copyright", "bundle-contactaddress", "bundle-category",
			"bundle-developers", "bundle-scm", "created-by", "built-by", "build-jdk", "build-jdk-spec", "tool",
			"bnd-lastmodified", "os2-wasm-tool");

	/** Files outside META-INF/ that are data (what a WebAssembly tool ships, and its documentation). */
	private static final Set<String> DATA_EXTENSIONS = Set.of("wasm", "wat", "json", "txt", "md", "html", "css", "svg",
			"png");

	/** Files that are code wherever they are, META-INF/ included (multi-release classes, nested jars). */
	private static final Set<String> CODE_EXTENSIONS = Set.of("class", "jar", "zip", "so", "dll", "dylib", "jnilib",
			"a", "o");

	private JarContent() {
	}

	/** Why the jar counts as Java code (one phrase), or empty if it carries none. */
	public static Optional<String> code(Path jar) throws IOException {
		try (JarFile file = new JarFile(jar.toFile(), false)) {
			Manifest manifest = file.getManifest();
			if (manifest != null) {
				for (Object name : manifest.getMainAttributes().keySet()) {
					String header = ((Attributes.Name) name).toString();
					if (!DESCRIPTIVE_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
						return Optional.of("its manifest has " + header);
					}
				}
			}
			for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
				Optional<String> code = code(entries.nextElement().getName());
				if (code.isPresent()) {
					return code;
				}
			}
			return Optional.empty();
		}
	}

	private static Optional<String> code(String entry) {
		if (entry.endsWith("/")) {
			return Optional.empty();
		}
		String name = entry.substring(entry.lastIndexOf('/') + 1);
		int dot = name.lastIndexOf('.');
		String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
		if (CODE_EXTENSIONS.contains(extension)) {
			return Optional.of("it holds " + entry);
		}
		if (entry.startsWith("META-INF/") || DATA_EXTENSIONS.contains(extension)) {
			return Optional.empty();
		}
		return Optional.of("it holds " + entry + ", which is not a data file OS2 knows");
	}
}
