package os2.plugins.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import os2.kernel.api.WorkspaceEntry;

/**
 * What an install unpacked, hashed by OS2: for each distribution pip's report names, the files
 * its {@code .dist-info/RECORD} lists, each read from the venv and hashed, and one SHA-256 over
 * them ({@code path NUL sha256-hex LF}, by path). So the record says what is in the venv, not
 * only what pip said it fetched: a wheel swapped on the way (a poisoned cache) shows as files
 * whose hash no genuine install gives. RECORD, like the files, was written in the sandbox: read
 * with {@link SafeFiles} (no link followed, nothing outside the venv, bounded), and a path in it
 * that leads out of the venv is counted, not read.
 */
final class InstalledFiles {

	static final int MAX_RECORD_BYTES = 16 << 20;
	static final int MAX_FILES = 100_000;
	static final long MAX_FILE_BYTES = 4L << 30;

	private InstalledFiles() {
	}

	/** One entry per distribution of {@code resolved}: name, version, files, files-sha256, and any not hashed. */
	static List<Map<String, Object>> of(Venv venv, List<Map<String, Object>> resolved) {
		List<Map<String, Object>> installed = new ArrayList<>();
		Map<String, WorkspaceEntry> sitePackages;
		try {
			sitePackages = SafeFiles.list(venv.directory(), venv.sitePackages());
		} catch (IOException e) {
			return List.of(Map.of("unreadable", venv.sitePackages()));
		}
		for (Map<String, Object> distribution : resolved) {
			Object name = distribution.get("name");
			Object version = distribution.get("version");
			if (name == null || version == null) {
				continue;
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", name.toString());
			entry.put("version", version.toString());
			Optional<String> distInfo = sitePackages.entrySet().stream()
					.filter(found -> found.getValue().kind() == WorkspaceEntry.Kind.DIRECTORY
							&& canonical(found.getKey()).equals(canonical(name + "-" + version + ".dist-info")))
					.map(Map.Entry::getKey).findFirst();
			if (distInfo.isEmpty()) {
				entry.put("not-found", venv.sitePackages() + "/" + name + "-" + version + ".dist-info");
			} else {
				hash(venv, venv.sitePackages() + "/" + distInfo.get(), entry);
			}
			installed.add(entry);
		}
		return installed;
	}

	private static void hash(Venv venv, String distInfo, Map<String, Object> entry) {
		Optional<byte[]> record;
		try {
			record = SafeFiles.read(venv.directory(), distInfo + "/RECORD", MAX_RECORD_BYTES);
		} catch (IOException e) {
			entry.put("unreadable", distInfo + "/RECORD: " + e.getMessage());
			return;
		}
		if (record.isEmpty()) {
			entry.put("not-found", distInfo + "/RECORD");
			return;
		}
		Path sitePackages = Path.of(venv.sitePackages());
		Map<String, String> hashes = new TreeMap<>();
		List<String> notHashed = new ArrayList<>();
		for (String line : new String(record.get(), StandardCharsets.UTF_8).split("\n")) {
			String listed = firstField(line.strip());
			if (listed.isEmpty()) {
				continue;
			}
			if (hashes.size() + notHashed.size() >= MAX_FILES) {
				notHashed.add("(more than " + MAX_FILES + " files)");
				break;
			}
			Path inVenv = sitePackages.resolve(listed).normalize();
			if (Path.of(listed).isAbsolute() || inVenv.startsWith("..") || inVenv.toString().isEmpty()) {
				notHashed.add(listed + " (outside the venv)");
				continue;
			}
			try {
				Optional<byte[]> digest = SafeFiles.sha256(venv.directory(), inVenv.toString(), MAX_FILE_BYTES);
				if (digest.isPresent()) {
					hashes.put(inVenv.toString(), HexFormat.of().formatHex(digest.get()));
				} else {
					notHashed.add(listed + " (not a regular file)");
				}
			} catch (IOException e) {
				notHashed.add(listed + " (" + e.getMessage() + ")");
			}
		}
		var digest = SafeFiles.sha256();
		hashes.forEach((path, hex) -> digest.update((path + "\0" + hex + "\n").getBytes(StandardCharsets.UTF_8)));
		entry.put("files", (long) hashes.size());
		entry.put("files-sha256", HexFormat.of().formatHex(digest.digest()));
		if (!notHashed.isEmpty()) {
			entry.put("not-hashed", notHashed.subList(0, Math.min(notHashed.size(), 20)));
		}
	}

	/** A RECORD line's path: CSV, quoted when it holds a comma or a quote. */
	static String firstField(String line) {
		if (!line.startsWith("\"")) {
			int comma = line.indexOf(',');
			return comma < 0 ? line : line.substring(0, comma);
		}
		StringBuilder field = new StringBuilder();
		for (int i = 1; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '"') {
				if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				} else {
					break;
				}
			} else {
				field.append(c);
			}
		}
		return field.toString();
	}

	/** PEP 503's normalization, applied to the whole directory name (name, version and suffix alike). */
	private static String canonical(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
	}
}
