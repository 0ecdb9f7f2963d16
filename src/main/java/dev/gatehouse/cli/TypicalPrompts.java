package dev.gatehouse.cli;

/**
 * Deterministic prompts of a chosen size that look like what a gateway carries: support tickets and
 * code questions in plain prose, with numbers, dates, versions and ids, and a little personal data (an
 * e-mail address and a phone number per paragraph or so), so detectors do real work on them.
 */
final class TypicalPrompts {

    private static final String[] PARAGRAPHS = {
        "Hi, I'm writing about order 4471-22 from 2024-03-18. The package arrived damaged and the tracking page still"
                + " says in transit. You can reach me at maria.lopez@example.com or on +1 415-555-0132 after 5pm.\n",
        "Here is the stack trace from version 3.14.2 of the service, running on build 20240318.4:\n"
                + "java.lang.IllegalStateException: pool exhausted (max=64, active=64, idle=0)\n"
                + "    at com.example.pool.Pool.borrow(Pool.java:212)\n",
        "Can you summarise the meeting? We agreed to ship the migration on Friday, Ana owns QA, and the budget for Q3"
                + " stays at 120,000 EUR. The retro is on 12/07 at 10:30 in room 4B.\n",
        "```python\ndef total(items):\n    return sum(i.price * i.qty for i in items if i.qty > 0)\n```\n"
                + "Why does this return 0 for the list I pass in? The items come from a CSV with 1,204 rows.\n",
        "Please rewrite this paragraph in a friendlier tone: We regret to inform you that your request #88213 cannot"
                + " be processed at this time due to missing documentation. Contact billing at (212) 555-1234.\n",
        "Our Kubernetes cluster (v1.29.3) keeps evicting pods on node ip-10-0-12-7; memory requests are 512Mi and limits"
                + " 1Gi. The node has 16 GiB. What should I look at first?\n",
        "Translate into German: The invoice INV-2024-0042 is due on 30 April. Payment can be made by bank transfer"
                + " or card; please quote the invoice number as the reference.\n",
        "I need a SQL query that returns, for each customer, the number of orders in 2023 and the total amount, sorted"
                + " by amount, only for customers with more than 5 orders.\n",
    };

    private TypicalPrompts() {}

    static String ofSize(int bytes) {
        StringBuilder out = new StringBuilder(bytes + 512);
        for (int i = 0; out.length() < bytes; i++) {
            out.append(PARAGRAPHS[i % PARAGRAPHS.length]);
        }
        out.setLength(bytes);
        return out.toString();
    }
}
