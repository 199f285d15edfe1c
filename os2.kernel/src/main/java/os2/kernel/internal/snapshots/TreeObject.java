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

	/**
	 * @return the entries of a tree object, each under its name; refused unless it is spelled as
	 *         {@link #encode} does (the grammar above allows no other spelling)
	 */
	static List<TreeEntry> decode(byte[] tree, String id) throws IOException {
		return new Reader(tree, id).entries();
	}

	static String octal(int mode) {
		String digits = Integer.toOctalString(mode & 0777);
		return "000".substring(digits.length()) + digits;
	}

	static IOException corrupt(String id, String why) {
		return new IOException("tree object " + id + " is damaged: " + why);
	}

	/** A strict reader of the grammar, byte by byte. */
	private static final class Reader {

		private final byte[] tree;
		private final String id;
		private int at;

		Reader(byte[] tree, String id) {
			this.tree = tree;
			this.id = id;
		}

		List<TreeEntry> entries() throws IOException {
			if (!Arrays.equals(tree, 0, Math.min(tree.length, MAGIC.length), MAGIC, 0, MAGIC.length)) {
				throw corrupt(id, "it does not start with os2-tree-1");
			}
			at = MAGIC.length;
			List<TreeEntry> entries = new ArrayList<>();
			int previousName = -1;
			int previousLength = 0;
			while (at < tree.length) {
				TreeEntry.Kind kind;
				int mode = 0777;
				long size = 0;
				String hash = null;
				String target = null;
				if (word("file ")) {
					kind = TreeEntry.Kind.FILE;
					mode = mode();
					expect(' ');
					size = size();
					expect(' ');
					hash = hash();
					expect(0);
				} else if (word("dir ")) {
					kind = TreeEntry.Kind.DIRECTORY;
					mode = mode();
					expect(' ');
					hash = hash();
					expect(0);
				} else if (word("link ")) {
					kind = TreeEntry.Kind.SYMLINK;
					int start = at;
					int end = nul();
					if (end == start) {
						throw corrupt(id, "a link has no target");
					}
					target = utf8(start, end);
					size = end - start;
				} else {
					throw corrupt(id, "an entry of no kind it knows, at byte " + at);
				}
				int nameStart = at;
				int nameEnd = nul();
				String name = utf8(nameStart, nameEnd);
				if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
					throw corrupt(id, "it has an entry named '" + name + "'");
				}
				if (previousName >= 0
						&& Arrays.compareUnsigned(tree, previousName, previousName + previousLength, tree, nameStart, nameEnd) >= 0) {
					throw corrupt(id, "its entries are not sorted by name, or one is there twice ('" + name + "')");
				}
				previousName = nameStart;
				previousLength = nameEnd - nameStart;
				entries.add(new TreeEntry(name, kind, mode, size, hash, target));
			}
			return entries;
		}

		private boolean word(String word) {
			if (at + word.length() > tree.length) {
				return false;
			}
			for (int i = 0; i < word.length(); i++) {
				if (tree[at + i] != word.charAt(i)) {
					return false;
				}
			}
			at += word.length();
			return true;
		}

		private int mode() throws IOException {
			int mode = 0;
			for (int i = 0; i < 3; i++) {
				int digit = next() - '0';
				if (digit < 0 || digit > 7) {
					throw corrupt(id, "a mode is not 3 octal digits, at byte " + (at - 1));
				}
				mode = mode * 8 + digit;
			}
			return mode;
		}

		private long size() throws IOException {
			int start = at;
			long size = 0;
			while (at < tree.length && tree[at] >= '0' && tree[at] <= '9') {
				size = Math.multiplyExact(size, 10) + (tree[at++] - '0');
			}
			if (at == start || (tree[start] == '0' && at - start > 1)) {
				throw corrupt(id, "a size is not a decimal number without leading zeros, at byte " + start);
			}
			return size;
		}

		private String hash() throws IOException {
			if (at + 64 > tree.length) {
				throw corrupt(id, "it ends inside an id");
			}
			for (int i = at; i < at + 64; i++) {
				byte b = tree[i];
				if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
					throw corrupt(id, "an id is not 64 lowercase hex digits, at byte " + at);
				}
			}
			at += 64;
			return new String(tree, at - 64, 64, StandardCharsets.US_ASCII);
		}

		private void expect(int b) throws IOException {
			if (next() != b) {
				throw corrupt(id, "byte " + (at - 1) + " is not " + (b == 0 ? "NUL" : "'" + (char) b + "'"));
			}
		}

		/** @return where the NUL ending the field at {@code at} is; {@code at} moves past it */
		private int nul() throws IOException {
			for (int i = at; i < tree.length; i++) {
				if (tree[i] == 0) {
					at = i + 1;
					return i;
				}
			}
			throw corrupt(id, "it ends inside an entry");
		}

		private int next() throws IOException {
			if (at >= tree.length) {
				throw corrupt(id, "it ends inside an entry");
			}
			return tree[at++];
		}

		private String utf8(int from, int to) throws IOException {
			String text = DirectoryEntry.utf8OrNull(Arrays.copyOfRange(tree, from, to));
			if (text == null) {
				throw corrupt(id, "it holds bytes that are not UTF-8");
			}
			return text;
		}
	}
}
