package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import os2.kernel.internal.files.DirectoryEntry;

/**
 * A directory as stored: its entries, one after another, in a byte format with one spelling for
 * each tree, so its SHA-256 (the tree's id) can be computed again from the directory by anyone
 * (docs/snapshots.md, "Tree objects"):
 *
 * <pre>
 * tree  = "os2-tree-1" NUL *entry              ; entries sorted by name, bytewise, no two alike
 * entry = "file" SP mode SP size SP id NUL name NUL
 *       / "dir" SP mode SP id NUL name NUL
 *       / "link" SP target NUL name NUL
 * mode  = 3 octal digits (the rwx bits)  size = decimal, no leading zero  id = 64 lowercase hex
 * </pre>
 *
 * Names and targets are UTF-8; a name is not empty, ".", "..", and holds no '/'.
 */
final class TreeObject {

	static final byte[] MAGIC = "os2-tree-1\0".getBytes(StandardCharsets.US_ASCII);

	private TreeObject() {
	}

	/** @param entries sorted by name, bytewise, as a directory listing is */
	static byte[] encode(List<TreeEntry> entries) {
		TreeWriter out = new TreeWriter();
		for (TreeEntry entry : entries) {
			byte[] name = entry.path().getBytes(StandardCharsets.UTF_8);
			switch (entry.kind()) {
				case FILE -> out.file(name, entry.mode(), entry.size(), ObjectIds.bytes(entry.hash()));
				case DIRECTORY -> out.directory(name, entry.mode(), ObjectIds.bytes(entry.hash()));
				case SYMLINK -> out.link(name, entry.target().getBytes(StandardCharsets.UTF_8));
			}
		}
		return out.toBytes();
	}

	/** @return the entries of a tree object, each under its name; refused unless it is spelled as {@link #encode} does */
	static List<TreeEntry> decode(byte[] tree, String id) throws IOException {
		if (!Arrays.equals(tree, 0, Math.min(tree.length, MAGIC.length), MAGIC, 0, MAGIC.length)) {
			throw corrupt(id, "it does not start with os2-tree-1");
		}
		List<TreeEntry> entries = new ArrayList<>();
		int at = MAGIC.length;
		byte[] previous = null;
		while (at < tree.length) {
			int fieldsEnd = nul(tree, at, id);
			int nameEnd = nul(tree, fieldsEnd + 1, id);
			String fields = text(tree, at, fieldsEnd, id);
			byte[] nameBytes = Arrays.copyOfRange(tree, fieldsEnd + 1, nameEnd);
			String name = text(tree, fieldsEnd + 1, nameEnd, id);
			if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
				throw corrupt(id, "it has an entry named '" + name + "'");
			}
			if (previous != null && Arrays.compareUnsigned(previous, nameBytes) >= 0) {
				throw corrupt(id, "its entries are not sorted by name, or one is there twice ('" + name + "')");
			}
			previous = nameBytes;
			entries.add(entry(fields, name, id));
			at = nameEnd + 1;
		}
		// one spelling: what is read must be what would be written
		if (!Arrays.equals(encode(entries), tree)) {
			throw corrupt(id, "it is not written in its one spelling");
		}
		return entries;
	}

	private static TreeEntry entry(String fields, String name, String id) throws IOException {
		try {
			if (fields.startsWith("link ")) {
				String target = fields.substring(5);
				if (target.isEmpty()) {
					throw corrupt(id, "link " + name + " has no target");
				}
				return TreeEntry.link(name, target, target.getBytes(StandardCharsets.UTF_8).length);
			}
			String[] parts = fields.split(" ", -1);
			if (parts[0].equals("file") && parts.length == 4 && ObjectIds.isId(parts[3]) && !parts[2].startsWith("-")) {
				return TreeEntry.file(name, mode(parts[1]), Long.parseLong(parts[2]), parts[3]);
			}
			if (parts[0].equals("dir") && parts.length == 3 && ObjectIds.isId(parts[2])) {
				return TreeEntry.directory(name, mode(parts[1]), parts[2]);
			}
		} catch (NumberFormatException malformed) {
			// refused below
		}
		throw corrupt(id, "entry " + name + " reads '" + fields + "'");
	}

	private static int mode(String octal) {
		if (octal.length() != 3) {
			throw new NumberFormatException(octal);
		}
		return Integer.parseInt(octal, 8);
	}

	static String octal(int mode) {
		String digits = Integer.toOctalString(mode & 0777);
		return "000".substring(digits.length()) + digits;
	}

	private static int nul(byte[] tree, int from, String id) throws IOException {
		for (int i = from; i < tree.length; i++) {
			if (tree[i] == 0) {
				return i;
			}
		}
		throw corrupt(id, "it ends inside an entry");
	}

	private static String text(byte[] tree, int from, int to, String id) throws IOException {
		byte[] bytes = Arrays.copyOfRange(tree, from, to);
		String text = DirectoryEntry.utf8OrNull(bytes);
		if (text == null) {
			throw corrupt(id, "it holds bytes that are not UTF-8");
		}
		return text;
	}

	static IOException corrupt(String id, String why) {
		return new IOException("tree object " + id + " is damaged: " + why);
	}
}
