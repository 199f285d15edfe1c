package os2.plugins.wasm.pyvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import os2.kernel.api.KernelException;

/**
 * The named checkpoints, {@code NAME.pyvm} files in one directory under {@code $OS2_HOME}: shared
 * by all sessions, so one made before a restart is restored after it. A name is a plain file name
 * (letters, digits, {@code . _ -}), so it cannot point anywhere else.
 */
final class Checkpoints {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
	private static final String SUFFIX = ".pyvm";

	private final Path directory;
	private final byte[] key;

	/** @param key the seal's ({@link CheckpointKey}) */
	Checkpoints(Path directory, byte[] key) {
		this.directory = directory;
		this.key = key.clone();
	}

	/** One checkpoint as listed. */
	record Listed(String name, long bytes, FileTime saved) {
	}

	static String checkedName(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new KernelException("pyvm: '" + name + "' is no checkpoint name; use up to 64 letters, digits, '.', '_' or '-'");
		}
		return name;
	}

	/** Saves {@code state} as {@code name}; an existing checkpoint is replaced only when asked. */
	CheckpointFile.Facts save(String name, InterpreterState state, boolean replace) {
		Path file = file(checkedName(name));
		if (!replace && Files.exists(file)) {
			throw new KernelException("pyvm: there is a checkpoint " + name + " already; pyvm checkpoint --replace " + name
					+ " overwrites it");
		}
		try {
			Files.createDirectories(directory);
			return CheckpointFile.write(file, state, key);
		} catch (IOException e) {
			throw new KernelException("pyvm: cannot write checkpoint " + name + " to " + directory + ": " + e.getMessage());
		}
	}

	CheckpointFile.Loaded load(String name) {
		Path file = file(checkedName(name));
		if (!Files.isRegularFile(file)) {
			throw new KernelException("pyvm: there is no checkpoint " + name + "; pyvm checkpoints lists them");
		}
		try {
			return CheckpointFile.read(file, name, key);
		} catch (IOException e) {
			throw new KernelException("pyvm: cannot read checkpoint " + name + ": " + e.getMessage());
		}
	}

	/** The checkpoints, by name. */
	List<Listed> list() {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		List<Listed> listed = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.sorted().toList()) {
				String fileName = file.getFileName().toString();
				if (fileName.endsWith(SUFFIX) && Files.isRegularFile(file)) {
					listed.add(new Listed(fileName.substring(0, fileName.length() - SUFFIX.length()), Files.size(file),
							Files.getLastModifiedTime(file)));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException("pyvm: cannot list " + directory, e);
		}
		return listed;
	}

	Path file(String name) {
		return directory.resolve(name + SUFFIX);
	}
}
