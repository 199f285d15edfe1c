package os2.kernel.internal.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceEntry.Kind;
import os2.kernel.api.WorkspaceTree.Visitor;

/**
 * Listing, walking and removing below an open directory descriptor: every name is {@code lstat}ed,
 * every directory entered with {@code O_NOFOLLOW} from the descriptor of its parent, so a link is
 * an entry like any other and never a way out.
 */
final class TreeWalk {

	/** UTF-8 byte order, as {@code strcmp} and git sort names: the same on every machine and locale. */
	static final Comparator<WorkspaceEntry> BY_NAME = Comparator.comparing(WorkspaceEntry::name,
			(a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

	private TreeWalk() {
	}

	/** @return {@code directory}'s entries, sorted, their paths under {@code path} */
	static List<WorkspaceEntry> list(SecureDirectoryStream<Path> directory, BeneathPath path) throws IOException {
		List<WorkspaceEntry> entries = new ArrayList<>();
		for (String name : names(directory)) {
			Optional<PosixFileAttributes> attributes = Directories.lstat(directory, name);
			if (attributes.isPresent()) { // a name removed since it was read is not listed
				entries.add(Directories.entry(path.child(name), attributes.get()));
			}
		}
		entries.sort(BY_NAME);
		return entries;
	}

	static void walk(SecureDirectoryStream<Path> directory, BeneathPath path, Visitor visitor) throws IOException {
		for (WorkspaceEntry entry : list(directory, path)) {
			if (visitor.visit(entry) && entry.kind() == Kind.DIRECTORY) {
				try (SecureDirectoryStream<Path> child = Directories.enter(directory, entry.name(), entry.path())) {
					walk(child, BeneathPath.parse(entry.path()), visitor);
				}
			}
		}
	}

	/** Removes everything in {@code directory}, depth-first, unlinking links rather than following them. */
	static void clear(SecureDirectoryStream<Path> directory, String given) throws IOException {
		for (String name : names(directory)) {
			remove(directory, name, given);
		}
	}

	/** Removes {@code name} from {@code directory}, and everything beneath it if it is a directory. */
	static void remove(SecureDirectoryStream<Path> directory, String name, String given) throws IOException {
		Optional<PosixFileAttributes> attributes = Directories.lstat(directory, name);
		if (attributes.isEmpty()) {
			return;
		}
		if (Directories.kind(attributes.get()) == Kind.DIRECTORY) {
			try (SecureDirectoryStream<Path> child = Directories.enter(directory, name, given)) {
				clear(child, given);
			}
			directory.deleteDirectory(Path.of(name));
		} else {
			directory.deleteFile(Path.of(name));
		}
	}

	/** @return the names in {@code directory}, read to the end before anything is done with them */
	private static List<String> names(SecureDirectoryStream<Path> directory) {
		List<String> names = new ArrayList<>();
		for (Path entry : directory) {
			names.add(entry.getFileName().toString());
		}
		return names;
	}
}
