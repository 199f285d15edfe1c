package os2.shell.internal.session;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

/**
 * Builds a {@link CommandDescription} from a Gogo command's methods: the summary comes from the
 * method's {@link Descriptor}, usage lines from its parameters (names need {@code -parameters}).
 * Reading the annotations, rather than keeping a list, is what makes {@code help} follow the
 * services that are registered right now.
 */
final class CommandDescriber {

	private CommandDescriber() {
	}

	static CommandDescription describe(String function, Class<?> type) {
		List<Method> forms = Arrays.stream(type.getMethods())
				.filter(m -> m.getName().equals(function) && !Modifier.isStatic(m.getModifiers()))
				.sorted(Comparator.comparingInt(Method::getParameterCount))
				.toList();
		String summary = "";
		List<String> usages = new ArrayList<>();
		Map<String, String> parameters = new LinkedHashMap<>();
		for (Method form : forms) {
			Descriptor descriptor = form.getAnnotation(Descriptor.class);
			if (summary.isEmpty() && descriptor != null) {
				summary = descriptor.value();
			}
			StringBuilder usage = new StringBuilder(function);
			for (Parameter parameter : form.getParameters()) {
				if (parameter.getType() == CommandSession.class) {
					continue;
				}
				String name = parameter.getName().toUpperCase(Locale.ROOT);
				usage.append(' ').append(parameter.isVarArgs() ? "[" + name + "...]" : name);
				Descriptor about = parameter.getAnnotation(Descriptor.class);
				if (about != null) {
					parameters.putIfAbsent(name, about.value());
				}
			}
			usages.add(usage.toString());
		}
		return new CommandDescription(function, summary, mergeOptionalForms(usages),
				parameters.entrySet().stream()
						.map(e -> new CommandDescription.ParameterDescription(e.getKey(), e.getValue()))
						.toList());
	}

	/** {@code help} and {@code help COMMAND} read better as the single line {@code help [COMMAND]}. */
	private static List<String> mergeOptionalForms(List<String> usages) {
		if (usages.size() == 2 && usages.get(1).startsWith(usages.get(0) + " ")) {
			String extra = usages.get(1).substring(usages.get(0).length() + 1);
			if (!extra.contains(" ")) {
				return List.of(usages.get(0) + " [" + extra + "]");
			}
		}
		return List.copyOf(usages);
	}
}
