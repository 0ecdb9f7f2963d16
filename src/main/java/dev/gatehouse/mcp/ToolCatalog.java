package dev.gatehouse.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The tools {@code /mcp} offers, every server's together, each named {@code <server>__<tool>} so
 * two servers' tools never collide, sorted by that name. Immutable; a new catalog replaces it when
 * a server's tools change, and {@link #version} changes only then, so {@code tools/list} answers
 * the same list in the same order until a server's tools really change.
 *
 * <p>Two underscores separate the prefix: server names may not contain them (the config reader
 * refuses it), clients accept them in tool names (letters, digits, {@code _}, {@code -}), and one
 * underscore or a dash is common inside tool names, so the first {@code __} always splits right.
 */
final class ToolCatalog {

    static final String SEPARATOR = "__";

    /** A tool as clients see it: its prefixed name, its server, the server's name for it, its definition. */
    record ExposedTool(String name, String server, String tool, ObjectNode definition) {}

    static final ToolCatalog EMPTY = new ToolCatalog(List.of(), 0);

    private final List<ExposedTool> tools;
    private final Map<String, ExposedTool> byName;
    private final long version;

    private ToolCatalog(List<ExposedTool> tools, long version) {
        this.tools = List.copyOf(tools);
        Map<String, ExposedTool> names = new HashMap<>();
        tools.forEach(t -> names.put(t.name(), t));
        this.byName = Map.copyOf(names);
        this.version = version;
    }

    /** The catalog of {@code toolsByServer}, versioned after {@code previous} if it differs from it. */
    static ToolCatalog of(Map<String, List<McpSchema.Tool>> toolsByServer, ToolCatalog previous) {
        List<ExposedTool> tools = new ArrayList<>();
        toolsByServer.forEach((server, list) -> {
            for (McpSchema.Tool tool : list) {
                ObjectNode definition = (ObjectNode) SdkJson.tree(tool);
                String name = server + SEPARATOR + tool.name();
                definition.put("name", name);
                tools.add(new ExposedTool(name, server, tool.name(), definition));
            }
        });
        tools.sort(Comparator.comparing(ExposedTool::name));
        boolean same = tools.size() == previous.tools.size();
        for (int i = 0; same && i < tools.size(); i++) {
            same = tools.get(i).definition().equals(previous.tools.get(i).definition());
        }
        return same ? previous : new ToolCatalog(tools, previous.version + 1);
    }

    List<ExposedTool> tools() {
        return tools;
    }

    @Nullable
    ExposedTool find(String name) {
        return byName.get(name);
    }

    long version() {
        return version;
    }
}
