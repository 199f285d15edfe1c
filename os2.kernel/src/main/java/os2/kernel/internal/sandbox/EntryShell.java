package os2.kernel.internal.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shell in front of a command it then becomes, for what must be done before the command starts
 * and Java cannot do for a child: entering the run's cgroups (so nothing the command forks is ever
 * outside them), and opening the seccomp program on the descriptor bwrap reads it from (Java hands
 * a child only its stdin, stdout and stderr). The pid the caller starts is the command's.
 */
final class EntryShell {

	/** Where the seccomp program is open for bwrap's {@code --seccomp}: past the gate's descriptor. */
	static final int SECCOMP_FD = 4;

	private EntryShell() {
	}

	/** The command itself when there is nothing to do first. */
	static List<String> wrap(List<Path> membershipFiles, Optional<Path> seccompProgram, List<String> command) {
		if (membershipFiles.isEmpty() && seccompProgram.isEmpty()) {
			return command;
		}
		List<String> arguments = new ArrayList<>();
		membershipFiles.forEach(file -> arguments.add(file.toString()));
		seccompProgram.ifPresent(file -> arguments.add(file.toString()));
		StringBuilder script = new StringBuilder();
		int argument = 0;
		for (; argument < membershipFiles.size(); argument++) {
			script.append("echo $$ > \"$").append(argument).append("\" && ");
		}
		if (seccompProgram.isPresent()) {
			script.append("exec ").append(SECCOMP_FD).append("<\"$").append(argument).append("\" && ");
		}
		// $0 is not shifted away, so the command starts after the first of them
		script.append(arguments.size() > 1 ? "shift " + (arguments.size() - 1) + " && " : "").append("exec \"$@\"");
		List<String> line = new ArrayList<>(List.of("/bin/sh", "-c", script.toString()));
		line.addAll(arguments);
		line.addAll(command);
		return line;
	}
}
