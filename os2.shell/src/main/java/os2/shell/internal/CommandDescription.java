package os2.shell.internal;

import java.util.List;

/**
 * What {@code help} knows about one command: its name, a one-line summary, one usage line per
 * accepted form, and a description of each parameter.
 */
record CommandDescription(String name, String summary, List<String> usages, List<ParameterDescription> parameters) {

	record ParameterDescription(String name, String description) {
	}
}
