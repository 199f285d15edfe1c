package os2.shell.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;

/**
 * A real Gogo runtime outside OSGi, with commands added by hand, and the output of a session
 * captured. Close it to restore System.out, which Gogo's ThreadIO replaces.
 */
final class GogoFixture implements AutoCloseable {

	final ByteArrayOutputStream outBuffer = new ByteArrayOutputStream();
	final ByteArrayOutputStream errBuffer = new ByteArrayOutputStream();
	final PrintStream out = new PrintStream(outBuffer, true, StandardCharsets.UTF_8);
	final PrintStream err = new PrintStream(errBuffer, true, StandardCharsets.UTF_8);

	private final ThreadIOImpl threadIO = new ThreadIOImpl();
	private final CommandProcessorImpl processor;
	final CommandSession session;

	GogoFixture() {
		threadIO.start();
		processor = new CommandProcessorImpl(threadIO);
		session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err);
		session.put("SCOPE", "os2:*");
	}

	GogoFixture add(String function, Object command) {
		processor.addCommand("os2", command, function);
		return this;
	}

	LineRunner runner() {
		return new LineRunner(session, out, err, false, CommandRecorder.none());
	}

	String out() {
		return outBuffer.toString(StandardCharsets.UTF_8);
	}

	String err() {
		return errBuffer.toString(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		session.close();
		processor.stop();
		threadIO.stop();
	}
}
