package dev.gatehouse.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request of a batch input file.
 *
 * @param lineNo its 1-based line number in the file
 */
public record BatchLine(int lineNo, String customId, String url, ObjectNode body) {}
