package os2.shell.internal.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.SecretStore;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.UsageException;

/**
 * {@code secret set NAME}, {@code secret list}, {@code secret remove NAME}: the secret store, for
 * tokens that tools holding {@code secret:NAME} send to a server. A value is never taken from the
 * command line, which is recorded: it is typed unseen at the interactive shell's prompt, or read
 * from stdin with {@code -c} ({@code ./os2 --admin -c 'secret set github' < token.txt}).
 */
@Component(service = SecretCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=secret",
		"os2.effect.secret=read-only", "os2.effect.secret.set=admin", "os2.effect.secret.remove=admin",
		"os2.usage.secret=secret set NAME", "os2.usage.secret=secret list", "os2.usage.secret=secret remove NAME"})
public final class SecretCommand {

	private static final String USAGE = "usage: secret set NAME | secret list | secret remove NAME";

	private final SecretStore store;

	@Activate
	public SecretCommand(@Reference SecretStore store) {
		this.store = store;
	}

	@Descriptor("the secret store: tokens for tools granted secret:NAME (a value typed unseen, or read from stdin with -c)")
	public String secret(CommandSession session, @Descriptor("set NAME, list or remove NAME") String... words) {
		if (words.length == 1 && words[0].equals("list")) {
			List<String> names = store.names();
			return names.isEmpty() ? null : String.join("\n", names); // nothing at all, not an empty line
		}
		if (words.length == 3 && words[0].equals("set")) {
			throw new UsageException("a secret's value is never taken from the command line, which is recorded; 'secret set "
					+ words[1] + "' reads it unseen at the prompt, or from stdin with -c");
		}
		if (words.length != 2) {
			throw new UsageException(USAGE);
		}
		String name = SecretStore.checkName(words[1]);
		switch (words[0]) {
			case "set" -> {
				store.set(name, value(session, name));
				return "secret " + name + " set; a tool uses it with the grant secret:" + name;
			}
			case "remove" -> {
				store.remove(name);
				return "secret " + name + " removed";
			}
			default -> throw new UsageException(USAGE);
		}
	}

	private static String value(CommandSession session, String name) {
		FrontEnd frontEnd = FrontEnd.of(session);
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
