package os2.shell.internal.launch;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import os2.kernel.api.Cancellation;
import os2.shell.internal.client.ExitStatus;
import os2.shell.internal.client.StatusLine;
import os2.shell.internal.console.ConsoleStreams;
import os2.shell.internal.console.InteractiveShell;
import os2.shell.internal.console.OneShotRun;
import os2.shell.internal.daemon.CommandServer;
import os2.shell.internal.mcp.McpHttp;
import os2.shell.internal.mcp.McpStdio;
import os2.shell.internal.session.CoreServices;
import os2.shell.internal.session.DeployBarrier;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.ShellSession;
import os2.shell.internal.session.UsageException;

/**
 * The launcher's main thread: runs the {@code -c} lines, or the interactive shell, and returns the
 * process exit status. A named class (not a lambda) because the launcher checks the return type of
 * {@code call()} reflectively.
 */
final class ShellMain implements Callable<Integer> {

	private final BundleContext context;

	ShellMain(BundleContext context) {
		this.context = context;
	}

	@Override
	public Integer call() {
		// Gogo's ThreadIO replaces System.out/err/in with per-thread routers that write into the
		// running session; a session writing back into them would loop. Use the process's own streams.
		PrintStream out = ConsoleStreams.out();
		PrintStream err = ConsoleStreams.err();
		boolean verbose = Boolean.parseBoolean(context.getProperty("os2.verbose"));
		LaunchArguments arguments;
		try {
			arguments = LaunchArguments.parse(launcherArguments());
		} catch (UsageException e) {
			err.println("os2: " + e.getMessage());
			return ExitStatus.USAGE;
		}
		try (CoreServices core = CoreServices.await(context)) {
			new DeployBarrier(context, core.environment().deployDirectory(), err).await();
			if (arguments.serving()) {
				return CommandServer.serve(core, arguments.serveOptions(), verbose, err);
			}
			if (arguments.mcp()) {
				String given = context.getProperty("os2.workspace");
				Path workspace = given == null || given.isBlank() ? null : Path.of(given);
				if (arguments.httpPort() != LaunchArguments.NO_HTTP) {
					return McpHttp.serve(core, arguments.httpPort(), workspace, err, new Cancellation()); // until killed
				}
				return McpStdio.serve(core, ConsoleStreams.in(), new FileOutputStream(FileDescriptor.out), err, workspace);
			}
			String mode = arguments.interactive() ? "interactive" : "-c";
			FrontEnd.Role role = arguments.admin() ? FrontEnd.Role.ADMINISTRATOR : FrontEnd.Role.AGENT;
			ShellSession shellSession = ShellSession.open(core, role, mode, err);
			int status = arguments.interactive() ? new InteractiveShell(core, verbose, shellSession).run()
					: OneShotRun.run(core, shellSession, arguments.lines(), ConsoleStreams.in(), out, err,
							StatusLine.forStderr(err), verbose, new Cancellation(), arguments.json());
			shellSession.close(status);
			return status;
		} catch (RuntimeException broken) {
			// The main thread's boundary: the shell itself failed (no terminal, a core service missing).
			err.println("os2: " + broken.getMessage());
			if (verbose) {
				broken.printStackTrace(err);
			}
			return ExitStatus.FAILED;
		}
	}

	/** The bnd launcher publishes the command line as a property of its own service. */
	private String[] launcherArguments() {
		try {
			ServiceReference<?>[] launchers = context.getServiceReferences((String) null, "(launcher.arguments=*)");
			if (launchers != null && launchers[0].getProperty("launcher.arguments") instanceof String[] args) {
				return args;
			}
		} catch (InvalidSyntaxException constantFilter) {
			throw new IllegalStateException(constantFilter);
		}
		return new String[0];
	}
}
