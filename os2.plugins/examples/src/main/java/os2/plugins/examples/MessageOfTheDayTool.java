package os2.plugins.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Invocation;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/**
 * {@code motd} prints the message of the day; {@code motd set TEXT...} sets it, and only the
 * administrator may: how a tool declares one of its forms the administrator's
 * ({@code Form.as(CommandClass.ADMINISTRATOR)}). The shell refuses that form to an agent before
 * anything runs, run options in front of it or not, and MCP does not offer it; the kernel knows
 * no roles, so the declaration is the whole check. The message is kept under the home, which every
 * OS2 process of the home shares, but not in the bundle's {@link Os2Environment#toolData}: its
 * sandboxed processes may write there, and this host-side code must not read what they leave
 * (a link to a file of the owner's, say).
 */
@Component(property = Tool.NAME_PROPERTY + "=" + MessageOfTheDayTool.NAME)
public final class MessageOfTheDayTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "motd";

	private final Path message;

	@Activate
	public MessageOfTheDayTool(@Reference Os2Environment environment) {
		this.message = environment.home().resolve("examples").resolve("motd.txt");
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "print the message of the day; the administrator sets it (an example tool)", List.of(),
				Form.of(), Form.sub("set", Parameter.any("TEXT", Type.TEXT, "the new message")).as(CommandClass.ADMINISTRATOR));
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		Arguments arguments = Arguments.parse(description().command(), invocation.arguments());
		try {
			if ("set".equals(arguments.subcommand())) {
				String text = String.join(" ", arguments.parameters("TEXT"));
				Files.createDirectories(message.getParent());
				Path next = message.resolveSibling("motd.txt.new");
				Files.writeString(next, text + "\n");
				Files.move(next, message, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				output.stdout("the message of the day is now: " + text + "\n");
			} else {
				output.stdout(new String(Files.readAllBytes(message), StandardCharsets.UTF_8));
			}
			return RunResult.exited(0);
		} catch (NoSuchFileException none) {
			output.stdout("no message of the day yet\n");
			return RunResult.exited(0);
		} catch (IOException e) {
			output.stderr("motd: " + e.getMessage() + "\n");
			return RunResult.exited(1);
		}
	}
}
