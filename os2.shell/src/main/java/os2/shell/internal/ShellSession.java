package os2.shell.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;

import os2.kernel.api.Cancellation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Session;
import os2.ledger.api.LedgerException;

/**
 * The shell process's place in the kernel: one kernel session (the kernel records its start
 * and end), the recorder of its command lines, and the settings every Gogo session of it starts
 * with. Without a kernel (a damaged home) the recorder marks the session itself, and tools
 * cannot run.
 */
final class ShellSession {

	private final CoreServices core;
	private final Session kernelSession;
	private final CommandRecorder recorder;
	private final boolean inputIsData;
	private final Path workspace;

	private ShellSession(CoreServices core, Session kernelSession, CommandRecorder recorder, boolean inputIsData,
			Path workspace) {
		this.core = core;
		this.kernelSession = kernelSession;
		this.recorder = recorder;
		this.inputIsData = inputIsData;
		this.workspace = workspace;
	}

	/** A session in the default workspace. */
	static ShellSession open(CoreServices core, String mode, PrintStream err) {
		return open(core, mode, core.environment().workspace(), err);
	}

	static ShellSession open(CoreServices core, String mode, Path workspace, PrintStream err) {
		Session kernelSession = null;
		if (core.sessions() != null) {
			try {
				kernelSession = core.sessions().open("shell " + mode, workspace);
			} catch (KernelException refused) {
				err.println("os2: " + refused.getMessage());
			}
		}
		CommandRecorder recorder = CommandRecorder.into(core.ledger(), err, kernelSession == null ? null : kernelSession.id());
		if (kernelSession == null) {
			recorder.started(mode, workspace.toString());
		}
		return new ShellSession(core, kernelSession, recorder, mode.equals("-c"), workspace);
	}

	CommandRecorder recorder() {
		return recorder;
	}

	/**
	 * A runner of this shell's lines in {@code session}: recorded, and saying why a hidden tool is not
	 * a command; {@code frontEnd} is cancelled when whoever sent the lines is gone.
	 */
	LineRunner runner(CommandSession session, PrintStream out, PrintStream err, boolean verbose, Cancellation frontEnd) {
		return new LineRunner(session, out, err, verbose, recorder,
				name -> core.kernel().flatMap(kernel -> kernel.hiddenTool(name)), frontEnd);
	}

	/**
	 * Settings every Gogo session of this shell starts with; {@code err} is where its tools' stderr
	 * goes, {@code progress} where their progress does.
	 */
	void prepare(CommandSession session, PrintStream err, StatusLine progress) {
		// OS2 commands win over same-named ones in other scopes (gogo.command has its own 'help').
		session.put("SCOPE", CommandCatalog.SCOPE + ":*");
		session.currentDir(workspace);
		if (kernelSession != null) {
			session.put(ToolCommand.SESSION, kernelSession.id());
		}
		session.put(ToolCommand.INPUT_IS_DATA, inputIsData);
		session.put(ToolCommand.ERR, err);
		session.put(ToolCommand.PROGRESS, progress);
	}

	/**
	 * Ends the session, on record if the ledger can take it: when it cannot, the commands have
	 * already run (read-only ones only: the others refuse) and the user has been told once that this
	 * run is not on record, so the end is not a failure of its own.
	 */
	void close(int status) {
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
