package os2.plugins.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The test oracle for "starts no process": JDK's flight recorder emits {@code jdk.ProcessStart}
 * for every process this JVM starts, whoever starts it and however. Each recording ends by
 * starting {@code true} itself, so a recording that saw nothing proves nothing: the list a
 * recording returns must be exactly that one process for the action to have started none.
 */
final class ProcessStarts {

	/** What the recording ends with, so that the oracle shows it is listening. */
	static final String CONTROL = "true";

	interface Action {
		void run() throws Exception;
	}

	private ProcessStarts() {
	}

	/** The command lines of the processes started while {@code action} ran, and then the control's. */
	static List<String> during(Action action, Path scratch) throws Exception {
		Path dump = Files.createTempFile(scratch, "process-starts", ".jfr");
		try (Recording recording = new Recording()) {
			recording.enable("jdk.ProcessStart");
			recording.start();
			try {
				action.run();
			} finally {
				Process control = new ProcessBuilder(CONTROL).start();
				control.waitFor();
				recording.stop();
				recording.dump(dump);
			}
		}
		try {
			return RecordingFile.readAllEvents(dump).stream().filter(event -> event.getEventType().getName()
					.equals("jdk.ProcessStart")).map(ProcessStarts::command).toList();
		} finally {
			Files.deleteIfExists(dump);
		}
	}

	private static String command(RecordedEvent event) {
		return event.getString("command");
	}

	static List<String> none() {
		return List.of(CONTROL);
	}
}
