package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the end-to-end tests do to an OS2 home from outside: its example tools, its files, its daemon. */
final class Homes {

	private Homes() {
	}

	/**
	 * Drops the example bundle into {@code home}'s deploy folder, trusted (it is Java), and gives it
	 * {@code grants}, each on record.
	 */
	static void withExampleTools(Path home, String... grants) throws IOException {
		Files.createDirectories(home.resolve("deploy"));
		Files.copy(Os2Run.EXAMPLE_BUNDLE, home.resolve("deploy").resolve(Os2Run.EXAMPLE_BUNDLE.getFileName()));
		trust(home, Os2Run.EXAMPLE_BUNDLE);
		for (String grant : grants) {
			Os2Run granted = Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples " + grant);
			assertEquals(0, granted.status(), granted.toString());
		}
	}

	/**
	 * Trusts {@code jar} in {@code home} as {@code trust add} would, by writing its SHA-256 into
	 * {@code etc/trusted-jars} (the file's documented format), without a run of OS2 of its own.
	 */
	static void trust(Path home, Path jar) throws IOException {
		String sha256 = sha256(jar);
		Path file = Files.createDirectories(home.resolve("etc")).resolve("trusted-jars");
		Files.writeString(file, sha256 + " " + jar.getFileName() + " -\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	/** The jar's SHA-256, as {@code trust} names it. */
	static String sha256(Path jar) throws IOException {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
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

	/** The id of the last run of {@code tool} in {@code home}'s ledger. */
	static String lastRun(Path home, String tool) {
		Os2Run starts = Os2Run.of(home, "-c", "ledger show --kind run-start");
		Matcher run = Pattern.compile("run=(r-[0-9a-f]+-\\d+) .*\"tool\":\"" + tool + "\"").matcher(starts.stdout());
		String last = null;
		while (run.find()) {
			last = run.group(1);
		}
		assertTrue(last != null, starts.toString());
		return last;
	}

	/** The session a run belongs to, by the form of run ids ({@code r-HEX-N} of session {@code s-HEX}). */
	static String sessionOf(String run) {
		return "s-" + run.substring(2, run.lastIndexOf('-'));
	}
}
