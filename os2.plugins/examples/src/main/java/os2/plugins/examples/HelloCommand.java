package os2.plugins.examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/**
 * {@code hello}: the smallest OS2 command. A DS component in Gogo scope {@code os2} is all a bundle
 * needs for its command to show up in {@code help} while the bundle runs, and two properties say
 * what it may do and that it reads its input, without which only the administrator could run it
 * (docs/security.md). {@code hello -} shows how a command reads its input: {@code System.in} is the
 * session's, i.e. whatever was piped to OS2.
 */
@Component(service = HelloCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=hello",
		// what agents may know of it: it only looks (no grant, no file), and reads its input
		"os2.effect.hello=read-only", "os2.input.hello=data"})
public final class HelloCommand {

	@Descriptor("greet the world (an example command bundle)")
	public String hello() {
		return greeting("world");
	}

	@Descriptor("greet the world (an example command bundle)")
	public String hello(@Descriptor("who to greet; - greets each line of the input") String name) {
		if (name.equals("-")) {
			return greetEachLine(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
		}
		return greeting(name);
	}

	static String greetEachLine(BufferedReader input) {
		try {
			return input.lines()
					.filter(line -> !line.isBlank())
					.map(HelloCommand::greeting)
					.collect(Collectors.joining("\n"));
		} catch (UncheckedIOException e) {
			throw new UncheckedIOException("cannot read the input: " + e.getCause().getMessage(), e.getCause());
		}
	}

	static String greeting(String name) {
		return "hello, " + name.strip() + "!";
	}
}
