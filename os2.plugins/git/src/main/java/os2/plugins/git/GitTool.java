package os2.plugins.git;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.eclipse.jgit.transport.HttpTransport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Capabilities;
import os2.kernel.api.Invocation;
import os2.kernel.api.Output;
import os2.kernel.api.ResourceUsage;
import os2.kernel.api.RunResult;
import os2.kernel.api.Secrets;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.kernel.api.UsageError;

/**
 * {@code git [-C DIR] SUBCOMMAND ...}: JGit in-process, inside the workspace. Its network goes
 * through the {@link NetGate} (this bundle's {@code net:HOST:PORT} grants, asked of the kernel
 * before any connection, redirects included); the host's git configuration and environment are
 * never read ({@link IsolatedSystemReader}); no process ever starts ({@link NoProcessFS}); a
 * repository opens only beneath the workspace ({@link GitDirs}), with the configuration that names
 * programs, files or other URLs ignored ({@link IgnoredConfig}).
 */
@Component(property = Tool.NAME_PROPERTY + "=" + GitTool.NAME)
public final class GitTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "git";

	static final String SUBCOMMANDS = "add, branch, checkout, clone, commit, diff, fetch, init, log, pull, push, status";

	/** The subcommands that reach a remote, and so take {@code --secret NAME [--user USER]}. */
	private static final Set<String> REMOTE_SUBCOMMANDS = Set.of("clone", "fetch", "pull", "push");

	private final NetGate gate;
	private final Secrets secrets;

	@Activate
	public GitTool(@Reference Capabilities capabilities, @Reference Secrets secrets) {
		IsolatedSystemReader.install();
		this.gate = new NetGate(capabilities);
		this.secrets = secrets;
		HttpTransport.setConnectionFactory(new GatedConnectionFactory(gate));
	}

	@Override
	public ToolDescription description() {
		return GitSyntax.description();
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		List<String> arguments = invocation.arguments();
		Path workspace = invocation.workspace().toAbsolutePath().normalize();
		Path directory = workspace;
		if (arguments.size() >= 2 && arguments.getFirst().equals("-C")) {
			directory = WorkspacePath.inside(workspace, arguments.get(1));
			arguments = arguments.subList(2, arguments.size());
		}
		if (arguments.isEmpty()) {
			throw new UsageError("usage: git [-C DIR] SUBCOMMAND ...; the subcommands: " + SUBCOMMANDS);
		}
		List<String> rest = arguments.subList(1, arguments.size());
		SecretOption secret = null;
		if (REMOTE_SUBCOMMANDS.contains(arguments.getFirst())) {
			SecretOption.Taken taken = SecretOption.take(rest);
			rest = taken.arguments();
			secret = taken.option();
		}
		GitContext context = new GitContext(invocation, output, workspace, directory, gate, secrets, secret);
		try {
			return subcommand(context, arguments.getFirst(), rest);
		} catch (OverBudget refused) {
			output.stderr(refused.getMessage() + "\n");
			return RunResult.stopped(OverBudget.LIMIT, ResourceUsage.NONE);
		}
	}

	private static RunResult subcommand(GitContext context, String subcommand, List<String> rest)
			throws InterruptedException {
		return switch (subcommand) {
			case "add" -> GitAdd.run(context, rest);
			case "branch" -> GitBranch.run(context, rest);
			case "checkout" -> GitCheckout.run(context, rest);
			case "clone" -> GitClone.run(context, rest);
			case "commit" -> GitCommit.run(context, rest);
			case "diff" -> GitDiff.run(context, rest);
			case "fetch" -> GitFetch.run(context, rest);
			case "pull" -> GitPull.run(context, rest);
			case "push" -> GitPush.run(context, rest);
			case "init" -> GitInit.run(context, rest);
			case "log" -> GitLog.run(context, rest);
			case "status" -> GitStatus.run(context, rest);
			default -> throw new UsageError("git: '" + subcommand + "' is not a git command OS2 offers; it offers "
					+ SUBCOMMANDS);
		};
	}
}
