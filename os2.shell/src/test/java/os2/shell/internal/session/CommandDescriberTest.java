package os2.shell.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.Test;

class CommandDescriberTest {

	public static final class Commands {
		@Descriptor("copy files")
		public void copy(@Descriptor("what to copy") String source, @Descriptor("where to") String target) {
		}

		@Descriptor("run a program")
		public void run(CommandSession session, @Descriptor("program and arguments") String... words) {
		}

		public void plain() {
		}

		@Descriptor("greet the world, or someone")
		public String greet() {
			return "hello";
		}

		@Descriptor("greet the world, or someone")
		public String greet(@Descriptor("who to greet") String name) {
			return "hello " + name;
		}
	}

	@Test
	void optionalArgumentFormsMergeIntoOneUsage() {
		CommandDescription greet = CommandDescriber.describe("greet", Commands.class);

		assertEquals("greet the world, or someone", greet.summary());
		assertEquals(List.of("greet [NAME]"), greet.usages());
		assertEquals(List.of(new CommandDescription.ParameterDescription("NAME", "who to greet")), greet.parameters());
	}

	@Test
	void everyParameterIsNamedInOrder() {
		CommandDescription copy = CommandDescriber.describe("copy", Commands.class);

		assertEquals(List.of("copy SOURCE TARGET"), copy.usages());
		assertEquals(List.of("SOURCE", "TARGET"), copy.parameters().stream().map(p -> p.name()).toList());
	}

	@Test
	void theSessionIsNoParameterAndVarargsAreOptionalAndRepeated() {
		CommandDescription run = CommandDescriber.describe("run", Commands.class);

		assertEquals(List.of("run [WORDS...]"), run.usages());
	}

	@Test
	void aMethodWithoutDescriptorHasAnEmptySummary() {
		assertEquals("", CommandDescriber.describe("plain", Commands.class).summary());
	}
}
