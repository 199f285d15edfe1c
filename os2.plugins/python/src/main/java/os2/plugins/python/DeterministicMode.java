package os2.plugins.python;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import os2.kernel.api.UsageError;

/**
 * The environment of a python run in deterministic mode: string hashing unseeded
 * ({@code PYTHONHASHSEED=0}, so a set of strings prints in the same order), UTC, the C.UTF-8
 * locale, {@code random} seeded, {@code SOURCE_DATE_EPOCH} set and, where the host has
 * libfaketime, the wall clock stopped at that time. The seed and the time are the same for every
 * run, in any session, on any machine (0 and 2026-01-01T00:00:00Z), so two deterministic runs of
 * a script print the same bytes, and so does its re-execution elsewhere; {@code --env OS2_SEED=N}
 * and {@code --env SOURCE_DATE_EPOCH=S} choose others. The monotonic clock is left alone (waits
 * and timeouts keep working); so are threads' interleaving, the file system's order, addresses
 * printed by {@code id()}, and anything read from the network.
 */
final class DeterministicMode {

	static final String SEED = "OS2_SEED";
	static final String EPOCH = "SOURCE_DATE_EPOCH";
	static final long DEFAULT_EPOCH = 1_767_225_600L; // 2026-01-01T00:00:00Z

	private static final List<Path> LIBFAKETIME = List.of(
			Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
			Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
			Path.of("/usr/lib/faketime/libfaketime.so.1"));

	private static final DateTimeFormatter FAKETIME_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneOffset.UTC);

	private DeterministicMode() {
	}

	/** @param given what the run's {@code --env} gave: a seed or a time there wins */
	static Map<String, String> environment(Map<String, String> given, SupportFiles support) {
		long seed = number(given, SEED, 0);
		long epoch = number(given, EPOCH, DEFAULT_EPOCH);
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("PYTHONHASHSEED", "0");
		environment.put("TZ", "UTC");
		environment.put("LC_ALL", "C.UTF-8");
		environment.put(EPOCH, Long.toString(epoch));
		environment.put(SEED, Long.toString(seed));
		environment.put("PYTHONPATH", support.file(SupportFiles.DETERMINISTIC).toString());
		libfaketime().ifPresent(library -> {
			environment.put("LD_PRELOAD", library.toString());
			// no '@': the clock stands still at that time instead of running on from it
			environment.put("FAKETIME", FAKETIME_FORMAT.format(Instant.ofEpochSecond(epoch)));
			environment.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
		});
		return environment;
	}

	static Optional<Path> libfaketime() {
		return LIBFAKETIME.stream().filter(Files::isReadable).findFirst();
	}

	private static long number(Map<String, String> given, String name, long otherwise) {
		String value = given.get(name);
		if (value == null) {
			return otherwise;
		}
		try {
			return Long.parseLong(value.strip());
		} catch (NumberFormatException e) {
			throw new UsageError("python: --env " + name + "= takes a whole number, not '" + value + "'");
		}
	}
}
