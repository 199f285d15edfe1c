package os2.plugins.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.ledger.api.Json;

/**
 * The resolved set of a pip install, from the JSON pip writes with {@code --report FILE}: for
 * each distribution, its name, version, where it came from and the SHA-256 of the file, which is
 * what a later install needs to get exactly the same files ({@code --require-hashes}).
 */
final class PipReport {

	private PipReport() {
	}

	/** At most this many bytes of report are read; pip's report of a large install is a few hundred KB. */
	static final int MAX_BYTES = 16 << 20;

	/**
	 * The distributions of the report {@code name} in the run's own directory, each
	 * {@code name, version, url, sha256}; empty if there is none. Pip wrote it in the sandbox: it is
	 * read only if it is a regular file right there (a link, FIFO or device is not opened), and only
	 * up to {@link #MAX_BYTES}.
	 */
	static List<Map<String, Object>> read(Path runDirectory, String name) {
		try {
			return SafeFiles.read(runDirectory, name, MAX_BYTES)
					.map(bytes -> resolved(new String(bytes, StandardCharsets.UTF_8))).orElse(List.of());
		} catch (IOException e) {
			return List.of(Map.of("unreadable-report", String.valueOf(e.getMessage())));
		}
	}

	/** The distributions of the report's JSON text. */
	static List<Map<String, Object>> resolved(String report) {
		try {
			Object parsed = Json.parse(report);
			List<Map<String, Object>> resolved = new ArrayList<>();
			for (Object item : list(map(parsed).get("install"))) {
				Map<?, ?> metadata = map(map(item).get("metadata"));
				Map<?, ?> download = map(map(item).get("download_info"));
				Map<String, Object> distribution = new LinkedHashMap<>();
				distribution.put("name", String.valueOf(metadata.get("name")));
				distribution.put("version", String.valueOf(metadata.get("version")));
				distribution.put("url", String.valueOf(download.get("url")));
				distribution.put("sha256", sha256(map(download.get("archive_info"))));
				resolved.add(distribution);
			}
			return resolved;
		} catch (RuntimeException e) { // LedgerException, or a shape Json did not expect
			return List.of(Map.of("unreadable-report", "not pip's JSON"));
		}
	}

	/** From {@code hashes.sha256}, or the older {@code hash: "sha256=..."}; empty for a directory or VCS source. */
	private static String sha256(Map<?, ?> archive) {
		Object hash = map(archive.get("hashes")).get("sha256");
		if (hash != null) {
			return hash.toString();
		}
		Object old = archive.get("hash");
		return old != null && old.toString().startsWith("sha256=") ? old.toString().substring("sha256=".length()) : "";
	}

	private static Map<?, ?> map(Object value) {
		return value instanceof Map<?, ?> map ? map : Map.of();
	}

	private static List<?> list(Object value) {
		return value instanceof List<?> list ? list : List.of();
	}
}
