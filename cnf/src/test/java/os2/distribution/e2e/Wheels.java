package os2.distribution.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small pure-Python wheels made by the tests themselves (PyPI is out of reach): a zip holding the
 * package's files and a {@code .dist-info} with METADATA, WHEEL, RECORD and, for a command,
 * entry_points.txt, as the wheel format (PEP 427) describes them.
 */
final class Wheels {

	private Wheels() {
	}

	/**
	 * @param files the package's files by path inside the wheel
	 * @param requires {@code Requires-Dist} lines, e.g. {@code helper_lib>=2}
	 * @param command a console script {@code NAME = module:function}, or null
	 * @return the wheel, {@code NAME-VERSION-py3-none-any.whl} in {@code directory}
	 */
	static Path write(Path directory, String name, String version, Map<String, String> files, List<String> requires,
			String command) throws IOException {
		String distInfo = name + "-" + version + ".dist-info/";
		Map<String, String> entries = new LinkedHashMap<>(files);
		StringBuilder metadata = new StringBuilder("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
		requires.forEach(requirement -> metadata.append("Requires-Dist: ").append(requirement).append('\n'));
		entries.put(distInfo + "METADATA", metadata.toString());
		entries.put(distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: os2-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
		if (command != null) {
			entries.put(distInfo + "entry_points.txt", "[console_scripts]\n" + command + "\n");
		}
		StringBuilder record = new StringBuilder();
		entries.forEach((path, content) -> {
			byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
			record.append(path).append(",sha256=").append(Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes)))
					.append(',').append(bytes.length).append('\n');
		});
		record.append(distInfo).append("RECORD,,\n");
		entries.put(distInfo + "RECORD", record.toString());

		Files.createDirectories(directory);
		Path wheel = directory.resolve(name + "-" + version + "-py3-none-any.whl");
		try (OutputStream file = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(file)) {
			for (Map.Entry<String, String> entry : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return wheel;
	}

	static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
