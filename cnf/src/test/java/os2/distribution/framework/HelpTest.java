package os2.distribution.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** {@code help} is driven by the services registered now, not by a list. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class HelpTest {

	@InjectBundleContext
	BundleContext context;

	@InjectService
	CommandProcessor processor;

	@Test
	void listsTheCoreCommandsWithSummaryAndUsage() throws Exception {
		String help = CommandOutput.of(processor, "help");

		for (String command : List.of("help", "version", "status", "exit")) {
			assertTrue(help.lines().anyMatch(l -> l.startsWith("  " + command + " ")), command + " missing in:\n" + help);
		}
		assertTrue(help.contains("usage: help [COMMAND]"), help);
		assertTrue(help.contains("usage: exit [STATUS]"), help);
	}

	@Test
	void explainsOneCommandWithItsParameters() throws Exception {
		String help = CommandOutput.of(processor, "help exit");

		assertEquals("""
				exit - leave the OS2 shell
				usage: exit [STATUS]
				  STATUS       exit status, 0-255
				""", help);
	}

	@Test
	void refusesToExplainACommandThatDoesNotExist() {
		Exception problem = assertThrows(Exception.class, () -> CommandOutput.of(processor, "help nosuchcmd"));

		assertEquals("no OS2 command 'nosuchcmd'; 'help' lists them all (Felix's own commands: felix:help nosuchcmd)",
				problem.getMessage());
	}

	@Test
	@Timeout(30)
	void followsACommandBundleStoppingAndStarting() throws Exception {
		Bundle examples = Arrays.stream(context.getBundles())
				.filter(b -> b.getSymbolicName().equals("os2.plugins.examples"))
				.findFirst()
				.orElseThrow();
		assertTrue(CommandOutput.of(processor, "help").contains("  hello "));
		assertEquals("hello, world!\n", CommandOutput.of(processor, "hello"));
		// its tools too, which the shell turns into commands: with their summary and usage
		String help = CommandOutput.of(processor, "help");
		// names are padded to the longest command's name, whichever bundles are there
		assertTrue(help.matches("(?s).*\n  lines +print N numbered lines \\(an example tool\\)\n.*"), help);
		assertTrue(help.contains("usage: lines COUNT [TEXT]\n"), help);
		// in full: each parameter from the tool's declaration, and the kernel's options every tool takes
		String detail = CommandOutput.of(processor, "help lines");
		assertTrue(detail.contains("  COUNT           how many lines\n"), detail);
		assertTrue(detail.contains("  --token-budget  show at most about N tokens"), detail);

		examples.stop();
		try {
			String without = CommandOutput.of(processor, "help");
			assertFalse(without.contains("  hello "), without); // the commands' names, as help lists them
			assertFalse(without.contains("  lines "), without);
		} finally {
			examples.start();
		}

		assertTrue(CommandOutput.of(processor, "help").contains("  hello "));
		assertTrue(CommandOutput.of(processor, "help").contains("  lines "));
	}

	@Test
	void versionNamesOs2TheFrameworkAndJava() throws Exception {
		String version = CommandOutput.of(processor, "version");

		assertTrue(version.matches("OS2 0\\.1\\.0-SNAPSHOT \\(org\\.apache\\.felix\\.framework 7\\.0\\.5, Java 25.*\\)\\n"),
				version);
	}

	@Test
	void statusReportsBundlesAndTheOneComponentNotRunningWithItsReason() throws Exception {
		String status = CommandOutput.of(processor, "status");

		assertTrue(status.startsWith("framework  org.apache.felix.framework 7.0.5, ACTIVE\n"), status);
		assertTrue(status.contains(" ACTIVE      os2.shell 0.1.0.SNAPSHOT"), status);
		// the rogue test bundle holds no grant for the sandbox: its component waits, visibly
		assertTrue(status.endsWith("components not running:\n  os2.plugins.rogue.SandboxUser (os2.plugins.rogue): "
				+ "missing service sandbox\n"), status);
	}
}
