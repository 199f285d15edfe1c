package os2.shell.internal.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.shell.internal.session.CommandOutcome;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * A tool call's {@link CommandOutcome} as MCP has it: as text (the output, then stderr) and as
 * {@code structuredContent} under the output schema every OS2 tool declares; {@code isError} when
 * it failed.
 */
final class CallResults {

	/** The output schema of every OS2 tool. */
	static final Map<String, Object> SCHEMA = schema();

	private CallResults() {
	}

	static McpSchema.CallToolResult of(CommandOutcome outcome) {
		String output = outcome.output();
		String errors = outcome.errors();
		int status = outcome.status();
		StringBuilder text = new StringBuilder(output);
		if (!errors.isEmpty()) {
			if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
				text.append('\n');
			}
			text.append(errors);
		}
		if (text.isEmpty()) {
			text.append(status == 0 ? "(no output)" : "(exit status " + status + ")");
		}
		return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(text.toString())))
				.structuredContent(outcome.fields()).isError(status != 0).build();
	}

	private static Map<String, Object> schema() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("status", Map.of("type", "integer", "description", "the exit status: 0 for success"));
		properties.put("output", Map.of("type", "string", "description",
				"the output as shown, within the run's token budget; an elision marker stands for what was left out"));
		properties.put("errors", Map.of("type", "string", "description", "what went to stderr, the reason of a failure among it"));
		properties.put("run", Map.of("type", "string", "description",
				"the tool run's id ('transcript RUN' shows all of its output, 'why RUN' its record); empty if no tool ran"));
		properties.put("elided", Map.of("type", "boolean", "description", "whether output was left out of view"));
		properties.put("endedBy", Map.of("type", "string", "description",
				"the limit that ended the run (wall-time, memory, output, file-size, ...), 'interrupted', or empty"));
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required", List.copyOf(properties.keySet()));
		return Map.copyOf(schema);
	}
}
