package os2.shell.internal.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.SecretStore;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.UsageException;

/**
 * {@code secret set NAME}, {@code secret list}, {@code secret remove NAME}: the secret store, for
 * tokens that tools holding {@code secret:NAME} send to a server. A value is never taken from the
 * command line, which is recorded: it is typed unseen at the interactive shell's prompt, or read
 * from stdin with {@code -c} ({@code ./os2 --admin -c 'secret set github' < token.txt}).
 */
@Component(service = Os2Command.class)
public final class SecretCommand implements Os2Command {

	private static final CommandSpec.Parameter NAME = CommandSpec.Parameter.one("NAME", CommandSpec.Type.TEXT,
			"the secret's name: letters, digits, '.', '_' and '-'");
	private static final CommandSpec SPEC = CommandSpec.of("secret",
			"the secret store: tokens for tools granted secret:NAME (a value typed unseen, or read from stdin with -c)",
			CommandSpec.Form.sub("set", NAME, CommandSpec.Parameter.refused("VALUE", "a secret's value is never taken from"
					+ " the command line, which is recorded; 'secret set NAME' reads it unseen at the prompt, or from stdin"
					+ " with -c")).as(CommandClass.ADMINISTRATOR),
			CommandSpec.Form.sub("list"),
			CommandSpec.Form.sub("remove", NAME).as(CommandClass.ADMINISTRATOR));

	private final SecretStore store;

	@Activate
	public SecretCommand(@Reference SecretStore store) {
		this.store = store;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public String run(FrontEnd frontEnd, Arguments arguments) {
		if (arguments.subcommand().equals("list")) {
			List<String> names = store.names();
			return names.isEmpty() ? null : String.join("\n", names); // nothing at all, not an empty line
		}
		String name = SecretStore.checkName(arguments.parameter(NAME.name()).orElseThrow());
		if (arguments.subcommand().equals("set")) {
			store.set(name, value(frontEnd, name));
			return "secret " + name + " set; a tool uses it with the grant secret:" + name;
		}
		store.remove(name);
		return "secret " + name + " removed";
	}

	private static String value(FrontEnd frontEnd, String name) {
		if (frontEnd.secretPrompt().isPresent()) {
			String typed = frontEnd.secretPrompt().get().read("value of " + name + " (not shown): ");
			if (typed == null || typed.isEmpty()) {
				throw new UsageException("no value was typed; the secret " + name + " was not changed");
			}
			return typed;
		}
		InputStream data = frontEnd.data().orElseThrow(() -> new UsageException(
				"secret set reads the value from stdin: ./os2 --admin -c 'secret set " + name + "' < FILE"));
		String line = firstLine(data);
		if (line == null || line.isEmpty()) {
			throw new UsageException("no value on stdin; the secret " + name + " was not changed (./os2 --admin -c 'secret set "
					+ name + "' < FILE)");
		}
		return line;
	}

	/** The value is the first line: what {@code echo TOKEN |} or a file with a final newline gives. */
	private static String firstLine(InputStream in) {
		try {
			return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read the secret's value from stdin", e);
		}
	}
}
