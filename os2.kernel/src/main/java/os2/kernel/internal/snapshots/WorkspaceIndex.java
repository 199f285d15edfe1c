package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which snapshots each workspace has, in the order they were taken, and the ledger entry that
 * recorded each: {@code workspaces/<SHA-256 of the workspace's real path>}, a line
 * {@code ID ENTRY} a snapshot. So the latest one of a workspace, and its list, are found without
 * reading every manifest. Derived from the manifests and the ledger; under the store, where no
 * sandbox reaches.
 */
final class WorkspaceIndex {

	/** One snapshot of a workspace. */
	record Listed(String id, long entry) {
	}

	private final Path directory;

	WorkspaceIndex(Path directory) {
		this.directory = directory;
	}

	synchronized void add(String workspace, String id, long entry) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(file(workspace), id + " " + entry + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
	}

	/** The workspace's snapshots, oldest first. */
	synchronized List<Listed> list(String workspace) throws IOException {
		return read(file(workspace));
	}

	/** Takes {@code id} out of every workspace's list. */
	synchronized void remove(String id) throws IOException {
		if (!Files.isDirectory(directory)) {
			return;
		}
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter(path -> !path.getFileName().toString().endsWith(".tmp")).toList()) {
				List<Listed> listed = read(file);
				if (listed.stream().anyMatch(snapshot -> snapshot.id().equals(id))) {
					StringBuilder kept = new StringBuilder();
					listed.stream().filter(snapshot -> !snapshot.id().equals(id))
							.forEach(snapshot -> kept.append(snapshot.id()).append(' ').append(snapshot.entry()).append('\n'));
					Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
					Files.writeString(temporary, kept, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
							StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
					Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static List<Listed> read(Path file) throws IOException {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		} catch (NoSuchFileException none) {
			return List.of();
		}
		List<Listed> listed = new ArrayList<>();
		for (String line : lines) {
			String[] parts = line.split(" ");
			if (parts.length == 2 && parts[1].matches("\\d{1,18}")) { // a line cut by a crash is not a snapshot
				listed.add(new Listed(parts[0], Long.parseLong(parts[1])));
			}
		}
		return listed;
	}

	private Path file(String workspace) {
		try {
			return directory.resolve(HexFormat.of().formatHex(
					MessageDigest.getInstance("SHA-256").digest(workspace.getBytes(StandardCharsets.UTF_8))));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JDK has SHA-256", e);
		}
	}
}
