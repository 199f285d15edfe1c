package os2.shell.internal.session;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;

import os2.kernel.api.Cancellation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Session;
import os2.ledger.api.LedgerException;
import os2.shell.internal.client.StatusLine;
import os2.shell.internal.trust.Verdicts;

/**
 * A front end's place in the kernel: one kernel session (the kernel records its start and end,
 * and whose it is: an agent's or the administrator's), the recorder of its command lines, and the
 * {@link FrontEnd} every Gogo session of it starts with. Without a kernel (a damaged home) the recorder marks the session itself, and tools
 * cannot run.
 */
public final class ShellSession {

	private final CoreServices core;
	private final FrontEnd.Role role;
	private final Session kernelSession;
	private final CommandRecorder recorder;
	private final boolean inputIsData;
	private final Path workspace;

	private ShellSession(CoreServices core, FrontEnd.Role role, Session kernelSession, CommandRecorder recorder,
			boolean inputIsData, Path workspace) {
		this.core = core;
		this.role = role;
		this.kernelSession = kernelSession;
		this.recorder = recorder;
		this.inputIsData = inputIsData;
		this.workspace = workspace;
	}

	/** A session in the default workspace. */
	public static ShellSession open(CoreServices core, FrontEnd.Role role, String mode, PrintStream err) {
		return open(core, role, mode, core.environment().workspace(), err);
	}

	/**
	 * @param mode {@code -c} or {@code mcp} (the front end's input is data for its commands) or {@code interactive}
	 */
	public static ShellSession open(CoreServices core, FrontEnd.Role role, String mode, Path workspace, PrintStream err) {
		// on record as whose it is: an agent's shell, or the administrator's
		String owner = (role == FrontEnd.Role.ADMINISTRATOR ? "admin " : "shell ") + mode;
		Session kernelSession = null;
		if (core.sessions() != null) {
			try {
				kernelSession = core.sessions().open(owner, workspace);
			} catch (KernelException refused) {
				err.println("os2: " + refused.getMessage());
			}
		}
		CommandRecorder recorder = CommandRecorder.into(core.ledger(), err, kernelSession == null ? null : kernelSession.id(),
				role);
		if (kernelSession == null) {
			recorder.started(owner, workspace.toString());
		}
		return new ShellSession(core, role, kernelSession, recorder, !mode.equals("interactive"), workspace);
	}

	public FrontEnd.Role role() {
		return role;
	}

	CommandRecorder recorder() {
		return recorder;
	}

	/**
	 * The front end of this shell in the Gogo {@code session} it runs its commands in:
	 * {@code in} is the input of the front end, data for its commands only with {@code -c};
	 * {@code err} is where tools' stderr goes, {@code progress} where their progress does;
	 * {@code secretPrompt} reads a secret unseen where someone can type one (else null).
	 */
	public FrontEnd frontEnd(CommandSession session, InputStream in, PrintStream out, PrintStream err, StatusLine progress,
			FrontEnd.SecretPrompt secretPrompt) {
		FrontEnd frontEnd = FrontEnd.of(role, inputIsData ? FrontEnd.Input.DATA : FrontEnd.Input.LINES, in, out, err,
				progress, secretPrompt, kernelSession == null ? null : kernelSession.id(), workspace);
		// the administrator's full Gogo: OS2 commands win over same-named ones in other scopes
		// (gogo.command has its own 'help')
		session.put("SCOPE", CommandCatalog.SCOPE + ":*");
		frontEnd.attach(session);
		return frontEnd;
	}

	/** For an unknown command while jars are refused: one of them may have been meant to provide it. */
	private Optional<String> notStarted(String name) {
		long refused = Arrays.stream(core.context().getBundles()).filter(bundle -> Verdicts.refused(core.context(), bundle))
				.count();
		return refused == 0 ? Optional.empty()
				: Optional.of("unknown command '" + name + "'; 'help' lists the commands, and " + refused
						+ (refused == 1 ? " bundle" : " bundles") + " OS2 did not start may hold it ('trust list' says why)");
	}

	/**
	 * A runner of this shell's lines for {@code frontEnd}, in {@code session}: recorded, and saying
	 * why a hidden tool is not a command; {@code frontEndGone} is cancelled when whoever sent the
	 * lines is gone.
	 */
	public LineRunner runner(CommandSession session, FrontEnd frontEnd, boolean verbose, Cancellation frontEndGone) {
		CommandDispatch dispatch = new CommandDispatch(core.catalog()::declared, core.processor(), core.threadIO(),
				name -> core.kernel().flatMap(kernel -> kernel.hiddenTool(name)).or(() -> notStarted(name)));
		return new LineRunner(session, frontEnd, verbose, recorder, dispatch, frontEndGone);
	}

	/**
	 * Ends the session, on record if the ledger can take it: when it cannot, the commands have
	 * already run (read-only ones only: the others refuse) and the user has been told once that this
	 * run is not on record, so the end is not a failure of its own.
	 */
	public void close(int status) {
		if (kernelSession == null) {
			recorder.ended(status);
			return;
		}
		try {
			core.sessions().close(kernelSession.id(), status);
		} catch (LedgerException cannotRecord) {
			recorder.notOnRecord(cannotRecord.getMessage());
		}
	}
}
