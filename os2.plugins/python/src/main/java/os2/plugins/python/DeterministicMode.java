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

import os2.kernel.api.Session;

/**
 * The environment of a python run in deterministic mode: string hashing unseeded
 * ({@code PYTHONHASHSEED=0}, so a set of strings prints in the same order), UTC, the C.UTF-8
 * locale, {@code SOURCE_DATE_EPOCH} and {@code random}'s seed from the session, and, where the
 * host has libfaketime, a wall clock stopped at the session's start. The monotonic clock is left
 * alone (waits and timeouts keep working); so are threads' interleaving, the file system's order,
 * addresses printed by {@code id()}, and anything read from the network.
 */
final class DeterministicMode {

	private static final List<Path> LIBFAKETIME = List.of(
			Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
			Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
			Path.of("/usr/lib/faketime/libfaketime.so.1"));

	private static final DateTimeFormatter FAKETIME_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneOffset.UTC);

	private DeterministicMode() {
	}

	static Map<String, String> environment(Session session, SupportFiles support) {
		long epoch = session.created().getEpochSecond();
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("PYTHONHASHSEED", "0");
		environment.put("TZ", "UTC");
		environment.put("LC_ALL", "C.UTF-8");
		environment.put("SOURCE_DATE_EPOCH", Long.toString(epoch));
		environment.put("OS2_SEED", Long.toString(session.seed()));
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
}
