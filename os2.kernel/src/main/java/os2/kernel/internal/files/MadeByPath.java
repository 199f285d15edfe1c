package os2.kernel.internal.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.PathRefusedException.Reason;
import os2.kernel.api.WorkspaceEntry.Kind;

/**
 * What the JDK's SecureDirectoryStream has no call for ({@code mkdirat}, {@code symlinkat},
 * {@code readlinkat}): done by path, after the directory chain was checked, and checked again
 * through the held descriptor afterwards. The residual race — a directory on the path swapped for a
 * link between the check and the call — could make an empty directory or a link outside, or read
 * an outside link's target; it needs a sandboxed process running while host code works on its
 * workspace, which issue 18's rule 3 excludes.
 */
final class MadeByPath {

	private MadeByPath() {
	}

	/** Makes directory {@code name} in {@code directory} (known as {@code byPath}) unless it is there. */
	static void directory(SecureDirectoryStream<Path> directory, String name, Path byPath, String given) throws IOException {
		if (Directories.lstat(directory, name).isEmpty()) {
			try {
				Files.createDirectory(byPath);
			} catch (FileAlreadyExistsException madeMeanwhile) {
				// checked below like one made here
			}
		}
		Kind made = Directories.lstat(directory, name).map(Directories::kind).orElse(null);
		if (made != Kind.DIRECTORY) {
			throw new PathRefusedException(given, made == Kind.SYMLINK ? Reason.LINK
					: made == null ? Reason.CHANGED : Reason.NOT_DIRECTORY);
		}
	}

	static void symbolicLink(SecureDirectoryStream<Path> directory, String name, Path byPath, String target, String given)
			throws IOException {
		Path stored;
		try {
			stored = Path.of(target);
		} catch (InvalidPathException bad) {
			throw new PathRefusedException(given + " -> " + target.replace('\0', '?'), Reason.BAD_NAME);
		}
		if (target.isEmpty()) {
			throw new PathRefusedException(given + " -> ''", Reason.BAD_NAME);
		}
		if (Directories.lstat(directory, name).isPresent()) {
			throw new FileAlreadyExistsException(given);
		}
		Files.createSymbolicLink(byPath, stored);
		if (!target(directory, name, byPath, given).equals(stored.toString())) {
			throw new PathRefusedException(given, Reason.CHANGED);
		}
	}

	/** @return the target of link {@code name} in {@code directory}, refused unless it is a link there */
	static String target(SecureDirectoryStream<Path> directory, String name, Path byPath, String given) throws IOException {
		Optional<PosixFileAttributes> attributes = Directories.lstat(directory, name);
		if (attributes.isEmpty()) {
			throw new NoSuchFileException(given);
		}
		if (!attributes.get().isSymbolicLink()) {
			throw new NotLinkException(given);
		}
		return Files.readSymbolicLink(byPath).toString();
	}
}
