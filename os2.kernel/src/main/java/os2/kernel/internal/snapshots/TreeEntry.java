package os2.kernel.internal.snapshots;

import java.util.Objects;

/**
 * One name in a stored tree.
 *
 * @param path its path from the root, '/'-separated (in a tree object: its name)
 * @param kind what it is
 * @param mode its permission bits (the nine rwx bits; 0777 for a link, whose mode means nothing)
 * @param size a file's size in bytes; a link's target length in bytes; 0 for a directory
 * @param hash a file's content id, a directory's tree id; null for a link
 * @param target a link's target as stored; null for others
 */
public record TreeEntry(String path, Kind kind, int mode, long size, String hash, String target) {

	/** What a name in a snapshot can be: FIFOs, sockets and devices are not captured. */
	public enum Kind {
		FILE, DIRECTORY, SYMLINK
	}

	static TreeEntry file(String name, int mode, long size, String hash) {
		return new TreeEntry(name, Kind.FILE, mode, size, hash, null);
	}

	static TreeEntry directory(String name, int mode, String hash) {
		return new TreeEntry(name, Kind.DIRECTORY, mode, 0, hash, null);
	}

	static TreeEntry link(String name, String target, long length) {
		return new TreeEntry(name, Kind.SYMLINK, 0777, length, null, target);
	}

	/** @return the same entry under another path */
	TreeEntry at(String otherPath) {
		return new TreeEntry(otherPath, kind, mode, size, hash, target);
	}

	/** @return whether the two are the same in a snapshot: kind, mode, content or target */
	boolean sameAs(TreeEntry other) {
		return kind == other.kind && mode == other.mode && size == other.size && Objects.equals(hash, other.hash)
				&& Objects.equals(target, other.target);
	}
}
