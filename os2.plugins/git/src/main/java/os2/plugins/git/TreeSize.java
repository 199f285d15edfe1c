package os2.plugins.git;

import java.io.IOException;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What checking out a tree writes: its files and their bytes, read from the object database
 * (each blob's size from its header, nothing inflated), before a byte is written. Exact for
 * OS2's checkouts, which run no filter and convert no line ending; a submodule is not checked out,
 * so not counted. One blob named by many paths counts once per path, as it is written.
 */
record TreeSize(long files, long bytes) {

	static final TreeSize NONE = new TreeSize(0, 0);

	/** HEAD's tree, or {@link #NONE} when there is no HEAD yet (an empty repository). */
	static TreeSize ofHead(Repository repository) throws IOException {
		ObjectId tree = repository.resolve(Constants.HEAD + "^{tree}");
		if (tree == null) {
			return NONE;
		}
		long files = 0;
		long bytes = 0;
		try (TreeWalk walk = new TreeWalk(repository)) {
			walk.addTree(tree);
			walk.setRecursive(true);
			while (walk.next()) {
				files++;
				if (walk.getFileMode(0) != FileMode.GITLINK) {
					bytes += walk.getObjectReader().getObjectSize(walk.getObjectId(0), Constants.OBJ_BLOB);
				}
			}
		}
		return new TreeSize(files, bytes);
	}

	/**
	 * What switching from tree {@code from} to tree {@code to} writes: the files {@code to} adds or
	 * changes, whole (a checkout writes each such file anew).
	 */
	static TreeSize changed(Repository repository, ObjectId from, ObjectId to) throws IOException {
		long files = 0;
		long bytes = 0;
		try (TreeWalk walk = new TreeWalk(repository)) {
			walk.addTree(from);
			walk.addTree(to);
			walk.setRecursive(true);
			walk.setFilter(TreeFilter.ANY_DIFF);
			while (walk.next()) {
				FileMode mode = walk.getFileMode(1);
				if (mode != FileMode.MISSING && mode != FileMode.GITLINK) {
					files++;
					bytes += walk.getObjectReader().getObjectSize(walk.getObjectId(1), Constants.OBJ_BLOB);
				}
			}
		}
		return new TreeSize(files, bytes);
	}
}
