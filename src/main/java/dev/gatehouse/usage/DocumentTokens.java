package dev.gatehouse.usage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The estimated input tokens of a document part of a canonical message: OpenAI's {@code file} part
 * carrying a PDF, or a {@code document} part the gateway kept from an Anthropic request (a PDF by
 * URL or by Files API id). Providers turn each PDF page into its text plus an image of the page;
 * Anthropic's "PDF support" page ("Estimate your costs") puts the text at 1,500 to 3,000 tokens a
 * page, so a page is estimated at {@value #TOKENS_PER_PAGE}, the upper end. Pages are counted from
 * the page objects of the PDF ({@code /Type /Page}); a PDF whose page objects are compressed into
 * object streams, or that the gateway cannot see (a URL, a file id), counts as one page. The
 * provider's reported usage settles what the estimate reserved. Pure.
 */
final class DocumentTokens {

    static final int TOKENS_PER_PAGE = 3000;

    /** A page object's type entry; {@code /Pages} (the page tree) does not count. */
    private static final Pattern PAGE = Pattern.compile("/Type\\s*/Page(?![A-Za-z])");

    private DocumentTokens() {}

    /** The estimate for {@code part}, or 0 when it is not a document part. */
    static long of(JsonNode part) {
        switch (part.path("type").asText()) {
            case "file" -> {
                String data = part.path("file").path("file_data").asText("");
                int comma = data.indexOf(',');
                if (!data.startsWith("data:application/pdf") || comma < 0) {
                    return data.isEmpty() ? 0 : TOKENS_PER_PAGE;
                }
                return (long) pages(data.substring(comma + 1)) * TOKENS_PER_PAGE;
            }
            case "document" -> {
                return TOKENS_PER_PAGE;
            }
            default -> {
                return 0;
            }
        }
    }

    /** The page objects in a base64 PDF, at least one. */
    static int pages(String base64) {
        byte[] pdf;
        try {
            pdf = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            return 1;
        }
        // Latin-1 maps every byte to one char, so binary streams cannot break the scan.
        Matcher m = PAGE.matcher(new String(pdf, StandardCharsets.ISO_8859_1));
        int pages = 0;
        while (m.find()) {
            pages++;
        }
        return Math.max(1, pages);
    }
}
