package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import os2.kernel.internal.snapshots.TreeEntry.Kind;

/**
 * Tree objects read from a store for one operation: each read once (and checked against its id),
 * then kept, so subtrees two roots share are read once.
 */
final class StoredTrees {

	private final ObjectStore objects;
	// read from several threads by a restore
	private final Map<String, List<TreeEntry>> read = new ConcurrentHashMap<>();

	StoredTrees(ObjectStore objects) {
		this.objects = objects;
	}

	/** @return the entries of tree {@code id}, each under its name */
	List<TreeEntry> entries(String id) throws IOException {
		List<TreeEntry> entries = read.get(id);
		if (entries == null) {
			entries = List.copyOf(TreeObject.decode(objects.readTree(id), id));
			read.put(id, entries);
		}
		return entries;
	}

	/** @return everything beneath tree {@code id}, under {@code prefix}, sorted by path */
	List<TreeEntry> flatten(String id) throws IOException {
		List<TreeEntry> all = new ArrayList<>();
		flatten(id, "", all);
		all.sort((a, b) -> PathOrder.compare(a.path(), b.path()));
		return all;
	}

	private void flatten(String id, String prefix, List<TreeEntry> into) throws IOException {
		for (TreeEntry entry : entries(id)) {
			String path = prefix + entry.path();
			into.add(entry.at(path));
			if (entry.kind() == Kind.DIRECTORY) {
				flatten(entry.hash(), path + "/", into);
			}
		}
	}

	TreeDiff diff(String first, String second) throws IOException {
		List<String> added = new ArrayList<>();
		List<String> removed = new ArrayList<>();
		List<String> changed = new ArrayList<>();
		diff(first, second, "", added, removed, changed);
		added.sort(PathOrder.BYTEWISE);
		removed.sort(PathOrder.BYTEWISE);
		changed.sort(PathOrder.BYTEWISE);
		return new TreeDiff(added, removed, changed);
	}

	private void diff(String first, String second, String prefix, List<String> added, List<String> removed,
			List<String> changed) throws IOException {
		if (first.equals(second)) {
			return; // equal subtrees are equal all the way down: not read
		}
		List<TreeEntry> before = entries(first);
		List<TreeEntry> after = entries(second);
		int i = 0;
		int j = 0;
		while (i < before.size() || j < after.size()) {
			int order = i == before.size() ? 1
					: j == after.size() ? -1 : PathOrder.compare(before.get(i).path(), after.get(j).path());
			if (order < 0) {
				all(before.get(i++), prefix, removed);
			} else if (order > 0) {
				all(after.get(j++), prefix, added);
			} else {
				TreeEntry was = before.get(i++);
				TreeEntry is = after.get(j++);
				String path = prefix + is.path();
				if (was.kind() == Kind.DIRECTORY && is.kind() == Kind.DIRECTORY) {
					if (was.mode() != is.mode()) {
						changed.add(path);
					}
					diff(was.hash(), is.hash(), path + "/", added, removed, changed);
				} else if (!was.sameAs(is)) {
					changed.add(path);
					beneath(was, path, removed);
					beneath(is, path, added);
				}
			}
		}
	}

	/** Adds {@code entry}'s path and, for a directory, every path beneath it. */
	private void all(TreeEntry entry, String prefix, List<String> into) throws IOException {
		String path = prefix + entry.path();
		into.add(path);
		beneath(entry, path, into);
	}

	private void beneath(TreeEntry entry, String path, List<String> into) throws IOException {
		if (entry.kind() == Kind.DIRECTORY) {
			for (TreeEntry inside : entries(entry.hash())) {
				all(inside, path + "/", into);
			}
		}
	}

	/**
	 * @return the id of every object the roots reach (trees and contents)
	 * @throws IOException naming the first tree that is missing or damaged: what it would reach is
	 *         unknown, so nothing may be collected
	 */
	Set<String> reachable(Collection<String> roots) throws IOException {
		// trees walked are kept apart from ids reached: a file may hold a tree object's very bytes,
		// and reaching its id as a file must not keep the tree from being walked
		Set<String> walked = new HashSet<>();
		Set<String> reached = new HashSet<>();
		Deque<String> trees = new ArrayDeque<>(roots);
		while (!trees.isEmpty()) {
			String tree = trees.pop();
			if (!walked.add(tree)) {
				continue;
			}
			reached.add(tree);
			for (TreeEntry entry : entries(tree)) {
				switch (entry.kind()) {
					case DIRECTORY -> trees.push(entry.hash());
					case FILE -> reached.add(entry.hash());
					case SYMLINK -> {
						// its target is in the tree object
					}
				}
			}
			read.remove(tree); // read once: a collection may reach every tree of the store
		}
		return reached;
	}

	/** Reads every tree beneath {@code root} (and keeps them), refused if one is missing or damaged. */
	void readAll(String root) throws IOException {
		Deque<String> pending = new ArrayDeque<>(List.of(root));
		Set<String> walked = new HashSet<>();
		while (!pending.isEmpty()) {
			String tree = pending.pop();
			if (walked.add(tree)) {
				for (TreeEntry entry : entries(tree)) {
					if (entry.kind() == Kind.DIRECTORY) {
						pending.push(entry.hash());
					}
				}
			}
		}
	}

	/** Checks that every object beneath {@code root} is in the store, before anything relies on it. */
	void checkComplete(String root) throws IOException {
		Deque<String> trees = new ArrayDeque<>(List.of(root));
		Set<String> walked = new HashSet<>();
		Set<String> files = new HashSet<>();
		while (!trees.isEmpty()) {
			String tree = trees.pop();
			if (!walked.add(tree)) {
				continue;
			}
			for (TreeEntry entry : entries(tree)) {
				if (entry.kind() == Kind.DIRECTORY) {
					trees.push(entry.hash());
				} else if (entry.kind() == Kind.FILE && files.add(entry.hash()) && !objects.contains(entry.hash())) {
					throw new NoSuchFileException(entry.hash(), null, "object missing from the store");
				}
			}
		}
	}
}
