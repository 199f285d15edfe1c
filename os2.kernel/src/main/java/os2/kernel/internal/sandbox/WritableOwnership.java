package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import os2.kernel.api.KernelException;

/**
 * Hands what a root JVM's sandbox may write to the {@link SandboxUser} before each run: the
 * workspace and the spec's writable paths, and whatever host code (git's checkout, the workspace
 * API, an export) has created in them since, which is root's. Without it the sandbox could not
 * modify a file git checked out, nor write into a directory the host made.
 * <p>
 * Cheap on the runs that follow: only host code makes an entry that is not the sandbox user's, and
 * making, renaming or removing an entry sets its directory's mtime to the time. So each tree's
 * directories are remembered with their mtime and their subdirectories; a directory whose mtime is
 * as remembered is not listed again, and a pass costs one lstat per directory (~0.1 ms for a
 * workspace of 1,000 files in 60 directories). An mtime within {@link #RACY} of the pass that read
 * it is not trusted (file system clocks tick in milliseconds), and the directory is listed again
 * next time. The sandbox can set its directories' mtimes, and so keep a directory from being listed:
 * that only leaves what the host wrote there root's, which denies the sandbox itself, nothing more.
 * <p>
 * Nothing is followed: entries are lstat'ed and changed with lchown semantics, a link is handed
 * over itself, never what it names. A regular file with more than one name is left as it is: its
 * other name may be outside. The walk goes by path; it is safe because no sandboxed process of the
 * workspace is alive while it runs (runs in a workspace take turns), so nothing can swap a
 * directory for a link under it.
 */
final class WritableOwnership {

	static final Duration RACY = Duration.ofMillis(50);

	private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
	private static final String ATTRIBUTES = "unix:uid,gid,nlink,isDirectory,isRegularFile";

	/** A directory as last listed: its mtime, whether that could be trusted, its subdirectories. */
	private record Known(FileTime modified, boolean settled, List<Path> subdirectories) {
	}

	private final ConcurrentMap<Path, Map<Path, Known>> trees = new ConcurrentHashMap<>();

	/** Makes each of {@code roots} and everything in it the user's (see the class comment). */
	void handOver(List<Path> roots, SandboxUser user) {
		for (Path root : roots) {
			Path tree = root.toAbsolutePath().normalize();
			Map<Path, Known> known = trees.computeIfAbsent(tree, it -> new HashMap<>());
			synchronized (known) {
				try {
					new Pass(user, known).handOver(tree);
				} catch (IOException e) {
					known.clear();
					throw new KernelException("cannot give " + tree + " to the sandbox's user " + user.uid() + ": "
							+ e.getMessage() + "; check that this JVM may change its owner", e);
				}
			}
		}
	}

	private static final class Pass {
		private final SandboxUser user;
		private final Map<Path, Known> known;
		private final Map<Path, Known> seen = new HashMap<>();
		private final long notBeforeMillis = System.currentTimeMillis() - RACY.toMillis();
		private UserPrincipal owner;
		private GroupPrincipal group;

		Pass(SandboxUser user, Map<Path, Known> known) {
			this.user = user;
			this.known = known;
		}

		void handOver(Path root) throws IOException {
			Map<String, Object> attributes = attributes(root);
			if (attributes == null || !(Boolean) attributes.get("isDirectory")) {
				return; // nothing there to write: bwrap says so if it must be
			}
			if (!owned(attributes)) {
				give(root, attributes);
			}
			BasicFileAttributes basic = basic(root);
			if (basic != null && basic.isDirectory()) {
				visit(root, basic);
			}
			known.clear();
			known.putAll(seen);
		}

		private void visit(Path directory, BasicFileAttributes attributes) throws IOException {
			FileTime modified = attributes.lastModifiedTime();
			Known before = known.get(directory);
			List<Path> subdirectories;
			if (before != null && before.settled() && before.modified().equals(modified)) {
				subdirectories = before.subdirectories();
			} else {
				subdirectories = list(directory);
			}
			seen.put(directory, new Known(modified, modified.toMillis() < notBeforeMillis, subdirectories));
			for (Path subdirectory : subdirectories) {
				BasicFileAttributes its = basic(subdirectory);
				if (its != null && its.isDirectory()) {
					visit(subdirectory, its);
				}
			}
		}

		private static BasicFileAttributes basic(Path path) throws IOException {
			try {
				return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
			} catch (NoSuchFileException gone) {
				return null;
			}
		}

		/** Hands over the directory's entries that are not the user's yet; returns its subdirectories. */
		private List<Path> list(Path directory) throws IOException {
			List<Path> subdirectories = new ArrayList<>();
			try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
				for (Path entry : entries) {
					Map<String, Object> attributes = attributes(entry);
					if (attributes == null) {
						continue;
					}
					boolean isDirectory = (Boolean) attributes.get("isDirectory");
					if (!owned(attributes) && !(!isDirectory && (Boolean) attributes.get("isRegularFile")
							&& (Integer) attributes.get("nlink") > 1)) {
						give(entry, attributes);
					}
					if (isDirectory) {
						subdirectories.add(entry);
					}
				}
			} catch (NoSuchFileException gone) {
				// removed since: nothing to hand over
			}
			return List.copyOf(subdirectories);
		}

		private boolean owned(Map<String, Object> attributes) {
			return (Integer) attributes.get("uid") == user.uid() && (Integer) attributes.get("gid") == user.gid();
		}

		private void give(Path entry, Map<String, Object> attributes) throws IOException {
			PosixFileAttributeView view = Files.getFileAttributeView(entry, PosixFileAttributeView.class, NO_FOLLOW);
			if (owner == null) {
				UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
				owner = lookup.lookupPrincipalByName(Integer.toString(user.uid()));
				group = lookup.lookupPrincipalByGroupName(Integer.toString(user.gid()));
			}
			try {
				if ((Integer) attributes.get("uid") != user.uid()) {
					view.setOwner(owner);
				}
				if ((Integer) attributes.get("gid") != user.gid()) {
					view.setGroup(group);
				}
			} catch (NoSuchFileException gone) {
				// removed since
			}
		}

		private static Map<String, Object> attributes(Path path) throws IOException {
			try {
				return Files.readAttributes(path, ATTRIBUTES, NO_FOLLOW);
			} catch (NoSuchFileException gone) {
				return null;
			}
		}
	}
}
