package os2.kernel.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A workspace as a hostile sandboxed program could leave it, beside an outside directory it must
 * not reach: links out at the leaf and on the way, absolute and relative.
 */
final class PlantedTree {

	/** Paths in the workspace that lead outside through a link somewhere on the way. */
	static final List<String> THROUGH_LINKS = List.of("leaf", "relative-leaf", "out/secret.txt", "relative-out/secret.txt",
			"a/b/up/secret.txt", "a/b/up/sub/deep.txt");

	final Path workspace;
	final Path outside;

	PlantedTree(Path temp) throws IOException {
		workspace = Files.createDirectories(temp.resolve("ws"));
		outside = Files.createDirectories(temp.resolve("outside"));
		Files.writeString(outside.resolve("secret.txt"), "secret\n");
		Files.createDirectories(outside.resolve("sub"));
		Files.writeString(outside.resolve("sub").resolve("deep.txt"), "deep\n");
		Files.createSymbolicLink(workspace.resolve("leaf"), outside.resolve("secret.txt"));
		Files.createSymbolicLink(workspace.resolve("relative-leaf"), Path.of("../outside/secret.txt"));
		Files.createSymbolicLink(workspace.resolve("out"), outside);
		Files.createSymbolicLink(workspace.resolve("relative-out"), Path.of("../outside"));
		Files.createDirectories(workspace.resolve("a/b"));
		Files.createSymbolicLink(workspace.resolve("a/b/up"), Path.of("../../../outside"));
		Files.writeString(workspace.resolve("a/b/own.txt"), "own\n");
	}

	/** @return every name outside with its content (files) or target (links), to compare before and after */
	Map<String, String> outsideNow() throws IOException {
		Map<String, String> seen = new TreeMap<>();
		try (Stream<Path> all = Files.walk(outside)) {
			for (Path path : all.toList()) {
				String name = outside.relativize(path).toString();
				if (Files.isSymbolicLink(path)) {
					seen.put(name, "-> " + Files.readSymbolicLink(path));
				} else if (Files.isRegularFile(path)) {
					seen.put(name, Files.readString(path) + " links=" + Files.getAttribute(path, "unix:nlink"));
				} else {
					seen.put(name, "dir");
				}
			}
		}
		return seen;
	}

	void assertOutsideIs(Map<String, String> before) throws IOException {
		assertEquals(before, outsideNow(), "something outside the workspace changed");
	}

	static void mkfifo(Path path) throws IOException, InterruptedException {
		assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor(), "mkfifo " + path);
	}
}
