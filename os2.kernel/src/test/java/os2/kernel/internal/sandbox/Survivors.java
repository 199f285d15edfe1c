package os2.kernel.internal.sandbox;

import java.util.Arrays;
import java.util.List;

/** Host processes whose command line holds a marker a test put there, to show that none outlived a run. */
final class Survivors {

	private Survivors() {
	}

	static List<String> of(String marker) {
		return ProcessHandle.allProcesses()
				.filter(process -> process.isAlive())
				.map(process -> process.info().command().orElse("") + " "
						+ String.join(" ", process.info().arguments().map(Arrays::asList).orElse(List.of())))
				.filter(commandLine -> commandLine.contains(marker))
				.toList();
	}
}
