package os2.plugins.git;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.ProcessResult;

import os2.kernel.api.KernelException;

/**
 * JGit's file system for POSIX, except that it never starts a process. Everything in a repository
 * is written by whoever wrote the workspace (a sandboxed program, a stranger's clone), and JGit
 * runs programs named there: hooks ({@code .git/hooks}, {@code core.hooksPath}), filter drivers
 * ({@code filter.*.clean/smudge}), {@code remote.*.uploadpack} for a local remote. On the host
 * they would run outside every sandbox, as the JVM's user (root in CI). JGit starts all of them
 * through this class, so each way in is shut here, whatever the configuration says
 * ({@link IgnoredConfig} also keeps JGit from asking): a hook is never found, and a shell command
 * is refused with one line naming it. JGit's own helpers that shell out (the umask, the system
 * git's location) are answered without a process.
 */
final class NoProcessFS extends FS_POSIX {

	static final NoProcessFS INSTANCE = new NoProcessFS(FS.DETECTED);

	/** Used when the kernel does not say (Linux has said since 4.7): the common default. */
	private static final int DEFAULT_UMASK = 0022;

	private NoProcessFS(FS detected) {
		super(detected);
		// FS_POSIX learns the umask by running "sh -c umask" the first time it sets an executable bit
		setUmask(umaskOfThisProcess());
	}

	@Override
	public FS newInstance() {
		return new NoProcessFS(this);
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

	/** Every command JGit would run in a shell (a filter, an upload-pack): refused before a builder exists. */
	@Override
	public ProcessBuilder runInShell(String command, String[] arguments) {
		throw refused(command);
	}

	@Override
	public int runProcess(ProcessBuilder builder, OutputStream out, OutputStream err, String stdin) throws IOException {
		throw refused(String.join(" ", builder.command()));
	}

	@Override
	public int runProcess(ProcessBuilder builder, OutputStream out, OutputStream err, InputStream in) throws IOException {
		throw refused(String.join(" ", builder.command()));
	}

	@Override
	public ExecutionResult execute(ProcessBuilder builder, InputStream in) throws IOException {
		throw refused(String.join(" ", builder.command()));
	}

	/** No system git is looked for (JGit would run it to find its configuration, which OS2 never reads). */
	@Override
	protected File discoverGitExe() {
		return null;
	}

	@Override
	protected File discoverGitSystemConfig() {
		return null;
	}

	static KernelException refused(String command) {
		return new KernelException("git: the repository asks to run '" + GitContext.oneLine(command)
				+ "'; OS2's git runs no program (filters, hooks and upload-pack commands are ignored)");
	}

	/** The umask, from /proc/self/status ("Umask:\t0022"), without a process. */
	private static int umaskOfThisProcess() {
		try {
			List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
			for (String line : status) {
				if (line.startsWith("Umask:")) {
					return Integer.parseInt(line.substring("Umask:".length()).strip(), 8);
				}
			}
		} catch (IOException | RuntimeException e) {
			// not Linux, or an old kernel: the default below
		}
		return DEFAULT_UMASK;
	}
}
