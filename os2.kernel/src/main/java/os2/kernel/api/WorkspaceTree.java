package os2.kernel.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import os2.kernel.internal.files.SecureWorkspaceTree;

/**
 * The one way host code touches a tree a sandboxed program could write (a workspace): nothing is
 * ever resolved through a symbolic link, {@code ..} or an absolute path, and nothing but a regular
 * file is ever opened, so a link planted anywhere on a path cannot take host code outside the
 * root and a FIFO cannot block it. See docs/kernel.md, "Workspace files: beneath-safe".
 *
 * <p>
 * Paths are relative, '/'-separated strings; {@code ""} and {@code "."} name the root, {@code "."}
 * components are skipped; absolute paths, {@code ..}, empty names and NUL are refused with a
 * {@link PathRefusedException}. A missing name is the JDK's
 * {@link java.nio.file.NoSuchFileException}. Each call resolves its path afresh, one directory at a
 * time from the root, each step {@code openat(O_NOFOLLOW)} (JDK's
 * {@link java.nio.file.SecureDirectoryStream}).
 */
@ProviderType
public interface WorkspaceTree {

	/**
	 * A tree rooted at {@code root}, a directory the caller trusts (one OS2 chose; it is resolved
	 * as given, links and all). Nothing is held open between calls.
	 *
	 * @throws IOException if {@code root} is not a directory this platform opens securely (Linux)
	 */
	static WorkspaceTree open(Path root) throws IOException {
		return SecureWorkspaceTree.open(root);
	}

	/** @return the root the tree was opened on */
	Path root();

	/** @return what {@code path} is, without following it; empty if nothing has that name */
	Optional<WorkspaceEntry> stat(String path) throws IOException;

	/**
	 * Opens a regular file for reading. A link, FIFO, socket or device is refused before it is
	 * opened.
	 */
	InputStream read(String path) throws IOException;

	/** @return a regular file's bytes, refused ({@link PathRefusedException.Reason#TOO_LARGE}) above {@code max} */
	byte[] readAllBytes(String path, int max) throws IOException;

	/**
	 * Writes a regular file atomically: a new file in the same directory, then renamed over the
	 * name, so whatever had the name (a file, a hard link to another, a link) is replaced, never
	 * written through, and a failure leaves the name as it was and no temporary behind. The parent
	 * directory must exist. {@code mode} is the permission bits (e.g. {@code 0644}); setuid,
	 * setgid and sticky are never set. Atomic for readers, not synced to disk.
	 */
	void write(String path, InputStream content, int mode) throws IOException;

	/** {@link #write(String, InputStream, int)} with the bytes given. */
	default void write(String path, byte[] content, int mode) throws IOException {
		write(path, new ByteArrayInputStream(content), mode);
	}

	/** Makes {@code path} and any missing parent directories; each existing one must be a real directory. */
	void createDirectories(String path) throws IOException;

	/** Unlinks a file, link or other non-directory, or removes an empty directory; a link's target is untouched. */
	void delete(String path) throws IOException;

	/** Removes {@code path} and, if it is a directory, everything beneath it, following no link; nothing if it is absent. */
	void deleteTree(String path) throws IOException;

	/** @return the directory's entries, sorted by name (UTF-8 byte order) */
	List<WorkspaceEntry> list(String directory) throws IOException;

	/**
	 * Visits everything beneath {@code directory} depth-first, a directory before its entries,
	 * siblings sorted by name (UTF-8 byte order): the same tree gives the same sequence. Links are
	 * visited, never followed.
	 */
	void walk(String directory, Visitor visitor) throws IOException;

	/** @return a symbolic link's target as it is stored, never followed */
	String readSymbolicLink(String path) throws IOException;

	/** Makes a symbolic link with {@code target} stored as is; the name must be free, the parent must exist. */
	void createSymbolicLink(String path, String target) throws IOException;

	/** What {@link #walk} calls for each entry. */
	@FunctionalInterface
	interface Visitor {

		/** @return for a directory, whether to descend into it; ignored for other entries */
		boolean visit(WorkspaceEntry entry) throws IOException;
	}
}
