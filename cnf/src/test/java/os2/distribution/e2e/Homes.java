package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the end-to-end tests do to an OS2 home from outside: its example tools, its files, its daemon. */
final class Homes {

	private Homes() {
	}

	/** Drops the example bundle into {@code home}'s deploy folder and gives it {@code grants}, each on record. */
	static void withExampleTools(Path home, String... grants) throws IOException {
		Files.createDirectories(home.resolve("deploy"));
		Files.copy(Os2Run.EXAMPLE_BUNDLE, home.resolve("deploy").resolve(Os2Run.EXAMPLE_BUNDLE.getFileName()));
		for (String grant : grants) {
			Os2Run granted = Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples " + grant);
			assertEquals(0, granted.status(), granted.toString());
		}
	}

	/**
	 * Makes {@code files} immutable ({@code +i}) or mutable again ({@code -i}), as a full or read-only
	 * disk would refuse writes even to root.
	 *
	 * @return false where chattr is missing or the file system has no such attribute
	 */
	static boolean chattr(String change, List<Path> files) throws IOException, InterruptedException {
		if (files.isEmpty()) {
			return false;
		}
		List<String> command = new ArrayList<>(List.of("chattr", change));
		files.forEach(file -> command.add(file.toString()));
		try {
			return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
		} catch (IOException noChattr) {
			return false;
		}
	}

	/** The daemon serving {@code home}, if one runs. */
	static Optional<ProcessHandle> daemon(Path home) {
		String homeProperty = "-Dos2.home=" + home;
		return ProcessHandle.allProcesses()
				.filter(process -> process.info().arguments()
						.map(arguments -> List.of(arguments).contains("--serve") && List.of(arguments).contains(homeProperty))
						.orElse(false))
				.findFirst();
	}
}
