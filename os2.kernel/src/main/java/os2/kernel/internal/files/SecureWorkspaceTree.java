package os2.kernel.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.PathRefusedException.Reason;
import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceEntry.Kind;
import os2.kernel.api.WorkspaceTree;

/**
 * {@link WorkspaceTree} on directory descriptors: each call opens the root, walks down its path's
 * directories with {@link Directories#descend}, does its one operation relative to the last
 * descriptor, and closes what it opened.
 */
public final class SecureWorkspaceTree implements WorkspaceTree {

	private final Path root;

	private SecureWorkspaceTree(Path root) {
		this.root = root;
	}

	public static WorkspaceTree open(Path root) throws IOException {
		Directories.openRoot(root).close(); // refuse a root that is no directory, or a platform without openat, now
		return new SecureWorkspaceTree(root);
	}

	@Override
	public Path root() {
		return root;
	}

	@Override
	public Optional<WorkspaceEntry> stat(String given) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		if (path.isRoot()) {
			try (SecureDirectoryStream<Path> directory = Directories.openRoot(root)) {
				return Optional.of(Directories.entry("", Directories.stat(directory)));
			}
		}
		// By path, one lstat per name, each checked to be a real directory before the next: stat only
		// describes, and WASI's checks ask it for every path a guest names (an openat chain costs ~8 µs
		// a level, an lstat ~1 µs). A directory swapped for a link between two lstats needs another
		// writer of the workspace during the call, which the turns of runs in one workspace exclude.
		Path current = root;
		List<String> names = path.names();
		for (int i = 0; i < names.size(); i++) {
			current = current.resolve(names.get(i));
			Optional<PosixFileAttributes> attributes = Directories.lstat(current);
			if (attributes.isEmpty()) {
				return Optional.empty();
			}
			if (i == names.size() - 1) {
				return Optional.of(Directories.entry(path.relative(), attributes.get()));
			}
			Kind kind = Directories.kind(attributes.get());
			if (kind != Kind.DIRECTORY) {
				throw new PathRefusedException(given, kind == Kind.SYMLINK ? Reason.LINK : Reason.NOT_DIRECTORY);
			}
		}
		throw new IllegalStateException("a path of names ends at its last name");
	}

	@Override
	public InputStream read(String given) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		try (SecureDirectoryStream<Path> parent = parentOf(path)) {
			regularFile(parent, path);
			// the channel keeps its own descriptor; the directory's is closed here
			return Channels.newInputStream(parent.newByteChannel(Path.of(path.leaf()),
					Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
		}
	}

	@Override
	public byte[] readAllBytes(String given, int max) throws IOException {
		if (max < 0 || max == Integer.MAX_VALUE) {
			throw new IllegalArgumentException("a limit of " + max + " bytes; give 0 to Integer.MAX_VALUE - 1");
		}
		try (InputStream in = read(given)) {
			byte[] bytes = in.readNBytes(max + 1);
			if (bytes.length > max) {
				throw new PathRefusedException(given, Reason.TOO_LARGE);
			}
			return bytes;
		}
	}

	@Override
	public void write(String given, InputStream content, int mode) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		try (SecureDirectoryStream<Path> parent = parentOf(path)) {
			if (Directories.lstat(parent, path.leaf()).map(Directories::kind).orElse(Kind.FILE) == Kind.DIRECTORY) {
				throw new PathRefusedException(given, Reason.NOT_REGULAR_FILE);
			}
			AtomicWrite.write(parent, path.leaf(), content, mode);
		}
	}

	@Override
	public void createDirectories(String given) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		SecureDirectoryStream<Path> current = Directories.openRoot(root);
		try {
			for (int i = 0; i < path.names().size(); i++) {
				String name = path.names().get(i);
				MadeByPath.directory(current, name, byPath(path.names().subList(0, i + 1)), given);
				SecureDirectoryStream<Path> next = Directories.enter(current, name, given);
				current.close();
				current = next;
			}
		} finally {
			current.close();
		}
	}

	@Override
	public void delete(String given) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		try (SecureDirectoryStream<Path> parent = parentOf(path)) {
			PosixFileAttributes attributes = Directories.lstat(parent, path.leaf())
					.orElseThrow(() -> new NoSuchFileException(given));
			if (attributes.isDirectory()) {
				parent.deleteDirectory(Path.of(path.leaf()));
			} else {
				parent.deleteFile(Path.of(path.leaf()));
			}
		}
	}

	@Override
	public void deleteTree(String given) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		String leaf = path.leaf();
		SecureDirectoryStream<Path> parent;
		try {
			parent = parentOf(path);
		} catch (NoSuchFileException absent) {
			return;
		}
		try (parent) {
			TreeWalk.remove(parent, leaf, given);
		}
	}

	@Override
	public List<WorkspaceEntry> list(String given) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		try (SecureDirectoryStream<Path> directory = Directories.descend(Directories.openRoot(root), path.names(), given)) {
			return TreeWalk.list(directory, path);
		}
	}

	@Override
	public void walk(String given, Visitor visitor) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		try (SecureDirectoryStream<Path> directory = Directories.descend(Directories.openRoot(root), path.names(), given)) {
			TreeWalk.walk(directory, path, visitor);
		}
	}

	@Override
	public String readSymbolicLink(String given) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		try (SecureDirectoryStream<Path> parent = parentOf(path)) {
			return MadeByPath.target(parent, path.leaf(), byPath(path.names()), given);
		}
	}

	@Override
	public void createSymbolicLink(String given, String target) throws IOException {
		BeneathPath path = BeneathPath.parse(given);
		try (SecureDirectoryStream<Path> parent = parentOf(path)) {
			MadeByPath.symbolicLink(parent, path.leaf(), byPath(path.names()), target, given);
		}
	}

	@Override
	public String toString() {
		return "WorkspaceTree[" + root + "]";
	}

	/** @return the directory holding {@code path}'s last name; refused for the root itself */
	private SecureDirectoryStream<Path> parentOf(BeneathPath path) throws IOException {
		path.leaf();
		return Directories.descend(Directories.openRoot(root), path.parent(), path.given());
	}

	private static void regularFile(SecureDirectoryStream<Path> parent, BeneathPath path) throws IOException {
		PosixFileAttributes attributes = Directories.lstat(parent, path.leaf())
				.orElseThrow(() -> new NoSuchFileException(path.given()));
		Kind kind = Directories.kind(attributes);
		if (kind != Kind.FILE) {
			throw new PathRefusedException(path.given(), Directories.notRegular(kind));
		}
	}

	/** The path the by-path calls use, for what SecureDirectoryStream cannot do (see {@link MadeByPath}). */
	private Path byPath(List<String> names) {
		return root.resolve(String.join("/", names));
	}
}
