package os2.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import os2.shell.internal.client.ExitStatus;

/**
 * The shell's packages show its architecture, and the compiled classes are held to it: the client
 * (what the {@code os2} script starts on a plain class path, without OSGi) uses nothing but
 * {@code java.*}; the trust gate (started by the launcher before any bundle) nothing but
 * {@code java.*} and the framework's API; sessions and the line runner use the client; the commands and the front ends that
 * read lines (the console) use sessions; the daemon serves its clients' lines through the console;
 * the launcher starts all of them. No package uses one above it or beside it. Read from
 * {@code target/classes}, so what counts is what the code uses, however it names it.
 */
class PackageLayoutTest {

	private static final String BUNDLE = "os2/shell/internal/";

	/** The bundle's packages, each with those it may use besides its own: the ones below it. */
	private static final Map<String, Set<String>> MAY_USE = Map.of(
			"client", Set.of(),
			"trust", Set.of(),
			"session", Set.of("trust", "client"),
			"commands", Set.of("session", "trust", "client"),
			"console", Set.of("session", "client"),
			"mcp", Set.of("session", "client"),
			"daemon", Set.of("mcp", "console", "session", "client"),
			"launch", Set.of("daemon", "mcp", "console", "session", "trust", "client"));

	/** Every class of the bundle (internal name), with the classes it uses. */
	private static final Map<String, Set<String>> classes = new TreeMap<>();

	@BeforeAll
	static void readCompiledClasses() throws IOException, URISyntaxException {
		Path root = Path.of(ExitStatus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (Stream<Path> files = Files.walk(root.resolve(BUNDLE))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
				String name = root.relativize(file).toString().replace('\\', '/').replaceFirst("\\.class$", "");
				classes.put(name, ClassReferences.of(Files.readAllBytes(file)));
			}
		}
	}

	@Test
	void everyClassIsInOneOfTheLayoutsPackagesAndEachHasClasses() {
		Set<String> found = new TreeSet<>();
		List<String> outside = new ArrayList<>();
		for (String name : classes.keySet()) {
			String layoutPackage = layoutPackage(name);
			if (MAY_USE.containsKey(layoutPackage)) {
				found.add(layoutPackage);
			} else {
				outside.add(dotted(name));
			}
		}
		assertEquals(List.of(), outside, "classes outside the packages of the layout (" + MAY_USE.keySet()
				+ "); put each where it belongs, or add its package to the layout here");
		assertEquals(MAY_USE.keySet(), found, "a package of the layout without classes: is target/classes read?");
	}

	@Test
	void theClientUsesNothingButJavaAndItsOwnPackage() {
		List<String> violations = new ArrayList<>();
		classes.forEach((name, used) -> {
			if (layoutPackage(name).equals("client")) {
				for (String reference : used) {
					if (!reference.startsWith("java/") && !packageOf(reference).equals(packageOf(name))) {
						violations.add(dotted(name) + " uses " + dotted(reference));
					}
				}
			}
		});
		assertTrue(violations.isEmpty(), "the client starts on a plain class path, without OSGi, and may use only java.*"
				+ " and its own package:\n" + String.join("\n", violations));
	}

	@Test
	void theTrustGateUsesNothingButJavaAndTheFrameworksApi() {
		List<String> violations = new ArrayList<>();
		classes.forEach((name, used) -> {
			if (layoutPackage(name).equals("trust")) {
				for (String reference : used) {
					if (!reference.startsWith("java/") && !reference.startsWith("org/osgi/framework/")
							&& !packageOf(reference).equals(packageOf(name))) {
						violations.add(dotted(name) + " uses " + dotted(reference));
					}
				}
			}
		});
		assertTrue(violations.isEmpty(), "the trust gate starts on the launcher's class path, before any bundle, and may"
				+ " use only java.*, org.osgi.framework.* and its own package:\n" + String.join("\n", violations));
	}

	@Test
	void noPackageUsesOneAboveOrBesideIt() {
		List<String> violations = new ArrayList<>();
		classes.forEach((name, used) -> {
			String own = layoutPackage(name);
			for (String reference : used) {
				String other = layoutPackage(reference);
				if (classes.containsKey(reference) && !other.equals(own)
						&& !MAY_USE.getOrDefault(own, Set.of()).contains(other)) {
					violations.add(dotted(name) + " uses " + dotted(reference) + " (" + own + " may use "
							+ (MAY_USE.getOrDefault(own, Set.of()).isEmpty() ? "no other package"
									: String.join(", ", new TreeSet<>(MAY_USE.get(own))))
							+ ")");
				}
			}
		});
		assertTrue(violations.isEmpty(), "a package uses one it may not:\n" + String.join("\n", violations));
	}

	/** {@code session} for {@code os2/shell/internal/session/Failure}; any other package by its whole path. */
	private static String layoutPackage(String name) {
		return packageOf(name).startsWith(BUNDLE) ? packageOf(name).substring(BUNDLE.length()) : packageOf(name);
	}

	private static String packageOf(String name) {
		int slash = name.lastIndexOf('/');
		return slash < 0 ? "" : name.substring(0, slash);
	}

	private static String dotted(String name) {
		return name.replace('/', '.');
	}
}
