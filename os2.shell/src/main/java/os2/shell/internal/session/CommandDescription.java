package os2.shell.internal.session;

import java.util.List;

/**
 * What {@code help} knows about one command: its name, a one-line summary, one usage line per
 * accepted form, and a description of each parameter.
 */
public record CommandDescription(String name, String summary, List<String> usages, List<ParameterDescription> parameters) {

	public record ParameterDescription(String name, String description) {
	}
}
