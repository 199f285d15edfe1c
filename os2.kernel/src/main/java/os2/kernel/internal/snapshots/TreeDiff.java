package os2.kernel.internal.snapshots;

import java.util.List;

/**
 * What differs between two trees, each list sorted by path (UTF-8 byte order). A path whose
 * kind, permission bits, content or link target differs is changed; a directory's contents are
 * compared name by name, and a directory that became something else (or the other way) is changed,
 * with what was beneath it removed (or added).
 *
 * @param added paths in the second tree only
 * @param removed paths in the first tree only
 * @param changed paths in both that differ
 */
public record TreeDiff(List<String> added, List<String> removed, List<String> changed) {

	public TreeDiff {
		added = List.copyOf(added);
		removed = List.copyOf(removed);
		changed = List.copyOf(changed);
	}

	public boolean isEmpty() {
		return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
	}
}
