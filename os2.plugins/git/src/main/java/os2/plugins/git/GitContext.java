package os2.plugins.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.Secrets;

/**
 * What a git subcommand works with: the run, its output, the directory it runs in (the workspace,
 * or {@code -C DIR} inside it), the network gate, and the secret store with the secret named by
 * {@code --secret} (null when none was).
 */
record GitContext(Invocation invocation, Output output, Path workspace, Path directory, NetGate gate, Secrets secrets,
		SecretOption secret) {

	/** JGit's progress shown as git shows it, and JGit stopped when the run is cancelled. */
	ProgressLines progress() {
		return new ProgressLines(output, invocation::cancelled);
	}

	/** The credentials for {@code remote}: from {@code --secret NAME} when given, else none (null, as JGit takes it). */
	CredentialsProvider credentials(URIish remote) {
		return secret == null ? null : secret.credentialsFor(remote, secrets);
	}

	/**
	 * The repository {@link #directory} is in, looked for upwards but never above the workspace,
	 * its git directory and all it leads to checked to be beneath the workspace ({@link GitDirs}),
	 * its work tree the directory holding {@code .git} (never {@code core.worktree}), its
	 * configuration without what {@link IgnoredConfig} ignores, symbolic links checked out as plain
	 * files.
	 */
	Repository repository() {
		Path root = workspace.toAbsolutePath().normalize();
		GitDirs.Found found = new GitDirs(root).find(directory);
		if (found == null) {
			throw new KernelException("git: not a git repository: " + root.relativize(directory) + " ('git init' makes one,"
					+ " 'git clone URL' fetches one; 'git -C DIR ...' works in DIR)");
		}
		FileRepositoryBuilder builder = new FileRepositoryBuilder().setFS(NoProcessFS.INSTANCE)
				.setGitDir(found.gitDir().toFile());
		if (found.workTree() == null) {
			builder.setBare();
		} else {
			builder.setWorkTree(found.workTree().toFile());
		}
		try {
			return WorkspaceRepository.open(builder);
		} catch (IOException e) {
			throw new KernelException("git: cannot open the repository in " + relative(directory) + ": "
					+ oneLine(e.getMessage()));
		}
	}

	/** A path given on the command line, relative to the directory git runs in, held inside the workspace. */
	Path path(String name) {
		Path root = workspace.toAbsolutePath().normalize();
		return WorkspacePath.inside(workspace, root.relativize(directory.resolve(name).normalize()).toString());
	}

	/** A path of the workspace as the record shows it: relative to the workspace, "." for itself. */
	String relative(Path path) {
		String relative = workspace.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize()).toString();
		return relative.isEmpty() ? "." : relative;
	}

	/**
	 * Why a JGit operation failed, in one line: the gate's refusal when one is among the causes
	 * (JGit wraps it as "cannot open git-upload-pack"), else JGit's own message.
	 */
	static String why(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof NetGate.NotGranted refused) {
				return oneLine(refused.getMessage());
			}
		}
		return withAuthenticationHint(oneLine(failure.getMessage()));
	}

	/** JGit's words when a server wants credentials, with what to do about it in OS2. */
	private static String withAuthenticationHint(String message) {
		if (message.contains("Authentication is required")) {
			return message + " (a private remote: put a token in the secret store with 'secret set NAME' and give"
					+ " --secret NAME)";
		}
		if (message.endsWith("not authorized")) {
			return message + " (the server refused the token of --secret, or the remote is not its host)";
		}
		return message;
	}

	static String oneLine(String text) {
		return text == null ? "" : String.join(" ", text.strip().lines().map(String::strip).toList());
	}

	static List<String> rest(List<String> arguments, int from) {
		return arguments.subList(Math.min(from, arguments.size()), arguments.size());
	}
}
