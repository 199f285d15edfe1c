package os2.plugins.git;

import java.io.File;
import java.io.OutputStream;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.ProcessResult;

/**
 * JGit's file system for POSIX, except that it never finds or runs a repository hook: a cloned
 * repository's {@code .git/hooks} (or a {@code core.hooksPath}) is the repository author's code,
 * and running it would be running a stranger's program outside every sandbox.
 */
final class NoHooksFS extends FS_POSIX {

	static final NoHooksFS INSTANCE = new NoHooksFS(FS.DETECTED);

	private NoHooksFS(FS detected) {
		super(detected);
	}

	@Override
	public FS newInstance() {
		return new NoHooksFS(this);
	}

	@Override
	public File findHook(Repository repository, String hookName) {
		return null;
	}

	@Override
	public ProcessResult runHookIfPresent(Repository repository, String hookName, String[] arguments) {
		return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
	}

	@Override
	public ProcessResult runHookIfPresent(Repository repository, String hookName, String[] arguments, OutputStream out,
			OutputStream err, String stdin) {
		return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
	}
}
