package os2.plugins.examples;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/**
 * {@code hello}: the smallest OS2 command. A DS component in Gogo scope {@code os2} is all a bundle
 * needs for its command to show up in {@code help} while the bundle runs.
 */
@Component(service = HelloCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=hello"})
public final class HelloCommand {

	@Descriptor("greet the world (an example command bundle)")
	public String hello() {
		return greeting("world");
	}

	@Descriptor("greet the world (an example command bundle)")
	public String hello(@Descriptor("who to greet") String name) {
		return greeting(name);
	}

	static String greeting(String name) {
		return "hello, " + name.strip() + "!";
	}
}
