package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import os2.ledger.api.Json;

/**
 * Snapshots: each a manifest, a JSON object that names its root tree ({@code "root"}), stored as
 * its canonical JSON (the ledger's: keys sorted, no white space) in {@code manifests/<id>}, where
 * the id is the SHA-256 of those bytes. Written durably: the file is synced, renamed into place,
 * and the directory synced.
 */
final class Manifests {

	private final Path directory;
	private final Path temporary;

	Manifests(Path directory, Path temporary) {
		this.directory = directory;
		this.temporary = temporary;
	}

	/** @return the manifest's root, refused unless it is an id */
	static String rootOf(Map<String, Object> manifest) {
		Object root = manifest.get("root");
		if (!(root instanceof String id) || !ObjectIds.isId(id)) {
			throw new IllegalArgumentException("a snapshot manifest names its root tree, \"root\": 64 hex digits; not " + root);
		}
		return id;
	}

	static byte[] canonical(Map<String, Object> manifest) {
		return Json.canonical(manifest).getBytes(StandardCharsets.UTF_8);
	}

	boolean contains(String id) {
		return Files.exists(directory.resolve(id));
	}

	/** Writes the manifest's bytes under {@code id} and syncs them and the directory. */
	void write(String id, byte[] bytes) throws IOException {
		Path temp = temporary.resolve("manifest-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
		try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			out.write(ByteBuffer.wrap(bytes));
			out.force(true);
		} catch (IOException | RuntimeException failed) {
			Files.deleteIfExists(temp);
			throw failed;
		}
		Files.move(temp, directory.resolve(id), StandardCopyOption.ATOMIC_MOVE);
		try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
			directoryChannel.force(true);
		}
	}

	/** @return the manifest {@code id}, checked against its id; empty if there is none */
	@SuppressWarnings("unchecked")
	Optional<Map<String, Object>> read(String id) throws IOException {
		if (!ObjectIds.isId(id)) {
			return Optional.empty();
		}
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(directory.resolve(id));
		} catch (NoSuchFileException absent) {
			return Optional.empty();
		}
		if (!ObjectIds.of(bytes).equals(id)) {
			throw new IOException("snapshot " + id + " is damaged: its manifest does not hash to its id");
		}
		Object parsed = Json.parse(new String(bytes, StandardCharsets.UTF_8));
		if (!(parsed instanceof Map<?, ?> manifest)) {
			throw new IOException("snapshot " + id + " is damaged: its manifest is no JSON object");
		}
		return Optional.of((Map<String, Object>) manifest);
	}

	List<String> ids() throws IOException {
		List<String> ids = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				if (ObjectIds.isId(name)) {
					ids.add(name);
				}
			}
		}
		ids.sort(null);
		return ids;
	}

	/** @return whether there was such a manifest */
	boolean delete(String id) throws IOException {
		return ObjectIds.isId(id) && Files.deleteIfExists(directory.resolve(id));
	}
}
