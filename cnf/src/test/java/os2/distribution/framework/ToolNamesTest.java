package os2.distribution.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.Invocation;
import os2.kernel.api.Kernel;
import os2.kernel.api.Output;
import os2.kernel.api.RunRequest;
import os2.kernel.api.RunResult;
import os2.kernel.api.Session;
import os2.kernel.api.Sessions;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.kernel.api.UsageError;

/**
 * A tool's name is its service's {@code os2.tool.name}: the kernel and the shell find it by that,
 * one tool per name, the first registered; a service that carries no name, or a name its
 * description does not give, is no tool; each refusal is logged, and running a refused name says why.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ToolNamesTest {

	@InjectBundleContext
	BundleContext context;

	@InjectService
	Kernel kernel;

	@InjectService
	Sessions sessions;

	@InjectService
	LogReaderService log;

	private final List<ServiceRegistration<Tool>> registered = new ArrayList<>();
	private Session session;

	/** Says who it is: which of two tools of one name ran. */
	private record SayingTool(String name, String says) implements Tool {
		@Override
		public ToolDescription description() {
			return ToolDescription.of(name, "says " + says + " (test)", List.of(), Form.of());
		}

		@Override
		public RunResult run(Invocation invocation, Output output) {
			output.stdout(says + "\n");
			return RunResult.exited(0);
		}
	}

	@BeforeEach
	void open() {
		session = sessions.open("tool-names-test", null);
	}

	@AfterEach
	void close() {
		registered.forEach(ServiceRegistration::unregister);
		sessions.close(session.id(), 0);
	}

	@Test
	@Timeout(30)
	void ofTwoToolsOfOneNameTheFirstRegisteredRunsAndIsTheOnlyCommandWhateverItsRanking() throws Exception {
		ServiceRegistration<Tool> first = register(new SayingTool("twin", "first"), Map.of(Tool.NAME_PROPERTY, "twin"));
		// a ranking would win a getServiceReference; the registry's order is what counts
		ServiceRegistration<Tool> second = register(new SayingTool("twin", "second"),
				Map.of(Tool.NAME_PROPERTY, "twin", Constants.SERVICE_RANKING, 100));

		assertEquals("first\n", run("twin"));
		assertEquals(List.of("says first (test)"), commandSummaries("twin"));
		assertTrue(warned("the Tool service " + id(second) + " of os2.distribution-tests is refused: 'twin' is the tool of"
				+ " the Tool service " + id(first) + " of os2.distribution-tests, which comes first (OS2's own, else registered first)"), () -> "warnings: " + warnings());

		// the first goes: the next takes its name over, in the kernel and as the command
		first.unregister();
		registered.remove(first);
		assertEquals("second\n", run("twin"));
		assertEquals(List.of("says second (test)"), commandSummaries("twin"));
	}

	@Test
	@Timeout(30)
	void aToolWhoseDescriptionNamesItOtherwiseIsNoToolAndRunningItSaysWhy() throws Exception {
		ServiceRegistration<Tool> liar = register(new SayingTool("honest", "lied"), Map.of(Tool.NAME_PROPERTY, "liar"));

		assertEquals(List.of(), commandSummaries("liar"));
		assertEquals(List.of(), commandSummaries("honest"));
		String why = "'liar' is a tool of os2.distribution-tests whose description names it 'honest', so it is not one;"
				+ " its os2.tool.name and its description must agree";
		assertEquals(why, assertThrows(UsageError.class, () -> run("liar")).getMessage());
		assertEquals(why, kernel.hiddenTool("liar").orElseThrow());
		assertTrue(warned("the Tool service " + id(liar) + " of os2.distribution-tests is refused: it carries"
				+ " os2.tool.name=liar but its description names it 'honest'; the two must be the same"), () -> "warnings: " + warnings());
		assertEquals(1, warnings().stream().filter(w -> w.contains("service " + id(liar) + " ")).count(),
				"a refusal found at every lookup is logged once: " + warnings());
	}

	@Test
	@Timeout(30)
	void aToolWithoutItsNameOrWithANameThatIsNoToolNameIsNoTool() throws Exception {
		ServiceRegistration<Tool> nameless = register(new SayingTool("nameless", "nameless"), Map.of());
		ServiceRegistration<Tool> shouting = register(new SayingTool("shouting", "shouting"),
				Map.of(Tool.NAME_PROPERTY, "SHOUTING"));

		assertEquals(List.of(), commandSummaries("nameless"));
		assertEquals("there is no tool 'nameless'; 'help' lists the tools there are",
				assertThrows(UsageError.class, () -> run("nameless")).getMessage());
		assertEquals("there is no tool 'SHOUTING'; 'help' lists the tools there are",
				assertThrows(UsageError.class, () -> run("SHOUTING")).getMessage());
		assertTrue(warned("the Tool service " + id(nameless) + " of os2.distribution-tests carries no os2.tool.name"
				+ " property, so it is no tool; a tool carries its name there"), () -> "warnings: " + warnings());
		assertTrue(warned("the Tool service " + id(shouting) + " of os2.distribution-tests is named 'SHOUTING' in"
				+ " os2.tool.name, which is no tool name (a lower-case word, like 'python'), so it is no tool"), () -> "warnings: " + warnings());
	}

	@Test
	@Timeout(30)
	void aNameIsNeverAFilterOfItsOwn() throws Exception {
		register(new SayingTool("wild", "wild"), Map.of(Tool.NAME_PROPERTY, "wild"));

		for (String widening : List.of("*", "w*", "wild)(os2.tool.name=*", "wild\\")) {
			assertEquals("there is no tool '" + widening + "'; 'help' lists the tools there are",
					assertThrows(UsageError.class, () -> run(widening)).getMessage());
			assertTrue(kernel.hiddenTool(widening).isEmpty(), widening);
		}
		assertEquals("wild\n", run("wild"));
	}

	private ServiceRegistration<Tool> register(Tool tool, Map<String, Object> properties) {
		ServiceRegistration<Tool> registration = context.registerService(Tool.class, tool,
				FrameworkUtil.asDictionary(new HashMap<>(properties)));
		registered.add(registration);
		return registration;
	}

	private String run(String name) throws InterruptedException {
		ByteArrayOutputStream shown = new ByteArrayOutputStream();
		kernel.run(new RunRequest(session.id(), name, List.of(), name, null), (stream, bytes, offset, length) -> {
			synchronized (shown) {
				shown.write(bytes, offset, length);
			}
		});
		return shown.toString(StandardCharsets.UTF_8);
	}

	/** The summary of each OS2 command named {@code name}: whose command it is. */
	private List<String> commandSummaries(String name) throws Exception {
		List<String> summaries = new ArrayList<>();
		for (ServiceReference<Function> command : context.getServiceReferences(Function.class,
				"(&(osgi.command.scope=os2)(osgi.command.function=" + name + "))")) {
			summaries.add(String.valueOf(command.getProperty("os2.summary." + name)));
		}
		return summaries;
	}

	private static long id(ServiceRegistration<?> registration) {
		return (Long) registration.getReference().getProperty(Constants.SERVICE_ID);
	}

	/** The kernel's warnings the log still holds, oldest first. */
	private List<String> warnings() {
		List<String> warnings = new ArrayList<>();
		for (LogEntry entry : Collections.list(log.getLog())) {
			if (entry.getLogLevel() == LogLevel.WARN && entry.getBundle() != null
					&& "os2.kernel".equals(entry.getBundle().getSymbolicName())) {
				warnings.add(entry.getMessage());
			}
		}
		return warnings.reversed();
	}

	private boolean warned(String message) {
		return warnings().contains(message);
	}
}
