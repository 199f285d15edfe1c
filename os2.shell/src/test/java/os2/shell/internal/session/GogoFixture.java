package os2.shell.internal.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.CommandProxy;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

import os2.kernel.api.Cancellation;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.shell.internal.client.PeriodicStatusLine;

/**
 * A real Gogo runtime outside OSGi, with commands added by hand, and the output of a session
 * captured. Close it to restore System.out, which Gogo's ThreadIO replaces.
 */
public final class GogoFixture implements AutoCloseable {

	final ByteArrayOutputStream outBuffer = new ByteArrayOutputStream();
	final ByteArrayOutputStream errBuffer = new ByteArrayOutputStream();
	final PrintStream out = new PrintStream(outBuffer, true, StandardCharsets.UTF_8);
	final PrintStream err = new PrintStream(errBuffer, true, StandardCharsets.UTF_8);

	private final ThreadIOImpl threadIO = new ThreadIOImpl();
	private final CommandProcessorImpl processor;
	private final Map<String, DeclaredCommand> declared = new HashMap<>();
	final CommandSession session;
	final Path workspace;

	public GogoFixture() {
		this(Path.of(System.getProperty("java.io.tmpdir")));
	}

	/** With tools running in {@code workspace}. */
	GogoFixture(Path workspace) {
		this.workspace = workspace;
		threadIO.start();
		processor = new CommandProcessorImpl(threadIO);
		session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err);
		session.put("SCOPE", "os2:*");
	}

	/** An OS2 command agents may run, declared as one that changes something. */
	public GogoFixture add(String function, Object command) {
		return add(function, command, CommandClass.EFFECTFUL);
	}

	/** An OS2 command declared as {@code commandClass}. */
	GogoFixture add(String function, Object command, CommandClass commandClass) {
		return add(function, command, commandClass, Map.of());
	}

	/** An OS2 command declared as {@code commandClass}, and some of its subcommands otherwise. */
	GogoFixture add(String function, Object command, CommandClass commandClass, Map<String, CommandClass> subcommands) {
		processor.addCommand("os2", command, function);
		declared.put(function, new DeclaredCommand(function, new CommandProxy(command, function), commandClass,
				subcommands, false, commandClass != CommandClass.ADMINISTRATOR, false));
		return this;
	}

	/** A tool's command (its words may begin with the kernel's run options), some of its subcommands declared otherwise. */
	GogoFixture addTool(String function, Object command, CommandClass commandClass, Map<String, CommandClass> subcommands) {
		processor.addCommand("os2", command, function);
		declared.put(function, new DeclaredCommand(function, new CommandProxy(command, function), commandClass,
				subcommands, false, commandClass != CommandClass.ADMINISTRATOR, true));
		return this;
	}

	/** One of the shell's own commands, declared by its spec, as {@link Os2Commands} registers it. */
	public GogoFixture add(Os2Command command) {
		CommandSpec spec = command.spec();
		Function asGogo = Os2Commands.asGogo(command);
		processor.addCommand("os2", asGogo, spec.name());
		// declared as the catalog reads it: from the service properties the spec makes
		declared.put(spec.name(), CommandCatalog.declaration(new HashMap<>(Os2Commands.properties(spec)), spec.name(), asGogo));
		return this;
	}

	/** An agent's runner, as the daemon makes one. */
	public LineRunner runner() {
		return runner(FrontEnd.Role.AGENT);
	}

	LineRunner runner(FrontEnd.Role role) {
		return runner(role, new Cancellation());
	}

	LineRunner runner(FrontEnd.Role role, Cancellation frontEndGone) {
		FrontEnd frontEnd = FrontEnd.of(role, FrontEnd.Input.LINES, InputStream.nullInputStream(), out, err,
				new PeriodicStatusLine(err, System::nanoTime), null, "s-test", workspace);
		frontEnd.attach(session);
		CommandDispatch dispatch = new CommandDispatch(name -> Optional.ofNullable(declared.get(name)), processor, threadIO,
				name -> Optional.empty());
		return new LineRunner(session, frontEnd, false, CommandRecorder.none(), dispatch, frontEndGone);
	}

	public String out() {
		return outBuffer.toString(StandardCharsets.UTF_8);
	}

	public String err() {
		return errBuffer.toString(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		session.close();
		processor.stop();
		threadIO.stop();
	}
}
