package os2.plugins.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a pip command needs the network, read from its command line and environment: a
 * subcommand that looks packages up ({@code install}, {@code download}, {@code wheel},
 * {@code index}, {@code list --outdated}...) with an index or find-links location that is an
 * http(s) URL, or with no index given (pip's default, PyPI). Local directories and
 * {@code file:} URLs need none; neither do {@code uninstall}, {@code freeze}, {@code show} and the
 * like. Locations inside a requirements file are not read: a run that needs one of them remote
 * and has no network fails with pip's own message.
 */
final class PipNetwork {

	private static final Set<String> LOOKING_UP = Set.of("install", "download", "wheel", "index", "search");
	private static final Set<String> INDEX_OPTIONS = Set.of("-i", "--index-url", "--extra-index-url");
	private static final Set<String> LINK_OPTIONS = Set.of("-f", "--find-links");

	private PipNetwork() {
	}

	static boolean needed(List<String> arguments, Map<String, String> environment) {
		String subcommand = arguments.stream().filter(argument -> !argument.startsWith("-")).findFirst().orElse("");
		boolean outdated = subcommand.equals("list") && arguments.stream()
				.anyMatch(argument -> Set.of("-o", "--outdated", "-u", "--uptodate").contains(argument));
		if (!LOOKING_UP.contains(subcommand) && !outdated) {
			return false;
		}
		boolean noIndex = arguments.contains("--no-index") || isTrue(environment.get("PIP_NO_INDEX"));
		List<String> indexes = new ArrayList<>(values(arguments, INDEX_OPTIONS));
		List<String> links = new ArrayList<>(values(arguments, LINK_OPTIONS));
		addAll(indexes, environment.get("PIP_INDEX_URL"));
		addAll(indexes, environment.get("PIP_EXTRA_INDEX_URL"));
		addAll(links, environment.get("PIP_FIND_LINKS"));
		if (!noIndex && indexes.isEmpty()) {
			return true; // pip's default index, PyPI
		}
		List<String> reached = new ArrayList<>(links);
		if (!noIndex) {
			reached.addAll(indexes);
		}
		return reached.stream().anyMatch(PipNetwork::isRemote);
	}

	private static boolean isRemote(String location) {
		String lower = location.toLowerCase(Locale.ROOT);
		return lower.startsWith("http://") || lower.startsWith("https://");
	}

	/** The values of the options named, as {@code -i URL}, {@code --index-url URL} or {@code --index-url=URL}. */
	private static List<String> values(List<String> arguments, Set<String> options) {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			int equals = argument.indexOf('=');
			if (argument.startsWith("--") && equals > 0 && options.contains(argument.substring(0, equals))) {
				values.add(argument.substring(equals + 1));
			} else if (options.contains(argument) && i + 1 < arguments.size()) {
				values.add(arguments.get(++i));
			}
		}
		return values;
	}

	/** pip's environment variables take several locations separated by whitespace. */
	private static void addAll(List<String> into, String variable) {
		if (variable != null && !variable.isBlank()) {
			into.addAll(List.of(variable.strip().split("\\s+")));
		}
	}

	private static boolean isTrue(String value) {
		return value != null && Set.of("1", "true", "yes", "on").contains(value.strip().toLowerCase(Locale.ROOT));
	}
}
